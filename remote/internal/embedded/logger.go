package embedded

// logger adapts a printf-style function to the NATS server's Logger
// interface, prefixing each line with its level as nats-server does.
type logger struct {
	logf func(format string, args ...any)
}

// Noticef logs an informational message.
func (l logger) Noticef(format string, v ...any) { l.logf("[INF] "+format, v...) }

// Warnf logs a warning.
func (l logger) Warnf(format string, v ...any) { l.logf("[WRN] "+format, v...) }

// Fatalf logs a fatal error. Unlike nats-server's own logger it does not
// exit the process: an embedded server that cannot start reports it through
// Start's error.
func (l logger) Fatalf(format string, v ...any) { l.logf("[FTL] "+format, v...) }

// Errorf logs an error.
func (l logger) Errorf(format string, v ...any) { l.logf("[ERR] "+format, v...) }

// Debugf logs a debug message. The server does not call it: debug logging
// is off.
func (l logger) Debugf(format string, v ...any) { l.logf("[DBG] "+format, v...) }

// Tracef logs a protocol trace. The server does not call it: tracing is off.
func (l logger) Tracef(format string, v ...any) { l.logf("[TRC] "+format, v...) }

// prefixed returns a Logf that prefixes every line with the server's name,
// so that the lines of a cluster's members can be told apart. It returns
// nil when logf is nil.
func prefixed(logf func(string, ...any), name string) func(string, ...any) {
	if logf == nil {
		return nil
	}
	return func(format string, args ...any) {
		logf("[%s] "+format, append([]any{name}, args...)...)
	}
}
