package reactor_test

import (
	"testing"

	"github.com/actorio/actorio/io/reactor"
)

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestGoGroupIdle(t *testing.T) {
	var g reactor.GoGroup
	if !isClosed(reactor.Idle(&g)) {
		t.Fatal("an empty group is idle")
	}
	g.Add(2)
	idle := reactor.Idle(&g)
	g.Done()
	if isClosed(idle) {
		t.Fatal("idle with one goroutine left")
	}
	g.Done()
	if !isClosed(idle) {
		t.Fatal("not idle once every goroutine is done")
	}
	g.Add(1)
	if isClosed(reactor.Idle(&g)) {
		t.Fatal("idle again with a new goroutine")
	}
	g.Done()
	if !isClosed(reactor.Idle(&g)) {
		t.Fatal("not idle at the end")
	}
}
