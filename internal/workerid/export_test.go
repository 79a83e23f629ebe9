package workerid

// CallersIsWorker is IsWorker through the portable runtime.Callers walk.
func CallersIsWorker() bool {
	target := workerPC.Load()
	return target != 0 && callersOnStack(target, target)
}

// CallersIsRuntime is IsRuntime through the portable runtime.Callers walk.
func CallersIsRuntime() bool {
	w, b, ok := runtimeTargets()
	return ok && callersOnStack(w, b)
}

// Forget clears the recorded return addresses, as before the first Run
// and RunBlocking, so that tests can check each mark on its own. The next
// call records them again.
func Forget() {
	workerPC.Store(0)
	blockingPC.Store(0)
}
