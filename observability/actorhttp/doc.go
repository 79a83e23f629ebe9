// Package actorhttp serves an actor system's metrics and actor dump over
// HTTP, and publishes its metrics through package expvar, so that package
// actor itself neither imports net/http nor registers anything on
// http.DefaultServeMux.
//
// Mount the handler under a prefix, as with net/http/pprof:
//
//	mux.Handle("/debug/actorio/", http.StripPrefix("/debug/actorio", actorhttp.Handler(sys)))
//
// It exposes actor paths and message types: serve it only to operators,
// behind the application's own authentication.
package actorhttp
