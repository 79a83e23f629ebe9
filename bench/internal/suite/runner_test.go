package suite_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/suite"
)

// sumWorkload expects Count == N and Sum == 42.
var sumWorkload = suite.Workload{
	Name: "fake", Title: "Fake", Op: "op",
	Quick: suite.Params{N: 10}, Full: suite.Params{N: 1000},
	Ops: func(p suite.Params) int { return p.N },
	Check: func(p suite.Params, o suite.Outcome) error {
		if o.Count != int64(p.N) || o.Sum != 42 {
			return errors.New("wrong")
		}
		return nil
	},
}

func fake(o suite.Outcome, err error) suite.Func {
	return func(r *suite.Run) (suite.Outcome, error) {
		r.Start()
		time.Sleep(time.Millisecond)
		r.Stop()
		return o, err
	}
}

func TestExecute(t *testing.T) {
	tests := []struct {
		name    string
		give    suite.Func
		wantOK  bool
		wantErr string
	}{
		{name: "right answer", give: fake(suite.Outcome{Count: 10, Sum: 42}, nil), wantOK: true},
		{name: "wrong answer", give: fake(suite.Outcome{Count: 10, Sum: 41}, nil), wantErr: "wrong result"},
		{name: "error", give: fake(suite.Outcome{}, errors.New("boom")), wantErr: "boom"},
		{name: "panic", give: func(*suite.Run) (suite.Outcome, error) { panic("oops") }, wantErr: "panic: oops"},
		{name: "never started", give: func(*suite.Run) (suite.Outcome, error) {
			return suite.Outcome{Count: 10, Sum: 42}, nil
		}, wantErr: "never called Run.Start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := suite.System{Name: "s", Funcs: map[string]suite.Func{"fake": tt.give}}
			res := suite.Execute(suite.Config{Workloads: []suite.Workload{sumWorkload}, Systems: []suite.System{sys}, Count: 3, Quick: true})
			require.Len(t, res, 1)
			assert.Equal(t, tt.wantOK, res[0].OK)
			if !tt.wantOK {
				assert.Contains(t, res[0].Err, tt.wantErr)
				assert.Empty(t, res[0].Metrics, "a failed pair must carry no numbers")
				return
			}
			m, ok := res[0].Metric(suite.MetricTime)
			require.True(t, ok)
			assert.Equal(t, 3, m.Runs)
			assert.Equal(t, "ns/op", m.Unit)
			assert.Greater(t, m.Min, 0.0)
			assert.LessOrEqual(t, m.Min, m.Median)
			assert.LessOrEqual(t, m.Median, m.Max)
		})
	}
}

func TestExecuteNotApplicableAndProgress(t *testing.T) {
	ok := suite.System{Name: "ok", Funcs: map[string]suite.Func{"fake": fake(suite.Outcome{Count: 10, Sum: 42}, nil)}}
	na := suite.System{Name: "na", NA: map[string]string{"fake": "no such thing"}}
	var progress strings.Builder
	res := suite.Execute(suite.Config{Workloads: []suite.Workload{sumWorkload}, Systems: []suite.System{ok, na},
		Count: 2, Quick: true, Progress: &progress})
	require.Len(t, res, 2)
	assert.True(t, res[0].OK)
	assert.Equal(t, "no such thing", res[1].NA)
	assert.Empty(t, res[1].Metrics)
	assert.Equal(t, 2, strings.Count(progress.String(), "\n"), "one progress line per run")
}

func TestExecuteRotatesSystems(t *testing.T) {
	var order []string
	record := func(name string) suite.Func {
		return func(r *suite.Run) (suite.Outcome, error) {
			order = append(order, name)
			r.Start()
			return suite.Outcome{Count: 10, Sum: 42}, nil
		}
	}
	var ss []suite.System
	for _, name := range []string{"a", "b", "c"} {
		ss = append(ss, suite.System{Name: name, Funcs: map[string]suite.Func{"fake": record(name)}})
	}
	res := suite.Execute(suite.Config{Workloads: []suite.Workload{sumWorkload}, Systems: ss, Count: 3, Quick: true})
	assert.Equal(t, []string{"a", "b", "c", "b", "c", "a", "c", "a", "b"}, order)
	require.Len(t, res, 3)
	assert.Equal(t, "a", res[0].System, "results stay in system order")
}

func TestExecuteOutOfProcessReportsNoAllocations(t *testing.T) {
	w := sumWorkload
	w.OutOfProcess = true
	sys := suite.System{Name: "s", Funcs: map[string]suite.Func{"fake": fake(suite.Outcome{Count: 10, Sum: 42,
		Extra: []suite.Metric{{Name: "rss-per-conn", Unit: "B/conn", Value: 600}}}, nil)}}
	res := suite.Execute(suite.Config{Workloads: []suite.Workload{w}, Systems: []suite.System{sys}, Count: 1, Quick: true})
	require.Len(t, res, 1)
	require.True(t, res[0].OK, res[0].Err)
	var names []string
	for _, m := range res[0].Metrics {
		names = append(names, m.Name)
	}
	assert.Equal(t, []string{suite.MetricTime, "rss-per-conn"}, names)
}

func TestSelect(t *testing.T) {
	all, err := suite.Select("all")
	require.NoError(t, err)
	assert.Len(t, all, len(suite.Workloads()))

	two, err := suite.Select("skynet, flood")
	require.NoError(t, err)
	require.Len(t, two, 2)
	assert.Equal(t, "flood", two[0].Name, "report order, not flag order")

	_, err = suite.Select("nope")
	assert.Error(t, err)
}

// TestChecksRejectWrongAnswers feeds every workload an empty outcome,
// which is never a right answer.
func TestChecksRejectWrongAnswers(t *testing.T) {
	for _, w := range suite.Workloads() {
		assert.Errorf(t, w.Check(w.Quick, suite.Outcome{}), "%s accepted an empty outcome", w.Name)
	}
}
