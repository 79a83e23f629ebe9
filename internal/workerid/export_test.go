package workerid

// CallersIsWorker is IsWorker through the portable runtime.Callers walk.
func CallersIsWorker() bool {
	target := returnPC.Load()
	return target != 0 && callersOnStack(target)
}
