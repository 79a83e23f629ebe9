package remoting_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/remoting"
)

func TestPayloads(t *testing.T) {
	make0, check0 := remoting.Payloads(0, 100)
	make3, check3 := remoting.Payloads(3, 100)
	_, check3short := remoting.Payloads(3, 50)
	b := make3(42)
	require.Len(t, b, 100)
	tests := []struct {
		name    string
		check   func([]byte) (uint64, bool)
		give    []byte
		wantSeq uint64
		wantOK  bool
	}{
		{name: "its own stream", check: check3, give: b, wantSeq: 42, wantOK: true},
		{name: "another stream", check: check0, give: b},
		{name: "another size", check: check3short, give: b},
		{name: "a byte changed", check: check3, give: func() []byte { c := append([]byte(nil), b...); c[99]++; return c }()},
		{name: "stream 0", check: check0, give: make0(7), wantSeq: 7, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq, ok := tt.check(tt.give)
			assert.Equal(t, tt.wantOK, ok)
			if ok {
				assert.Equal(t, tt.wantSeq, seq)
			}
		})
	}
}

func TestSink(t *testing.T) {
	mk, _ := remoting.Payloads(0, 20)
	tests := []struct {
		name       string
		give       []uint64 // sequence numbers, in arrival order
		corrupt    int      // index into give whose payload is changed, or -1
		wantErrors int64
		wantDone   bool
	}{
		{name: "in order", give: []uint64{0, 1, 2, 3}, corrupt: -1, wantDone: true},
		{name: "out of order", give: []uint64{0, 2, 1, 3}, corrupt: -1, wantErrors: 3, wantDone: true},
		{name: "corrupt", give: []uint64{0, 1, 2, 3}, corrupt: 2, wantErrors: 1, wantDone: true},
		{name: "one missing", give: []uint64{0, 1, 3}, corrupt: -1, wantErrors: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := remoting.NewSink(4, 16, 20)
			var grants []int64
			for i, seq := range tt.give {
				b := mk(seq)
				if i == tt.corrupt {
					b[19]++
				}
				if c, grant := s.Take(b); grant {
					grants = append(grants, c)
				}
			}
			rep := s.Report()
			assert.EqualValues(t, len(tt.give), rep.Count)
			assert.Equal(t, tt.wantErrors, rep.Errors)
			select {
			case <-s.Done():
				assert.True(t, tt.wantDone, "done without every message")
			default:
				assert.False(t, tt.wantDone, "not done with every message")
			}
			want := []int64{2, 4} // every window / 8 messages
			assert.Equal(t, want[:len(tt.give)/2], grants)
		})
	}
}

func TestWindow(t *testing.T) {
	w := remoting.NewWindow(10)
	require.NoError(t, w.Wait(10), "the first window is free")
	waited := make(chan error, 1)
	go func() { waited <- w.Wait(15) }()
	select {
	case <-waited:
		t.Fatal("a sender past its window did not wait")
	case <-time.After(20 * time.Millisecond):
	}
	w.Grant(3) // still short: 15 - 3 > 10
	w.Grant(5)
	require.NoError(t, <-waited)
	w.Grant(4) // an old grant changes nothing
	require.NoError(t, w.Wait(15))
	select {
	case <-w.Ready():
	default:
		t.Fatal("a grant makes the window ready")
	}
}

func TestPairs(t *testing.T) {
	p := remoting.NewPairs(2, 3, 2, 16)
	first := p.Start(0)
	require.Len(t, first, 2, "in flight per pair")
	second := p.Start(1)
	next := p.Pong(0, first[0])
	require.NotNil(t, next, "a pong is answered while round trips are left")
	assert.Nil(t, p.Pong(0, first[1]), "all 3 pings are out")
	assert.Nil(t, p.Pong(0, next), "pair 0 is done")
	assert.NotNil(t, p.Pong(1, second[1]), "a pong out of order still counts toward the end")
	assert.Nil(t, p.Pong(1, second[0]), "all 3 pings of pair 1 are out")
	select {
	case <-p.Done():
		t.Fatal("done with pair 1 short")
	default:
	}
	rep := p.Report()
	assert.EqualValues(t, 5, rep.Count)
	assert.EqualValues(t, 2, rep.Errors, "pair 1's pongs came in the wrong order")
}
