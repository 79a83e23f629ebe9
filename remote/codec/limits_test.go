package codec_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

// TestOptionsInvalid refuses limits out of range in both constructors.
func TestOptionsInvalid(t *testing.T) {
	tests := []struct {
		name string
		give codec.Option
	}{
		{"negative size", codec.WithMaxSize(-1)},
		{"negative depth", codec.WithMaxDepth(-1)},
		{"depth below range", codec.WithMaxDepth(codec.MinMaxDepth - 1)},
		{"depth above range", codec.WithMaxDepth(codec.MaxMaxDepth + 1)},
		{"negative elements", codec.WithMaxElements(-1)},
		{"elements below range", codec.WithMaxElements(codec.MinMaxElements - 1)},
		{"elements above range", codec.WithMaxElements(codec.MaxMaxElements + 1)},
	}
	for _, tt := range tests {
		for _, ctor := range []func(...codec.Option) (codec.Codec, error){codec.CBOR, codec.JSON} {
			c, err := ctor(tt.give)
			require.ErrorIs(t, err, codec.ErrInvalidOption, tt.name)
			require.Nil(t, c)
		}
	}
}

// TestOptionsRangeEnds accepts the ends of each range, and zero for the
// default, in both constructors.
func TestOptionsRangeEnds(t *testing.T) {
	tests := []struct {
		name string
		give []codec.Option
	}{
		{"defaults", nil},
		{"zeros", []codec.Option{codec.WithMaxSize(0), codec.WithMaxDepth(0), codec.WithMaxElements(0)}},
		{"smallest", []codec.Option{codec.WithMaxSize(1), codec.WithMaxDepth(codec.MinMaxDepth), codec.WithMaxElements(codec.MinMaxElements)}},
		{"largest", []codec.Option{codec.WithMaxDepth(codec.MaxMaxDepth), codec.WithMaxElements(codec.MaxMaxElements)}},
		{"nil option", []codec.Option{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Len(t, codecs(t, tt.give...), 2)
		})
	}
}

// TestMaxSize decodes and encodes exactly MaxSize bytes, and refuses one
// more on either side; zero means DefaultMaxSize.
func TestMaxSize(t *testing.T) {
	for _, size := range []int{0, 100} {
		limit := size
		if limit == 0 {
			limit = codec.DefaultMaxSize
		}
		for _, c := range codecs(t, codec.WithMaxSize(size)) {
			t.Run(fmt.Sprintf("%s/%d", c.Name(), limit), func(t *testing.T) {
				fits := stringOfSize(t, c, limit)
				data, err := c.Append(nil, fits)
				require.NoError(t, err)
				require.Len(t, data, limit)
				var got string
				require.NoError(t, c.Decode(data, &got))
				require.Equal(t, fits, got)

				dst := []byte("keep")
				out, err := c.Append(dst, fits+"x")
				require.ErrorIs(t, err, codec.ErrTooLarge)
				require.ErrorIs(t, err, codec.ErrEncode)
				require.Equal(t, dst, out)

				err = c.Decode(append(data, ' '), &got)
				require.ErrorIs(t, err, codec.ErrTooLarge)
				require.ErrorIs(t, err, codec.ErrDecode)
			})
		}
	}
}

// stringOfSize returns a string whose encoding with c is n bytes.
func stringOfSize(t *testing.T, c codec.Codec, n int) string {
	t.Helper()
	for k := n; k > 0; k-- {
		s := strings.Repeat("a", k)
		data, err := c.Append(nil, s)
		if err != nil {
			require.ErrorIs(t, err, codec.ErrTooLarge)
			continue
		}
		if len(data) == n {
			return s
		}
	}
	t.Fatalf("no string encodes to %d bytes", n)
	return ""
}

