package report

import (
	"fmt"
	"math"
	"strings"
)

// value formats v in unit for a table: times with a fitting SI unit,
// bytes in B/KiB/MiB, message rates in M/s, request rates in thousands,
// counts with few digits.
func value(v float64, unit string) string {
	switch {
	case unit == "ns/op":
		return duration(v)
	case unit == "ms":
		if v >= 1000 {
			return fmt.Sprintf("%.2f s", v/1000)
		}
		return fmt.Sprintf("%.1f ms", v)
	case unit == "us":
		return duration(v * 1000)
	case unit == "msg/s":
		return fmt.Sprintf("%.2fM/s", v/1e6)
	case unit == "req/s" || unit == "req/cpu-s":
		return fmt.Sprintf("%.1fk", v/1e3)
	case unit == "s":
		return duration(v * 1e9)
	case unit == "B" || strings.HasPrefix(unit, "B/"):
		return bytes(v)
	default:
		return number(v)
	}
}

func duration(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e4:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.0f ns", ns)
	}
}

func bytes(b float64) string {
	switch a := math.Abs(b); {
	case a >= 1<<30:
		return fmt.Sprintf("%.2f GiB", b/(1<<30))
	case a >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	case a >= 10<<10:
		return fmt.Sprintf("%.0f KiB", b/(1<<10))
	default:
		return fmt.Sprintf("%.0f B", b)
	}
}

func number(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// ratio formats a ratio such as 1.73x.
func ratio(r float64) string {
	if r >= 10 {
		return fmt.Sprintf("%.1fx", r)
	}
	return fmt.Sprintf("%.2fx", r)
}

// oneLine shortens an error to a single table-safe line.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}
