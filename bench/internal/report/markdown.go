package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Input is what a report is made of.
type Input struct {
	Results  []suite.Result
	Systems  []string // in column order
	Baseline string   // the system ratios are taken against: plain Go
	Subject  string   // the system compared with every peer: actorio
	// Variants are configurations of the subject among Systems, compared
	// with the subject only: actorio with one dispatcher worker.
	Variants []Variant
	Machine  Machine
	Charts   []string // chart files beside the report, PNG first
}

// WriteMarkdown writes the report: machine, summary with ratios, chart,
// per-workload details, methods, figures quoted from elsewhere, and the
// workloads the subject cannot run yet.
func WriteMarkdown(w io.Writer, in Input) error {
	b := bufio.NewWriter(w)
	m := in.Machine
	fmt.Fprintf(b, "# actorio benchmark report\n\n")
	if m.Quick {
		fmt.Fprintf(b, "> **Quick mode**: small sizes and one run, to check correctness only. "+
			"These numbers are not benchmarks.\n\n")
	}
	fmt.Fprintf(b, "Produced by `%s` on %s. Every run of every system is verified (checksum, count or invariant); "+
		"a run that gives a wrong answer is reported as FAIL, never as a number.\n\n", m.Command, m.Date)
	writeMachine(b, m)
	writeSummary(b, in)
	writeDetails(b, in)
	b.WriteString(methods)
	b.WriteString(published)
	writeNotYet(b, in)
	return b.Flush()
}

// WriteSummary writes only the summary table and chart of the report,
// with links relative to linkDir (for a README beside the results
// directory, "results/").
func WriteSummary(w io.Writer, in Input, linkDir string) error {
	b := bufio.NewWriter(w)
	charts := make([]string, len(in.Charts))
	for i, c := range in.Charts {
		charts[i] = linkDir + c
	}
	in.Charts = charts
	m := in.Machine
	fmt.Fprintf(b, "Latest full run: %s, %s, %d cores, GOMAXPROCS %d, %s, %d runs each ([full report](%sREPORT.md)).\n\n",
		m.Date, m.CPU, m.Cores, m.GOMAXPROCS, m.GoVersion, m.Count, linkDir)
	writeSummaryTable(b, in, linkDir+"REPORT.md")
	return b.Flush()
}

func writeMachine(b *bufio.Writer, m Machine) {
	fmt.Fprintf(b, "## Machine\n\n| | |\n|---|---|\n")
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(b, "| %s | %s |\n", k, v)
		}
	}
	row("CPU", m.CPU)
	row("cores (runtime.NumCPU)", fmt.Sprint(m.Cores))
	row("GOMAXPROCS", fmt.Sprint(m.GOMAXPROCS))
	row("memory", kib(m.MemTotal))
	row("Go", m.GoVersion+" "+m.OS+"/"+m.Arch)
	row("kernel", m.Kernel)
	row("date (UTC)", m.Date)
	row("actorio commit", m.Commit)
	for _, path := range sortedKeys(m.Modules) {
		if isPeer(path) {
			row("module "+path, m.Modules[path])
		}
	}
	row("echo workloads' processes", m.Echo)
	row("remote workloads' processes", m.Remote)
	row("repetitions per workload and system", fmt.Sprint(m.Count))
	row("suite wall time", m.Wall.Round(1e9).String())
	row("peak RSS of the process (VmHWM, all workloads)", kib(m.PeakRSS))
	b.WriteString("\n")
}

func writeSummary(b *bufio.Writer, in Input) {
	b.WriteString("## Summary\n\n")
	writeSummaryTable(b, in, "")
}

