package actorhttp

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"

	"github.com/actorio/actorio/actor"
)

// Handler returns an HTTP handler, using only the standard library, that
// serves for sys:
//
//	GET /metrics  System.Metrics as "name value" lines, or JSON with ?format=json
//	GET /actors   System.Dump as text, or System.Snapshot as JSON with ?format=json
//
// Every request reads the system afresh; nothing is computed while no one
// asks.
func Handler(sys *actor.System) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		m := sys.Metrics()
		if r.URL.Query().Get("format") == "json" {
			writeJSON(w, m)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_ = writeMetrics(w, m)
	})
	mux.HandleFunc("GET /actors", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("format") == "json" {
			writeJSON(w, sys.Snapshot())
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_ = sys.Dump(w)
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
func writeMetrics(w io.Writer, m actor.Metrics) error {
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
