package suite

import "fmt"

// Names of the network echo workloads' own metrics.
const (
	MetricReqPerSec    = "req-per-s"          // req/s, over the client's measured phase
	MetricRTTP50       = "rtt-p50"            // us, round trip seen by the client
	MetricRTTP99       = "rtt-p99"            // us
	MetricServerCPU    = "server-cpu"         // s of server CPU, user + system
	MetricReqPerCPUSec = "req-per-cpu-s"      // req per server CPU-second
	MetricCPUPerReq    = "server-cpu-per-req" // us of server CPU per request
	MetricRSSPerConn   = "rss-per-conn"       // B of server RSS per idle connection
	MetricServerRSS    = "server-rss"         // B, server VmRSS with every connection open
)

// echoSetup is what every network echo workload shares in its definition.
const echoSetup = "The echo server runs in a process of its own on one core with GOMAXPROCS=1, the Go client " +
	"in another on a second core (see How it is measured). Every request carries its sequence number and " +
	"connection number, and each response must equal its request byte for byte."

// echoWorkloads returns the loopback echo workloads of BENCHMARKS.md
// ("Network"). The suite's systems map to echo servers: plain Go runs the
// goroutine-per-connection net server.
func echoWorkloads() []Workload {
	busyMetrics := []string{MetricReqPerSec, MetricRTTP50, MetricRTTP99, MetricServerCPU, MetricReqPerCPUSec, MetricCPUPerReq}
	busy := func(name, title, what string, full, quick Params) Workload {
		return Workload{
			Name: name, Title: title, Op: "request", Primary: MetricCPUPerReq, OutOfProcess: true,
			Definition: what + " " + echoSetup + " Connections are opened, and each makes one untimed round trip, " +
				"before the measured phase. Primary metric: server CPU time (user + system, from getrusage in the " +
				"server) per request; req-per-cpu-s is its inverse. Checks: N responses, each equal to its request, " +
				"whose sequence numbers sum to N(N-1)/2.",
			Full: full, Quick: quick,
			Ops: n, Check: echoCheck(n, busyMetrics...),
		}
	}
	conns := func(p Params) int { return p.Conns }
	return []Workload{
		busy("echo-1conn", "Echo, 1 connection, 64 B",
			"One connection sends N requests of Payload bytes to an echo server, each awaited before the next.",
			Params{N: 15_000, Conns: 1, Payload: 64}, Params{N: 2_000, Conns: 1, Payload: 64}),
		busy("echo-1k-64", "Echo, 1,000 connections, 64 B",
			"Conns connections send N requests of Payload bytes in all (connection c sends requests c, c+Conns, "+
				"c+2 Conns, ...), each connection with one request outstanding at a time.",
			Params{N: 120_000, Conns: 1000, Payload: 64}, Params{N: 10_000, Conns: 100, Payload: 64}),
		busy("echo-1k-4k", "Echo, 1,000 connections, 4 KB",
			"As echo-1k-64, with requests of 4 KB.",
			Params{N: 60_000, Conns: 1000, Payload: 4096}, Params{N: 5_000, Conns: 100, Payload: 4096}),
		{
			Name: "echo-idle-10k", Title: "Echo, 10,000 idle connections", Op: "connection",
			Primary: MetricRSSPerConn, OutOfProcess: true,
			Definition: "Open Conns connections and make one round trip of Payload bytes on each, so that the server " +
				"has accepted and served every one, then leave them open and idle. " + echoSetup + " The measured " +
				"phase is the opening; rss-per-conn is the server's VmRSS with every connection open minus its VmRSS " +
				"before the first was opened, divided by Conns, each read after a forced garbage collection that " +
				"returns freed memory to the OS (runtime.GC, debug.FreeOSMemory), so that what the server retains " +
				"is compared, not garbage awaiting collection. Checks: Conns round trips, each response equal to " +
				"its request, sequence numbers summing to Conns(Conns-1)/2.",
			Full: Params{Conns: 10_000, Payload: 64}, Quick: Params{Conns: 1_000, Payload: 64},
			Ops: conns, Check: echoCheck(conns, MetricRSSPerConn, MetricServerRSS),
		},
	}
}

// echoCheck verifies an echo run of requests(p) round trips: each
// response equal to its request, sequence numbers 0..n-1 each echoed
// once, and the named metrics reported.
func echoCheck(requests func(Params) int, metrics ...string) func(Params, Outcome) error {
	return func(p Params, o Outcome) error {
		n := int64(requests(p))
		if err := checkCountSum(o, n, n*(n-1)/2); err != nil {
			return err
		}
		if o.Errors != 0 {
			return fmt.Errorf("%d responses differed from their request", o.Errors)
		}
		return needExtra(o, metrics...)
	}
}
