package embedded_test

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"
)

// jetstreamConfig is the stream the JetStream tests use.
var jetstreamConfig = jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}}

// jetStream returns a JetStream context on a new client of url.
func jetStream(t *testing.T, url string) jetstream.JetStream {
	t.Helper()
	js, err := jetstream.New(connect(t, url))
	require.NoError(t, err)
	return js
}
