package lintel

import "github.com/google/uuid"

// IsUUID reports whether s is a UUID in its canonical textual form
// (8-4-4-4-12 hexadecimal digits, either case).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// NewID returns a new object id: a UUIDv7, time-ordered so that ids of
// append-only tables land at the end of their indexes.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}
