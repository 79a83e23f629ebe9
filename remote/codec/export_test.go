package codec

// ScanJSON exports scanJSON, the JSON codec's pre-scan, for tests and
// benchmarks.
var ScanJSON = scanJSON

// Planned reports whether the type registered under name is encoded and
// decoded by a CBOR plan.
func Planned(r *Registry, name string) bool {
	e := r.table.Load().byID[ID(name)]
	return e != nil && e.plan != nil
}
