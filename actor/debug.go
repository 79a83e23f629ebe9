package actor

import (
	"encoding/json"
	"expvar"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
)

// expvarMu makes PublishExpvar's check and publish one step for callers
// in this package; others publishing the same name at the same moment can
// still make expvar panic.
var expvarMu sync.Mutex

// PublishExpvar publishes the system's Metrics under name in package
// expvar (and so at /debug/vars), computed afresh on every read. Expvar
// names are global to the program and expvar.Publish panics on a name in
// use, so PublishExpvar returns an error instead if name is taken. The
// variable cannot be removed: after Shutdown it keeps reporting the final
// counters.
func (s *System) PublishExpvar(name string) error {
	expvarMu.Lock()
	defer expvarMu.Unlock()
	if expvar.Get(name) != nil {
		return fmt.Errorf("actor: expvar %q is already published", name)
	}
	expvar.Publish(name, expvar.Func(func() any { return s.Metrics() }))
	return nil
}

// DebugHandler returns an HTTP handler, using only the standard library,
// that serves:
//
//	/metrics  Metrics as text, or JSON with ?format=json
//	/actors   Dump as text, or Snapshot as JSON with ?format=json
//
// Mount it under a prefix as with net/http/pprof:
//
//	mux.Handle("/debug/actorio/", http.StripPrefix("/debug/actorio", sys.DebugHandler()))
//
// It exposes actor paths and message types: serve it only to operators.
func (s *System) DebugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		m := s.Metrics()
		if r.URL.Query().Get("format") == "json" {
			writeJSON(w, m)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_ = writeMetrics(w, m)
	})
	mux.HandleFunc("GET /actors", func(w http.ResponseWriter, r *http.Request) {
		actors := s.Snapshot()
		if r.URL.Query().Get("format") == "json" {
			writeJSON(w, actors)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_ = writeActors(w, actors)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// writeMetrics writes m as "name value" lines.
func writeMetrics(w io.Writer, m Metrics) error {
	var b []byte
	line := func(name string, v any) { b = fmt.Appendf(b, "%s %v\n", name, v) }
	line("actors_started", m.ActorsStarted)
	line("actors_stopped", m.ActorsStopped)
	line("actors_restarted", m.ActorsRestarted)
	line("actors_alive", m.ActorsAlive)
	line("messages_processed", m.MessagesProcessed)
	line("dead_letters", m.DeadLetters)
	reasons := make([]string, 0, len(m.DeadLettersByReason))
	for r := range m.DeadLettersByReason {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		line(fmt.Sprintf("dead_letters{reason=%q}", r), m.DeadLettersByReason[r])
	}
	line("workers", m.Workers)
	line("workers_busy", m.WorkersBusy)
	line("turns", m.Turns)
	line("run_queue", m.RunQueue)
	line("blocking_active", m.BlockingActive)
	line("blocking_queued", m.BlockingQueued)
	line("timers_pending", m.TimersPending)
	line("slow_handlers", m.SlowHandlers)
	line("mailbox_max", m.MailboxMax)
	line("mailbox_total", m.MailboxTotal)
	line("mailbox_depth_log2", []uint64(m.MailboxDepth))
	line("turn_nanos_log2", []uint64(m.TurnNanos))
	line("turn_nanos_sum", m.TurnNanosSum)
	_, err := w.Write(b)
	return err
}
