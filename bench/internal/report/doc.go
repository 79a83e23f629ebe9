// Package report writes the suite's results: a Markdown report with the
// machine description and ratios, JSON lines with one object per
// (workload, system, metric), and ratio charts in PNG and SVG.
package report
