package netpoll

// Woken returns how many wakeups p's Waits have consumed, so that tests
// can tell a Wait that returned for a Wake from one that timed out.
func Woken(p *Poller) uint64 { return p.woken.Load() }
