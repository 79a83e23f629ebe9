// Package remoteconsole shows a remote.Node in the live console of
// package actorconsole: the node's ID, its members and totals, charts of
// its messages per second each way and of its peers' round trips, and a
// table of its busiest peers with their messages and bytes per second
// each way, round trip and dead letters.
//
//	node, err := remote.Start(ctx, sys, remote.WithURL(url))
//	...
//	console := actorconsole.Handler(sys, remoteconsole.Option(node))
//	mux.Handle("/debug/actorio/console/", http.StripPrefix("/debug/actorio/console", console))
//
// The console reads Node.Metrics once per sample, and only while a page
// is open, as it reads the system's metrics; the remote module does
// nothing more for it. It lives here, in the remote module, so that the
// root module, which holds the console, does not depend on NATS.
package remoteconsole
