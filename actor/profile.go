package actor

import (
	"context"
	"reflect"
	"runtime/pprof"
)

// labels returns the actor's pprof label context (Options.ProfilerLabels),
// made on its first turn and kept in its extras. Only its turn calls it.
func (p *proc[M]) labels() context.Context {
	x := p.extras()
	if x.labels == nil {
		x.labels = pprof.WithLabels(context.Background(),
			pprof.Labels("actor", p.path(), "message", reflect.TypeFor[M]().String()))
	}
	return x.labels
}
