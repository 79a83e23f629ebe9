package echo

// The children talk to the harness in lines (see package proc): "key
// payload" on their standard output, commands one per line on their
// standard input. The end of standard input tells a child to stop.
const (
	lineAddr   = "addr"   // server: the address it listens on
	lineStats  = "stats"  // server: a stats object, in reply to cmdStats
	lineReady  = "ready"  // client: set up, waiting for cmdGo
	lineResult = "result" // client: a result object, after its measured phase

	cmdStats   = "stats"         // to the server: report stats
	cmdSettled = "stats-settled" // to the server: collect garbage, return it to the OS, report stats
	cmdGo      = "go"            // to the client: start the measured phase
)
