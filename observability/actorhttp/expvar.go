package actorhttp

import (
	"expvar"
	"fmt"
	"sync"

	"github.com/actorio/actorio/actor"
)

// expvarMu makes PublishExpvar's check and publish one step for callers
// in this package; others publishing the same name at the same moment can
// still make expvar panic.
var expvarMu sync.Mutex

// PublishExpvar publishes the Metrics of sys under name in package expvar
// (and so at /debug/vars, which importing expvar registers on
// http.DefaultServeMux), computed afresh on every read. Expvar names are
// global to the program and expvar.Publish panics on a name in use, so
// PublishExpvar returns an error instead if name is taken. The variable
// cannot be removed: after Shutdown it keeps reporting the final
// counters.
func PublishExpvar(sys *actor.System, name string) error {
	expvarMu.Lock()
	defer expvarMu.Unlock()
	if expvar.Get(name) != nil {
		return fmt.Errorf("actorhttp: expvar %q is already published", name)
	}
	expvar.Publish(name, expvar.Func(func() any { return sys.Metrics() }))
	return nil
}
