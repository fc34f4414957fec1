package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// encoderFixture is a workspace's Visionline hotel (Jane's login), with its
// encoder, a user and a card credential waiting to be encoded.
type encoderFixture struct {
	system, encoder, user, card string
}

func (s *testServer) encoderFixture(ws string) encoderFixture {
	s.t.Helper()
	c := s.connect(ws, "visionline", provider.JaneEmail, true)
	sys := c.Systems[0]
	if len(sys.EncoderIDs) == 0 {
		s.t.Fatal("the Visionline hotel has no encoder")
	}
	key := s.keyOf(ws)
	user := s.postOK("/acs/users/create", key, map[string]any{"acs_system_id": sys.AcsSystemID, "full_name": "Guest"})["acs_user"].(map[string]any)["acs_user_id"].(string)
	card := s.postOK("/acs/credentials/create", key, map[string]any{"acs_user_id": user, "access_method": "card"})["acs_credential"].(map[string]any)
	return encoderFixture{system: sys.AcsSystemID, encoder: sys.EncoderIDs[0], user: user, card: card["acs_credential_id"].(string)}
}

// wantEncoderAttempt checks the action attempt of a response: its type and status,
// and for an error its error type.
func wantEncoderAttempt(actionType, status, errType string, more func(t *testing.T, a map[string]any)) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		a := obj(t, r, "action_attempt")
		if a["action_type"] != actionType || a["status"] != status {
			t.Fatalf("action_attempt = %v, want %s %s", a, actionType, status)
		}
		if errType != "" {
			if e, _ := a["error"].(map[string]any); e == nil || e["type"] != errType {
				t.Errorf("error = %v, want %s", a["error"], errType)
			}
		}
		if more != nil {
			more(t, a)
		}
	}
}

