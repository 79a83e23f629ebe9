package remote_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
)

// Tells, requests and references inside messages work with every codec.
func TestEveryCodec(t *testing.T) {
	for _, tt := range []struct {
		name  string
		codec func(...codec.Option) (codec.Codec, error)
	}{
		{"cbor", codec.CBOR},
		{"json", codec.JSON},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reg := func() *codec.Registry {
				c, err := tt.codec()
				require.NoError(t, err)
				r := codec.NewRegistry(c)
				require.NoError(t, codec.Register[Get](r, "test.Get"))
				require.NoError(t, codec.Register[Value](r, "test.Value"))
				require.NoError(t, codec.Register[Subscribe](r, "test.Subscribe"))
				return r
			}
			a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(reg()))
			b := startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(reg()))
			spawnStore(t, a)
			store := lookup[Get](t, b, "store")
			v, err := ask(store, "k", 10*time.Second).Await(t.Context())
			require.NoError(t, err)
			require.Equal(t, "v-k", v.Val)
			require.True(t, store == v.Owner, "a Ref in the reply")

			got := make(chan Value, 1)
			sub, err := actor.SpawnFunc(b.System(), func(_ *actor.Context[Value], v Value) { got <- v })
			require.NoError(t, err)
			pub, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Subscribe], s Subscribe) {
				_ = s.To.Send(Value{Key: s.Topic, Val: "news"})
			})
			require.NoError(t, err)
			require.NoError(t, remote.Register(a, "pub", pub))
			require.NoError(t, lookup[Subscribe](t, b, "pub").Send(Subscribe{Topic: "t", To: sub}))
			require.Equal(t, "news", recv(t, got).Val)
		})
	}
}
