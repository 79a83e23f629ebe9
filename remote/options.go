package remote

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/actorio/actorio/remote/codec"
)

// Options configures a Node. Pass Option values to Start; the zero value
// of each field means its default.
type Options struct {
	// URL is the NATS server (or comma-separated servers) to connect to.
	// Default: nats.DefaultURL, unless Conn is set or Embedded is true.
	URL string
	// Conn is an existing connection to use instead of dialing URL. The
	// Node does not close it.
	Conn *nats.Conn
	// NATS are passed to nats.Connect when the Node dials: credentials,
	// nkeys, TLS and the like pass straight through.
	NATS []nats.Option
	// Embedded starts a NATS server in this process, listening on a free
	// loopback port, and connects to it: for development and tests. Other
	// nodes reach it through Node.URL.
	Embedded bool
	// Prefix starts every subject the Node uses, so that several networks
	// can share a NATS account. Default: "actorio".
	Prefix string
	// Registry holds the message types that may cross the network and
	// their codec. Default: an empty registry with the CBOR codec.
	Registry *codec.Registry
	// Shards is how many subjects carry a node's messages, each decoded
	// by its own goroutine. Messages for one actor always use the same
	// shard, so their order holds. Default: 4.
	Shards int
	// MaxBatch is the largest batch published at once, in bytes; it must
	// stay below the server's max_payload (1 MiB by default). Default:
	// 256 KiB.
	MaxBatch int
	// MaxOutbound bounds the bytes queued for one node and not yet
	// published; a send past it fails with ErrOutboundFull. Default: 8 MiB.
	MaxOutbound int
	// Heartbeat is how often the Node announces itself. Default: 1 s.
	Heartbeat time.Duration
	// DownAfter is how long a node may stay silent before it is declared
	// down. Default: 5 heartbeats.
	DownAfter time.Duration
	// Logger receives the Node's log records. Default: the system's.
	Logger *slog.Logger
}

// Option sets a field of Options.
type Option func(*Options)

// WithURL sets Options.URL.
func WithURL(url string) Option { return func(o *Options) { o.URL = url } }

// WithConn sets Options.Conn.
func WithConn(nc *nats.Conn) Option { return func(o *Options) { o.Conn = nc } }

// WithNATSOptions adds to Options.NATS.
func WithNATSOptions(opts ...nats.Option) Option {
	return func(o *Options) { o.NATS = append(o.NATS, opts...) }
}

// WithEmbeddedServer sets Options.Embedded.
func WithEmbeddedServer() Option { return func(o *Options) { o.Embedded = true } }

// WithPrefix sets Options.Prefix.
func WithPrefix(p string) Option { return func(o *Options) { o.Prefix = p } }

// WithRegistry sets Options.Registry.
func WithRegistry(r *codec.Registry) Option { return func(o *Options) { o.Registry = r } }

// WithShards sets Options.Shards.
func WithShards(n int) Option { return func(o *Options) { o.Shards = n } }

// WithMaxOutbound sets Options.MaxOutbound.
func WithMaxOutbound(n int) Option { return func(o *Options) { o.MaxOutbound = n } }

// WithHeartbeat sets Options.Heartbeat and Options.DownAfter.
func WithHeartbeat(every, downAfter time.Duration) Option {
	return func(o *Options) { o.Heartbeat, o.DownAfter = every, downAfter }
}

// WithLogger sets Options.Logger.
func WithLogger(l *slog.Logger) Option { return func(o *Options) { o.Logger = l } }

func newOptions(opts []Option) (Options, error) {
	var o Options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.Prefix == "" {
		o.Prefix = "actorio"
	}
	if o.Shards == 0 {
		o.Shards = 4
	}
	if o.MaxBatch == 0 {
		o.MaxBatch = 256 << 10
	}
	if o.MaxOutbound == 0 {
		o.MaxOutbound = 8 << 20
	}
	if o.Heartbeat == 0 {
		o.Heartbeat = time.Second
	}
	if o.DownAfter == 0 {
		o.DownAfter = 5 * o.Heartbeat
	}
	switch {
	case o.Shards < 1 || o.Shards > 256:
		return o, fmt.Errorf("remote: %d shards, want 1 to 256", o.Shards)
	case o.Heartbeat < 0 || o.DownAfter <= o.Heartbeat:
		return o, fmt.Errorf("remote: heartbeat %v, down after %v: want 0 < heartbeat < down after", o.Heartbeat, o.DownAfter)
	case o.Conn != nil && (o.Embedded || o.URL != ""):
		return o, fmt.Errorf("remote: Conn set with URL or Embedded")
	case o.MaxBatch < 1024:
		return o, fmt.Errorf("remote: MaxBatch of %d bytes", o.MaxBatch)
	}
	if o.Registry == nil {
		c, err := codec.CBOR()
		if err != nil {
			return o, err
		}
		o.Registry = codec.NewRegistry(c)
	}
	return o, nil
}
