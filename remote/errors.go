package remote

import "errors"

// Errors of package remote. Decoding errors come from package codec
// (codec.ErrUnknownType, codec.ErrTooLarge, codec.ErrDecode) and are
// passed on wrapped.
var (
	// ErrNodeDown reports that the node an actor lived on left the network
	// or stopped answering heartbeats: watchers get it in Terminated, and
	// sends to that node's actors fail with it.
	ErrNodeDown = errors.New("remote: node down")
	// ErrClosed reports a Node that has been closed.
	ErrClosed = errors.New("remote: node closed")
	// ErrUnknownActor reports a message for an actor that the receiving
	// node does not know: it has stopped, or never existed.
	ErrUnknownActor = errors.New("remote: unknown actor")
	// ErrOutboundFull reports a message refused because the queue of
	// messages waiting to be published to its node is full.
	ErrOutboundFull = errors.New("remote: outbound queue full")
	// ErrNotFound reports a service key with no instance.
	ErrNotFound = errors.New("remote: service not found")
	// ErrUnsupported reports what a remote actor cannot do yet.
	ErrUnsupported = errors.New("remote: unsupported")
)
