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
