package remoteconsole_test

import (
	"context"
	"net/http"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/observability/actorconsole"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/remoteconsole"
)

// Serve the live console of a system that is a node of a network: the
// page then shows the node, its peers' traffic and round trips beside
// the actors. Mount it behind the application's own authentication.
func ExampleOption() {
	ctx := context.Background()
	sys, err := actor.NewSystem()
	if err != nil {
		panic(err)
	}
	defer sys.Shutdown(ctx) // closes the node too
	node, err := remote.Start(ctx, sys, remote.WithURL("nats://127.0.0.1:4222"))
	if err != nil {
		panic(err)
	}

	console := actorconsole.Handler(sys, remoteconsole.Option(node))
	defer console.Close()
	mux := http.NewServeMux()
	mux.Handle("/debug/actorio/console/", http.StripPrefix("/debug/actorio/console", console))
	_ = http.ListenAndServe("127.0.0.1:6060", mux) // open http://127.0.0.1:6060/debug/actorio/console/
}
