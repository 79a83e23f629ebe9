package echo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/actorio/actorio/bench/internal/proc"
	"github.com/actorio/actorio/bench/internal/suite"
)

// Funcs returns the suite implementations of the echo workloads for the
// named server, keyed by workload name.
func Funcs(server string) map[string]suite.Func {
	busy := func(r *suite.Run) (suite.Outcome, error) { return run(r, server, false) }
	return map[string]suite.Func{
		"echo-1conn":    busy,
		"echo-1k-64":    busy,
		"echo-1k-4k":    busy,
		"echo-idle-10k": func(r *suite.Run) (suite.Outcome, error) { return run(r, server, true) },
	}
}

// run is one run of an echo workload: it starts the server and the
// client, reads the server's stats around the client's measured phase,
// and stops both, the client first.
func run(r *suite.Run, server string, idle bool) (o suite.Outcome, err error) {
	args := []string{"-conns", strconv.Itoa(r.P.Conns), "-size", strconv.Itoa(r.P.Payload), "-requests", strconv.Itoa(r.P.N)}
	if idle {
		args = append(args, "-idle")
	}
	srv, cli, err := startPair(r.Context(), server, args...)
	if err != nil {
		return o, err
	}
	defer func() { err = errors.Join(err, cli.Stop(), srv.Stop()) }()
	statsCmd := cmdStats
	if idle {
		statsCmd = cmdSettled
	}
	before, err := serverStats(srv, statsCmd)
	if err != nil {
		return o, err
	}
	r.Start()
	if err := cli.Send(cmdGo); err != nil {
		return o, err
	}
	line, err := cli.Expect(lineResult)
	r.Stop()
	if err != nil {
		return o, err
	}
	after, err := serverStats(srv, statsCmd)
	if err != nil {
		return o, err
	}
	var res result
	if err := json.Unmarshal([]byte(line), &res); err != nil {
		return o, fmt.Errorf("echo: client result %q: %w", line, err)
	}
	if res.Err != "" {
		return o, fmt.Errorf("echo: client: %s", res.Err)
	}
	o = suite.Outcome{Count: res.Count, Sum: res.Sum, Errors: res.Errors}
	if idle {
		o.Extra, err = idleMetrics(res, before, after)
	} else {
		o.Extra, err = busyMetrics(res, before, after)
	}
	return o, err
}

// startPair starts server and a client of it with the client flags
// args, and returns them once the client is ready for cmdGo. The caller
// stops both, the client first.
func startPair(ctx context.Context, server string, args ...string) (srv, cli *proc.Child, err error) {
	if _, ok := Lookup(server); !ok {
		return nil, nil, fmt.Errorf("echo: no server %q registered", server)
	}
	p := proc.Place()
	if srv, err = proc.Start(ctx, p, proc.First, "echo-server", "-system", server, "-addr", "127.0.0.1:0"); err != nil {
		return nil, nil, err
	}
	addr, err := srv.Expect(lineAddr)
	if err == nil {
		cli, err = proc.Start(ctx, p, proc.Second, append([]string{"echo-client", "-addr", addr}, args...)...)
	}
	if err == nil {
		if _, err = cli.Expect(lineReady); err != nil {
			err = errors.Join(err, cli.Stop())
		}
	}
	if err != nil {
		return nil, nil, errors.Join(err, srv.Stop())
	}
	return srv, cli, nil
}

// serverStats asks the server for its stats with cmd, cmdStats or
// cmdSettled.
func serverStats(srv *proc.Child, cmd string) (stats, error) {
	var st stats
	if err := srv.Send(cmd); err != nil {
		return st, err
	}
	line, err := srv.Expect(lineStats)
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal([]byte(line), &st); err != nil {
		return st, fmt.Errorf("echo: server stats %q: %w", line, err)
	}
	return st, nil
}
