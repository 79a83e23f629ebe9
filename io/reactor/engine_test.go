package reactor_test

import (
	"errors"
	"log/slog"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/io/reactor"
)

// TestEngineFallback: where io_uring cannot be used, EngineAuto runs the
// loops on epoll and says why once per process, and EngineUring fails
// with ErrUnsupportedEngine and the reason.
func TestEngineFallback(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("io_uring is Linux's")
	}
	defer reactor.ForceUringUnavailable(errors.New("io_uring_setup: operation not permitted (forced)"))()
	var logs testutil.LogBuffer
	sys, err := actor.NewSystem(actor.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	defer shutdown(t, sys)

	for range 2 {
		r, err := reactor.New(sys)
		require.NoError(t, err)
		require.Equal(t, reactor.EnginePoll, r.Engine())
	}
	require.Equal(t, 1, strings.Count(logs.String(), "io_uring is not available"), "logged once: %s", logs.String())
	require.Contains(t, logs.String(), "(forced)")

	_, err = reactor.New(sys, reactor.WithEngine(reactor.EngineUring))
	require.ErrorIs(t, err, reactor.ErrUnsupportedEngine)
	require.ErrorContains(t, err, "(forced)")
	require.ErrorIs(t, reactor.EngineUring.Available(), reactor.ErrUnsupportedEngine)
}

func TestEngineAvailableAndString(t *testing.T) {
	tests := []struct {
		engine reactor.Engine
		name   string
	}{
		{reactor.EngineAuto, "auto"},
		{reactor.EnginePortable, "portable"},
		{reactor.EnginePoll, "poll"},
		{reactor.EngineUring, "uring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.name, tt.engine.String())
			if tt.engine != reactor.EngineUring {
				require.NoError(t, tt.engine.Available())
			} else if runtime.GOOS != "linux" {
				require.ErrorIs(t, tt.engine.Available(), reactor.ErrUnsupportedEngine)
			}
		})
	}
	require.Equal(t, "Engine(42)", reactor.Engine(42).String())
	require.ErrorIs(t, reactor.Engine(42).Available(), reactor.ErrUnsupportedEngine)
}

// TestEngineDefault: EngineAuto takes io_uring where it works.
func TestEngineDefault(t *testing.T) {
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	defer shutdown(t, sys)
	r, err := reactor.New(sys)
	require.NoError(t, err)
	switch {
	case reactor.UringAvailable() == nil:
		require.Equal(t, reactor.EngineUring, r.Engine())
	case runtime.GOOS == "windows":
		require.Equal(t, reactor.EnginePortable, r.Engine())
	default:
		require.Equal(t, reactor.EnginePoll, r.Engine())
	}
}
