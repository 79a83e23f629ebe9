package actorconsole_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/observability/actorconsole"
)

// Mount the console on the application's mux, under a prefix, behind the
// application's own authentication; open the prefix with a trailing slash
// in a browser. Here a request for the top-level actors stands in for the
// page.
func Example() {
	sys, err := actor.NewSystem()
	if err != nil {
		panic(err)
	}
	defer sys.Shutdown(context.Background())
	_, _ = actor.SpawnFunc(sys, func(*actor.Context[string], string) {}, actor.WithName("greeter"))

	console := actorconsole.Handler(sys) // actorconsole.WithReactor(r) to show a reactor
	defer console.Close()
	mux := http.NewServeMux()
	mux.Handle("/debug/actorio/console/", http.StripPrefix("/debug/actorio/console", console))

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/debug/actorio/console/api/tree?path=/", nil))
	var tree struct {
		Children []struct {
			Path        string `json:"path"`
			State       string `json:"state"`
			MessageType string `json:"message_type"`
		} `json:"children"`
	}
	if err := json.NewDecoder(rec.Body).Decode(&tree); err != nil {
		panic(err)
	}
	for _, a := range tree.Children {
		fmt.Println(a.Path, a.State, a.MessageType)
	}
	// Output:
	// /greeter idle string
}
