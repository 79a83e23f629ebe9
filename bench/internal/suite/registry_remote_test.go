package suite_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/suite"
)

func TestRemoteChecks(t *testing.T) {
	byName := map[string]suite.Workload{}
	for _, w := range suite.Workloads() {
		byName[w.Name] = w
	}
	extra := func(names ...string) []suite.Metric {
		var m []suite.Metric
		for _, n := range names {
			m = append(m, suite.Metric{Name: n, Value: 1})
		}
		return m
	}
	cpu := []string{suite.MetricCPUPerOp, suite.MetricSenderCPUPerOp, suite.MetricReceiverCPUPerOp, suite.MetricWirePerOp}
	tell, pipe, ask := byName["remote-tell"], byName["remote-pipelined"], byName["remote-ask-1k"]
	tn, pn, an := int64(tell.Quick.N), int64(pipe.Quick.N), int64(ask.Quick.N)
	pairs := int64(pipe.Quick.Actors)
	tests := []struct {
		name    string
		w       suite.Workload
		give    suite.Outcome
		wantErr string
	}{
		{name: "tell right", w: tell, give: suite.Outcome{Count: tn, Sum: tn * (tn - 1) / 2, Extra: extra(cpu...)}},
		{name: "tell a message lost", w: tell, give: suite.Outcome{Count: tn - 1, Sum: tn * (tn - 1) / 2, Extra: extra(cpu...)},
			wantErr: "count"},
		{name: "tell out of order", w: tell, give: suite.Outcome{Count: tn, Sum: tn * (tn - 1) / 2, Errors: 2, Extra: extra(cpu...)},
			wantErr: "2 messages out of order"},
		{name: "tell no cpu", w: tell, give: suite.Outcome{Count: tn, Sum: tn * (tn - 1) / 2, Extra: extra(cpu[1:]...)},
			wantErr: "not reported"},
		{name: "pairs right", w: pipe, give: suite.Outcome{Count: pairs * pn, Sum: pairs * pn * (pn - 1) / 2, Extra: extra(cpu...)}},
		{name: "pairs one short", w: pipe, give: suite.Outcome{Count: pairs*pn - 1, Sum: pairs * pn * (pn - 1) / 2, Extra: extra(cpu...)},
			wantErr: "count"},
		{name: "ask right", w: ask, give: suite.Outcome{Count: an, Sum: an * (an - 1) / 2,
			Extra: extra(append(cpu, suite.MetricRTTP50, suite.MetricRTTP99)...)}},
		{name: "ask no percentiles", w: ask, give: suite.Outcome{Count: an, Sum: an * (an - 1) / 2, Extra: extra(cpu...)},
			wantErr: "not reported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.w.Check(tt.w.Quick, tt.give)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestRemoteTargets(t *testing.T) {
	var ask suite.Workload
	for _, w := range suite.Workloads() {
		if w.Name == "remote-ask-100" {
			ask = w
		}
	}
	require.NotEmpty(t, ask.Name)
	assert.Equal(t, []string{suite.MetricRTTP50, suite.MetricRTTP99, suite.MetricCPUPerOp}, ask.SummaryMetrics())
	tests := []struct {
		metric, peer string
		want         float64
		wantOK       bool
	}{
		{metric: suite.MetricRTTP50, peer: "nats", want: 1.2, wantOK: true},
		{metric: suite.MetricRTTP99, peer: "protoactor", want: 1, wantOK: true},
		{metric: suite.MetricCPUPerOp, peer: "protoactor", want: 0.7, wantOK: true},
		{metric: suite.MetricRTTP50, peer: "protoactor"},
		{metric: suite.MetricTime, peer: "nats"},
	}
	for _, tt := range tests {
		t.Run(tt.metric+"/"+tt.peer, func(t *testing.T) {
			got, ok := ask.Target(tt.metric, tt.peer)
			require.Equal(t, tt.wantOK, ok)
			if ok {
				assert.Equal(t, tt.want, got.Max)
				assert.Equal(t, tt.metric, got.Metric)
			}
		})
	}
}
