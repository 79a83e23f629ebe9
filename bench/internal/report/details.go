package report

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/actorio/actorio/bench/internal/suite"
)

// writeDetails writes a section per workload: definition, sizes, and a
// table of every metric per system with median and min-max.
func writeDetails(b *bufio.Writer, in Input) {
	b.WriteString("## Workloads\n\n")
	var order []string
	byName := map[string][]suite.Result{}
	for _, r := range in.Results {
		if _, ok := byName[r.Workload.Name]; !ok {
			order = append(order, r.Workload.Name)
		}
		byName[r.Workload.Name] = append(byName[r.Workload.Name], r)
	}
	for _, name := range order {
		rs := byName[name]
		w := rs[0].Workload
		fmt.Fprintf(b, "### %s\n\n<a id=\"%s\"></a>`%s`: %s\n\nSizes: %s.\n\n", w.Title, w.Name, w.Name, w.Definition, sizes(rs[0].Params))
		metrics := metricColumns(rs, w.Op)
		b.WriteString("| system |")
		for _, m := range metrics {
			fmt.Fprintf(b, " %s |", m.title)
		}
		b.WriteString(" runs |\n|---|" + strings.Repeat("---:|", len(metrics)+1) + "\n")
		for _, r := range rs {
			fmt.Fprintf(b, "| %s |", r.System)
			switch {
			case r.NA != "":
				fmt.Fprintf(b, " n/a: %s |%s 0 |\n", oneLine(r.NA), strings.Repeat(" |", len(metrics)-1))
				continue
			case !r.OK:
				fmt.Fprintf(b, " **FAIL**: %s |%s 0 |\n", oneLine(r.Err), strings.Repeat(" |", len(metrics)-1))
				continue
			}
			runs := 0
			for _, m := range metrics {
				s, ok := r.Metric(m.name)
				if !ok {
					b.WriteString(" — |")
					continue
				}
				runs = s.Runs
				cell := value(s.Median, s.Unit)
				if s.Runs > 1 {
					cell += fmt.Sprintf(" (%s–%s)", value(s.Min, s.Unit), value(s.Max, s.Unit))
				}
				fmt.Fprintf(b, " %s |", cell)
			}
			fmt.Fprintf(b, " %d |\n", runs)
		}
		b.WriteString("\n")
	}
}

type column struct{ name, title string }

// metricColumns returns the metrics measured by any of rs, in the order
// first seen, with their column titles.
func metricColumns(rs []suite.Result, op string) []column {
	var cols []column
	seen := map[string]bool{}
	for _, r := range rs {
		for _, s := range r.Metrics {
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			title := s.Name
			switch s.Name {
			case suite.MetricTime:
				title = "time per run"
				if s.Unit == "ns/op" {
					title = "time per " + op
				}
			case suite.MetricThroughput:
				title = "throughput"
			case suite.MetricAllocs:
				title = s.Unit
			case suite.MetricBytes:
				title = s.Unit
			case suite.MetricPeakHeap:
				title = "peak heap+stack"
			default:
				title = metricTitle(s.Name, op)
			}
			cols = append(cols, column{s.Name, title})
		}
	}
	if len(cols) == 0 {
		cols = []column{{suite.MetricTime, "time"}}
	}
	return cols
}

func sizes(p suite.Params) string {
	var parts []string
	if p.N > 0 {
		parts = append(parts, fmt.Sprintf("N = %d", p.N))
	}
	if p.Rings > 0 {
		parts = append(parts, fmt.Sprintf("Rings = %d", p.Rings))
	}
	if p.Actors > 0 {
		parts = append(parts, fmt.Sprintf("Actors = %d", p.Actors))
	}
	if p.InFlight > 0 {
		parts = append(parts, fmt.Sprintf("InFlight = %d", p.InFlight))
	}
	if p.Span > 0 {
		parts = append(parts, fmt.Sprintf("Span = %v", p.Span))
	}
	if p.Conns > 0 {
		parts = append(parts, fmt.Sprintf("Conns = %d", p.Conns))
	}
	if p.Payload > 0 {
		parts = append(parts, fmt.Sprintf("Payload = %d B", p.Payload))
	}
	return strings.Join(parts, ", ")
}
