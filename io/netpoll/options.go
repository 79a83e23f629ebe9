package netpoll

// DefaultMaxEvents is the value [Options.MaxEvents] takes when left zero.
const DefaultMaxEvents = 256

// Options configures a [Poller]. [New] starts from the zero Options and
// applies its Option arguments in order; zero fields take the defaults
// given below.
type Options struct {
	// MaxEvents is the most kernel events one Wait collects, whatever the
	// length of the slice it is given. New allocates the kernel-side buffer
	// once, so Wait never allocates. Events left over stay queued in the
	// kernel for the next Wait. Zero or negative means DefaultMaxEvents.
	MaxEvents int
}

// Option configures a Poller; pass it to [New].
type Option func(*Options)

// WithMaxEvents sets [Options.MaxEvents].
func WithMaxEvents(n int) Option {
	return func(o *Options) { o.MaxEvents = n }
}
