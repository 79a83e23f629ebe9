package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/bench/internal/leaks"
	"github.com/actorio/actorio/bench/internal/proc"
)

func TestMain(m *testing.M) {
	proc.RunIfChild() // the echo and remote workloads re-execute this test binary as their children
	goleak.VerifyTestMain(m, leaks.Options()...)
}

func TestRunQuickWritesEveryOutput(t *testing.T) {
	dir := t.TempDir()
	code := run([]string{"-quick", "-workloads", "round-trip,timers-cancel", "-out", dir})
	require.Equal(t, 0, code)
	for _, f := range []string{"REPORT.md", "results.jsonl", "ratio.png", "ratio.svg"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Positive(t, st.Size(), f)
	}
}

func TestRunQuickEcho(t *testing.T) {
	// A race-enabled child sleeps 1 s before it exits unless told not to.
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	dir := t.TempDir()
	require.Equal(t, 0, run([]string{"-quick", "-workloads", "echo-1conn", "-systems", "plain-go,actorio", "-out", dir}))
	b, err := os.ReadFile(filepath.Join(dir, "results.jsonl"))
	require.NoError(t, err)
	out := string(b)
	for _, want := range []string{`"system":"plain-go","metric":"server-cpu-per-req","unit":"us"`,
		`"system":"actorio","metric":"server-cpu-per-req","unit":"us"`} {
		assert.Contains(t, out, want)
	}
}

func TestRunQuickRemote(t *testing.T) {
	// A race-enabled child sleeps 1 s before it exits unless told not to.
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	dir := t.TempDir()
	require.Equal(t, 0, run([]string{"-quick", "-workloads", "remote-ask-100", "-systems", "actorio,protoactor,nats,nats-b100", "-out", dir}))
	b, err := os.ReadFile(filepath.Join(dir, "results.jsonl"))
	require.NoError(t, err)
	jsonl := string(b)
	for _, want := range []string{
		`"workload":"remote-ask-100","system":"actorio","metric":"rtt-p50","unit":"us"`,
		`"workload":"remote-ask-100","system":"protoactor","metric":"cpu-per-op","unit":"us"`,
		`"workload":"remote-ask-100","system":"nats","metric":"ops-per-nats-msg","unit":"ops"`,
		`"workload":"remote-ask-100","system":"nats-b100","metric":"time","unit":"ns/op","median":0,"min":0,"max":0,"runs":0,"ok":true,"na":true`,
	} {
		assert.Contains(t, jsonl, want)
	}
	b, err = os.ReadFile(filepath.Join(dir, "REPORT.md"))
	require.NoError(t, err)
	md := string(b)
	for _, want := range []string{
		"| actorio / protoactor | actorio / nats |",
		"| [Remote Ask round trip, 100 B](#remote-ask-100) | rtt p99 |",
		"- Remote Ask round trip, 100 B, rtt p50: actorio / nats at most 1.20x: ",
		"| remote workloads' processes |",
	} {
		assert.Contains(t, md, want)
	}
	assert.NotContains(t, md, "echo workloads' processes")
	assert.NotContains(t, md, "![ratio", "plain Go runs no remote workload: no chart")
}

func TestRunQuickOneWorker(t *testing.T) {
	dir := t.TempDir()
	require.Equal(t, 0, run([]string{"-quick", "-workloads", "ring-1x100,flood", "-systems", "plain-go,actorio,actorio-1w", "-out", dir}))
	b, err := os.ReadFile(filepath.Join(dir, "results.jsonl"))
	require.NoError(t, err)
	jsonl := string(b)
	for _, want := range []string{
		`"workload":"ring-1x100","system":"actorio-1w","metric":"time","unit":"ns/op"`,
		`"workload":"ring-1x100","system":"actorio-1w","metric":"allocs","unit":"allocs/op"`,
		`"workload":"flood","system":"actorio-1w","metric":"time","unit":"ns/op","median":0,"min":0,"max":0,"runs":0,"ok":true,"na":true`,
	} {
		assert.Contains(t, jsonl, want)
	}
	b, err = os.ReadFile(filepath.Join(dir, "REPORT.md"))
	require.NoError(t, err)
	md := string(b)
	assert.Contains(t, md, "| plain-go | actorio | actorio-1w | actorio / plain-go | actorio / actorio-1w |")
	assert.Contains(t, md, "actorio-1w is actorio with one dispatcher worker")
	assert.Contains(t, md, "### Ring, 1 x 100 actors")
}

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		give []string
	}{
		{name: "unknown workload", give: []string{"-workloads", "nope"}},
		{name: "unknown system", give: []string{"-systems", "nope"}},
		{name: "unknown flag", give: []string{"-nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, 2, run(append(tt.give, "-out", t.TempDir())))
		})
	}
}

func TestDefaultOut(t *testing.T) {
	// The test runs in bench/cmd/actorio-bench: neither it nor its bench/
	// subdirectory holds the bench module's go.mod.
	assert.Equal(t, "results", defaultOut(false))
	t.Chdir("../..")
	assert.Equal(t, "results", defaultOut(false))
	assert.Equal(t, filepath.Join("results", "quick"), defaultOut(true))
	t.Chdir("..")
	assert.Equal(t, filepath.Join("bench", "results"), defaultOut(false))
}
