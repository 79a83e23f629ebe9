package remoting

import (
	"errors"

	"github.com/actorio/actorio/bench/internal/suite"
)

// metrics returns a run's metrics over ops operations: CPU per operation
// in all and per process, bytes written per operation, the NATS server's
// counters per operation where there is a server, and the sender's
// round-trip percentiles where it timed requests. before and after hold
// the stats of the sender, the receiver and, if server, the NATS server,
// in that order.
func metrics(ops float64, server bool, sent report, before, after []stats) ([]suite.Metric, error) {
	if ops <= 0 || len(before) != len(after) || len(before) < 2 {
		return nil, errors.New("remoting: no operations or no stats")
	}
	d := make([]stats, len(before))
	var cpu int64
	for i := range before {
		d[i] = stats{
			CPU: after[i].CPU - before[i].CPU, WireOut: after[i].WireOut - before[i].WireOut,
			InMsgs: after[i].InMsgs - before[i].InMsgs, InBytes: after[i].InBytes - before[i].InBytes,
		}
		cpu += d[i].CPU
	}
	if cpu <= 0 {
		return nil, errors.New("remoting: the processes reported no CPU time over the measured phase")
	}
	us := func(ns int64) float64 { return float64(ns) / 1e3 }
	perOp := func(ns int64) float64 { return us(ns) / ops }
	m := []suite.Metric{
		{Name: suite.MetricCPUPerOp, Unit: "us", Value: perOp(cpu)},
		{Name: suite.MetricSenderCPUPerOp, Unit: "us", Value: perOp(d[0].CPU)},
		{Name: suite.MetricReceiverCPUPerOp, Unit: "us", Value: perOp(d[1].CPU)},
	}
	if server {
		m = append(m, suite.Metric{Name: suite.MetricServerCPUPerOp, Unit: "us", Value: perOp(d[2].CPU)})
	}
	m = append(m, suite.Metric{Name: suite.MetricWirePerOp, Unit: "B", Value: float64(d[0].WireOut+d[1].WireOut) / ops})
	if server {
		m = append(m, suite.Metric{Name: suite.MetricNATSBytesPerOp, Unit: "B", Value: float64(d[2].InBytes) / ops})
		if d[2].InMsgs > 0 {
			m = append(m, suite.Metric{Name: suite.MetricOpsPerNATSMsg, Unit: "ops", Value: ops / float64(d[2].InMsgs)})
		}
	}
	if sent.P50 > 0 {
		m = append(m,
			suite.Metric{Name: suite.MetricRTTP50, Unit: "us", Value: us(sent.P50)},
			suite.Metric{Name: suite.MetricRTTP99, Unit: "us", Value: us(sent.P99)})
	}
	return m, nil
}
