package actorconsole

import (
	"embed"
	"net/http"
	"path"
)

// static holds the page: HTML, a style sheet and a script, with no build
// step and nothing fetched from elsewhere.
//
//go:embed static/index.html static/console.css static/console.js
var static embed.FS

// contentTypes of the embedded files, by extension.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
}

// serveAsset serves the embedded file name.
func serveAsset(name string) http.HandlerFunc {
	body, err := static.ReadFile("static/" + name)
	if err != nil {
		panic("actorconsole: " + err.Error()) // embedded above: cannot fail
	}
	ctype := contentTypes[path.Ext(name)]
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(body)
	}
}
