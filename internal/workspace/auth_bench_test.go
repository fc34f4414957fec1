package workspace

import (
	"context"
	"log/slog"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// BenchmarkAuthenticate is the lookup every API request starts with: an API
// key resolved to its workspace, on each backend, with no cache.
func BenchmarkAuthenticate(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			ctx := context.Background()
			st := be.Open(b)
			key, err := secret.GenerateKey()
			if err != nil {
				b.Fatal(err)
			}
			svc := NewService(st, key, slog.New(slog.DiscardHandler))
			var token string
			err = st.InTx(ctx, func(tx *store.Tx) error {
				w, err := CreateWorkspaceTx(ctx, tx, client.WorkspacesCreateParams{Name: "bench"})
				if err != nil {
					return err
				}
				k, err := CreateAPIKeyTx(ctx, tx, w.WorkspaceID, "bench", "")
				token = k.Token
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			c := Credentials{Bearer: token}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := svc.Authenticate(ctx, c); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
