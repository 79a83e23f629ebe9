package actorconsole_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/observability/actorconsole"
)

// TestTree: the tree is served a page of children at a time, sorted, with
// each node's subtree totals, from one snapshot.
func TestTree(t *testing.T) {
	e := newEnv(t, nil, actorconsole.WithMinInterval(time.Hour))
	spawnTree(t, e.sys, 3, 5)
	spawnBlocked(t, e.sys, "hot", 10)

	var root treePage
	e.get(t, "/api/tree", &root)
	require.Equal(t, "/", root.Path)
	require.Nil(t, root.Node)
	require.Equal(t, 4, root.Total)
	require.Equal(t, 3+15+1, root.Snapshot.Actors)
	require.Equal(t, []string{"/hot", "/p0", "/p1", "/p2"}, paths(root.Children))
	hot, p1 := root.Children[0], root.Children[2]
	require.Equal(t, row{Path: "/hot", Parent: "/", State: "running", MessageType: "int", Mailbox: 10, SubMailbox: 10, SubMax: 10},
		row{Path: hot.Path, Parent: hot.Parent, State: hot.State, MessageType: hot.MessageType, Mailbox: hot.Mailbox, SubMailbox: hot.SubMailbox, SubMax: hot.SubMax})
	require.Equal(t, 5, p1.Children)
	require.Equal(t, 5, p1.Descendants)
	require.Zero(t, p1.SubMailbox)

	for _, tc := range []struct {
		name  string
		query string
		want  []string
		total int
	}{
		{"first page", "?path=/p1&limit=2", []string{"/p1/p1-c0", "/p1/p1-c1"}, 5},
		{"last page", "?path=/p1&limit=2&offset=4", []string{"/p1/p1-c4"}, 5},
		{"past the end", "?path=/p1&offset=10", []string{}, 5},
		{"by queued messages", "?sort=mailbox", []string{"/hot", "/p0", "/p1", "/p2"}, 4},
		{"by size", "?sort=size", []string{"/p0", "/p1", "/p2", "/hot"}, 4},
		{"by name, paged", "?sort=name&offset=1&limit=2", []string{"/p0", "/p1"}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var page treePage
			e.get(t, "/api/tree"+tc.query, &page)
			require.Equal(t, tc.want, paths(page.Children))
			require.Equal(t, tc.total, page.Total)
			require.Equal(t, uint64(1), page.Snapshot.Seq, "one snapshot serves every request")
		})
	}

	var p1page treePage
	e.get(t, "/api/tree?path=/p1", &p1page)
	require.NotNil(t, p1page.Node)
	require.Equal(t, "/p1", p1page.Node.Path)
	require.Equal(t, 5, p1page.Node.Children)

	code, body := e.do(t, http.MethodGet, "/api/tree?path=/nobody")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, string(body), `"error":"actorconsole: no live actor at that path`)
}

// TestSearch: a search matches paths and message types, ignoring case,
// returns at most limit actors with their ancestors, and counts them all.
func TestSearch(t *testing.T) {
	e := newEnv(t, nil, actorconsole.WithMinInterval(time.Hour))
	spawnTree(t, e.sys, 3, 5)

	type result struct {
		Q      string `json:"q"`
		Total  int    `json:"total"`
		Actors []row  `json:"actors"`
	}
	var r result
	e.get(t, "/api/search?q=P1-C", &r)
	require.Equal(t, 5, r.Total)
	require.Len(t, r.Actors, 5)
	for _, a := range r.Actors {
		require.True(t, strings.HasPrefix(a.Path, "/p1/p1-c"), a.Path)
		require.Equal(t, []string{"/p1"}, a.Ancestors)
	}
	e.get(t, "/api/search?q=int&limit=2", &r)
	require.Equal(t, 18, r.Total, "every actor takes int")
	require.Len(t, r.Actors, 2)
	e.get(t, "/api/search?q=nothing-like-it", &r)
	require.Zero(t, r.Total)
	require.Empty(t, r.Actors)
}

// TestTop: the hot spots list the deepest mailbox first, running turns,
// and restarts, with ancestors to find them in the tree.
func TestTop(t *testing.T) {
	e := newEnv(t, []actor.Option{actor.WithWatchdog(40 * time.Millisecond)}, actorconsole.WithMinInterval(50*time.Millisecond))
	spawnTree(t, e.sys, 2, 2)
	spawnBlocked(t, e.sys, "hot", 7)
	spawnBlocked(t, e.sys, "warm", 3)

	type tops struct {
		Mailbox  []row `json:"mailbox"`
		Turn     []row `json:"turn"`
		Restarts []row `json:"restarts"`
	}
	var top tops
	waitUntil(t, "the watchdog to time the blocked turns", func() bool {
		e.get(t, "/api/top?n=5", &top)
		return len(top.Turn) == 2 && top.Turn[0].TurnNS > 0 && top.Turn[1].TurnNS > 0
	})
	require.Equal(t, []string{"/hot", "/warm"}, paths(top.Mailbox))
	require.Equal(t, 7, top.Mailbox[0].Mailbox)
	require.Empty(t, top.Mailbox[0].Ancestors, "top-level")
	require.ElementsMatch(t, []string{"/hot", "/warm"}, paths(top.Turn))
	require.GreaterOrEqual(t, top.Turn[0].TurnNS, top.Turn[1].TurnNS)
	require.Empty(t, top.Restarts)
}

