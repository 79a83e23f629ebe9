package echo

// Internals for the external tests.
var (
	ServerMain = serverMain
	ClientMain = clientMain
)
