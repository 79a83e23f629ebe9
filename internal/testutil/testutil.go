// Package testutil holds helpers shared by actorio's tests.
package testutil

import (
	"bytes"
	"sync"
	"time"
)

// Guard bounds every wait in a test so that a deadlock fails the test
// instead of hanging it. It is never what a test measures.
const Guard = 10 * time.Second

// LogBuffer is a bytes.Buffer that goroutines under test may write to (as
// a log handler's output) while the test reads it.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the buffer.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what has been written so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
