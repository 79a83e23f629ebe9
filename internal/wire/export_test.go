package wire

// Goid exposes the fallback goroutine key for tests on every platform.
var Goid = goid
