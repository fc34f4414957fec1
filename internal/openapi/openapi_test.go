package openapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
)

// Resource shapes like the ones the ACS routes answer with: nested
// resources, pointers, free-form JSON, embedded structs, maps.
type (
	AcsSystem struct {
		AcsSystemID string       `json:"acs_system_id" v:"uuid"`
		Location    Location     `json:"location"`
		CreatedAt   client.Time  `json:"created_at"`
		Errors      []SystemNote `json:"errors"`
	}
	Location struct {
		TimeZone *string `json:"time_zone"`
	}
	SystemNote struct {
		Code    string `json:"error_code" v:"enum=a|b"`
		Message string `json:"message"`
	}
	AcsEntrance struct {
		AcsEntranceID string         `json:"acs_entrance_id" v:"uuid"`
		System        *AcsSystem     `json:"system,omitempty"`
		Metadata      map[string]any `json:"metadata"`
		Extra         any            `json:"extra"`
	}
	AcsUser struct {
		userCommon
		IsManaged bool          `json:"is_managed" v:"const=true"`
		Schedule  *Schedule     `json:"access_schedule,omitempty"`
		Entrances []AcsEntrance `json:"entrances,omitempty"`
	}
	userCommon struct {
		AcsUserID string `json:"acs_user_id" v:"uuid"`
	}
	Schedule struct {
		StartsAt client.Time  `json:"starts_at"`
		EndsAt   *client.Time `json:"ends_at"`
	}
	ActionAttempt struct {
		ActionAttemptID string              `json:"action_attempt_id" v:"uuid"`
		ActionType      string              `json:"action_type"`
		Status          string              `json:"status"`
		Result          json.RawMessage     `json:"result"`
		Error           *ActionAttemptError `json:"error"`
	}
	ActionAttemptError struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	}
)

type (
	getParams struct {
		AcsUserID string `json:"acs_user_id" v:"required,uuid"`
	}
	listParams struct {
		Limit    int             `json:"limit,omitempty"`
		Cursor   *string         `json:"page_cursor,omitempty"`
		Schedule *scheduleParams `json:"access_schedule,omitempty"`
		Custom   json.RawMessage `json:"custom_metadata,omitempty"`
	}
	scheduleParams struct {
		StartsAt time.Time  `json:"starts_at" v:"required"`
		EndsAt   *time.Time `json:"ends_at"`
	}
	unlockParams struct {
		AcsEntranceID string `json:"acs_entrance_id" v:"required,uuid"`
	}
	noParams struct{}
)

func acsOperations() []Operation {
	ws := []string{"api_key"}
	return []Operation{
		// The entrance first shows up under /acs/users; it still belongs to
		// /acs/entrances, the group that gets it by its own name.
		{Path: "/acs/users/list_accessible_entrances", Methods: []string{"GET", "POST"}, Security: ws,
			ResponseKey: "acs_entrances", Response: reflect.TypeFor[AcsEntrance](), List: true, Params: reflect.TypeFor[getParams]()},
		{Path: "/acs/users/get", Methods: []string{"GET", "POST"}, Security: ws,
			ResponseKey: "acs_user", Response: reflect.TypeFor[AcsUser](), Params: reflect.TypeFor[getParams]()},
		{Path: "/acs/users/list", Methods: []string{"GET", "POST"}, Security: ws, Paginated: true,
			ResponseKey: "acs_users", Response: reflect.TypeFor[AcsUser](), List: true, Params: reflect.TypeFor[listParams]()},
		{Path: "/acs/users/delete", Methods: []string{"DELETE", "POST"}, Security: ws, Params: reflect.TypeFor[getParams]()},
		{Path: "/acs/entrances/get", Methods: []string{"GET", "POST"}, Security: ws,
			ResponseKey: "acs_entrance", Response: reflect.TypeFor[AcsEntrance](), Params: reflect.TypeFor[unlockParams]()},
		{Path: "/acs/entrances/unlock", Methods: []string{"POST"}, Security: ws, ActionAttemptType: "UNLOCK_DOOR",
			ResponseKey: "action_attempt", Response: reflect.TypeFor[ActionAttempt](), Params: reflect.TypeFor[unlockParams]()},
		{Path: "/acs/systems/list", Methods: []string{"GET", "POST"}, Security: ws,
			ResponseKey: "acs_systems", Response: reflect.TypeFor[AcsSystem](), List: true, Params: reflect.TypeFor[noParams]()},
		{Path: "/action_attempts/get", Methods: []string{"GET", "POST"}, Security: ws,
			ResponseKey: "action_attempt", Response: reflect.TypeFor[ActionAttempt](), Params: reflect.TypeFor[noParams]()},
		{Path: "/health", Methods: []string{"GET", "POST"}, ResponseKey: "health", Response: reflect.TypeFor[client.Health]()},
	}
}

func render(t *testing.T, ops []Operation) map[string]any {
	t.Helper()
	raw, err := Document("test", ops)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(raw); err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		v = asMap(v)[k]
	}
	return v
}

