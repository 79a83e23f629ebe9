package codec_test

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

// TestID is FNV-1a 32 of the name, as hash/fnv computes it.
func TestID(t *testing.T) {
	for _, name := range []string{"", "a", "chat.Message", "héllo", "actorio/remote.Ping\x00"} {
		h := fnv.New32a()
		_, _ = io.WriteString(h, name)
		require.Equal(t, h.Sum32(), codec.ID(name), "name %q", name)
	}
	require.Equal(t, uint32(0x811c9dc5), codec.ID(""))
	require.Zero(t, testing.AllocsPerRun(10, func() { _ = codec.ID("chat.Message") }))
}

// collidingNames are two names with the same FNV-1a 32 hash, found by a
// search over a word list; TestRegisterErrors checks that they collide.
var collidingNames = [2]string{"costarring", "liquid"}

// TestRegisterErrors rejects every registration that would make the wire
// ambiguous or that no codec can carry, and leaves the registry as it
// was.
func TestRegisterErrors(t *testing.T) {
	require.Equal(t, codec.ID(collidingNames[0]), codec.ID(collidingNames[1]), "the names must collide")
	require.NotEqual(t, collidingNames[0], collidingNames[1])

	tests := []struct {
		name     string
		register func(r *codec.Registry) error
		want     error
	}{
		{"same type same name", func(r *codec.Registry) error { return codec.Register[Message](r, "test.Message") }, nil},
		{"name of another type", func(r *codec.Registry) error { return codec.Register[Boom](r, "test.Message") }, codec.ErrDuplicate},
		{"type under another name", func(r *codec.Registry) error { return codec.Register[Message](r, "test.Message2") }, codec.ErrDuplicate},
		{"colliding ID", func(r *codec.Registry) error { return codec.Register[Boom](r, collidingNames[1]) }, codec.ErrDuplicate},
		{"interface", func(r *codec.Registry) error { return codec.Register[error](r, "test.Error") }, codec.ErrInvalidRegistration},
		{"any", func(r *codec.Registry) error { return codec.Register[any](r, "test.Any") }, codec.ErrInvalidRegistration},
		{"func", func(r *codec.Registry) error { return codec.Register[func()](r, "test.Func") }, codec.ErrInvalidRegistration},
		{"chan", func(r *codec.Registry) error { return codec.Register[chan int](r, "test.Chan") }, codec.ErrInvalidRegistration},
		{"unsafe pointer", func(r *codec.Registry) error { return codec.Register[unsafe.Pointer](r, "test.Ptr") }, codec.ErrInvalidRegistration},
		{"empty name", func(r *codec.Registry) error { return codec.Register[Boom](r, "") }, codec.ErrInvalidRegistration},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := codec.NewRegistry(nil)
			require.NoError(t, codec.Register[Message](r, "test.Message"))
			require.NoError(t, codec.Register[Inner](r, collidingNames[0]))

			err := tt.register(r)
			if tt.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.want)
			}

			// Nothing changed: the two types keep their names.
			name, ok := r.NameOf(Message{})
			require.True(t, ok)
			require.Equal(t, "test.Message", name)
			name, ok = r.Name(codec.ID(collidingNames[1]))
			require.True(t, ok)
			require.Equal(t, collidingNames[0], name)
			_, ok = r.NameOf(Boom{})
			require.False(t, ok)
		})
	}
}

// TestRegistryLookupErrors encodes only registered types and decodes only
// registered IDs.
func TestRegistryLookupErrors(t *testing.T) {
	r := newRegistry(t, nil)
	require.Equal(t, "cbor", r.Codec().Name(), "a nil codec means CBOR")

	tests := []struct {
		name string
		give any
	}{
		{"nil", nil},
		{"unregistered", Chat{}},
		{"pointer to registered", &Inner{}},
		{"same underlying type", struct {
			Name  string
			Score float64
		}{}},
	}
	for _, tt := range tests {
		t.Run("encode/"+tt.name, func(t *testing.T) {
			dst := []byte("keep")
			id, out, err := r.Encode(dst, tt.give)
			require.ErrorIs(t, err, codec.ErrUnregistered)
			require.Zero(t, id)
			require.Equal(t, dst, out)
			_, ok := r.NameOf(tt.give)
			require.False(t, ok)
		})
	}

	v, err := r.Decode(codec.ID("test.Nope"), []byte{0xa0})
	require.ErrorIs(t, err, codec.ErrUnknownType)
	require.NotErrorIs(t, err, codec.ErrDecode)
	require.Nil(t, v)
	_, ok := r.Name(codec.ID("test.Nope"))
	require.False(t, ok)
}

