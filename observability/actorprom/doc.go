// Package actorprom exports an actorio system's metrics to Prometheus.
//
// It lives in a module of its own so that the actorio library does not
// depend on the Prometheus client. Register a Collector with a registry:
//
//	reg := prometheus.NewRegistry()
//	reg.MustRegister(actorprom.NewCollector(sys))
//	http.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
//
// Each scrape calls System.Metrics once, which walks the actor tree for the
// mailbox figures, so it costs time in proportion to the live actors.
//
// # Metrics
//
// Counters: actorio_actors_started_total, actorio_actors_stopped_total,
// actorio_actors_restarted_total, actorio_messages_processed_total,
// actorio_dead_letters_total{reason}, actorio_turns_total and
// actorio_slow_handlers_total. Gauges: actorio_actors_alive,
// actorio_workers, actorio_workers_busy, actorio_run_queue,
// actorio_blocking_active, actorio_blocking_queued,
// actorio_timers_pending and actorio_mailbox_max. Histograms:
// actorio_mailbox_depth (queued user messages per live actor, an
// estimate) and actorio_turn_duration_seconds (a sample of one turn in
// 64; a turn is up to Options.Budget messages of one actor).
package actorprom
