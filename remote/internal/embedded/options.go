package embedded

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/nats-io/nats-server/v2/server"
)

// ErrOptions is returned, wrapped with the detail, by Start and StartCluster
// when their Options are invalid.
var ErrOptions = errors.New("embedded: invalid options")

// Options configures an embedded server. The zero value is a standalone
// server on a random loopback port with JetStream off and logging off.
type Options struct {
	// Name is the server's name. Empty picks a random one. StartCluster
	// uses it as a prefix and names its members Name-0, Name-1 and so on.
	Name string
	// Host is the interface the server listens on, for clients and routes.
	// Empty means "127.0.0.1": an embedded server is reachable from this
	// machine only unless asked otherwise.
	Host string
	// Port is the client port. Zero picks a free one; ClientURL reports it.
	Port int
	// ClusterName turns clustering on: servers with the same ClusterName
	// that route to each other form a cluster. StartCluster defaults it to
	// "embedded".
	ClusterName string
	// ClusterPort is the port the server listens on for routes from other
	// servers. Zero picks a free one when ClusterName is set. It needs
	// ClusterName.
	ClusterPort int
	// Routes are the route URLs of other servers of the cluster, such as
	// "nats://127.0.0.1:6222". The server keeps trying to connect to each.
	// They need ClusterName.
	Routes []string
	// JetStream turns JetStream on.
	JetStream bool
	// StoreDir is where JetStream keeps its data. Empty means a temporary
	// directory that Restart keeps and Shutdown removes; a directory given
	// here is never removed.
	StoreDir string
	// MaxPayload is the largest message payload the server accepts, in
	// bytes. Zero means the server's default, 1 MiB.
	MaxPayload int32
	// Logf receives the server's log lines, prefixed with their level such
	// as "[INF]". It is called from the server's goroutines and must not
	// block for long. Nil turns logging off.
	Logf func(format string, args ...any)
}

// normalize checks o and fills in its defaults.
func (o Options) normalize() (Options, error) {
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.Name == "" {
		o.Name = "embedded-" + strings.ToLower(rand.Text()[:10])
	}
	switch {
	case o.Port < 0:
		return o, fmt.Errorf("%w: negative Port %d", ErrOptions, o.Port)
	case o.ClusterPort < 0:
		return o, fmt.Errorf("%w: negative ClusterPort %d", ErrOptions, o.ClusterPort)
	case o.MaxPayload < 0:
		return o, fmt.Errorf("%w: negative MaxPayload %d", ErrOptions, o.MaxPayload)
	case o.ClusterName == "" && (o.ClusterPort != 0 || len(o.Routes) > 0):
		return o, fmt.Errorf("%w: ClusterPort and Routes need a ClusterName", ErrOptions)
	}
	if _, err := parseRoutes(o.Routes); err != nil {
		return o, err
	}
	o.Routes = append([]string(nil), o.Routes...)
	return o, nil
}

// serverOptions translates o, normalized, into the NATS server's options.
// advertise, when not empty, is the route address the server announces to
// its peers instead of its own.
func (o Options) serverOptions(advertise, storeDir string) *server.Options {
	so := &server.Options{
		ServerName: o.Name,
		Host:       o.Host,
		Port:       anyPort(o.Port),
		NoLog:      o.Logf == nil,
		NoSigs:     true,
		MaxPayload: o.MaxPayload,
		JetStream:  o.JetStream,
		StoreDir:   storeDir,
	}
	if o.ClusterName != "" {
		so.Cluster = server.ClusterOpts{
			Name:      o.ClusterName,
			Host:      o.Host,
			Port:      anyPort(o.ClusterPort),
			Advertise: advertise,
			// One connection per route, without per-account pools: a
			// route is then exactly one TCP connection, which makes
			// "routed" easy to tell and partitions quick to heal.
			PoolSize: -1,
		}
		so.Routes, _ = parseRoutes(o.Routes) // checked by normalize
	}
	return so
}

// anyPort maps our "zero picks a free port" to the server's convention,
// where zero means the default port and -1 a random one.
func anyPort(port int) int {
	if port == 0 {
		return server.RANDOM_PORT
	}
	return port
}

// parseRoutes parses route URLs, reporting the first invalid one.
func parseRoutes(routes []string) ([]*url.URL, error) {
	urls := make([]*url.URL, 0, len(routes))
	for _, r := range routes {
		u, err := url.Parse(strings.TrimSpace(r))
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("%w: route %q is not a URL like nats://host:port", ErrOptions, r)
		}
		urls = append(urls, u)
	}
	return urls, nil
}
