// Package debugserve serves an actor system's debug handler and its live
// console for the examples' -debug flag.
package debugserve

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/observability/actorconsole"
	"github.com/actorio/actorio/observability/actorhttp"
)

// Start serves sys's debug handler (metrics and the actor dump) under
// /debug/actorio/ and its console, configured by opts (the example's
// reactor, if it has one), under /debug/actorio/console/ on addr, prints
// where to w, and returns a function that stops the server, ending the
// console's streams, and waits for it.
func Start(sys *actor.System, addr string, w io.Writer, opts ...actorconsole.Option) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	console := actorconsole.Handler(sys, opts...)
	mux := http.NewServeMux()
	mux.Handle("/debug/actorio/console/", http.StripPrefix("/debug/actorio/console", console))
	mux.Handle("/debug/actorio/", http.StripPrefix("/debug/actorio", actorhttp.Handler(sys)))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	srv.RegisterOnShutdown(console.Close) // open pages would hold Shutdown up
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // http.ErrServerClosed once stopped
	}()
	fmt.Fprintf(w, "debug handler on http://%s/debug/actorio/actors and /metrics; console on http://%s/debug/actorio/console/\n", ln.Addr(), ln.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			_ = srv.Close() // a request still running after a second
		}
		console.Close()
		<-done
	}, nil
}
