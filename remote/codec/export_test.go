package codec

// ScanJSON exports scanJSON, the JSON codec's pre-scan, for tests and
// benchmarks.
var ScanJSON = scanJSON
