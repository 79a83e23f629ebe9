package echo

import (
	"errors"
	"time"

	"github.com/actorio/actorio/bench/internal/suite"
)

// busyMetrics returns a busy workload's metrics: the client's throughput
// and round-trip percentiles, and the server's CPU time over the measured
// phase, in all and per request.
func busyMetrics(res result, before, after stats) ([]suite.Metric, error) {
	cpu := time.Duration(after.CPU - before.CPU).Seconds()
	if cpu <= 0 {
		return nil, errors.New("echo: the server reported no CPU time over the measured phase")
	}
	n := float64(max(res.Count, 1))
	us := func(ns int64) float64 { return float64(ns) / 1e3 }
	return []suite.Metric{
		{Name: suite.MetricReqPerSec, Unit: "req/s", Value: n / time.Duration(max(res.Elapsed, 1)).Seconds()},
		{Name: suite.MetricRTTP50, Unit: "us", Value: us(res.P50)},
		{Name: suite.MetricRTTP99, Unit: "us", Value: us(res.P99)},
		{Name: suite.MetricServerCPU, Unit: "s", Value: cpu},
		{Name: suite.MetricReqPerCPUSec, Unit: "req/cpu-s", Value: n / cpu},
		{Name: suite.MetricCPUPerReq, Unit: "us", Value: cpu * 1e6 / n},
	}, nil
}

// idleMetrics returns the idle workload's metrics: the growth of the
// server's resident memory per connection, and its resident memory with
// every connection open.
func idleMetrics(res result, before, after stats) ([]suite.Metric, error) {
	if before.RSS < 0 || after.RSS < 0 {
		return nil, errors.New("echo: the server cannot read its VmRSS (no /proc/self/status)")
	}
	n := float64(max(res.Count, 1))
	return []suite.Metric{
		{Name: suite.MetricRSSPerConn, Unit: "B/conn", Value: float64(after.RSS-before.RSS) / n},
		{Name: suite.MetricServerRSS, Unit: "B", Value: float64(after.RSS)},
	}, nil
}
