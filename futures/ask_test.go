package futures_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

var errStopped = errors.New("fake actor stopped")

// request is the message of the fake actors in these tests.
type request struct {
	n     int
	reply futures.Promise[int]
}

// inlineSender answers on the sending goroutine, or fails to deliver.
type inlineSender struct {
	sendErr error
	answer  func(request)
	sent    int
}

func (s *inlineSender) Send(m request) error {
	s.sent++
	if s.sendErr != nil {
		return s.sendErr
	}
	if s.answer != nil {
		s.answer(m)
	}
	return nil
}

// requestSender is an inlineSender that is told about reply promises.
type requestSender struct {
	inlineSender
	replies []futures.Rejecter
}

func (s *requestSender) SendRequest(m request, reply futures.Rejecter) error {
	s.replies = append(s.replies, reply)
	return s.Send(m)
}

func build(n int) func(futures.Promise[int]) request {
	return func(p futures.Promise[int]) request { return request{n: n, reply: p} }
}

func TestAsk(t *testing.T) {
	tests := []struct {
		name    string
		give    futures.Sender[request]
		wantV   int
		wantErr error
		pending bool
	}{
		{"answered", &inlineSender{answer: func(m request) { _ = m.reply.Resolve(m.n * 2) }}, 42, nil, false},
		{"answered with an error", &inlineSender{answer: func(m request) { _ = m.reply.Reject(errBoom) }}, 0, errBoom, false},
		{"send fails fast", &inlineSender{sendErr: errStopped}, 0, errStopped, false},
		{"send panics", &inlineSender{answer: func(request) { panic(errBoom) }}, 0, errBoom, false},
		{"not answered yet", &inlineSender{}, 0, nil, true},
		{"request sender fails fast", &requestSender{inlineSender: inlineSender{sendErr: errStopped}}, 0, errStopped, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := futures.Ask(tt.give, build(21), 0)
			if tt.pending {
				require.Equal(t, result[int]{}, peek(out))
				return
			}
			requireResult(t, out, tt.wantV, tt.wantErr)
		})
	}
}

func TestAskBuildPanics(t *testing.T) {
	s := &inlineSender{}
	out := futures.Ask(s, func(futures.Promise[int]) request { panic("build") }, time.Second)
	var pe *futures.PanicError
	_, err := out.Await(context.Background())
	require.ErrorAs(t, err, &pe)
	require.Zero(t, s.sent)
}

func TestAskUsesSendRequestAndItsRejecter(t *testing.T) {
	s := &requestSender{}
	out := futures.Ask(s, build(1), 0)
	require.Len(t, s.replies, 1, "the runtime got the promise")
	require.NoError(t, s.replies[0].Reject(futures.ErrBrokenPromise), "as if the owner stopped")
	_, err := out.Await(context.Background())
	require.ErrorIs(t, err, futures.ErrBrokenPromise)
}

func TestAskTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var held request
		s := &inlineSender{answer: func(m request) { held = m }}
		start := time.Now()
		out := futures.Ask(s, build(1), time.Second)
		_, err := out.Await(context.Background())
		require.ErrorIs(t, err, futures.ErrTimeout)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, time.Second, time.Since(start))
		<-held.reply.Future().Done() // the receiver can see nobody waits
		require.ErrorIs(t, held.reply.Resolve(2), futures.ErrAlreadyCompleted)
	})
}

func TestAskTimeoutReleasesItsTimer(t *testing.T) {
	t.Run("reply first", func(t *testing.T) {
		var clock manualClock
		var held request
		s := &inlineSender{answer: func(m request) { held = m }}
		out := futures.Ask(s, build(1), time.Second, futures.WithClock(&clock))
		require.NoError(t, held.reply.Resolve(5))
		requireResult(t, out, 5, nil)
		made, stopped, _ := clock.counts()
		require.Equal(t, 1, made)
		require.Equal(t, 1, stopped)
	})
	t.Run("reply during delivery makes no timer", func(t *testing.T) {
		var clock manualClock
		s := &inlineSender{answer: func(m request) { _ = m.reply.Resolve(1) }}
		requireResult(t, futures.Ask(s, build(1), time.Second, futures.WithClock(&clock)), 1, nil)
		made, _, _ := clock.counts()
		require.Zero(t, made)
	})
	t.Run("reply while scheduling", func(t *testing.T) {
		var held request
		s := &inlineSender{answer: func(m request) { held = m }}
		clock := &completingClock{complete: func() { _ = held.reply.Resolve(7) }}
		requireResult(t, futures.Ask(s, build(1), time.Second, futures.WithClock(clock)), 7, nil)
		require.True(t, clock.timer.stopped)
	})
}

// serverSender delivers to a goroutine that answers; the test stops it.
type serverSender struct {
	reqs chan request
	wg   sync.WaitGroup
}

func startServer() *serverSender {
	s := &serverSender{reqs: make(chan request, 16)}
	s.wg.Go(func() {
		for m := range s.reqs {
			_ = m.reply.Resolve(m.n + 1)
		}
	})
	return s
}

func (s *serverSender) Send(m request) error { s.reqs <- m; return nil }

func (s *serverSender) stop() { close(s.reqs); s.wg.Wait() }

func TestAskAcrossGoroutines(t *testing.T) {
	s := startServer()
	defer s.stop()
	for i := range 100 {
		v, err := futures.Ask(s, build(i), time.Minute).Await(context.Background())
		require.NoError(t, err)
		require.Equal(t, i+1, v)
	}
}
