package client

// Webhook is an endpoint that receives a workspace's events, signed with
// its secret (Standard Webhooks / Svix: svix-id, svix-timestamp and
// svix-signature headers).
type Webhook struct {
	WebhookID  string   `json:"webhook_id" v:"uuid"`
	URL        string   `json:"url"`
	EventTypes []string `json:"event_types"`
	// Secret is "whsec_" followed by the base64 of the signing key.
	Secret string `json:"secret,omitempty"`
	// Warnings is lintel's own addition to Seam's webhook object, present
	// only when there is one: webhook_disabled when deliveries stopped (the
	// receiver answered 410, or failed every attempt of the retry schedule).
	Warnings []WebhookWarning `json:"warnings,omitempty"`
}

// WebhookWarning says why a webhook receives nothing.
type WebhookWarning struct {
	WarningCode string `json:"warning_code"`
	Message     string `json:"message"`
	CreatedAt   Time   `json:"created_at"`
}

// WebhooksCreateParams are the parameters of /webhooks/create.
type WebhooksCreateParams struct {
	URL string `json:"url" v:"required,nonempty,max=2048"`
	// EventTypes the webhook receives; "*" means every type. Left out, it
	// is ["*"].
	EventTypes []string `json:"event_types,omitempty"`
}

// WebhooksGetParams are the parameters of /webhooks/get.
type WebhooksGetParams struct {
	WebhookID string `json:"webhook_id" v:"required,uuid"`
}

// WebhooksListParams are the parameters of /webhooks/list: none.
type WebhooksListParams struct{}

// WebhooksUpdateParams are the parameters of /webhooks/update.
type WebhooksUpdateParams struct {
	WebhookID  string   `json:"webhook_id" v:"required,uuid"`
	EventTypes []string `json:"event_types" v:"required"`
}

// WebhooksDeleteParams are the parameters of /webhooks/delete.
type WebhooksDeleteParams struct {
	WebhookID string `json:"webhook_id" v:"required,uuid"`
}
