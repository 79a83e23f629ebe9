package remoting

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/actorio/actorio/bench/internal/proc"
	"github.com/actorio/actorio/bench/internal/suite"
)

// tellGrace is how long the harness waits for a tell receiver to have
// every message once the sender has sent them all, before it asks for
// what the receiver has. Tests shorten it.
var tellGrace = 10 * time.Second

// kinds maps the remote workloads to what their nodes do.
var kinds = map[string]string{
	"remote-tell":      kindTell,
	"remote-pipelined": kindPipe,
	"remote-ask-100":   kindAsk,
	"remote-ask-1k":    kindAsk,
	"remote-ask-10k":   kindAsk,
}

// Workloads returns the names of the remote workloads, sorted.
func Workloads() []string {
	return slices.Sorted(maps.Keys(kinds))
}

// Funcs returns the suite implementations of the remote workloads that
// the named system runs, keyed by workload name, and the reason it runs
// none of the others.
func Funcs(system string) (map[string]suite.Func, map[string]string) {
	funcs, na := map[string]suite.Func{}, map[string]string{}
	d, ok := drivers[system]
	for name, kind := range kinds {
		switch {
		case !ok:
			na[name] = "no remote nodes"
		case !slices.Contains(d.kinds, kind):
			na[name] = "runs " + fmt.Sprint(d.kinds) + " only"
		default:
			funcs[name] = func(r *suite.Run) (suite.Outcome, error) { return run(r, system, kind) }
		}
	}
	return funcs, na
}

// Placement describes, for the report, where the remote workloads'
// processes run.
func Placement() string {
	p := proc.Place()
	if !p.Pinned() {
		return "receiver, NATS server and sender unpinned (" + p.Why() + "), each with GOMAXPROCS=1"
	}
	return fmt.Sprintf("receiver and NATS server (a process of its own) pinned to CPU %d, sender to CPU %d, "+
		"with taskset, each with GOMAXPROCS=1", p.CPU(proc.First), p.CPU(proc.Second))
}

// run is one run of a remote workload: it starts the NATS server if the
// system needs one, the receiver, then the sender; reads every process's
// stats around the sender's measured phase; and stops them all, the
// sender first.
func run(r *suite.Run, system, kind string) (o suite.Outcome, err error) {
	d := drivers[system]
	ctx, p := r.Context(), proc.Place()
	start := func(place int, args ...string) (*proc.Child, error) { return proc.Start(ctx, p, place, args...) }
	var all []*proc.Child // sender, receiver, server: the order of their stats
	defer func() {
		for _, c := range all {
			err = errors.Join(err, c.Stop())
		}
	}()
	args := []string{"-system", system, "-kind", kind, "-n", strconv.Itoa(r.P.N), "-size", strconv.Itoa(r.P.Payload),
		"-pairs", strconv.Itoa(max(r.P.Actors, 1)), "-window", strconv.Itoa(max(r.P.InFlight, 1))}
	var srv *proc.Child
	if d.nats {
		if srv, err = start(proc.First, "remote-nats-server"); err != nil {
			return o, err
		}
		all = append(all, srv)
		url, err := srv.Expect(lineAddr)
		if err != nil {
			return o, err
		}
		args = append(args, "-url", url)
	}
	recv, err := start(proc.First, append([]string{"remote-node", "-role", "receiver"}, args...)...)
	if err != nil {
		return o, err
	}
	all = append([]*proc.Child{recv}, all...)
	var info readyInfo
	if err := expectJSON(recv, lineReady, &info); err != nil {
		return o, err
	}
	snd, err := start(proc.Second, append([]string{"remote-node", "-role", "sender", "-peer", info.Addr}, args...)...)
	if err != nil {
		return o, err
	}
	all = append([]*proc.Child{snd}, all...)
	if _, err := snd.Expect(lineReady); err != nil {
		return o, err
	}

	before, err := allStats(all)
	if err != nil {
		return o, err
	}
	r.Start()
	if err := snd.Send(cmdGo); err != nil {
		return o, err
	}
	var sent, got report
	if err := expectJSON(snd, lineResult, &sent); err != nil {
		return o, err
	}
	if kind == kindTell {
		got, err = tellResult(recv)
	}
	r.Stop()
	if err != nil {
		return o, err
	}
	after, err := allStats(all)
	if err != nil {
		return o, err
	}
	return outcome(r, kind, srv != nil, sent, got, [2]*proc.Child{snd, recv}, before, after)
}

// tellResult waits for the tell receiver's result, or after tellGrace
// asks for what it has.
func tellResult(recv *proc.Child) (report, error) {
	var got report
	line, ok, err := recv.ExpectWithin(lineResult, tellGrace)
	if err != nil {
		return got, err
	}
	if !ok {
		err = askReport(recv, &got)
	} else if err = json.Unmarshal([]byte(line), &got); err != nil {
		err = fmt.Errorf("%s: result %q: %w", recv.Name(), line, err)
	}
	return got, err
}

// outcome checks the nodes' reports and turns the run into an Outcome:
// the counts of the side that checked the messages (the receiver of
// tells, the sender otherwise) and the workload's metrics.
func outcome(r *suite.Run, kind string, server bool, sent, got report, nodes [2]*proc.Child, before, after []stats) (suite.Outcome, error) {
	var o suite.Outcome
	checked := sent
	if kind == kindTell {
		checked = got
	}
	o.Count, o.Sum, o.Errors = checked.Count, checked.Sum, checked.Errors+sent.Errors
	roles := [2]string{"sender", "receiver"}
	for i, n := range nodes {
		var rep report
		if err := askReport(n, &rep); err != nil {
			return o, err
		}
		if rep.Err != "" {
			return o, fmt.Errorf("%s: %s", roles[i], rep.Err)
		}
		if rep.Lost != 0 {
			return o, fmt.Errorf("%s: %d messages dead-lettered or dropped", roles[i], rep.Lost)
		}
	}
	if sent.Err != "" {
		return o, fmt.Errorf("sender: %s", sent.Err)
	}
	ops := float64(r.P.N)
	if kind == kindPipe {
		ops = float64(2 * r.P.Actors * r.P.N)
	}
	var err error
	o.Extra, err = metrics(ops, server, sent, before, after)
	return o, err
}

// askReport sends cmdReport to a node and reads its report into rep.
func askReport(c *proc.Child, rep *report) error {
	if err := c.Send(cmdReport); err != nil {
		return err
	}
	return expectJSON(c, lineReport, rep)
}

// allStats asks every child for its stats.
func allStats(cs []*proc.Child) ([]stats, error) {
	out := make([]stats, len(cs))
	for i, c := range cs {
		if err := c.Send(cmdStats); err != nil {
			return nil, err
		}
		if err := expectJSON(c, lineStats, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// expectJSON reads the next line with key from c and decodes its payload
// into v.
func expectJSON(c *proc.Child, key string, v any) error {
	line, err := c.Expect(key)
	if err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(line), v); err != nil {
		return fmt.Errorf("%s: %s %q: %w", c.Name(), key, line, err)
	}
	return nil
}
