package actorconsole

import (
	"cmp"
	"container/heap"
	"slices"
	"sync"
	"time"

	"github.com/actorio/actorio/actor"
)

// An index is one System.Snapshot arranged for the tree view: a
// snapshot lists each actor's descendants right after it (depth first),
// so a subtree is a range of it, and one pass with a stack finds each
// range's end, each actor's parent, and the subtree's totals. It is
// read-only once built, except for the sorted child lists and path
// lookups it memoizes.
type index struct {
	actors []actor.ActorInfo
	end    []int32 // actors[i]'s subtree is actors[i:end[i]]
	parent []int32 // index of the parent; -1 for a top-level actor
	nkids  []int32 // direct children
	subSum []int64 // user messages queued in the subtree
	subMax []int32 // the deepest mailbox in the subtree

	seq   uint64        // which snapshot of the console this is, from 1
	taken time.Time     // when it was taken
	took  time.Duration // what taking and indexing it cost

	mu     sync.Mutex
	sorted map[sortKey][]int32
	paths  map[string]int32
	tops   *tops

	// scan is held by every pass over all the actors a request makes
	// (a path not looked up yet, a search), so that such passes run one
	// at a time: however many requests come, they take at most a core.
	scan     sync.Mutex
	searches map[searchKey]searchResult
}

type searchKey struct {
	q     string
	limit int
}

type searchResult struct {
	hits  []int32
	total int
}

// maxMemoSearches bounds the searches an index remembers.
const maxMemoSearches = 64

// root stands for the virtual parent of the top-level actors.
const root = -1

type sortKey struct {
	node int32
	by   string
}

// newIndex indexes snap.
func newIndex(snap []actor.ActorInfo) *index {
	n := len(snap)
	x := &index{
		actors: snap,
		end:    make([]int32, n),
		parent: make([]int32, n),
		nkids:  make([]int32, n),
		subSum: make([]int64, n),
		subMax: make([]int32, n),
		sorted: make(map[sortKey][]int32),
		paths:  make(map[string]int32),
	}
	var stack []int32
	pop := func(at int) {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x.end[top] = int32(at)
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			x.subSum[p] += x.subSum[top]
			x.subMax[p] = max(x.subMax[p], x.subMax[top])
		}
	}
	for i := range snap {
		a := &snap[i]
		// The ancestors of a are on the stack. An actor whose parent is
		// not there (the snapshot would have to break its order) is
		// taken as top-level rather than lost.
		for len(stack) > 0 && snap[stack[len(stack)-1]].Path != a.Parent {
			pop(i)
		}
		x.parent[i] = root
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			x.parent[i] = p
			x.nkids[p]++
		}
		x.subSum[i] = int64(a.Mailbox)
		x.subMax[i] = int32(min(a.Mailbox, 1<<31-1))
		stack = append(stack, int32(i))
	}
	for len(stack) > 0 {
		pop(n)
	}
	return x
}

// lookup returns the index of the actor at path, or false.
func (x *index) lookup(path string) (int32, bool) {
	x.mu.Lock()
	i, ok := x.paths[path]
	x.mu.Unlock()
	if ok {
		return i, i >= 0
	}
	x.scan.Lock()
	defer x.scan.Unlock()
	i = -1
	for j := range x.actors {
		if x.actors[j].Path == path {
			i = int32(j)
			break
		}
	}
	x.mu.Lock()
	if len(x.paths) < maxMemoPaths {
		x.paths[path] = i
	}
	x.mu.Unlock()
	return i, i >= 0
}

// maxMemoPaths bounds the lookups an index remembers, hits and misses.
const maxMemoPaths = 1024

// children returns the direct children of node (root for the top-level
// actors) sorted by, one of the sortOrders.
func (x *index) children(node int32, by string) []int32 {
	k := sortKey{node, by}
	x.mu.Lock()
	kids, ok := x.sorted[k]
	x.mu.Unlock()
	if ok {
		return kids
	}
	from, to := int32(0), int32(len(x.actors))
	if node != root {
		from, to = node+1, x.end[node]
		kids = make([]int32, 0, x.nkids[node])
	}
	for j := from; j < to; j = x.end[j] {
		kids = append(kids, j)
	}
	slices.SortStableFunc(kids, x.order(by))
	x.mu.Lock()
	if len(x.sorted) < maxMemoPaths {
		x.sorted[k] = kids
	}
	x.mu.Unlock()
	return kids
}

// sortOrders are the orders children can be listed in: by path, by the
// messages queued in their subtree (most first), or by the actors in it
// (most first).
var sortOrders = []string{"name", "mailbox", "size"}

func (x *index) order(by string) func(a, b int32) int {
	byPath := func(a, b int32) int { return cmp.Compare(x.actors[a].Path, x.actors[b].Path) }
	switch by {
	case "mailbox":
		return func(a, b int32) int {
			return cmp.Or(cmp.Compare(x.subSum[b], x.subSum[a]), byPath(a, b))
		}
	case "size":
		return func(a, b int32) int {
			return cmp.Or(cmp.Compare(x.end[b]-b, x.end[a]-a), byPath(a, b))
		}
	}
	return byPath
}

