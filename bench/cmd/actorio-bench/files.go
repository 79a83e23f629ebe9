package main

import (
	"bytes"
	"os"
	"path/filepath"
)

// benchModule is the module path of the bench module, whose directory
// holds results/.
const benchModule = "module github.com/actorio/actorio/bench"

// defaultOut returns bench/results (bench/results/quick for the quick
// suite) whether the command runs in bench/, as `go -C bench run` does, or
// in the repository root; elsewhere, results under the current directory.
func defaultOut(quick bool) string {
	sub := "results"
	if quick {
		sub = filepath.Join("results", "quick")
	}
	for _, dir := range []string{".", "bench"} {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte(benchModule)) {
			return filepath.Join(dir, sub)
		}
	}
	return sub
}

// writeFile creates dir/name and fills it with fill.
func writeFile(dir, name string, fill func(*os.File) error) error {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
