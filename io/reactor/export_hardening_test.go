package reactor

// AcceptRetry exposes acceptRetry to the tests: a listener whose accept
// failed tries again no sooner.
const AcceptRetry = acceptRetry

// AcceptLogEvery exposes acceptLogEvery to the tests: a listener logs its
// failed accepts no more often.
const AcceptLogEvery = acceptLogEvery
