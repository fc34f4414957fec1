package api_test

import "net/http"

// webviewCrossCases give workspace A a Connect Webview, then name it from
// workspace B.
func webviewCrossCases(s *testServer) []crossCase {
	t := s.t
	r := s.call(http.MethodPost, "/connect_webviews/create", s.A.APIKey, map[string]any{"accepted_providers": []string{"august"}})
	s.ok(r)
	aWebview := obj(t, r, "connect_webview")["connect_webview_id"].(string)
	return []crossCase{
		{"/connect_webviews/get", "connect_webview_id", one("connect_webview_id"), aWebview, "connect_webview_not_found"},
		{"/connect_webviews/delete", "connect_webview_id", one("connect_webview_id"), aWebview, "connect_webview_not_found"},
		{"/client_sessions/list", "connect_webview_id", one("connect_webview_id"), aWebview, ""},
		{"/client_sessions/create", "connect_webview_ids", func(id string) map[string]any {
			return map[string]any{"user_identifier_key": "cross-webview", "connect_webview_ids": []string{id}}
		}, aWebview, "connect_webview_not_found"},
	}
}
