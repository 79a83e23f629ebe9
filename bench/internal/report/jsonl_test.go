package report_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/report"
)

func TestJSONLFormat(t *testing.T) {
	m := report.Machine{GOMAXPROCS: 2, Date: "2026-01-02T03:04:05Z"}
	var buf bytes.Buffer
	require.NoError(t, report.WriteJSONL(&buf, report.Records(results(), m)))

	type key struct{ system, metric string }
	got := map[key]map[string]any{}
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var obj map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &obj), "each line is one JSON object: %s", sc.Text())
		for _, field := range []string{"workload", "system", "metric", "unit", "median", "min", "max", "runs", "ok"} {
			require.Containsf(t, obj, field, "line %s", sc.Text())
		}
		got[key{obj["system"].(string), obj["metric"].(string)}] = obj
	}
	require.Len(t, got, 2+2+1+1, "two metrics for each measured system, one record for the failure and the n/a")

	tests := []struct {
		name string
		give key
		want map[string]any
	}{
		{name: "measured", give: key{"plain-go", "time"}, want: map[string]any{
			"workload": "flood", "unit": "ns/op", "median": 100.0, "min": 90.0, "max": 120.0, "runs": 3.0, "ok": true}},
		{name: "failed carries no number", give: key{"protoactor", "time"}, want: map[string]any{
			"ok": false, "runs": 0.0, "median": 0.0, "error": "wrong result: count = 1, want 100"}},
		{name: "not applicable", give: key{"other", "time"}, want: map[string]any{
			"ok": true, "na": true, "runs": 0.0, "error": "no equivalent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, ok := got[tt.give]
			require.True(t, ok)
			for k, v := range tt.want {
				assert.Equal(t, v, obj[k], k)
			}
			assert.Equal(t, 2.0, obj["gomaxprocs"])
			assert.Equal(t, "2026-01-02T03:04:05Z", obj["date"])
		})
	}
}
