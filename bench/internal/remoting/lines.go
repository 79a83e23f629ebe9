package remoting

// The lines between the harness and its children (see package proc).
const (
	lineAddr   = "addr"   // NATS server: its client URL
	lineReady  = "ready"  // node: set up; a receiver's carries a readyInfo
	lineResult = "result" // sender: its report after the measured phase; receiver of tells: its report once it has every message
	lineStats  = "stats"  // either: a stats object, in reply to cmdStats
	lineReport = "report" // node: its report, in reply to cmdReport

	cmdGo     = "go"     // to the sender: run the measured phase
	cmdStats  = "stats"  // to any child: report stats
	cmdReport = "report" // to a node: report its counts now
)

// Workload kinds: what the two nodes do.
const (
	kindTell = "tell" // a sender floods one actor, under credit
	kindPipe = "pipe" // pairs of actors ping-pong with messages in flight
	kindAsk  = "ask"  // sequential requests to one actor
)

// readyInfo is what a receiver tells the harness once set up.
type readyInfo struct {
	Addr string `json:"addr"` // where the sender reaches it directly, for systems without a server
}

// report is a node's account of a run.
type report struct {
	Count  int64  `json:"count"`  // messages received, or replies and pongs checked
	Sum    int64  `json:"sum"`    // of their sequence numbers
	Errors int64  `json:"errors"` // out of order or different from what was sent
	Err    string `json:"err"`    // the first failure, or ""
	Lost   int64  `json:"lost"`   // dead letters and dropped messages on the node
	P50    int64  `json:"p50_ns"` // the asks' round-trip times
	P99    int64  `json:"p99_ns"`
}

// stats is a child's counters at one moment.
type stats struct {
	CPU      int64 `json:"cpu_ns"`    // user + system CPU time of the process
	WireOut  int64 `json:"wire_out"`  // bytes written to its TCP connections (nodes)
	WireIn   int64 `json:"wire_in"`   // bytes read from them
	InMsgs   int64 `json:"in_msgs"`   // NATS server Varz
	InBytes  int64 `json:"in_bytes"`  //
	OutMsgs  int64 `json:"out_msgs"`  //
	OutBytes int64 `json:"out_bytes"` //
}
