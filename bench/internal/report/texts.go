package report

// methods explains what the numbers mean.
const methods = `## How it is measured

- **Runs.** Each (workload, system) pair runs the configured number of times; within a repetition the systems
  run one after another, in an order that rotates from one repetition to the next, so host noise spreads over
  all of them. Every run builds a fresh system (actorio
  ` + "`actor.System`" + `, protoactor ` + "`ActorSystem`" + `, or the goroutines of plain Go), and only the phase between
  the implementation's ` + "`Start`" + ` and ` + "`Stop`" + ` is timed: setup and teardown are not.
- **Verification.** Every run's outcome is checked against the workload's expected answer (see each workload's
  definition). actorio runs also require zero dead letters and a clean ` + "`Shutdown`" + `; protoactor runs require
  no user message dead-lettered.
- **One dispatcher worker.** actorio-1w runs actorio's own implementations in systems built with
  ` + "`actor.WithWorkers(1)`" + `, on the workloads where the scheduler decides the figure: the rings, pipelined
  pairs, fan-in, Savina ThreadRing, Big and Counting. actorio / actorio-1w above 1x means that the default number
  of workers (one per GOMAXPROCS) makes message passing slower than a single worker does; the target is at most
  1.1x. actorio-1w also has to run exactly one worker (actorio's own metrics say how many it ran).
- **Time.** Wall time of the measured phase divided by its operations (the unit named in the summary); skynet and
  timers-fire report the whole phase. Throughput is messages sent in the phase per second.
- **Allocations.** ` + "`runtime.MemStats`" + ` deltas (Mallocs, TotalAlloc) across the measured phase, divided by
  its operations. They are process-wide, so they include the runtime's own allocations in that window.
- **Peak heap+stack.** Not RSS: a sampler reads runtime/metrics every 5 ms during the measured phase and
  reports the highest heap objects + unused heap span space + goroutine stacks, minus the same sum at the start
  (right after a GC). VmHWM, the process's peak RSS, is process-wide over the whole suite and is given once,
  in the machine table.
- **Idle memory.** (heap objects + goroutine stacks) after two GCs with the actors alive, minus the same before
  spawning, divided by the number of actors.
- **Timer lateness.** Fire time minus the timer's own deadline (the time just before it was started plus its
  delay), nearest-rank percentiles over every timer of the run, then the median over runs.
- **Network echo.** Loopback TCP. Each run starts two fresh processes of this same binary: the echo server,
  pinned to one CPU with GOMAXPROCS=1, and the Go client, pinned to another (with ` + "`taskset`" + `; the machine
  table says whether it was available), both with the open-file limit raised to the hard limit. Plain Go's
  server is the ` + "`net`" + ` package with a goroutine and a 4 KB buffer per connection; gnet runs one event loop,
  nbio one poller; actorio runs one epoll loop and actorio-uring one io_uring loop. The servers' system calls
  per request are not a metric of these runs: ` + "`go -C bench run ./cmd/actorio-bench -syscalls`" + ` counts them
  in separate runs under strace, which slows the servers down. The client times the measured phase and every round trip (req-per-s, rtt-p50, rtt-p99);
  the server reports its own CPU time (getrusage: user + system, all threads) and VmRSS just before and just
  after it. With 1,000 connections both CPUs saturate, so the fair comparison is server CPU time per request
  (the primary metric) or its inverse, req-per-cpu-s. These workloads report no allocations or peak heap:
  the work happens in the child processes.
- **Remote messaging.** Two nodes in processes of their own, re-executed from this binary with GOMAXPROCS=1:
  the receiver pinned to the first CPU and the sender to the second (the machine table says where). actorio
  (package remote) and raw nats.go (nats, and nats-b100 with 100 messages packed into each publish) go through
  a NATS server run by this binary as a third process, pinned to the first CPU beside the receiver;
  protoactor-go's remote nodes talk gRPC to each other directly. The harness times the measured phase from
  the sender's start to the last message (tells) or reply (asks, pipelined pairs); the sender times each
  request for rtt-p50 and rtt-p99. Every process reports its own CPU time (getrusage, user + system) just
  before and just after it: cpu-per-op is their sum per operation, split by process in the cpu-*-per-op
  metrics. wire-bytes-per-op is what the two nodes wrote to their TCP connections, counted by a net.Conn
  wrapper (a nats.go custom dialer; gRPC transport credentials that wrap dialed and accepted connections
  alike); a NATS server relays those bytes a second time to the receiver, and its own in_bytes and in_msgs
  (Varz, payloads only) give nats-bytes-per-op and ops-per-nats-msg (how much a transport batches). The
  tell flood is flow-controlled the same way in every system (credit granted by the receiving actor), so
  that no at-most-once transport loses messages to overload and no queue grows without bound. Every message is checked on arrival
  (sequence, stream, content, order); a dead letter or a dropped message on either node fails the run. The
  remote workloads carry their targets from issue 13, listed under the summary: reported, never enforced.

`

// published quotes peers that the Go module proxy does not serve, or
// figures from other machines. None of it was measured here.
const published = `## Not measured here: published figures

These come from their authors, on other machines and other workloads. They are **not measured here** and
cannot be compared with the numbers above except as orders of magnitude.

| system | figure | source |
|---|---|---|
| ergo | 6.1M msg/s local 1:1, 12.1M msg/s N:N, ~2.6 KB per process | ergo-services/benchmarks, Apple M4 Max |
| hollywood | 45.8 ns/op local send; 3.5M msg/s over DRPC loopback | hollywood's own benchmark comment, i9-13900KF |
| Proto.Actor | ~120M msg/s in-process, skynet ~1.5 s | Proto.Actor documentation, many-core machine |
| Tokio | chained_spawn ~169 ns per spawn, yield ~73 ns, ping_pong ~563 ns | Tokio scheduler blog post, 2019 |

hollywood and ergo are not measured in this suite because the Go module proxy available to this project does
not serve them.

`
