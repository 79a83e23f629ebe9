package codec_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

// Inner is nested in Message.
type Inner struct {
	Name  string
	Score float64
}

// Message exercises the shapes a message can take.
type Message struct {
	ID     int64
	Seq    uint32
	Delta  int8
	Ok     bool
	From   string
	Text   string
	Tags   []string
	Counts map[string]int
	Inner  Inner
	Kids   []Inner
	Ptr    *Inner
	NilPtr *Inner
	Blob   []byte
	At     time.Time
}

// Boom panics in every custom unmarshaler and marshaler of the codecs.
type Boom struct{ X int }

func (*Boom) UnmarshalCBOR([]byte) error  { panic("boom: UnmarshalCBOR") }
func (*Boom) UnmarshalJSON([]byte) error  { panic("boom: UnmarshalJSON") }
func (Boom) MarshalCBOR() ([]byte, error) { panic("boom: MarshalCBOR") }
func (Boom) MarshalJSON() ([]byte, error) { panic("boom: MarshalJSON") }

// fullMessage returns a Message with every field set.
func fullMessage() Message {
	return Message{
		ID: -1 << 40, Seq: 7, Delta: -3, Ok: true,
		From: "node-a/actor-1", Text: "héllo, wörld: \"quoted\" [brackets] {braces} \\ 😀",
		Tags:   []string{"a", "", "c"},
		Counts: map[string]int{"x": 1, "y": -2, "": 0},
		Inner:  Inner{Name: "in", Score: 1.5},
		Kids:   []Inner{{Name: "k1", Score: -0.25}, {}},
		Ptr:    &Inner{Name: "ptr", Score: 3},
		Blob:   []byte{0, 1, 2, 0xff},
		At:     time.Date(2024, 2, 29, 23, 59, 58, 123456789, time.UTC),
	}
}

// codecs returns one codec of each kind, with opts.
func codecs(t testing.TB, opts ...codec.Option) []codec.Codec {
	t.Helper()
	c, err := codec.CBOR(opts...)
	require.NoError(t, err)
	j, err := codec.JSON(opts...)
	require.NoError(t, err)
	return []codec.Codec{c, j}
}

// newRegistry returns a Registry over c with Message, Inner, Boom and
// []any registered.
func newRegistry(t testing.TB, c codec.Codec) *codec.Registry {
	t.Helper()
	r := codec.NewRegistry(c)
	require.NoError(t, codec.Register[Message](r, "test.Message"))
	require.NoError(t, codec.Register[Inner](r, "test.Inner"))
	require.NoError(t, codec.Register[Boom](r, "test.Boom"))
	require.NoError(t, codec.Register[[]any](r, "test.Any"))
	return r
}
