package actorconsole

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds of the query parameters. Anything outside them is refused with
// 400, never clamped silently.
const (
	maxLimit    = 1000    // rows of one page of the tree or of a search
	maxOffset   = 1 << 30 // rows skipped
	maxQuery    = 256     // bytes of a search
	maxPath     = 4096    // bytes of an actor's path
	maxConnRows = 500     // connections shown per reactor
)

// params reads a request's query, remembering the first invalid value.
type params struct {
	q   url.Values
	err error
}

// int returns the integer parameter name, def if absent.
func (p *params) int(name string, def, lo, hi int) int {
	s, ok := p.one(name)
	if !ok || p.err != nil {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.err = fmt.Errorf("actorconsole: %s must be an integer from %d to %d", name, lo, hi)
		return def
	}
	return n
}

// str returns the string parameter name, def if absent; it must be
// valid UTF-8 of at most maxLen bytes.
func (p *params) str(name, def string, maxLen int) string {
	s, ok := p.one(name)
	if !ok || p.err != nil {
		return def
	}
	if len(s) > maxLen || !utf8.ValidString(s) {
		p.err = fmt.Errorf("actorconsole: %s must be valid UTF-8 of at most %d bytes", name, maxLen)
		return def
	}
	return s
}

// oneOf returns the parameter name, which must be one of allowed (the
// first by default).
func (p *params) oneOf(name string, allowed []string) string {
	s, ok := p.one(name)
	if !ok || p.err != nil {
		return allowed[0]
	}
	if !slices.Contains(allowed, s) {
		p.err = fmt.Errorf("actorconsole: %s must be one of %s", name, strings.Join(allowed, ", "))
		return allowed[0]
	}
	return s
}

// one returns the single value of name; a repeated parameter is an error.
func (p *params) one(name string) (string, bool) {
	vs, ok := p.q[name]
	if !ok {
		return "", false
	}
	if len(vs) != 1 {
		if p.err == nil {
			p.err = fmt.Errorf("actorconsole: %s given %d times", name, len(vs))
		}
		return "", false
	}
	return vs[0], true
}
