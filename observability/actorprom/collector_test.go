package actorprom_test

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/leakcheck"
	"github.com/actorio/actorio/observability/actorprom"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

// TestCollector: a pedantic registry accepts the collector, and the
// gathered values match the system's metrics.
func TestCollector(t *testing.T) {
	sys, err := actor.NewSystem(actor.WithWorkers(2))
	require.NoError(t, err)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, sys.Shutdown(ctx))
	}()
	done := make(chan struct{})
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n == 99 {
			close(done)
		}
	})
	require.NoError(t, err)
	for i := range 100 {
		require.NoError(t, ref.Send(i))
	}
	<-done

	reg := prometheus.NewPedanticRegistry()
	require.NoError(t, reg.Register(actorprom.NewCollector(sys)))
	families, err := reg.Gather()
	require.NoError(t, err)
	byName := map[string]*dto.MetricFamily{}
	for _, f := range families {
		byName[f.GetName()] = f
	}
	require.Len(t, byName, 17)
	require.Equal(t, 1.0, byName["actorio_actors_started_total"].Metric[0].GetCounter().GetValue())
	require.Equal(t, 1.0, byName["actorio_actors_alive"].Metric[0].GetGauge().GetValue())
	require.Equal(t, 2.0, byName["actorio_workers"].Metric[0].GetGauge().GetValue())
	require.Len(t, byName["actorio_dead_letters_total"].Metric, 4, "one series per reason")
	depth := byName["actorio_mailbox_depth"].Metric[0].GetHistogram()
	require.Equal(t, uint64(1), depth.GetSampleCount(), "one live actor")
	require.Equal(t, dto.MetricType_HISTOGRAM, byName["actorio_turn_duration_seconds"].GetType())
}
