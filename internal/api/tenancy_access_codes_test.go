package api_test

import (
	"net/http"

	"github.com/lintel-dev/lintel/internal/provider"
)

// accessCodeCrossCases covers access codes: A and B connect Jane's August
// and put codes on its front door; B names A's lock and codes.
func accessCodeCrossCases(s *testServer) []crossCase {
	t := s.t
	aLock := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true).Devices[0].DeviceID
	bLock := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true).Devices[0].DeviceID
	code := func(token, path string, params map[string]any) string {
		r := s.call(http.MethodPost, path, token, params)
		s.ok(r)
		return obj(t, r, "access_code")["access_code_id"].(string)
	}
	aCode := code(s.A.APIKey, "/access_codes/create", map[string]any{"device_id": aLock, "code": "4821",
		"starts_at": "2099-01-01T00:00:00Z", "ends_at": "2099-01-02T00:00:00Z", "use_backup_access_code_pool": true})
	bCode := code(s.B.APIKey, "/access_codes/create", map[string]any{"device_id": bLock, "code": "4821"})
	aUnmanaged := code(s.A.APIKey, "/access_codes/simulate/create_unmanaged_access_code",
		map[string]any{"device_id": aLock, "code": "9911", "name": "Found"})
	byCode := one("access_code_id")
	byDevice := one("device_id")
	return []crossCase{
		{"/access_codes/create", "device_id", func(id string) map[string]any {
			return map[string]any{"device_id": id, "code": "5150"}
		}, aLock, "device_not_found"},
		{"/access_codes/create_multiple", "device_ids", func(id string) map[string]any {
			return map[string]any{"device_ids": []string{id}}
		}, aLock, "device_not_found"},
		{"/access_codes/get", "access_code_id", byCode, aCode, "access_code_not_found"},
		{"/access_codes/get", "device_id", func(id string) map[string]any {
			return map[string]any{"device_id": id, "code": "4821"}
		}, aLock, "device_not_found"},
		{"/access_codes/list", "device_id", byDevice, aLock, "device_not_found"},
		{"/access_codes/list", "access_code_ids", func(id string) map[string]any {
			return map[string]any{"access_code_ids": []string{id}}
		}, aCode, ""},
		{"/access_codes/update", "access_code_id", func(id string) map[string]any {
			return map[string]any{"access_code_id": id, "name": "B was here"}
		}, aCode, "access_code_not_found"},
		{"/access_codes/update", "device_id", func(id string) map[string]any {
			return map[string]any{"access_code_id": bCode, "device_id": id, "name": "B was here"}
		}, aLock, "access_code_not_found"},
		{"/access_codes/delete", "access_code_id", byCode, aCode, "access_code_not_found"},
		{"/access_codes/delete", "device_id", func(id string) map[string]any {
			return map[string]any{"access_code_id": bCode, "device_id": id}
		}, aLock, "access_code_not_found"},
		{"/access_codes/generate_code", "device_id", byDevice, aLock, "device_not_found"},
		{"/access_codes/get_timeline", "access_code_id", byCode, aCode, "access_code_not_found"},
		{"/access_codes/pull_backup_access_code", "access_code_id", byCode, aCode, "access_code_not_found"},
		{"/access_codes/report_device_constraints", "device_id", func(id string) map[string]any {
			return map[string]any{"device_id": id, "min_code_length": 4, "max_code_length": 4}
		}, aLock, "device_not_found"},
		{"/access_codes/simulate/create_unmanaged_access_code", "device_id", func(id string) map[string]any {
			return map[string]any{"device_id": id, "code": "7777", "name": "B"}
		}, aLock, "device_not_found"},
		{"/access_codes/unmanaged/get", "access_code_id", byCode, aUnmanaged, "access_code_not_found"},
		{"/access_codes/unmanaged/get", "device_id", func(id string) map[string]any {
			return map[string]any{"device_id": id, "code": "9911"}
		}, aLock, "device_not_found"},
		{"/access_codes/unmanaged/list", "device_id", byDevice, aLock, "device_not_found"},
		{"/access_codes/unmanaged/update", "access_code_id", func(id string) map[string]any {
			return map[string]any{"access_code_id": id, "is_managed": true}
		}, aUnmanaged, "access_code_not_found"},
		{"/access_codes/unmanaged/convert_to_managed", "access_code_id", byCode, aUnmanaged, "access_code_not_found"},
		{"/access_codes/unmanaged/delete", "access_code_id", byCode, aUnmanaged, "access_code_not_found"},
	}
}