func TestAcsEncoders(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		f := s.encoderFixture(s.A.WorkspaceID)
		bf := s.encoderFixture(s.B.WorkspaceID)
		codeCredential := s.A.Systems[1].CredentialIDs[s.A.Systems[1].AcsUserIDs[0]][0]
		getCard := func(t *testing.T) map[string]any {
			r := s.call(http.MethodGet, "/acs/credentials/get", s.A.APIKey, map[string]any{"acs_credential_id": f.card})
			return obj(t, r, "acs_credential")
		}
		var cardNumber string
		s.run([]apiCase{
			{name: "the connect recorded acs_encoder.added", method: http.MethodPost, path: "/events/list",
				params: map[string]any{"since": "2000-01-01T00:00:00Z", "event_types": []string{"acs_encoder.added"}},
				check: func(t *testing.T, r response) {
					evs := list(t, r, "events")
					if len(evs) != 1 || evs[0]["acs_encoder_id"] != f.encoder || evs[0]["acs_system_id"] != f.system {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "list", method: http.MethodGet, path: "/acs/encoders/list", check: func(t *testing.T, r response) {
				encs := list(t, r, "acs_encoders")
				if got := ids(encs, "acs_encoder_id"); !slices.Equal(got, []string{f.encoder}) {
					t.Fatalf("encoders = %v", got)
				}
				requireFields(t, encs[0], "acs_encoder_id", "acs_system_id", "connected_account_id", "workspace_id", "errors",
					"created_at", "display_name")
				if encs[0]["display_name"] != "Front desk" || encs[0]["workspace_id"] != s.A.WorkspaceID {
					t.Errorf("encoder = %v", encs[0])
				}
			}},
			{name: "list by system", method: http.MethodPost, path: "/acs/encoders/list", params: map[string]any{"acs_system_ids": []string{s.A.Systems[0].AcsSystemID}},
				check: func(t *testing.T, r response) {
					if got := list(t, r, "acs_encoders"); len(got) != 0 {
						t.Errorf("encoders of a system without any = %v", got)
					}
				}},
			{name: "list by W_B's system", method: http.MethodPost, path: "/acs/encoders/list", params: map[string]any{"acs_system_id": bf.system},
				status: 404, errType: "acs_system_not_found"},
			{name: "get", method: http.MethodGet, path: "/acs/encoders/get", params: map[string]any{"acs_encoder_id": f.encoder},
				check: func(t *testing.T, r response) {
					if e := obj(t, r, "acs_encoder"); e["acs_system_id"] != f.system {
						t.Errorf("encoder = %v", e)
					}
				}},
			{name: "get W_B's", method: http.MethodGet, path: "/acs/encoders/get", params: map[string]any{"acs_encoder_id": bf.encoder},
				status: 404, errType: "acs_encoder_not_found"},
			{name: "the card waits to be encoded", method: http.MethodGet, path: "/acs/credentials/get", params: map[string]any{"acs_credential_id": f.card},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "acs_credential")
					if c["is_issued"] != false || c["card_number"] != nil {
						t.Errorf("card before encoding = %v", c)
					}
				}},
			{name: "scan an empty encoder", method: http.MethodPost, path: "/acs/encoders/scan_credential", params: map[string]any{"acs_encoder_id": f.encoder},
				check: wantEncoderAttempt("SCAN_CREDENTIAL", "error", "no_credential_on_encoder", nil)},
			{name: "simulate an encode failure", method: http.MethodPost, path: "/acs/encoders/simulate/next_credential_encode_will_fail",
				params: map[string]any{"acs_encoder_id": f.encoder, "error_code": "encoding_interrupted"}},
			{name: "the encode fails", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": f.encoder, "acs_credential_id": f.card},
				check: wantEncoderAttempt("ENCODE_CREDENTIAL", "error", "encoding_interrupted", func(t *testing.T, a map[string]any) {
					if c := getCard(t); c["is_issued"] != false {
						t.Errorf("card after a failed encode = %v", c)
					}
				})},
			{name: "the next encode succeeds", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": f.encoder, "acs_credential_id": f.card},
				check: wantEncoderAttempt("ENCODE_CREDENTIAL", "success", "", func(t *testing.T, a map[string]any) {
					res := a["result"].(map[string]any)
					cardNumber, _ = res["card_number"].(string)
					if res["acs_credential_id"] != f.card || res["is_issued"] != true || cardNumber == "" {
						t.Errorf("result = %v", res)
					}
					c := getCard(t)
					if c["is_issued"] != true || c["card_number"] != cardNumber || c["issued_at"] == nil {
						t.Errorf("card after encoding = %v", c)
					}
					if n := s.events(s.A.WorkspaceID, "acs_credential.issued", store.EventFilter{AcsCredentialID: f.card}); n != 1 {
						t.Errorf("%d acs_credential.issued events", n)
					}
				})},
			{name: "encoding again reissues", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": f.encoder, "acs_credential_id": f.card},
				check: wantEncoderAttempt("ENCODE_CREDENTIAL", "success", "", func(t *testing.T, a map[string]any) {
					if c := getCard(t); c["card_number"] != cardNumber {
						t.Errorf("card number changed: %v", c)
					}
					if n := s.events(s.A.WorkspaceID, "acs_credential.reissued", store.EventFilter{AcsCredentialID: f.card}); n != 1 {
						t.Errorf("%d acs_credential.reissued events", n)
					}
				})},
			{name: "scan reads the card", method: http.MethodPost, path: "/acs/encoders/scan_credential", params: map[string]any{"acs_encoder_id": f.encoder},
				check: wantEncoderAttempt("SCAN_CREDENTIAL", "success", "", func(t *testing.T, a map[string]any) {
					res := a["result"].(map[string]any)
					onEncoder, _ := res["acs_credential_on_encoder"].(map[string]any)
					onSeam, _ := res["acs_credential_on_seam"].(map[string]any)
					if onEncoder["card_number"] != cardNumber || onSeam["acs_credential_id"] != f.card || len(res["warnings"].([]any)) != 0 {
						t.Errorf("result = %v", res)
					}
				})},
			{name: "simulate a scan failure", method: http.MethodPost, path: "/acs/encoders/simulate/next_credential_scan_will_fail",
				params: map[string]any{"acs_encoder_id": f.encoder, "error_code": "uncategorized_error"}},
			{name: "the scan fails", method: http.MethodPost, path: "/acs/encoders/scan_credential", params: map[string]any{"acs_encoder_id": f.encoder},
				check: wantEncoderAttempt("SCAN_CREDENTIAL", "error", "uncategorized_error", nil)},
			{name: "simulate an out-of-sync card", method: http.MethodPost, path: "/acs/encoders/simulate/next_credential_scan_will_succeed",
				params: map[string]any{"acs_encoder_id": f.encoder, "scenario": "credential_on_encoder_needs_update"}},
			{name: "the scan warns", method: http.MethodPost, path: "/acs/encoders/scan_credential", params: map[string]any{"acs_encoder_id": f.encoder},
				check: wantEncoderAttempt("SCAN_CREDENTIAL", "success", "", func(t *testing.T, a map[string]any) {
					w := a["result"].(map[string]any)["warnings"].([]any)
					if len(w) != 1 || w[0].(map[string]any)["warning_code"] != "acs_credential_on_encoder_out_of_sync" {
						t.Errorf("warnings = %v", w)
					}
				})},
			{name: "simulate an unknown card", method: http.MethodPost, path: "/acs/encoders/simulate/next_credential_scan_will_succeed",
				params: map[string]any{"acs_encoder_id": f.encoder, "scenario": "credential_does_not_exist_on_seam"}},
			{name: "scan to assign issues the unknown card to the user", method: http.MethodPost, path: "/acs/encoders/scan_to_assign_credential",
				params: map[string]any{"acs_encoder_id": f.encoder, "acs_user_id": f.user},
				check: wantEncoderAttempt("SCAN_TO_ASSIGN_CREDENTIAL", "success", "", func(t *testing.T, a map[string]any) {
					res := a["result"].(map[string]any)
					if res["acs_user_id"] != f.user || res["access_method"] != "card" || res["is_issued"] != true ||
						res["card_number"] == nil || res["acs_credential_id"] == f.card {
						t.Errorf("result = %v", res)
					}
				})},
			{name: "simulate with W_B's credential", method: http.MethodPost, path: "/acs/encoders/simulate/next_credential_scan_will_succeed",
				params: map[string]any{"acs_encoder_id": f.encoder, "acs_credential_id_on_seam": bf.card}, status: 404, errType: "acs_credential_not_found"},
			{name: "encode a code credential", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": f.encoder, "acs_credential_id": codeCredential}, status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "encode W_B's credential", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": f.encoder, "acs_credential_id": bf.card}, status: 404, errType: "acs_credential_not_found"},
			{name: "encode with W_B's encoder", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": bf.encoder, "acs_credential_id": f.card}, status: 404, errType: "acs_encoder_not_found"},
			{name: "encode nothing", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": f.encoder}, status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "encode an unknown access method", method: http.MethodPost, path: "/acs/encoders/encode_credential",
				params: map[string]any{"acs_encoder_id": f.encoder, "access_method_id": lintel.NewID()}, status: 404, errType: "access_method_not_found"},
			{name: "scan to assign without a user", method: http.MethodPost, path: "/acs/encoders/scan_to_assign_credential",
				params: map[string]any{"acs_encoder_id": f.encoder}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "simulate with a bad error code", method: http.MethodPost, path: "/acs/encoders/simulate/next_credential_encode_will_fail",
				params: map[string]any{"acs_encoder_id": f.encoder, "error_code": "toast"}, status: 400, errType: "invalid_input", field: "error_code"},
			{name: "simulate on W_B's encoder", method: http.MethodPost, path: "/acs/encoders/simulate/next_credential_encode_will_succeed",
				params: map[string]any{"acs_encoder_id": bf.encoder}, status: 404, errType: "acs_encoder_not_found"},
			{name: "deleting the account removes its encoders", method: http.MethodPost, path: "/connected_accounts/delete",
				token: s.B.APIKey, params: map[string]any{"connected_account_id": s.accountOfSystem(s.B.WorkspaceID, bf.system)},
				check: func(t *testing.T, r response) {
					if n := s.events(s.B.WorkspaceID, "acs_encoder.removed", store.EventFilter{}); n != 1 {
						t.Errorf("%d acs_encoder.removed events", n)
					}
					r = s.call(http.MethodGet, "/acs/encoders/get", s.B.APIKey, map[string]any{"acs_encoder_id": bf.encoder})
					s.forT(t).wantError(r, 404, "acs_encoder_not_found")
				}},
		})
	})
}

// accountOfSystem returns the connected account of a system.
func (s *testServer) accountOfSystem(ws, acsSystemID string) string {
	s.t.Helper()
	r := s.call(http.MethodGet, "/acs/systems/get", s.keyOf(ws), map[string]any{"acs_system_id": acsSystemID})
	return obj(s.t, r, "acs_system")["connected_account_id"].(string)
}