// ancestors returns the paths of the ancestors of i, the top-level one
// first, at most maxDepth of the nearest.
func (x *index) ancestors(i int32) []string {
	var out []string
	for p := x.parent[i]; p != root && len(out) < maxDepth; p = x.parent[p] {
		out = append(out, x.actors[p].Path)
	}
	slices.Reverse(out)
	return out
}

// maxDepth bounds the ancestors a search result carries.
const maxDepth = 64

// search returns up to limit actors whose path or message type holds q,
// ignoring ASCII case, in snapshot order, and how many match in all. A
// search scans every actor, one search at a time; the index remembers
// the latest few.
func (x *index) search(q string, limit int) (hits []int32, total int) {
	x.scan.Lock()
	defer x.scan.Unlock()
	k := searchKey{q, limit}
	if r, ok := x.searches[k]; ok {
		return r.hits, r.total
	}
	defer func() {
		if x.searches == nil {
			x.searches = make(map[searchKey]searchResult)
		}
		if len(x.searches) < maxMemoSearches {
			x.searches[k] = searchResult{hits, total}
		}
	}()
	needle := []byte(q)
	for i := range needle {
		needle[i] = lower(needle[i])
	}
	for j := range x.actors {
		a := &x.actors[j]
		if containsFold(a.Path, needle) || containsFold(a.MessageType, needle) {
			total++
			if len(hits) < limit {
				hits = append(hits, int32(j))
			}
		}
	}
	return hits, total
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// containsFold reports whether s holds needle (lower case), ignoring
// ASCII case, without allocating.
func containsFold(s string, needle []byte) bool {
	n := len(needle)
	if n == 0 {
		return true
	}
	first := needle[0]
outer:
	for i := 0; i+n <= len(s); i++ {
		if lower(s[i]) != first {
			continue
		}
		for k := 1; k < n; k++ {
			if lower(s[i+k]) != needle[k] {
				continue outer
			}
		}
		return true
	}
	return false
}

// tops are the index's hot spots: the deepest mailboxes, the longest
// running turns and the most restarted actors, each at most maxTop.
type tops struct {
	mailbox, turn, restarts []int32
}

// maxTop bounds each top list.
const maxTop = 100

// top returns the index's top lists, computed once with a bounded heap
// per list: time in proportion to the actors, memory to maxTop.
func (x *index) top() *tops {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.tops != nil {
		return x.tops
	}
	mailbox := &topHeap{key: func(i int32) int64 { return int64(x.actors[i].Mailbox) }}
	turn := &topHeap{key: func(i int32) int64 { return int64(x.actors[i].TurnRunning) }}
	restarts := &topHeap{key: func(i int32) int64 { return int64(x.actors[i].Restarts) }}
	for j := range x.actors {
		a := &x.actors[j]
		if a.Mailbox > 0 {
			mailbox.offer(int32(j))
		}
		if a.State == actor.StateRunning {
			turn.offer(int32(j))
		}
		if a.Restarts > 0 {
			restarts.offer(int32(j))
		}
	}
	x.tops = &tops{mailbox: mailbox.sorted(), turn: turn.sorted(), restarts: restarts.sorted()}
	return x.tops
}

// topHeap keeps the maxTop entries of largest key: a min-heap whose root
// is the smallest kept. Ties keep the earlier entry.
type topHeap struct {
	key func(int32) int64
	s   []int32
}

func (h *topHeap) Len() int           { return len(h.s) }
func (h *topHeap) Less(i, j int) bool { return h.less(h.s[i], h.s[j]) }
func (h *topHeap) Swap(i, j int)      { h.s[i], h.s[j] = h.s[j], h.s[i] }
func (h *topHeap) Push(v any)         { h.s = append(h.s, v.(int32)) }
func (h *topHeap) Pop() any {
	v := h.s[len(h.s)-1]
	h.s = h.s[:len(h.s)-1]
	return v
}

// less orders by key, then the later entry first, so that of equal keys
// the earlier ones stay.
func (h *topHeap) less(a, b int32) bool {
	ka, kb := h.key(a), h.key(b)
	return ka < kb || ka == kb && a > b
}

func (h *topHeap) offer(i int32) {
	if len(h.s) < maxTop {
		heap.Push(h, i)
		return
	}
	if h.less(h.s[0], i) {
		h.s[0] = i
		heap.Fix(h, 0)
	}
}

// sorted returns the entries kept, largest key first.
func (h *topHeap) sorted() []int32 {
	out := slices.Clone(h.s)
	slices.SortFunc(out, func(a, b int32) int {
		switch {
		case h.less(b, a):
			return -1
		case h.less(a, b):
			return 1
		}
		return 0
	})
	return out
}
