package report_test

import "github.com/actorio/actorio/bench/internal/suite"

var workload = suite.Workload{Name: "flood", Title: "Flood", Op: "message", Quick: suite.Params{N: 100}}

func measured(system string, times ...float64) suite.Result {
	return suite.Result{Workload: workload, System: system, OK: true, Params: workload.Quick, Metrics: []suite.Summary{
		{Name: suite.MetricTime, Unit: "ns/op", Values: times, Stat: suite.Summarize(times)},
		{Name: suite.MetricAllocs, Unit: "allocs/op", Values: []float64{1}, Stat: suite.Summarize([]float64{1})},
	}}
}

// results: plain 100 ns, actorio 150 ns, protoactor failed, other n/a.
func results() []suite.Result {
	return []suite.Result{
		measured("plain-go", 90, 100, 120),
		measured("actorio", 150, 140, 160),
		{Workload: workload, System: "protoactor", Err: "wrong result: count = 1, want 100"},
		{Workload: workload, System: "other", OK: true, NA: "no equivalent"},
	}
}

var systems = []string{"plain-go", "actorio", "protoactor", "other"}