func TestDocumentPassesBlueprintRules(t *testing.T) {
	t.Parallel()
	d := render(t, acsOperations())
	schemas := dig(d, "components", "schemas")

	routePaths := map[string]string{
		"acs_user": "/acs/users", "acs_entrance": "/acs/entrances", "acs_system": "/acs/systems",
		"action_attempt": "/action_attempts", "health": "/",
	}
	for name, want := range routePaths {
		if got := dig(schemas, name, "x-route-path"); got != want {
			t.Errorf("%s x-route-path = %v, want %s", name, got, want)
		}
	}

	// Nested resources are written out, not referenced.
	system := dig(schemas, "acs_entrance", "properties", "system")
	if dig(system, "type") != "object" || dig(system, "nullable") != true || dig(system, "properties", "location", "properties", "time_zone", "nullable") != true {
		t.Errorf("acs_entrance.system = %v", system)
	}
	if got := dig(schemas, "acs_entrance", "properties", "extra", "type"); got != "object" {
		t.Errorf("an any field has type %v", got)
	}
	// Embedded fields are the outer struct's.
	if got := dig(schemas, "acs_user", "properties", "acs_user_id", "format"); got != "uuid" {
		t.Errorf("embedded acs_user_id format = %v", got)
	}
	if req := dig(schemas, "acs_user", "required"); !strings.Contains(stringsOf(req), "acs_user_id") {
		t.Errorf("acs_user required = %v", req)
	}

	// One action attempt variant per action type and status.
	variants := asSlice(dig(schemas, "action_attempt", "oneOf"))
	if len(variants) != 3 {
		t.Fatalf("%d action attempt variants, want 3", len(variants))
	}
	for _, v := range variants {
		status := asSlice(dig(v, "properties", "status", "enum"))[0]
		result, errv := dig(v, "properties", "result"), dig(v, "properties", "error")
		if (dig(result, "nullable") == true) == (status == "success") || (dig(errv, "nullable") == true) == (status == "error") {
			t.Errorf("variant %v: result %v, error %v", status, result, errv)
		}
	}
	unlock := dig(d, "paths", "/acs/entrances/unlock", "post")
	if got := dig(unlock, "x-action-attempt-type"); got != "UNLOCK_DOOR" {
		t.Errorf("x-action-attempt-type = %v", got)
	}

	// Object query parameters keep their own name.
	var names []string
	for _, p := range asSlice(dig(d, "paths", "/acs/users/list", "get", "parameters")) {
		names = append(names, dig(p, "name").(string))
	}
	if got := strings.Join(names, ","); got != "limit,page_cursor,access_schedule,custom_metadata" {
		t.Errorf("query parameters = %s", got)
	}
}

func stringsOf(v any) string {
	var out []string
	for _, x := range asSlice(v) {
		out = append(out, x.(string))
	}
	return strings.Join(out, ",")
}

func TestCheckNamesWhatBreaksTheLoader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(d map[string]any)
		want string
	}{
		{"route path of no route", func(d map[string]any) {
			asMap(dig(d, "components", "schemas", "acs_user"))["x-route-path"] = "/access_codes"
		}, "schema acs_user: x-route-path /access_codes is not a route"},
		{"referenced property", func(d map[string]any) {
			asMap(dig(d, "components", "schemas", "acs_entrance", "properties"))["system"] = map[string]any{"$ref": "#/components/schemas/acs_system"}
		}, "acs_entrance.system: a $ref property"},
		{"untyped property", func(d map[string]any) {
			asMap(dig(d, "components", "schemas", "acs_system", "properties"))["location"] = map[string]any{"nullable": true}
		}, "acs_system.location: no type"},
		{"inline response", func(d map[string]any) {
			asMap(dig(d, "paths", "/acs/users/get", "post", "responses", "200", "content", "application/json", "schema", "properties"))["acs_user"] = map[string]any{"type": "object"}
		}, `POST /acs/users/get: response key "acs_user" does not $ref`},
		{"three methods", func(d map[string]any) {
			item := asMap(dig(d, "paths", "/acs/users/delete"))
			item["put"] = item["post"]
		}, "/acs/users/delete: 3 methods"},
		{"action attempt without a type", func(d map[string]any) {
			delete(asMap(dig(d, "paths", "/acs/entrances/unlock", "post")), "x-action-attempt-type")
		}, "POST /acs/entrances/unlock: answers an action attempt without a known x-action-attempt-type"},
		{"camelCase parameter", func(d map[string]any) {
			params := asSlice(dig(d, "paths", "/acs/users/list", "get", "parameters"))
			asMap(params[0])["name"] = "pageSize"
		}, `GET /acs/users/list parameter: name "pageSize" is not lower_snake_case`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := render(t, acsOperations())
			tc.edit(d)
			raw, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			err = Check(raw)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestDocumentRefusesAResponseKeyWithoutAType(t *testing.T) {
	t.Parallel()
	_, err := Document("test", []Operation{{Path: "/x/get", Methods: []string{"POST"}, ResponseKey: "x"}})
	if err == nil || !strings.Contains(err.Error(), "without a response type") {
		t.Fatalf("Document = %v", err)
	}
}

func TestDocumentRefusesTwoResourcesOfOneName(t *testing.T) {
	t.Parallel()
	type Pagination struct{ X string }
	_, err := Document("test", []Operation{{Path: "/x/get", Methods: []string{"POST"}, ResponseKey: "pagination", Response: reflect.TypeFor[Pagination]()}})
	if err == nil || !strings.Contains(err.Error(), `resource name "pagination"`) {
		t.Fatalf("Document = %v", err)
	}
}
