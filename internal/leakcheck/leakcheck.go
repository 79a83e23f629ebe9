// Package leakcheck holds the goleak options shared by actorio's tests.
package leakcheck

import "go.uber.org/goleak"

// Options ignores only the two background goroutines that ants starts for
// its package-level default pool when it is imported. actorio never uses
// that pool; every pool it creates is released, and waited for, on
// shutdown, which the actor package's tests check separately.
func Options() []goleak.Option {
	return []goleak.Option{
		goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	}
}
