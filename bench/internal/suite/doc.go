// Package suite defines actorio's benchmark workloads and runs them.
//
// # Workloads and systems
//
// A [Workload] names one benchmark, gives its sizes for the full and the
// quick suite, says what one operation is, and checks an [Outcome]: every
// run of every system is verified, and a wrong answer is a failure, never
// a number. A [System] implements workloads as [Func] values; a workload a
// system has no equivalent for is marked not applicable.
//
// # Runs
//
// [Execute] runs each (workload, system) pair Count times, interleaving the
// systems within each repetition, in an order that rotates from one
// repetition to the next, so that host noise spreads over all of them. A
// Func sets up untimed, calls [Run.Start] and [Run.Stop] around the
// measured phase, and tears down untimed. Between Start and Stop the run
// records wall time, allocations (runtime.MemStats deltas) and the peak of
// heap and stack memory in use, sampled through runtime/metrics. A
// workload that runs [Workload.OutOfProcess], such as the network echo
// workloads and the remote messaging workloads, reports only its time and
// its own metrics.
//
// # Statistics
//
// [Summarize] reduces repeated measurements to median, min and max, and
// [Ratio] compares medians.
package suite
