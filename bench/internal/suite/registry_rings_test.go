package suite_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/suite"
)

// ringOutcome is the right answer for a ring workload of sizes p.
func ringOutcome(p suite.Params) suite.Outcome {
	o := suite.Outcome{PerRing: make([]int64, p.Rings), PerActor: make([]int64, p.Rings*p.Actors)}
	for k := range o.PerRing {
		o.PerRing[k] = int64(p.N / p.Rings)
	}
	for i := range o.PerActor {
		o.PerActor[i] = int64(suite.RingLaps(p))
	}
	return o
}

func TestRingChecks(t *testing.T) {
	byName := map[string]suite.Workload{}
	for _, w := range suite.Workloads() {
		byName[w.Name] = w
	}
	tests := []struct {
		name    string
		give    func(o suite.Outcome) suite.Outcome
		wantErr string
	}{
		{name: "right", give: func(o suite.Outcome) suite.Outcome { return o }},
		{name: "a token short of a hop", give: func(o suite.Outcome) suite.Outcome { o.PerRing[0]--; return o },
			wantErr: "ring 0's token came back with hop count"},
		{name: "a token lost", give: func(o suite.Outcome) suite.Outcome { o.PerRing = o.PerRing[1:]; return o },
			wantErr: "tokens came back"},
		{name: "a member forwarded twice once", give: func(o suite.Outcome) suite.Outcome { o.PerActor[len(o.PerActor)-1]++; return o },
			wantErr: "member 99 forwarded"},
		{name: "a member missing", give: func(o suite.Outcome) suite.Outcome { o.PerActor = o.PerActor[1:]; return o },
			wantErr: "forward counts"},
	}
	for _, name := range []string{"rings-20x100", "ring-1x100"} {
		w, ok := byName[name]
		require.True(t, ok, name)
		for size, p := range map[string]suite.Params{"quick": w.Quick, "full": w.Full} {
			require.Zerof(t, p.N%(p.Rings*p.Actors), "%s: N is a whole number of laps", name)
			require.Positive(t, suite.RingLaps(p), name)
			for _, tt := range tests {
				t.Run(name+"/"+size+"/"+tt.name, func(t *testing.T) {
					// Each case gets fresh slices: the edits above modify them.
					err := w.Check(p, tt.give(ringOutcome(p)))
					if tt.wantErr == "" {
						assert.NoError(t, err)
						return
					}
					assert.ErrorContains(t, err, tt.wantErr)
				})
			}
		}
		assert.Less(t, w.Quick.N, w.Full.N, "%s: the quick suite is smaller", name)
	}
	bad := byName["rings-20x100"]
	assert.ErrorContains(t, bad.Check(suite.Params{N: 1001, Rings: 20, Actors: 100}, suite.Outcome{}), "whole number of laps")
}
