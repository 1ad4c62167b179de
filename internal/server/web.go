package server

import (
	"embed"
	"io/fs"
	"net/http"
)

// webFS holds the explorer: plain HTML, CSS and JavaScript with no build
// step and nothing loaded from elsewhere.
//
//go:embed web
var webFS embed.FS

// webHandler serves the explorer's files; "/" is web/index.html.
func webHandler() http.Handler {
	sub, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(err) // the embedded tree always has web/
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Assets change with the binary; let the browser check each time.
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
