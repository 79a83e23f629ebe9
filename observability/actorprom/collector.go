package actorprom

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/actorio/actorio/actor"
)

// Collector is a prometheus.Collector of one system's Metrics. Create one
// with NewCollector.
type Collector struct {
	sys *actor.System
}

// NewCollector returns a collector of sys's metrics. It is safe to use
// after sys has shut down: it then reports the final counters.
func NewCollector(sys *actor.System) *Collector { return &Collector{sys: sys} }

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc("actorio_"+name, help, labels, nil)
}

var (
	descStarted   = desc("actors_started_total", "Actors spawned.")
	descStopped   = desc("actors_stopped_total", "Actors stopped.")
	descRestarted = desc("actors_restarted_total", "Actor restarts.")
	descAlive     = desc("actors_alive", "Live actors.")
	descProcessed = desc("messages_processed_total", "User messages whose handler returned.")
	descDead      = desc("dead_letters_total", "Messages reported as dead letters.", "reason")
	descWorkers   = desc("workers", "Dispatcher workers.")
	descBusy      = desc("workers_busy", "Dispatcher workers running a turn.")
	descTurns     = desc("turns_total", "Actor turns run.")
	descRunQueue  = desc("run_queue", "Ready actors waiting for a worker.")
	descBlockAct  = desc("blocking_active", "Blocking calls running.")
	descBlockQ    = desc("blocking_queued", "Blocking calls waiting for the pool.")
	descTimers    = desc("timers_pending", "Timers waiting on the system's wheel.")
	descSlow      = desc("slow_handlers_total", "Turns reported by the watchdog as slow.")
	descMbMax     = desc("mailbox_max", "Most user messages queued for one actor (estimate).")
	descMbDepth   = desc("mailbox_depth", "User messages queued per live actor (estimate).")
	descTurnDur   = desc("turn_duration_seconds", "Duration of sampled actor turns (one in 64).")
)

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descStarted, descStopped, descRestarted, descAlive,
		descProcessed, descDead, descWorkers, descBusy, descTurns, descRunQueue, descBlockAct,
		descBlockQ, descTimers, descSlow, descMbMax, descMbDepth, descTurnDur} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	m := c.sys.Metrics()
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge := func(d *prometheus.Desc, v int) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v))
	}
	counter(descStarted, m.ActorsStarted)
	counter(descStopped, m.ActorsStopped)
	counter(descRestarted, m.ActorsRestarted)
	gauge(descAlive, int(m.ActorsAlive))
	counter(descProcessed, m.MessagesProcessed)
	for reason, n := range m.DeadLettersByReason {
		counter(descDead, n, reason)
	}
	gauge(descWorkers, m.Workers)
	gauge(descBusy, m.WorkersBusy)
	counter(descTurns, m.Turns)
	gauge(descRunQueue, m.RunQueue)
	gauge(descBlockAct, m.BlockingActive)
	gauge(descBlockQ, m.BlockingQueued)
	gauge(descTimers, m.TimersPending)
	counter(descSlow, m.SlowHandlers)
	gauge(descMbMax, m.MailboxMax)
	ch <- histogram(descMbDepth, m.MailboxDepth, float64(m.MailboxTotal), 1)
	ch <- histogram(descTurnDur, m.TurnNanos, float64(m.TurnNanosSum)/1e9, 1e-9)
}

// histogram converts a Log2Histogram of integers to a Prometheus one: its
// bucket i holds integers below 2^i, so its upper bound is 2^i - 1, times
// scale. (actorio's top bucket also holds larger values: mailboxes of 2^31
// messages or turns of 2^39 ns, nine minutes.)
func histogram(d *prometheus.Desc, h actor.Log2Histogram, sum, scale float64) prometheus.Metric {
	buckets := make(map[float64]uint64, len(h))
	var cum uint64
	for i, n := range h {
		cum += n
		buckets[float64(uint64(1)<<i-1)*scale] = cum
	}
	return prometheus.MustNewConstHistogram(d, cum, sum, buckets)
}
