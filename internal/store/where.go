package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lintel-dev/lintel/internal/page"
)

// where builds a WHERE clause with numbered placeholders. Conditions are
// static SQL written in this package; only values travel as arguments.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each "?" in cond becomes the next $n.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// after adds the keyset condition of a page request on (createdCol, idCol).
func (w *where) after(r page.Request, createdCol, idCol string) {
	if r.After == nil {
		return
	}
	w.add("("+createdCol+" > ? OR ("+createdCol+" = ? AND "+idCol+" > ?))",
		ms(r.After.CreatedAt), ms(r.After.CreatedAt), r.After.ID)
}

// sql renders "WHERE a AND b".
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// limit renders a LIMIT clause as the next argument.
func (w *where) limit(n int) string {
	w.args = append(w.args, n)
	return fmt.Sprintf(" LIMIT $%d", len(w.args))
}

// placeholders renders "$i, $j, …" for a list of values appended as
// arguments, for IN clauses.
func (w *where) in(col string, values []string) {
	if len(values) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	ph := make([]string, len(values))
	for i, v := range values {
		w.args = append(w.args, v)
		ph[i] = fmt.Sprintf("$%d", len(w.args))
	}
	w.conds = append(w.conds, col+" IN ("+strings.Join(ph, ", ")+")")
}

// marks renders n "?" placeholders for where.add, for an IN list inside a
// larger condition.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// anys turns ids into query arguments.
func anys(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// metadataHas keeps the rows whose JSON object column col holds every pair
// of has: a string or a boolean value equal to the pair's, or, for a nil
// value, no value or null. A []any value matches any of its strings and
// booleans. col is a constant of this package, never input.
func (w *where) metadataHas(d Dialect, col string, has map[string]any) error {
	keys := make([]string, 0, len(has))
	for k := range has {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := has[k]
		if v == nil {
			if d == Postgres {
				w.add(`NOT EXISTS (SELECT 1 FROM jsonb_each(CAST(`+col+` AS jsonb)) j WHERE j.key = ? AND j.value <> CAST('null' AS jsonb))`, k)
			} else {
				w.add(`NOT EXISTS (SELECT 1 FROM json_each(`+col+`) j WHERE j.key = ? AND j.type <> 'null')`, k)
			}
			continue
		}
		values, ok := v.([]any)
		if !ok {
			values = []any{v}
		}
		var alts []string
		args := []any{k}
		for _, v := range values {
			switch x := v.(type) {
			case string, bool:
				if d == Postgres {
					doc, err := json.Marshal(x)
					if err != nil {
						return err
					}
					alts, args = append(alts, `j.value = CAST(? AS jsonb)`), append(args, string(doc))
				} else if s, ok := x.(string); ok {
					alts, args = append(alts, `(j.type = 'text' AND j.value = ?)`), append(args, s)
				} else {
					alts, args = append(alts, `j.type = ?`), append(args, strconv.FormatBool(x.(bool)))
				}
			default:
				return fmt.Errorf("custom metadata value of %s is a %T, not a string or a boolean", k, v)
			}
		}
		if len(alts) == 0 {
			return fmt.Errorf("custom metadata value of %s: no value to match", k)
		}
		each := `SELECT 1 FROM json_each(` + col + `) j`
		if d == Postgres {
			each = `SELECT 1 FROM jsonb_each(CAST(` + col + ` AS jsonb)) j`
		}
		w.add(`EXISTS (`+each+` WHERE j.key = ? AND (`+strings.Join(alts, " OR ")+`))`, args...)
	}
	return nil
}
