package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

// TestMoneyIsConserved runs the bank with several sizes and seeds; run
// fails if the total changes or a transfer fails for any reason but a
// lack of funds.
func TestMoneyIsConserved(t *testing.T) {
	for _, tt := range []struct {
		name                         string
		accounts, tellers, transfers int
		seed                         uint64
	}{
		{"two accounts, one teller", 2, 1, 2000, 1},
		{"ten accounts, four tellers", 10, 4, 5000, 2},
		{"many accounts", 100, 8, 5000, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			require.NoError(t, run(&out, tt.accounts, tt.tellers, tt.transfers, tt.seed))
			require.Contains(t, out.String(), "done")
			total := tt.accounts * 1000
			require.Contains(t, out.String(), "total after: "+strconv.Itoa(total))
		})
	}
}
