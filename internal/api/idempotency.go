package api

import (
	"bytes"
	"net/http"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/idempotency"
	"github.com/lintel-dev/lintel/internal/store"
)

// serveIdempotent runs a create sent with an Idempotency-Key: it answers a
// retry with the recorded answer (and Idempotent-Replayed: true), or runs
// the handler with the key claimed in the transaction that creates, then
// records the answer before giving it.
func (s *Server) serveIdempotent(w http.ResponseWriter, r *http.Request, rt *route, p lintel.Principal, in any) {
	fp, err := idempotency.Fingerprint(rt.Path, in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	prev, claim, err := s.svc.Idempotency.Begin(r.Context(), p, r.Header.Get(idempotency.Header), fp)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if prev != nil {
		w.Header().Set(idempotency.ReplayedHeader, "true")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(prev.Status)
		w.Write(prev.Body)
		return
	}
	out, err := s.run(store.WithIdempotencyClaim(r.Context(), claim), rt, p, in)
	if claim.Taken() {
		// A concurrent request with the key claimed it first; this one's
		// transaction rolled back whole.
		err = idempotency.ErrInUse()
	}
	buf := &bufferedResponse{header: w.Header(), status: http.StatusOK}
	if err != nil {
		s.writeError(buf, r, err)
	} else {
		s.writeResult(buf, rt, out)
	}
	if !claim.Taken() {
		if err := s.svc.Idempotency.Finish(r.Context(), claim, idempotency.Answer{Status: buf.status, Body: buf.body.Bytes()}); err != nil {
			// The answer stands; a retry will get 409 until the key expires.
			s.log.Error("idempotency: recording the answer", "request_id", RequestID(r.Context()), "err", err)
		}
	}
	w.WriteHeader(buf.status)
	w.Write(buf.body.Bytes())
}

// bufferedResponse holds an answer until it has been recorded. Headers go
// straight to the real response's.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