// TestRegistryConcurrent registers types while other goroutines encode
// and decode, and checks that every round trip of a registered type
// succeeds.
func TestRegistryConcurrent(t *testing.T) {
	r := newRegistry(t, nil)
	register := []func() error{
		func() error { return codec.Register[Chat](r, "test.Chat") },
		func() error { return codec.Register[Batch](r, "test.Batch") },
		func() error { return codec.Register[Item](r, "test.Item") },
		func() error { return codec.Register[[]byte](r, "test.Bytes") },
	}
	const workers, rounds = 4, 300
	var wg sync.WaitGroup
	var roundTrips sync.Map
	for w := range workers {
		wg.Go(func() {
			// assert, not require: FailNow must not be called here.
			for i := range rounds {
				if i%100 == 0 {
					assert.NoError(t, register[w]())
				}
				msg := fullMessage()
				msg.ID = int64(w*rounds + i)
				id, data, err := r.Encode(nil, msg)
				if !assert.NoError(t, err) {
					return
				}
				got, err := r.Decode(id, data)
				if assert.NoError(t, err) && assert.Equal(t, msg, got) {
					roundTrips.Store(msg.ID, true)
				}
			}
		})
	}
	wg.Wait()
	n := 0
	roundTrips.Range(func(any, any) bool { n++; return true })
	require.Equal(t, workers*rounds, n)
	for _, name := range []string{"test.Chat", "test.Batch", "test.Item", "test.Bytes"} {
		got, ok := r.Name(codec.ID(name))
		require.True(t, ok)
		require.Equal(t, name, got)
	}
}

// stubCodec is a Codec outside this package, whose errors do not wrap
// ErrDecode or ErrEncode, and which panics with panicWith if it is set.
type stubCodec struct {
	err       error
	panicWith any
}

func (s stubCodec) Name() string { return "stub" }
func (s stubCodec) Append(dst []byte, _ any) ([]byte, error) {
	if s.panicWith != nil {
		panic(s.panicWith)
	}
	return dst, s.err
}
func (s stubCodec) Decode([]byte, any) error {
	if s.panicWith != nil {
		panic(s.panicWith)
	}
	return s.err
}

// TestRegistryForeignCodec makes errors and panics of any Codec match
// ErrDecode, and errors of any Codec match ErrEncode, while keeping the
// cause.
func TestRegistryForeignCodec(t *testing.T) {
	cause := errors.New("stub: broken")
	r := codec.NewRegistry(stubCodec{err: cause})
	require.NoError(t, codec.Register[Inner](r, "test.Inner"))

	_, _, err := r.Encode(nil, Inner{})
	require.ErrorIs(t, err, codec.ErrEncode)
	require.ErrorIs(t, err, cause)
	_, err = r.Decode(codec.ID("test.Inner"), nil)
	require.ErrorIs(t, err, codec.ErrDecode)
	require.ErrorIs(t, err, cause)
	require.Contains(t, err.Error(), "test.Inner")

	// A codec's own error that already wraps ErrDecode is kept as it is.
	own := fmt.Errorf("stub: %w", codec.ErrDecode)
	r = codec.NewRegistry(stubCodec{err: own})
	require.NoError(t, codec.Register[Inner](r, "test.Inner"))
	_, err = r.Decode(codec.ID("test.Inner"), nil)
	require.Equal(t, own, err)

	tests := []struct {
		name      string
		panicWith any
	}{
		{"panic with a string", "stub: kaboom"},
		{"panic with an error", cause},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := codec.NewRegistry(stubCodec{panicWith: tt.panicWith})
			require.NoError(t, codec.Register[Inner](r, "test.Inner"))
			dst := []byte("keep")
			id, out, err := r.Encode(dst, Inner{})
			require.ErrorIs(t, err, codec.ErrEncode)
			require.ErrorContains(t, err, fmt.Sprint(tt.panicWith))
			require.Zero(t, id)
			require.Equal(t, dst, out)
			v, err := r.Decode(codec.ID("test.Inner"), nil)
			require.ErrorIs(t, err, codec.ErrDecode)
			require.ErrorContains(t, err, fmt.Sprint(tt.panicWith))
			if perr, ok := tt.panicWith.(error); ok {
				require.ErrorIs(t, err, perr)
			}
			require.Nil(t, v)
		})
	}
}
