package actorconsole

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"

	"github.com/actorio/actorio/actor"
)

// ErrClosed is why a Console refuses a stream after Close.
var ErrClosed = errors.New("actorconsole: console closed")

// A Console serves the live console of one actor.System: the page, the
// JSON it polls and the event stream it listens to. Make one with
// Handler and mount it on a mux; Close ends its streams.
//
// A Console reads nothing while no page is open. While pages are open,
// one goroutine of its own (the sampler) samples the system's metrics
// and forwards its events to every open page, and the pages' requests
// share one snapshot of the actors per Options.MinInterval; the last
// page to close stops the sampler and waits for it.
type Console struct {
	sys   *actor.System
	opts  Options
	mux   *http.ServeMux
	snaps snapshots
	conns reactorCache

	mu      sync.Mutex
	cur     *sampler // while pages are open
	closed  bool
	history ring[sample]
	recent  ring[feedItem]
}

// Handler returns the console of sys, configured by opts, to mount on
// the application's mux under a prefix of its choice, with the prefix
// stripped:
//
//	mux.Handle("/debug/actorio/console/", http.StripPrefix("/debug/actorio/console", actorconsole.Handler(sys)))
//
// It serves, to GET and HEAD only (other methods get 405):
//
//	/               the page (its script and style sheet beside it)
//	/api/tree       the children of an actor, paged:    ?path=/a&offset=0&limit=100&sort=name|mailbox|size
//	/api/search     actors whose path or type holds q:  ?q=worker&limit=50
//	/api/top        the deepest mailboxes, longest running turns, most restarts: ?n=20
//	/api/reactors   each reactor's counters, listeners and busiest connections: ?limit=50
//	/api/stream     Server-Sent Events: samples of the metrics and the live feed
//
// Invalid parameters get 400 with a JSON error. Handler starts nothing:
// the sampler starts with the first stream.
func Handler(sys *actor.System, opts ...Option) *Console {
	c := &Console{sys: sys}
	for _, o := range opts {
		if o != nil {
			o(&c.opts)
		}
	}
	c.opts.resolve()
	c.snaps = snapshots{sys: sys, interval: c.opts.MinInterval}
	c.conns = reactorCache{reactors: c.opts.Reactors, interval: c.opts.MinInterval}
	c.history = newRing[sample](c.opts.History)
	c.recent = newRing[feedItem](recentItems)

	c.mux = http.NewServeMux()
	c.mux.HandleFunc("GET /{$}", serveAsset("index.html"))
	c.mux.HandleFunc("GET /console.js", serveAsset("console.js"))
	c.mux.HandleFunc("GET /console.css", serveAsset("console.css"))
	c.mux.HandleFunc("GET /api/tree", c.serveTree)
	c.mux.HandleFunc("GET /api/search", c.serveSearch)
	c.mux.HandleFunc("GET /api/top", c.serveTop)
	c.mux.HandleFunc("GET /api/reactors", c.serveReactors)
	c.mux.HandleFunc("GET /api/stream", c.serveStream)
	return c
}

// recentItems is how many feed items a page that opens is shown from
// before it opened.
const recentItems = 100

// ServeHTTP serves the console; see Handler.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	c.mux.ServeHTTP(w, r)
}

// Close ends the streams of the open pages and stops the sampler,
// waiting for it; the handlers of those streams return right after. The
// JSON endpoints still answer afterwards, but new streams get 503. Close
// is safe to call more than once; register it with
// http.Server.RegisterOnShutdown so that Shutdown does not wait for open
// pages.
func (c *Console) Close() {
	c.mu.Lock()
	c.closed = true
	s := c.cur
	c.cur = nil
	c.mu.Unlock()
	if s != nil {
		s.halt()
	}
	c.snaps.close()
}

// writeJSON writes v as JSON with status 200.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes err as a JSON error with status code.
func writeError(w http.ResponseWriter, code int, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(struct {
		Error string `json:"error"`
	}{err.Error()})
}
