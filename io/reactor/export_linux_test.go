package reactor

// PretendGoroutinesUnknown makes the io_uring streams behave as where
// goroutines cannot be told apart, until the returned function restores
// it. No reactor may run meanwhile.
func PretendGoroutinesUnknown() (restore func()) {
	saved := gKnown
	gKnown = false
	return func() { gKnown = saved }
}
