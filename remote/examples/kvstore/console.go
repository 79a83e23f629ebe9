package main

import (
	"fmt"
	"io"
	"sync"
)

// console writes whole lines to w for several goroutines at once (the
// command loop and the actors), so that lines never interleave.
type console struct {
	mu sync.Mutex
	w  io.Writer
}

// printf writes one line, adding the newline.
func (c *console) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.w, format+"\n", args...)
}
