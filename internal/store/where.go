package store

import (
	"fmt"
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
