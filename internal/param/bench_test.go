package param

import (
	"net/url"
	"testing"
)

// The hot path: the body and query of /acs/users/delete.
func BenchmarkDecodeJSON(b *testing.B) {
	body := []byte(`{"acs_user_id":"` + uuidA + `","user_identity_id":"` + uuidA + `","acs_system_id":"` + uuidA + `"}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var p deleteParams
		if err := DecodeJSON(body, &p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeQuery(b *testing.B) {
	q := url.Values{
		"acs_user_id":      {uuidA},
		"user_identity_id": {uuidA},
		"acs_system_id":    {uuidA},
		"_strict":          {"true"},
	}
	b.ReportAllocs()
	for b.Loop() {
		var p deleteParams
		if err := DecodeQuery(q, &p); err != nil {
			b.Fatal(err)
		}
	}
}

// An invalid body, to see what building the error costs.
func BenchmarkDecodeJSONInvalid(b *testing.B) {
	body := []byte(`{"acs_user_id":"nope","acs_system_id":1}`)
	b.ReportAllocs()
	for b.Loop() {
		var p deleteParams
		if err := DecodeJSON(body, &p); err == nil {
			b.Fatal("accepted")
		}
	}
}
