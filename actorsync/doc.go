// Package actorsync coordinates actors without blocking them: a
// Semaphore that bounds concurrent use of something across actors, a
// Watch that tells subscribers the latest value of something that
// changes, and a Topic that broadcasts to subscriber actors, each with a
// bounded backlog. They are Tokio's sync::Semaphore, sync::watch and
// sync::broadcast, shaped for actors: every wait is a future or a
// message, never a blocked dispatcher worker, and what an actor holds is
// released when it stops (see actor.Context.Cleanup).
package actorsync
