package client

// Health is the answer of /health.
type Health struct {
	OK                      bool            `json:"ok"`
	Message                 string          `json:"msg"`
	Version                 string          `json:"version"`
	LastServiceEvaluationAt Time            `json:"last_service_evaluation_at"`
	ServiceHealthStatuses   []ServiceHealth `json:"service_health_statuses"`
}

// ServiceHealth is the state of one dependency of the server.
type ServiceHealth struct {
	Service     string `json:"service"`
	Status      string `json:"status"`
	Description string `json:"description"`
}

// HealthParams are the parameters of /health: none.
type HealthParams struct{}
