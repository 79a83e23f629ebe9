package report

import (
	"encoding/json"
	"io"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Record is one line of results.jsonl: one metric of one system on one
// workload. A failed pair has a single record with metric "time", OK
// false, Runs 0 and its Error; a pair the system cannot run has one with
// NA true (and OK true, since nothing went wrong) and the reason in Error.
type Record struct {
	Workload   string    `json:"workload"`
	System     string    `json:"system"`
	Metric     string    `json:"metric"`
	Unit       string    `json:"unit"`
	Median     float64   `json:"median"`
	Min        float64   `json:"min"`
	Max        float64   `json:"max"`
	Runs       int       `json:"runs"`
	OK         bool      `json:"ok"`
	NA         bool      `json:"na,omitempty"`
	Error      string    `json:"error,omitempty"`
	Values     []float64 `json:"values,omitempty"`
	Quick      bool      `json:"quick"`
	GOMAXPROCS int       `json:"gomaxprocs"`
	Date       string    `json:"date"`
}

// Records flattens results into Records, in result and metric order.
func Records(results []suite.Result, m Machine) []Record {
	var out []Record
	for _, r := range results {
		base := Record{Workload: r.Workload.Name, System: r.System, Quick: m.Quick,
			GOMAXPROCS: m.GOMAXPROCS, Date: m.Date}
		switch {
		case r.NA != "":
			rec := base
			rec.Metric, rec.Unit, rec.OK, rec.NA, rec.Error = suite.MetricTime, r.Workload.TimeUnit(), true, true, r.NA
			out = append(out, rec)
		case !r.OK:
			rec := base
			rec.Metric, rec.Unit, rec.Error = suite.MetricTime, r.Workload.TimeUnit(), r.Err
			out = append(out, rec)
		default:
			for _, s := range r.Metrics {
				rec := base
				rec.Metric, rec.Unit, rec.OK = s.Name, s.Unit, true
				rec.Median, rec.Min, rec.Max, rec.Runs, rec.Values = s.Median, s.Min, s.Max, s.Runs, s.Values
				out = append(out, rec)
			}
		}
	}
	return out
}

// WriteJSONL writes one JSON object per line.
func WriteJSONL(w io.Writer, recs []Record) error {
	enc := json.NewEncoder(w)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}
