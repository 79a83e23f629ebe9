package frame_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/remote/internal/frame"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func readAll(t testing.TB, b []byte) (string, []frame.Record, error) {
	r, err := frame.NewReader(b)
	if err != nil {
		return "", nil, err
	}
	var out []frame.Record
	for {
		rec, ok, err := r.Next()
		if !ok {
			return r.From(), out, err
		}
		out = append(out, rec)
	}
}

func TestRoundTrip(t *testing.T) {
	records := []frame.Record{
		{Kind: frame.Tell, Target: 1, Type: 0xdeadbeef, Payload: []byte("hello")},
		{Kind: frame.Request, Target: 1 << 40, Type: 7, Aux: 99, Payload: bytes.Repeat([]byte{1}, 70000)},
		{Kind: frame.Stop, Target: 3, Payload: []byte{}},
		{Kind: frame.Terminated, Target: 3, Aux: 12, Payload: []byte("stopped")},
	}
	b := frame.AppendHeader(nil, "node-1")
	for _, r := range records {
		b = frame.AppendRecord(b, r)
	}
	from, got, err := readAll(t, b)
	require.NoError(t, err)
	require.Equal(t, "node-1", from)
	require.Equal(t, records, got)
}

func TestMalformed(t *testing.T) {
	valid := frame.AppendRecord(frame.AppendHeader(nil, "n"), frame.Record{Kind: frame.Tell, Target: 5, Type: 1, Payload: []byte("abc")})
	tests := []struct {
		name string
		give []byte
	}{
		{"empty", nil},
		{"bad magic", append([]byte{0}, valid[1:]...)},
		{"bad version", append([]byte{frame.Magic, 9}, valid[2:]...)},
		{"no node ID", []byte{frame.Magic, frame.Version, 0}},
		{"node ID too long", append([]byte{frame.Magic, frame.Version, 200}, make([]byte, 200)...)},
		{"node ID cut", []byte{frame.Magic, frame.Version, 5, 'a'}},
		{"bad kind", append(frame.AppendHeader(nil, "n"), 0)},
		{"unknown kind", append(frame.AppendHeader(nil, "n"), 200)},
		{"cut target", append(frame.AppendHeader(nil, "n"), byte(frame.Tell), 0x80)},
		{"cut type", append(frame.AppendHeader(nil, "n"), byte(frame.Tell), 1, 2)},
		{"cut payload", valid[:len(valid)-1]},
		{"huge length", append(frame.AppendHeader(nil, "n"), byte(frame.Tell), 1, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, tt.give)
			require.ErrorIs(t, err, frame.ErrMalformed)
		})
	}
}

func FuzzReader(f *testing.F) {
	b := frame.AppendHeader(nil, "node")
	b = frame.AppendRecord(b, frame.Record{Kind: frame.Tell, Target: 1, Type: 2, Payload: []byte("x")})
	b = frame.AppendRecord(b, frame.Record{Kind: frame.Request, Target: 300, Type: 2, Aux: 4, Payload: []byte("yz")})
	f.Add(b)
	f.Add([]byte{frame.Magic, frame.Version, 1, 'n'})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := frame.NewReader(data)
		if err != nil {
			require.ErrorIs(t, err, frame.ErrMalformed)
			return
		}
		total := 0
		for {
			rec, ok, err := r.Next()
			if !ok {
				if err != nil {
					require.ErrorIs(t, err, frame.ErrMalformed)
				}
				break
			}
			total += len(rec.Payload)
			require.LessOrEqual(t, total, len(data))
			// What decodes re-encodes to the same record.
			again := frame.AppendRecord(frame.AppendHeader(nil, r.From()), rec)
			_, recs, err := readAll(t, again)
			require.NoError(t, err)
			require.Equal(t, []frame.Record{rec}, recs)
		}
	})
}
