package actorconsole

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/actorio/actorio/actor"
)

// actorRow is one actor as the JSON endpoints give it: the fields of
// actor.ActorInfo, and for the tree, its subtree's totals.
type actorRow struct {
	Path          string           `json:"path"`
	Name          string           `json:"name,omitempty"`
	Parent        string           `json:"parent"`
	State         actor.ActorState `json:"state"`
	MessageType   string           `json:"message_type"`
	Mailbox       int              `json:"mailbox"`
	SystemPending bool             `json:"system_pending,omitempty"`
	Restarts      uint32           `json:"restarts"`
	Watchers      int              `json:"watchers,omitempty"`
	TurnRunningNS int64            `json:"turn_running_ns,omitempty"`

	Children    int32    `json:"children"`            // direct children
	Descendants int32    `json:"descendants"`         // actors below it
	SubMailbox  int64    `json:"subtree_mailbox"`     // queued in it and below
	SubMax      int32    `json:"subtree_mailbox_max"` // deepest mailbox in it and below
	Ancestors   []string `json:"ancestors,omitempty"` // search results: the paths above it
}

func (x *index) row(i int32) actorRow {
	a := &x.actors[i]
	return actorRow{
		Path: a.Path, Name: a.Name, Parent: a.Parent, State: a.State, MessageType: a.MessageType,
		Mailbox: a.Mailbox, SystemPending: a.SystemPending, Restarts: a.Restarts, Watchers: a.Watchers,
		TurnRunningNS: int64(a.TurnRunning),
		Children:      x.nkids[i], Descendants: x.end[i] - i - 1, SubMailbox: x.subSum[i], SubMax: x.subMax[i],
	}
}

func (x *index) rows(is []int32) []actorRow {
	out := make([]actorRow, len(is))
	for k, i := range is {
		out[k] = x.row(i)
	}
	return out
}

// snapshotInfo says which snapshot a response was made from.
type snapshotInfo struct {
	Seq     uint64    `json:"seq"`      // the console's snapshots so far; equal means the same one
	Taken   time.Time `json:"taken"`    // when it was taken
	TookMS  float64   `json:"took_ms"`  // what taking and indexing it cost
	Actors  int       `json:"actors"`   // live actors in it
	ReuseMS float64   `json:"reuse_ms"` // how long it is served before the next is taken
}

func (c *Console) snapshotInfo(x *index) snapshotInfo {
	return snapshotInfo{
		Seq: x.seq, Taken: x.taken, TookMS: ms(x.took), Actors: len(x.actors), ReuseMS: ms(c.snaps.reuseFor(x)),
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// errNoActor is the 404 of a path that names no live actor.
var errNoActor = errors.New("actorconsole: no live actor at that path")

// serveTree serves a page of the children of ?path (default "/", the
// top-level actors), sorted by ?sort, with the node itself unless it is
// the root.
func (c *Console) serveTree(w http.ResponseWriter, r *http.Request) {
	p := params{q: r.URL.Query()}
	path := p.str("path", "/", maxPath)
	offset := p.int("offset", 0, 0, maxOffset)
	limit := p.int("limit", 100, 1, maxLimit)
	by := p.oneOf("sort", sortOrders)
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err)
		return
	}
	x := c.snaps.get()
	node := int32(root)
	var self *actorRow
	if path != "/" {
		i, ok := x.lookup(path)
		if !ok {
			writeError(w, http.StatusNotFound, fmt.Errorf("%w: %q", errNoActor, path))
			return
		}
		node = i
		row := x.row(i)
		self = &row
	}
	kids := x.children(node, by)
	page := kids[min(offset, len(kids)):min(offset+limit, len(kids))]
	writeJSON(w, struct {
		Path     string       `json:"path"`
		Node     *actorRow    `json:"node,omitempty"`
		Total    int          `json:"total"`
		Offset   int          `json:"offset"`
		Sort     string       `json:"sort"`
		Children []actorRow   `json:"children"`
		Snapshot snapshotInfo `json:"snapshot"`
	}{path, self, len(kids), offset, by, x.rows(page), c.snapshotInfo(x)})
}

// serveSearch serves the first ?limit actors whose path or message type
// holds ?q, ignoring ASCII case, with how many match in all.
func (c *Console) serveSearch(w http.ResponseWriter, r *http.Request) {
	p := params{q: r.URL.Query()}
	q := p.str("q", "", maxQuery)
	limit := p.int("limit", 50, 1, maxLimit)
	if p.err == nil && q == "" {
		p.err = errors.New("actorconsole: q must not be empty")
	}
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err)
		return
	}
	x := c.snaps.get()
	hits, total := x.search(q, limit)
	rows := x.rows(hits)
	for k, i := range hits {
		rows[k].Ancestors = x.ancestors(i)
	}
	writeJSON(w, struct {
		Query    string       `json:"q"`
		Total    int          `json:"total"`
		Actors   []actorRow   `json:"actors"`
		Snapshot snapshotInfo `json:"snapshot"`
	}{q, total, rows, c.snapshotInfo(x)})
}

// serveTop serves the ?n deepest mailboxes, longest running turns and
// most restarted actors.
func (c *Console) serveTop(w http.ResponseWriter, r *http.Request) {
	p := params{q: r.URL.Query()}
	n := p.int("n", 20, 1, maxTop)
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err)
		return
	}
	x := c.snaps.get()
	t := x.top()
	first := func(is []int32) []actorRow {
		is = is[:min(n, len(is))]
		rows := x.rows(is)
		for k, i := range is {
			rows[k].Ancestors = x.ancestors(i) // for the page to show it in the tree
		}
		return rows
	}
	writeJSON(w, struct {
		Mailbox  []actorRow   `json:"mailbox"`
		Turn     []actorRow   `json:"turn"`
		Restarts []actorRow   `json:"restarts"`
		Snapshot snapshotInfo `json:"snapshot"`
	}{first(t.mailbox), first(t.turn), first(t.restarts), c.snapshotInfo(x)})
}
