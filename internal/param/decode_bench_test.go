package param

import "testing"

// BenchmarkDecodeJSONWide decodes a body with a field of most kinds, the
// cost of a create route.
func BenchmarkDecodeJSONWide(b *testing.B) {
	body := []byte(`{"id":"0193a0b4-7c1e-7d2a-9f3b-4c5d6e7f8091","name":"Front","code":"12345",
		"email":"jane@example.com","when":"2026-01-01T00:00:00.000Z","mode":"a","types":["x","y"],
		"ids":["0193a0b4-7c1e-7d2a-9f3b-4c5d6e7f8091"],"limit":50,"on":true,
		"access_schedule":{"starts_at":"2026-01-01T00:00:00Z","ends_at":"2026-02-01T00:00:00Z"},
		"meta":{"k":"v"},"phone":null}`)
	b.ReportAllocs()
	for b.Loop() {
		var p sink
		if err := DecodeJSON(body, &p); err != nil {
			b.Fatal(err)
		}
	}
}
