package codec_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

func TestRegisterBasic(t *testing.T) {
	for _, c := range []func(...codec.Option) (codec.Codec, error){codec.CBOR, codec.JSON} {
		cd, err := c()
		require.NoError(t, err)
		r := codec.NewRegistry(cd)
		require.NoError(t, codec.RegisterBasic(r))
		require.NoError(t, codec.RegisterBasic(r), "again: nothing changes")
		for _, v := range []any{true, "s", []byte{1, 2}, int(-1), int8(-2), int16(-3), int32(-4), int64(-5),
			uint(1), uint8(2), uint16(3), uint32(4), uint64(5), float32(1.5), float64(2.5), struct{}{}} {
			id, b, err := r.Encode(nil, v)
			require.NoError(t, err, "%T", v)
			got, err := r.Decode(id, b)
			require.NoError(t, err, "%T", v)
			require.Equal(t, v, got, cd.Name())
		}
	}
}

func TestDecodeAs(t *testing.T) {
	r := codec.NewRegistry(nil)
	require.NoError(t, codec.RegisterBasic(r))
	type point struct{ X, Y int }
	require.NoError(t, codec.Register[point](r, "test.point"))
	id, b, err := r.Encode(nil, point{1, 2})
	require.NoError(t, err)

	p, ok, err := codec.DecodeAs[point](r, id, b)
	require.True(t, ok)
	require.NoError(t, err)
	require.Equal(t, point{1, 2}, p)

	_, ok, err = codec.DecodeAs[string](r, id, b)
	require.False(t, ok, "registered for another type")
	require.NoError(t, err)
	_, ok, _ = codec.DecodeAs[point](r, codec.ID("nothing"), b)
	require.False(t, ok, "not registered")

	_, ok, err = codec.DecodeAs[point](r, id, []byte{0xff, 0x00})
	require.True(t, ok)
	require.ErrorIs(t, err, codec.ErrDecode)
	as := testing.AllocsPerRun(100, func() { _, _, _ = codec.DecodeAs[point](r, id, b) })
	boxed := testing.AllocsPerRun(100, func() { _, _ = r.Decode(id, b) })
	require.Less(t, as, boxed, "no boxing into an interface")
}
