package proc

import (
	"encoding/json"
	"io"
	"strings"
	"sync"
)

// LineWriter writes whole lines, "key payload", each in a single Write,
// from any goroutine: what a child writes to the harness.
type LineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// NewLineWriter returns a LineWriter on w.
func NewLineWriter(w io.Writer) *LineWriter { return &LineWriter{w: w} }

// Line writes "key payload\n", or "key\n" when payload is empty.
func (l *LineWriter) Line(key, payload string) error {
	b := []byte(key)
	if payload != "" {
		b = append(append(b, ' '), payload...)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.w.Write(append(b, '\n'))
	return err
}

// JSON writes key and v encoded as JSON on one line.
func (l *LineWriter) JSON(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return l.Line(key, string(b))
}

// Fail writes err as an error line, which the harness's Expect returns.
func (l *LineWriter) Fail(err error) error { return l.Line(LineError, OneLine(err)) }

// OneLine returns err's message with its newlines replaced, to fit a line.
func OneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }
