// Package actorconsole serves a live console for a running actor.System:
// one page, in the browser, that shows the actor tree, the hot spots,
// the metrics over time, the events as they happen and the reactors'
// connections. It uses only the standard library and the page is
// embedded (HTML, a style sheet and a script, nothing fetched from
// elsewhere), so it works offline and adds no dependency.
//
// # Mounting
//
// Mount it under a prefix of the application's mux, as with
// net/http/pprof, with the prefix stripped:
//
//	console := actorconsole.Handler(sys, actorconsole.WithReactor(r))
//	mux.Handle("/debug/actorio/console/", http.StripPrefix("/debug/actorio/console", console))
//	srv.RegisterOnShutdown(console.Close) // end open pages' streams on Shutdown
//
// and open http://host/debug/actorio/console/ (the trailing slash
// matters: the page asks for what it needs relative to it).
//
// # A remote node
//
// A system that is a node of a network (package remote, in a module of
// its own) shows it too with remoteconsole.Option(node), from package
// github.com/actorio/actorio/remote/remoteconsole: the node's totals,
// charts of its messages per second each way and of its peers' round
// trips (the largest and the median), and a table of its peers, busiest
// first, with their messages and bytes per second each way, round trip
// and dead letters. Any other source can be shown through WithNode and
// the Node type. A sample lists at most the 50 busiest peers, and the
// history kept for pages that open later holds the node's totals only.
//
// # Security
//
// The console exposes actor paths, message types, handler stacks,
// failure messages and peer addresses: mount it behind your own
// authentication, for operators only, as you would pprof. It is
// read-only: it answers GET and HEAD, and no actor can be stopped or sent
// a message from it. It never shows a message's value, only its type.
// Its query parameters are bounded and checked (400 otherwise), and its
// responses carry a Content-Security-Policy that lets the page load
// nothing but its own files.
//
// # What it costs
//
// Nothing while no page is open: Handler starts no goroutine, holds no
// subscription, and the runtime pays nothing per message for it. While
// pages are open, one goroutine of the console samples System.Metrics
// (and the remote node's counters, with WithNode) every
// Options.MinInterval (1 s by default) and forwards the system's
// events (dead letters, failures with their stacks, SlowHandler events)
// to every open page through bounded queues: a slow page loses updates,
// counted, rather than holding memory, and one that stops reading for
// Options.WriteTimeout is disconnected. The pages' views of the actors
// share one System.Snapshot per MinInterval, or per ten times what the
// last snapshot cost if that is longer, so a page left open on a system
// of a million actors takes at most about a tenth of a core; the tree is
// served one page of children at a time, with each subtree's totals, so
// the browser never holds more than a few hundred rows. The last page to
// close stops the console's goroutine and closes its subscription; Close
// does the same at once.
package actorconsole