// TestBadParams: every query parameter is bounded and checked; a bad one
// gets 400 with a JSON error, never a clamped answer.
func TestBadParams(t *testing.T) {
	e := newEnv(t, nil)
	long := strings.Repeat("a", 4097)
	for _, tc := range []struct{ name, path string }{
		{"limit zero", "/api/tree?limit=0"},
		{"limit too large", "/api/tree?limit=1001"},
		{"limit not a number", "/api/tree?limit=ten"},
		{"negative offset", "/api/tree?offset=-1"},
		{"huge offset", "/api/tree?offset=99999999999999999999"},
		{"unknown sort", "/api/tree?sort=random"},
		{"path too long", "/api/tree?path=/" + long},
		{"path not UTF-8", "/api/tree?path=/%ff"},
		{"repeated parameter", "/api/tree?limit=1&limit=2"},
		{"empty search", "/api/search?q="},
		{"no search", "/api/search"},
		{"search too long", "/api/search?q=" + long[:257]},
		{"search limit", "/api/search?q=a&limit=0"},
		{"top zero", "/api/top?n=0"},
		{"top too many", "/api/top?n=101"},
		{"connections too many", "/api/reactors?limit=501"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do(t, http.MethodGet, tc.path)
			require.Equal(t, http.StatusBadRequest, code, "%s", body)
			require.Regexp(t, `^\{"error":"actorconsole: [^"]+"\}\n$`, string(body))
		})
	}
}

// TestReadOnly: the console answers GET and HEAD only, serves its page
// with a policy that loads nothing from elsewhere, and the page refers to
// nothing outside itself.
func TestReadOnly(t *testing.T) {
	e := newEnv(t, nil)
	for _, path := range []string{"/", "/console.js", "/api/tree", "/api/search?q=a", "/api/top", "/api/reactors", "/api/stream"} {
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			code, _ := e.do(t, method, path)
			require.Equal(t, http.StatusMethodNotAllowed, code, "%s %s", method, path)
		}
	}
	code, _ := e.do(t, http.MethodGet, "/api/kill")
	require.Equal(t, http.StatusNotFound, code)
	code, _ = e.do(t, http.MethodHead, "/")
	require.Equal(t, http.StatusOK, code)

	for _, tc := range []struct{ path, ctype string }{
		{"/", "text/html; charset=utf-8"},
		{"/console.js", "text/javascript; charset=utf-8"},
		{"/console.css", "text/css; charset=utf-8"},
	} {
		resp, err := e.srv.Client().Get(e.srv.URL + prefix + tc.path)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, tc.ctype, resp.Header.Get("Content-Type"))
		require.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'self'")
		require.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
		_, body := e.do(t, http.MethodGet, tc.path)
		for _, remote := range []string{"http:", "https:", "//cdn", "@import"} {
			require.NotContains(t, string(body), remote, "%s must work offline", tc.path)
		}
	}
}

// TestRateBound: however often pages ask, the actors are read at most
// once per MinInterval; a snapshot is reused until then and replaced
// after.
func TestRateBound(t *testing.T) {
	t.Run("reused within the interval", func(t *testing.T) {
		e := newEnv(t, nil, actorconsole.WithMinInterval(time.Hour))
		spawnTree(t, e.sys, 1, 1)
		var page treePage
		for range 20 {
			e.get(t, "/api/tree", &page)
			require.Equal(t, uint64(1), page.Snapshot.Seq)
		}
		_, err := actor.SpawnFunc(e.sys, func(*actor.Context[int], int) {})
		require.NoError(t, err)
		e.get(t, "/api/top", &struct{}{})
		e.get(t, "/api/tree", &page)
		require.Equal(t, uint64(1), page.Snapshot.Seq)
		require.Equal(t, 2, page.Snapshot.Actors, "the new actor waits for the next snapshot")
	})
	t.Run("bounded under a burst", func(t *testing.T) {
		const interval = 50 * time.Millisecond
		e := newEnv(t, nil, actorconsole.WithMinInterval(interval))
		spawnTree(t, e.sys, 1, 1)
		start := time.Now()
		var first, last treePage
		e.get(t, "/api/tree", &first)
		for time.Since(start) < 6*interval {
			e.get(t, "/api/tree", &last)
		}
		elapsed := time.Since(start)
		require.Greater(t, last.Snapshot.Seq, first.Snapshot.Seq, "a new snapshot once the interval has passed")
		require.LessOrEqual(t, last.Snapshot.Seq-first.Snapshot.Seq, uint64(elapsed/interval)+1)
	})
}
