package suite

import (
	"fmt"
	"strings"
)

// Select returns the workloads named in the comma-separated list, in
// report order; "all" or "" selects every one.
func Select(list string) ([]Workload, error) {
	all := Workloads()
	if list == "" || list == "all" {
		return all, nil
	}
	want := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		want[strings.TrimSpace(name)] = true
	}
	var out []Workload
	for _, w := range all {
		if want[w.Name] {
			out = append(out, w)
			delete(want, w.Name)
		}
	}
	for name := range want {
		return nil, fmt.Errorf("unknown workload %q", name)
	}
	return out, nil
}
