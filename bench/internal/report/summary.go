package report

import (
	"slices"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Row is one workload's primary metric across the systems, in system
// order: what the summary table and the charts compare.
type Row struct {
	Workload suite.Workload
	Metric   string
	Unit     string
	Cells    []Cell
}

// Cell is one system's median of a Row's metric, or why there is none.
type Cell struct {
	System string
	Median float64
	Min    float64
	Max    float64
	OK     bool   // measured and verified
	NA     string // not applicable, with the reason
	Err    string // the failure, when not OK and not NA
}

// Summarize builds a Row per workload and summary metric (the primary
// first, then the workload's Summary metrics) from results, with one cell
// per system in the order given.
func Summarize(results []suite.Result, systems []string) []Row {
	var rows []Row
	index := map[string]int{} // workload name -> its first row
	for _, r := range results {
		metrics := r.Workload.SummaryMetrics()
		first, ok := index[r.Workload.Name]
		if !ok {
			first = len(rows)
			index[r.Workload.Name] = first
			for _, metric := range metrics {
				row := Row{Workload: r.Workload, Metric: metric, Cells: make([]Cell, len(systems))}
				for j, s := range systems {
					row.Cells[j] = Cell{System: s, Err: "not run"}
				}
				rows = append(rows, row)
			}
		}
		for j, s := range systems {
			if s != r.System {
				continue
			}
			for k := range metrics {
				row := &rows[first+k]
				c := Cell{System: s, NA: r.NA, Err: r.Err}
				if m, ok := r.Metric(row.Metric); ok && r.OK {
					c.Median, c.Min, c.Max, c.OK, c.Err = m.Median, m.Min, m.Max, true, ""
					row.Unit = m.Unit
				} else if r.OK && r.NA == "" {
					c.Err = "metric " + row.Metric + " missing"
				}
				row.Cells[j] = c
			}
		}
	}
	return rows
}

// Primary reports whether the row is its workload's primary metric, the
// one the chart draws.
func (r Row) Primary() bool { return r.Metric == r.Workload.PrimaryMetric() }

// Cell returns the cell of the named system.
func (r Row) Cell(system string) (Cell, bool) {
	for _, c := range r.Cells {
		if c.System == system {
			return c, true
		}
	}
	return Cell{}, false
}

// Ratio returns the median of system a over that of system b, and false
// unless both were measured and verified.
func (r Row) Ratio(a, b string) (float64, bool) {
	ca, okA := r.Cell(a)
	cb, okB := r.Cell(b)
	if !okA || !okB || !ca.OK || !cb.OK {
		return 0, false
	}
	return suite.Ratio(ca.Median, cb.Median)
}

// Pair names a ratio column: Num's median over Den's.
type Pair struct{ Num, Den string }

// Variant is a configuration of the subject measured beside it, such as
// actorio with one dispatcher worker. It is compared with the subject
// only: its ratio column is subject / variant; it has none against the
// baseline or the peers, and no bar in the chart.
type Variant struct {
	Name string
	// What says what the variant is, for the summary's explanation.
	What string
	// Limit, when positive, is the highest subject / variant ratio that
	// meets the target; the summary shows a higher one in bold.
	Limit float64
}

// Pairs returns the ratios to show: every other system against the
// baseline, then the subject against every peer (every system that is
// neither the subject, nor the baseline, nor one of the subject's
// variants), then the subject against each of its variants.
func Pairs(systems []string, baseline, subject string, variants ...string) []Pair {
	var out []Pair
	isVariant := func(s string) bool { return slices.Contains(variants, s) }
	if slices.Contains(systems, baseline) {
		for _, s := range systems {
			if s != baseline && !isVariant(s) {
				out = append(out, Pair{s, baseline})
			}
		}
	}
	if slices.Contains(systems, subject) {
		for _, s := range systems {
			if s != baseline && s != subject && !isVariant(s) {
				out = append(out, Pair{subject, s})
			}
		}
		for _, s := range systems {
			if s != subject && isVariant(s) {
				out = append(out, Pair{subject, s})
			}
		}
	}
	return out
}

// Compared returns systems without the variants, in the same order: the
// systems that the chart draws against the baseline.
func Compared(systems []string, variants []Variant) []string {
	return slices.DeleteFunc(slices.Clone(systems), func(s string) bool {
		return slices.ContainsFunc(variants, func(v Variant) bool { return v.Name == s })
	})
}

// measuredPairs returns the pairs that have a ratio in at least one row:
// a column of dashes (actorio against gnet before actorio has an echo
// server, say) says nothing.
func measuredPairs(rows []Row, pairs []Pair) []Pair {
	var out []Pair
	for _, p := range pairs {
		for _, r := range rows {
			if _, ok := r.Ratio(p.Num, p.Den); ok {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
