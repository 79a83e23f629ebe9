// Package debugserve serves an actor system's debug handler for the
// examples' -debug flag.
package debugserve

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/observability/actorhttp"
)

// Start serves sys's debug handler (metrics and the actor dump) under
// /debug/actorio/ on addr, prints where to w, and returns a function that
// stops the server and waits for it.
func Start(sys *actor.System, addr string, w io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/debug/actorio/", http.StripPrefix("/debug/actorio", actorhttp.Handler(sys)))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // http.ErrServerClosed once stopped
	}()
	fmt.Fprintf(w, "debug handler on http://%s/debug/actorio/actors and /metrics\n", ln.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			_ = srv.Close() // a request still running after a second
		}
		<-done
	}, nil
}
