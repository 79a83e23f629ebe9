package suite_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/suite"
)

func TestEchoChecks(t *testing.T) {
	byName := map[string]suite.Workload{}
	for _, w := range suite.Workloads() {
		byName[w.Name] = w
	}
	busy, ok := byName["echo-1k-64"]
	require.True(t, ok)
	p := busy.Quick
	n := int64(p.N)
	var extra []suite.Metric
	for _, name := range []string{suite.MetricReqPerSec, suite.MetricRTTP50, suite.MetricRTTP99,
		suite.MetricServerCPU, suite.MetricReqPerCPUSec, suite.MetricCPUPerReq} {
		extra = append(extra, suite.Metric{Name: name, Value: 1})
	}
	right := suite.Outcome{Count: n, Sum: n * (n - 1) / 2, Extra: extra}
	tests := []struct {
		name    string
		give    func(o suite.Outcome) suite.Outcome
		wantErr string
	}{
		{name: "right", give: func(o suite.Outcome) suite.Outcome { return o }},
		{name: "a response short", give: func(o suite.Outcome) suite.Outcome { o.Count--; return o }, wantErr: "count"},
		{name: "a sequence number twice", give: func(o suite.Outcome) suite.Outcome { o.Sum--; return o }, wantErr: "sum"},
		{name: "a response differed", give: func(o suite.Outcome) suite.Outcome { o.Errors = 1; return o }, wantErr: "differed"},
		{name: "a metric missing", give: func(o suite.Outcome) suite.Outcome { o.Extra = o.Extra[1:]; return o }, wantErr: "not reported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := busy.Check(p, tt.give(right))
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
	for name, w := range byName {
		if w.OutOfProcess {
			assert.GreaterOrEqual(t, w.Quick.Payload, 12, "%s: a payload holds its 12-byte header", name)
			assert.Less(t, w.Quick.N+w.Quick.Conns, w.Full.N+w.Full.Conns, "%s: the quick suite is smaller", name)
		}
	}
}
