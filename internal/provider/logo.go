package provider

import (
	"html"
	"strings"
	"unicode"
)

// Initials are the one or two letters of the provider's logo: the first
// letters of the first two words of its display name ("Salto KS" → "SK").
func (p Provider) Initials() string {
	var out []rune
	for _, w := range strings.Fields(p.DisplayName) {
		r := []rune(w)
		out = append(out, unicode.ToUpper(r[0]))
		if len(out) == 2 {
			break
		}
	}
	return string(out)
}

// Logo is the provider's logo as a standalone SVG document: its initials
// in white on its colour. lintel draws its own logos, so a webview needs
// nothing from the network.
func (p Provider) Logo() string {
	color := p.Color
	if color == "" {
		color = "#555555"
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="` +
		html.EscapeString(p.DisplayName) + `"><rect width="64" height="64" rx="14" fill="` + html.EscapeString(color) +
		`"/><text x="32" y="41" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="24" font-weight="700" fill="#ffffff">` +
		html.EscapeString(p.Initials()) + `</text></svg>`
}
