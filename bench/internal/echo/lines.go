package echo

import (
	"encoding/json"
	"io"
	"sync"
)

// The children talk to the harness in lines: "key payload" on their
// standard output, commands one per line on their standard input. The end
// of standard input tells a child to stop.
const (
	lineAddr   = "addr"   // server: the address it listens on
	lineStats  = "stats"  // server: a stats object, in reply to cmdStats
	lineReady  = "ready"  // client: set up, waiting for cmdGo
	lineResult = "result" // client: a result object, after its measured phase
	lineError  = "error"  // either: why it failed, before it exits with status 1

	cmdStats   = "stats"         // to the server: report stats
	cmdSettled = "stats-settled" // to the server: collect garbage, return it to the OS, report stats
	cmdGo      = "go"            // to the client: start the measured phase
)

// lineWriter writes whole lines, each in a single Write, from any
// goroutine.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// line writes "key payload\n", or "key\n" when payload is empty.
func (l *lineWriter) line(key, payload string) error {
	b := []byte(key)
	if payload != "" {
		b = append(append(b, ' '), payload...)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.w.Write(append(b, '\n'))
	return err
}

// json writes key and v encoded as JSON on one line.
func (l *lineWriter) json(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return l.line(key, string(b))
}
