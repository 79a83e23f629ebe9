package actorconsole

import (
	"cmp"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/actorio/actorio/io/reactor"
)

// reactorView is one reactor as /api/reactors gives it.
type reactorView struct {
	Index     int             `json:"index"`
	Engine    string          `json:"engine"`
	Metrics   reactor.Metrics `json:"metrics"`
	Listeners []listenerRow   `json:"listeners"`
	// Connections is how many connections Reactor.Connections listed,
	// and Busiest the first ?limit of them by input held plus output
	// queued, then oldest first.
	Connections int       `json:"connections"`
	Busiest     []connRow `json:"busiest"`
}

type listenerRow struct {
	Addr     string    `json:"addr"`
	Actor    string    `json:"actor"`
	Loop     int       `json:"loop"`
	TLS      bool      `json:"tls,omitempty"`
	Opened   time.Time `json:"opened"`
	Accepted uint64    `json:"accepted"`
}

type connRow struct {
	Local    string    `json:"local"`
	Remote   string    `json:"remote"`
	Loop     int       `json:"loop"`
	Opened   time.Time `json:"opened"`
	AgeMS    float64   `json:"age_ms"`
	Buffered int       `json:"buffered"`
	Outbound int       `json:"outbound"`
}

// reactorCache serves the reactors' view: listing connections costs
// time in proportion to them, and each one shown two system calls for its
// addresses, so a view is made for the limit asked and served, cut to
// smaller limits, for an interval. A larger limit within the interval
// makes one view of maxConnRows: at most two views an interval, whatever
// the limits asked.
type reactorCache struct {
	reactors []*reactor.Reactor
	interval time.Duration

	mu    sync.Mutex
	at    time.Time
	limit int
	views []reactorView
}

func (rc *reactorCache) get(limit int) []reactorView {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	now := time.Now()
	switch fresh := rc.views != nil && now.Sub(rc.at) < rc.interval; {
	case !fresh:
		rc.at, rc.limit = now, limit
		rc.views = viewReactors(rc.reactors, limit, now)
	case rc.limit < limit:
		rc.limit = maxConnRows
		rc.views = viewReactors(rc.reactors, maxConnRows, now)
	}
	out := slices.Clone(rc.views)
	for i := range out {
		out[i].Busiest = out[i].Busiest[:min(limit, len(out[i].Busiest))]
	}
	return out
}

// viewReactors views every reactor with its limit busiest connections.
func viewReactors(reactors []*reactor.Reactor, limit int, now time.Time) []reactorView {
	views := make([]reactorView, len(reactors))
	for i, r := range reactors {
		views[i] = viewReactor(i, r, limit, now)
	}
	return views
}

func viewReactor(i int, r *reactor.Reactor, limit int, now time.Time) reactorView {
	v := reactorView{Index: i, Engine: r.Engine().String(), Metrics: r.Metrics(), Listeners: []listenerRow{}}
	for _, l := range r.Listeners() {
		v.Listeners = append(v.Listeners, listenerRow{
			Addr: l.Addr.String(), Actor: l.PID.String(), Loop: l.Loop, TLS: l.TLS, Opened: l.Opened, Accepted: l.Accepted,
		})
	}
	slices.SortFunc(v.Listeners, func(a, b listenerRow) int { return cmp.Compare(a.Addr, b.Addr) })

	busier := func(a, b reactor.ConnInfo) int { // the busier first, then the older
		return cmp.Or(cmp.Compare(b.Buffered+b.Outbound, a.Buffered+a.Outbound), a.Opened.Compare(b.Opened))
	}
	// Keep the limit busiest in a sorted slice: the insertions cost
	// limit at worst each, and are rare once it fills with busy ones.
	var kept []reactor.ConnInfo
	for ci := range r.Connections() {
		v.Connections++
		if len(kept) == limit && busier(ci, kept[limit-1]) >= 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(kept, ci, busier)
		kept = slices.Insert(kept, at, ci)
		if len(kept) > limit {
			kept = kept[:limit]
		}
	}
	v.Busiest = make([]connRow, 0, len(kept))
	for _, ci := range kept {
		local, remote := ci.LocalAddr(), ci.RemoteAddr()
		if local == nil || remote == nil {
			continue // closed since it was listed
		}
		v.Busiest = append(v.Busiest, connRow{
			Local: local.String(), Remote: remote.String(), Loop: ci.Loop, Opened: ci.Opened,
			AgeMS: ms(now.Sub(ci.Opened)), Buffered: ci.Buffered, Outbound: ci.Outbound,
		})
	}
	return v
}

// serveReactors serves every reactor's counters, listeners and ?limit
// busiest connections.
func (c *Console) serveReactors(w http.ResponseWriter, r *http.Request) {
	p := params{q: r.URL.Query()}
	limit := p.int("limit", 50, 1, maxConnRows)
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err)
		return
	}
	writeJSON(w, struct {
		Reactors []reactorView `json:"reactors"`
	}{c.conns.get(limit)})
}