// writeSummaryTable writes the explanation, the table and the chart;
// workload names link to their sections in the report at page.
func writeSummaryTable(b *bufio.Writer, in Input, page string) {
	rows := Summarize(in.Results, in.Systems)
	var variants []string
	for _, v := range in.Variants {
		variants = append(variants, v.Name)
	}
	pairs := measuredPairs(rows, Pairs(in.Systems, in.Baseline, in.Subject, variants...))
	fmt.Fprintf(b, "Median of %d runs of each workload's primary metric (time per operation unless noted), and of "+
		"the further metrics that some workloads summarize on rows of their own. "+
		"A ratio is the median of the first system over the median of the second, measured in the same run on "+
		"the same machine: below 1x the first is faster (or smaller).\n\n", in.Machine.Count)
	limits := map[Pair]float64{} // the variants'; targets are per row
	for _, v := range in.Variants {
		p := Pair{in.Subject, v.Name}
		if !slices.Contains(pairs, p) {
			continue
		}
		fmt.Fprintf(b, "%s is %s. It is compared with %s alone: %s / %s above 1x says how much slower the default "+
			"configuration is.", v.Name, v.What, in.Subject, in.Subject, v.Name)
		if v.Limit > 0 {
			limits[p] = v.Limit
			fmt.Fprintf(b, " The target is at most %s; a ratio above it is in bold.", ratio(v.Limit))
		}
		b.WriteString("\n\n")
	}
	b.WriteString("| workload | metric |")
	for _, s := range in.Systems {
		fmt.Fprintf(b, " %s |", s)
	}
	for _, p := range pairs {
		fmt.Fprintf(b, " %s / %s |", p.Num, p.Den)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---:|", len(in.Systems)+len(pairs)) + "\n")
	for _, r := range rows {
		fmt.Fprintf(b, "| [%s](%s#%s) | %s |", r.Workload.Title, page, r.Workload.Name, metricLabel(r))
		for _, c := range r.Cells {
			fmt.Fprintf(b, " %s |", cellText(c, r.Unit))
		}
		for _, p := range pairs {
			v, ok := r.Ratio(p.Num, p.Den)
			t, hasTarget := target(in, r, p)
			if ok && (limits[p] > 0 && v > limits[p] || hasTarget && v > t.Max) {
				fmt.Fprintf(b, " **%s** |", ratio(v))
			} else if ok {
				fmt.Fprintf(b, " %s |", ratio(v))
			} else {
				b.WriteString(" — |")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	writeTargets(b, in, rows)
	if len(in.Charts) > 0 {
		fmt.Fprintf(b, "![ratio against %s](%s)\n\n", in.Baseline, in.Charts[0])
		fmt.Fprintf(b, "Chart files:")
		for _, c := range in.Charts {
			fmt.Fprintf(b, " [%s](%s)", c, c)
		}
		b.WriteString(". A missing bar is a workload the system cannot run (n/a) or failed.\n\n")
	}
}

func metricLabel(r Row) string {
	if r.Metric == suite.MetricTime {
		if r.Workload.Op == "" {
			return "time per run"
		}
		return "time per " + r.Workload.Op
	}
	return metricTitle(r.Metric, r.Workload.Op)
}

// metricTitle names a metric in words: "cpu-per-op" of a workload whose
// operation is a message is "cpu per message".
func metricTitle(name, op string) string {
	if base, ok := strings.CutSuffix(name, "-per-op"); ok && op != "" {
		name = base + " per " + op
	}
	return strings.ReplaceAll(name, "-", " ")
}

// target returns the target of row r for the ratio of pair p, if p
// compares the subject with a peer that r's workload has a target against.
func target(in Input, r Row, p Pair) (suite.Target, bool) {
	if p.Num != in.Subject {
		return suite.Target{}, false
	}
	return r.Workload.Target(r.Metric, p.Den)
}

// writeTargets lists the targets of the rows shown, each with its ratio
// and whether it is met.
func writeTargets(b *bufio.Writer, in Input, rows []Row) {
	var lines []string
	for _, r := range rows {
		for _, sys := range in.Systems {
			t, ok := target(in, r, Pair{in.Subject, sys})
			if !ok {
				continue
			}
			verdict := "not measured"
			if v, ok := r.Ratio(in.Subject, sys); ok && v <= t.Max {
				verdict = fmt.Sprintf("%.3fx, met", v)
			} else if ok {
				verdict = fmt.Sprintf("**%.3fx, missed**", v) // three decimals: a near miss shows as one
			}
			lines = append(lines, fmt.Sprintf("- %s, %s: %s / %s at most %s: %s.\n",
				r.Workload.Title, metricLabel(r), in.Subject, sys, ratio(t.Max), verdict))
		}
	}
	if len(lines) == 0 {
		return
	}
	b.WriteString("Targets (reported, not enforced; a missed one is in bold in the table):\n\n")
	for _, l := range lines {
		b.WriteString(l)
	}
	b.WriteString("\n")
}

func cellText(c Cell, unit string) string {
	switch {
	case c.NA != "":
		return "n/a"
	case !c.OK:
		return "**FAIL**"
	}
	return value(c.Median, unit)
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isPeer reports whether the module at path is actorio or one of the
// peers it is measured against, whose versions the machine table lists.
func isPeer(path string) bool {
	return path == "github.com/actorio/actorio" || path == "github.com/actorio/actorio/remote" ||
		strings.Contains(path, "protoactor") || strings.HasPrefix(path, "github.com/panjf2000/gnet") ||
		path == "github.com/lesismal/nbio" || path == "github.com/nats-io/nats.go" ||
		path == "github.com/nats-io/nats-server/v2" || path == "google.golang.org/grpc"
}

// writeNotYet lists the workloads that the subject (actorio) has no
// implementation of, with the reason, if there are any.
func writeNotYet(b *bufio.Writer, in Input) {
	var lines []string
	for _, r := range in.Results {
		if r.System == in.Subject && r.NA != "" {
			lines = append(lines, fmt.Sprintf("- **%s** (`%s`): %s.\n", r.Workload.Title, r.Workload.Name, r.NA))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "## Not yet benchmarked\n\nWorkloads that %s cannot run yet, reported as n/a above:\n\n", in.Subject)
	for _, l := range lines {
		b.WriteString(l)
	}
	b.WriteString("\n")
}
