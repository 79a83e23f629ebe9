package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// The README section between these markers is rewritten after every full
// run into the default results directory.
const (
	latestBegin = "<!-- latest-results:begin -->"
	latestEnd   = "<!-- latest-results:end -->"
)

// updateReadme replaces the latest-results section of readme with
// section. It does nothing, and reports no error, if the file or its
// markers are missing.
func updateReadme(readme string, section []byte) error {
	b, err := os.ReadFile(readme)
	if err != nil {
		return nil
	}
	i, j := bytes.Index(b, []byte(latestBegin)), bytes.Index(b, []byte(latestEnd))
	if i < 0 || j < i {
		return nil
	}
	var out bytes.Buffer
	out.Write(b[:i+len(latestBegin)])
	out.WriteString("\n")
	out.Write(section)
	out.Write(b[j:])
	if err := os.WriteFile(readme, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("updating %s: %w", filepath.Base(readme), err)
	}
	return nil
}
