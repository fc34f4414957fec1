package page

import (
	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/secret"
)

// Sealer seals the cursors the edge hands out with the server key
// (AES-GCM, as secrets are sealed), bound to a scope: the workspace and the
// route that issued them. An edited cursor, one made by hand, one from
// another server, another workspace or another list does not open, so it
// gets 400 before anything reads its position.
type Sealer struct {
	key secret.Key
}

// NewSealer returns a Sealer under key.
func NewSealer(key secret.Key) Sealer { return Sealer{key: key} }

// sealPurpose keeps a sealed cursor from ever opening as another sealed
// value of the same key, and the other way round.
const sealPurpose = "lintel/page_cursor\x00"

// Seal returns cursor sealed for scope.
func (s Sealer) Seal(scope, cursor string) (string, error) {
	return s.key.Seal([]byte(cursor), sealPurpose+scope)
}

// Open returns the cursor sealed in sealed for scope, or an invalid_input
// error naming page_cursor.
func (s Sealer) Open(scope, sealed string) (string, error) {
	raw, err := s.key.Open(sealed, sealPurpose+scope)
	if err != nil {
		return "", errInvalidCursor()
	}
	return string(raw), nil
}

func errInvalidCursor() error {
	return &lintel.Error{Code: lintel.EInvalidInput, Message: "Invalid page_cursor",
		Fields: map[string][]string{"page_cursor": {"Invalid cursor"}}}
}
