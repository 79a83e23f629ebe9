package embedded

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// readyTimeout bounds how long Start, Restart and StartCluster wait for
// servers to accept connections and, in a cluster, for routes to form.
const readyTimeout = 10 * time.Second

// ErrNotReady is returned, wrapped with the detail, when a server does not
// accept connections within 10 seconds of starting, for example because
// its port is taken.
var ErrNotReady = errors.New("embedded: server not ready")

// Server is a NATS server running in this process. Start returns it
// running. Its methods are safe for concurrent use.
type Server struct {
	name      string
	advertise string // route address announced to peers; "" outside a Cluster

	mu        sync.Mutex // serializes starting and stopping
	opts      Options    // normalized; Port and ClusterPort fixed by the first start
	storeDir  string     // JetStream store in use; "" when JetStream is off
	tempStore bool       // storeDir is ours: Shutdown removes it

	ns    atomic.Pointer[server.Server] // nil while stopped
	id    atomic.Pointer[string]        // server ID of the latest start; it changes on Restart
	addrs atomic.Pointer[addrs]         // fixed by the first start
}

// addrs are a started server's addresses.
type addrs struct {
	client  string // client URL
	cluster string // route URL, "" when not clustered
	route   string // host:port of the route listener, "" when not clustered
}

// Start starts a server configured by opts and waits until it accepts
// connections, for at most 10 seconds. It returns an error wrapping
// ErrOptions if opts are invalid, or ErrNotReady if the server does not
// become ready; in both cases nothing is left running.
func Start(opts Options) (*Server, error) {
	s, err := newServer(opts, "")
	if err != nil {
		return nil, err
	}
	if err := s.start(); err != nil {
		s.Shutdown()
		return nil, err
	}
	return s, nil
}

// newServer returns a stopped server. advertise is the route address the
// server announces to its peers, or "" for its own.
func newServer(opts Options, advertise string) (*Server, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	return &Server{name: o.Name, advertise: advertise, opts: o}, nil
}

// ClientURL returns the URL clients connect to, such as
// "nats://127.0.0.1:4222". It stays the same across Restart.
func (s *Server) ClientURL() string { return s.loadAddrs().client }

// ClusterURL returns the URL other servers route to, such as
// "nats://127.0.0.1:6222", or "" when the server is not clustered. It stays
// the same across Restart. In a Cluster, the members route to each other
// through the Cluster's proxies instead, so that Partition can cut them.
func (s *Server) ClusterURL() string { return s.loadAddrs().cluster }

// Name returns the server's name, which stays the same across Restart.
func (s *Server) Name() string { return s.name }

// Shutdown stops the server: it closes its listeners and connections,
// waits for every goroutine the server started to end, and removes its
// temporary JetStream store, if any. Calling it again, or on a server that
// a failed Restart left stopped, does nothing more. Clients see the
// connection close and may reconnect if the server is restarted.
func (s *Server) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
	if s.tempStore {
		_ = os.RemoveAll(s.storeDir) // best effort: it is a temporary directory
		s.storeDir, s.tempStore = "", false
	}
}

// Restart stops the server as Shutdown does, but keeps a temporary
// JetStream store, then starts it again with the same options, name and
// ports, so that clients find it at the same URL, and waits until it
// accepts connections, for at most 10 seconds. The server gets a new server
// ID. Restart starts a stopped server too. If the server does not become
// ready, for example because another process took its port meanwhile,
// Restart returns an error wrapping ErrNotReady and leaves the server
// stopped; Restart may be tried again, and Shutdown releases it.
func (s *Server) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
	return s.start()
}

// start starts the server and waits until it is ready. s.mu is held.
func (s *Server) start() error {
	if s.ns.Load() != nil {
		return nil
	}
	if err := s.openStore(); err != nil {
		return err
	}
	ns, err := server.NewServer(s.opts.serverOptions(s.advertise, s.storeDir))
	if err != nil {
		return fmt.Errorf("%w: server %s: %w", ErrOptions, s.name, err)
	}
	if s.opts.Logf != nil {
		ns.SetLoggerV2(logger{s.opts.Logf}, false, false, false)
	}
	id := ns.ID()
	s.id.Store(&id) // before Start: a Cluster's proxies identify routes by it
	ns.Start()      // returns once the client listener is open or has failed
	if err := ready(ns, s.opts); err != nil {
		ns.Shutdown()
		ns.WaitForShutdown()
		return fmt.Errorf("%w: server %s: %w", ErrNotReady, s.name, err)
	}
	// Keep the ports, so that Restart listens on the same ones.
	a := &addrs{}
	s.opts.Port = ns.Addr().(*net.TCPAddr).Port
	a.client = "nats://" + net.JoinHostPort(s.opts.Host, strconv.Itoa(s.opts.Port))
	if ca := ns.ClusterAddr(); ca != nil {
		s.opts.ClusterPort = ca.Port
		a.route = net.JoinHostPort(s.opts.Host, strconv.Itoa(ca.Port))
		a.cluster = "nats://" + a.route
	}
	s.addrs.Store(a)
	s.ns.Store(ns)
	return nil
}

// ready waits until ns accepts connections.
func ready(ns *server.Server, o Options) error {
	if ns.Addr() == nil {
		hp := net.JoinHostPort(o.Host, strconv.Itoa(o.Port))
		return fmt.Errorf("cannot listen for clients on %s", hp)
	}
	if !ns.ReadyForConnections(readyTimeout) {
		return fmt.Errorf("not accepting connections after %v", readyTimeout)
	}
	return nil
}

// stop shuts the server down, if running, and waits for its goroutines.
// s.mu is held.
func (s *Server) stop() {
	if ns := s.ns.Swap(nil); ns != nil {
		ns.Shutdown()
		ns.WaitForShutdown()
	}
}

// openStore picks the JetStream store directory. s.mu is held.
func (s *Server) openStore() error {
	switch {
	case !s.opts.JetStream, s.storeDir != "":
		return nil
	case s.opts.StoreDir != "":
		s.storeDir = s.opts.StoreDir
		return nil
	}
	dir, err := os.MkdirTemp("", "embedded-nats-")
	if err != nil {
		return fmt.Errorf("embedded: JetStream store: %w", err)
	}
	s.storeDir, s.tempStore = dir, true
	return nil
}

// serverID returns the server ID of the latest start, or "" before the
// first one.
func (s *Server) serverID() string {
	if id := s.id.Load(); id != nil {
		return *id
	}
	return ""
}

// loadAddrs returns the server's addresses, all "" before the first start.
func (s *Server) loadAddrs() addrs {
	if a := s.addrs.Load(); a != nil {
		return *a
	}
	return addrs{}
}

// routeAddr returns the host:port of the route listener, or "" before the
// first start.
func (s *Server) routeAddr() string { return s.loadAddrs().route }

// numRoutes returns the number of route connections, or -1 while stopped.
func (s *Server) numRoutes() int {
	if ns := s.ns.Load(); ns != nil {
		return ns.NumRoutes()
	}
	return -1
}
