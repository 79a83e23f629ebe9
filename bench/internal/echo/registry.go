package echo

import (
	"context"
	"fmt"
	"net"
	"slices"
	"sync"
)

// Server runs an echo server: it listens on the TCP address addr (such as
// "127.0.0.1:0"), calls ready once with the bound address when it accepts
// connections, and writes back every byte it reads on every connection,
// until ctx is cancelled. Then it closes its listener and connections and
// returns nil. It returns an error if it cannot listen or stops for any
// other reason; it must not call ready after an error.
//
// A Server runs in a process of its own with GOMAXPROCS=1, so it should
// use one event loop (or poller) where the library lets it choose.
type Server func(ctx context.Context, addr string, ready func(net.Addr)) error

var (
	mu      sync.Mutex
	servers = map[string]Server{}
)

// Register makes s the echo server called name. It is meant to be called
// from an init function, and panics if name is already registered.
func Register(name string, s Server) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := servers[name]; dup {
		panic(fmt.Sprintf("echo: server %q registered twice", name))
	}
	servers[name] = s
}

// Lookup returns the echo server called name, and false if there is none.
func Lookup(name string) (Server, bool) {
	mu.Lock()
	defer mu.Unlock()
	s, ok := servers[name]
	return s, ok
}

// Names returns the names of the registered servers, sorted.
func Names() []string {
	mu.Lock()
	defer mu.Unlock()
	var names []string
	for n := range servers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
