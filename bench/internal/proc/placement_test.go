package proc_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/proc"
)

func TestParseCPUList(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		want    []int
		wantErr bool
	}{
		{name: "range", give: "0-1", want: []int{0, 1}},
		{name: "single", give: "3", want: []int{3}},
		{name: "mixed", give: "0-2,5,7-8", want: []int{0, 1, 2, 5, 7, 8}},
		{name: "reversed range", give: "3-1", wantErr: true},
		{name: "garbage", give: "a", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := proc.ParseCPUList(tt.give)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