// TestMaxDepth decodes nesting exactly MaxDepth deep, and refuses one
// level more, with both codecs alike.
func TestMaxDepth(t *testing.T) {
	for _, depth := range []int{codec.MinMaxDepth, codec.DefaultMaxDepth, 100} {
		for _, c := range codecs(t, codec.WithMaxDepth(depth)) {
			t.Run(fmt.Sprintf("%s/%d", c.Name(), depth), func(t *testing.T) {
				var v []any
				require.NoError(t, c.Decode(nested(c, depth), &v))
				err := c.Decode(nested(c, depth+1), &v)
				require.ErrorIs(t, err, codec.ErrDecode)
				require.ErrorContains(t, err, "nested level")
			})
		}
	}

	// A struct counts as a level, as a map does.
	type inner struct{ Items []int }
	type outer struct{ In inner }
	for _, c := range codecs(t, codec.WithMaxDepth(codec.MinMaxDepth)) {
		data, err := c.Append(nil, []outer{{In: inner{Items: []int{1}}}})
		require.NoError(t, err)
		var v []outer
		require.NoError(t, c.Decode(data, &v), c.Name())
		data, err = c.Append(nil, [][]outer{{{In: inner{Items: []int{1}}}}})
		require.NoError(t, err)
		var w [][]outer
		require.ErrorIs(t, c.Decode(data, &w), codec.ErrDecode, c.Name())
	}
}

// nested is an array nested depth deep, such as [[0]] for depth 2.
func nested(c codec.Codec, depth int) []byte {
	if c.Name() == "json" {
		return []byte(strings.Repeat("[", depth) + "0" + strings.Repeat("]", depth))
	}
	return append(bytes.Repeat([]byte{0x81}, depth), 0)
}

// TestMaxElements decodes arrays and maps of exactly MaxElements entries,
// and refuses one more, with both codecs alike.
func TestMaxElements(t *testing.T) {
	const limit = 20
	for _, c := range codecs(t, codec.WithMaxElements(limit)) {
		t.Run(c.Name(), func(t *testing.T) {
			for n := range limit + 1 {
				s := make([]int, n)
				data, err := c.Append(nil, s)
				require.NoError(t, err)
				var got []int
				require.NoError(t, c.Decode(data, &got), "%d elements", n)
				require.Len(t, got, n)

				m := make(map[string]int, n)
				for i := range n {
					m[fmt.Sprint(i)] = i
				}
				data, err = c.Append(nil, m)
				require.NoError(t, err)
				var gotMap map[string]int
				require.NoError(t, c.Decode(data, &gotMap), "%d pairs", n)
				require.Equal(t, m, gotMap)
			}

			data, err := c.Append(nil, make([]int, limit+1))
			require.NoError(t, err, "Append does not apply MaxElements")
			var got []int
			require.ErrorIs(t, c.Decode(data, &got), codec.ErrDecode)

			m := make(map[string]int, limit+1)
			for i := range limit + 1 {
				m[fmt.Sprint(i)] = i
			}
			data, err = c.Append(nil, m)
			require.NoError(t, err)
			var gotMap map[string]int
			require.ErrorIs(t, c.Decode(data, &gotMap), codec.ErrDecode)
		})
	}
}

// TestJSONScanStrings does not count brackets, braces or commas inside
// strings, whatever their escapes.
func TestJSONScanStrings(t *testing.T) {
	tests := []struct {
		name string
		give string
		ok   bool
	}{
		{"brackets in string", `["[[[[[[", "{{{{{{{{"]`, true},
		{"escaped quote", `["\"[[[[[[[[", "]"]`, true},
		{"escaped backslash then quote", `["\\", [[["x"]]]]`, true},
		{"escaped backslashes", `["\\\\\"[[[[[", 0]`, true},
		{"commas in string", `["a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v"]`, true},
		{"too deep after string", `["\\", [[[["x"]]]]]`, false},
		{"too wide", `[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]`, false},
		{"unterminated string", `["[[[[[[[[[[`, true},
		{"stray closers", `]]]]}}}}[[[[0`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := codec.ScanJSON([]byte(tt.give), 4, 16)
			if tt.ok {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
		})
	}
	data := []byte(`[[[["x", {"y": [1, 2]}]]]]`)
	require.Zero(t, testing.AllocsPerRun(10, func() {
		_ = codec.ScanJSON(data, codec.DefaultMaxDepth, codec.DefaultMaxElements)
	}))
}
