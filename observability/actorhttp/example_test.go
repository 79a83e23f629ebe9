package actorhttp_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/observability/actorhttp"
)

// Mount the handler on the application's mux, under a prefix.
func Example() {
	sys, err := actor.NewSystem()
	if err != nil {
		panic(err)
	}
	defer sys.Shutdown(context.Background())
	_, _ = actor.SpawnFunc(sys, func(*actor.Context[string], string) {}, actor.WithName("greeter"))

	mux := http.NewServeMux()
	mux.Handle("/debug/actorio/", http.StripPrefix("/debug/actorio", actorhttp.Handler(sys)))

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/debug/actorio/actors", nil))
	body, _ := io.ReadAll(rec.Body)
	fmt.Print(string(body))
	// Output:
	// /greeter idle msg=string mailbox=0
}
