package remote_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
)

// BenchmarkTell: one goroutine sends b.N 100-byte messages to an actor of
// another node, both nodes and the NATS server in this process; at most
// 40,000 in flight. One op is one message.
func BenchmarkTell(b *testing.B) {
	reg, err := newRegistry(false)
	require.NoError(b, err)
	sysA, err := actor.NewSystem()
	require.NoError(b, err)
	sysB, err := actor.NewSystem()
	require.NoError(b, err)
	defer func() { _ = sysB.Shutdown(b.Context()); _ = sysA.Shutdown(b.Context()) }()
	na, err := remote.Start(b.Context(), sysA, remote.WithEmbeddedServer(), remote.WithRegistry(reg))
	require.NoError(b, err)
	nb, err := remote.Start(b.Context(), sysB, remote.WithURL(na.URL()), remote.WithRegistry(reg))
	require.NoError(b, err)
	var got atomic.Int64
	ref, err := actor.SpawnFunc(sysA, func(_ *actor.Context[Greeting], g Greeting) { got.Add(1) })
	require.NoError(b, err)
	require.NoError(b, remote.Register(na, "rx", ref))
	ctx, cancel := contextWithTimeout(b, 10*time.Second)
	defer cancel()
	r, err := remote.Lookup[Greeting](ctx, nb, "rx")
	require.NoError(b, err)
	from := strings.Repeat("x", 80) // with Seq, about 100 bytes encoded
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		for int64(i)-got.Load() > 40000 {
			time.Sleep(10 * time.Microsecond)
		}
		if err := r.Send(Greeting{From: from, Seq: i}); err != nil {
			b.Fatal(err)
		}
	}
	for got.Load() < int64(b.N) {
		time.Sleep(10 * time.Microsecond)
	}
	b.StopTimer()
	m := nb.Metrics()
	b.ReportMetric(float64(m.BytesOut)/float64(b.N), "wire-B/msg")
	b.ReportMetric(float64(b.N)/float64(max(m.BatchesOut, 1)), "msgs/batch")
	_ = na.Close(b.Context())
	_ = nb.Close(b.Context())
}
