package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUpdateReadme(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{
			name: "replaces the section",
			give: "intro\n" + latestBegin + "\nold\n" + latestEnd + "\nafter\n",
			want: "intro\n" + latestBegin + "\nnew\n" + latestEnd + "\nafter\n",
		},
		{name: "no markers: unchanged", give: "intro\n", want: "intro\n"},
		{name: "markers reversed: unchanged", give: latestEnd + latestBegin, want: latestEnd + latestBegin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "README.md")
			require.NoError(t, os.WriteFile(path, []byte(tt.give), 0o644))
			require.NoError(t, updateReadme(path, []byte("new\n")))
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
	assert.NoError(t, updateReadme(filepath.Join(t.TempDir(), "missing.md"), nil), "a missing README is not an error")
}
