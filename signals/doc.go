// Package signals delivers the process's OS signals to actors as
// messages, and as futures, so that a service's main reads as Tokio's
// signal::ctrl_c().await does:
//
//	interrupted, stop := signals.Next(os.Interrupt, syscall.SIGTERM)
//	defer stop()
//	sig, _ := interrupted.Await(context.Background())
//	log.Printf("%v: shutting down", sig)
//	sys.Shutdown(ctx)
//
// Both start one goroutine, owned by the stop function they return, which
// ends it and waits for it. While a signal is being relayed, its default
// action (such as terminating the process on SIGINT) does not happen, as
// with os/signal.Notify.
package signals
