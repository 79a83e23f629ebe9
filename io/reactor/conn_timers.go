package reactor

import (
	"time"

	"github.com/actorio/actorio/timer"
)

// connExtra holds what few connections need: timeouts, and the error
// that closes a connection.
type connExtra struct {
	err      error // why the connection closes; nil for a clean close
	idle     time.Duration
	activity time.Time
	readDL   time.Time
	writeDL  time.Time
	timer    *timer.Timer

	// The frame timeout (ConnOptions.FrameTimeout): frameDL is when the
	// partial input held since the last progress must be complete.
	frameTimeout time.Duration
	frameDL      time.Time
	consumed     uint64 // progress: frames delivered or input consumed
	seen         uint64 // consumed when frameDL was set
}

func (c *Conn) extra() *connExtra {
	if c.x == nil {
		c.x = new(connExtra)
	}
	return c.x
}

// closeErr returns why the connection closes: nil for a clean close.
func (c *Conn) closeErr() error {
	if c.x == nil {
		return nil
	}
	return c.x.err
}

// SetIdleTimeout closes the connection with ErrIdleTimeout once d passes
// without a byte read or written; zero turns the idle timeout off. It
// replaces ConnOptions.IdleTimeout for this connection.
func (c *Conn) SetIdleTimeout(d time.Duration) {
	c.extra().idle = d
	c.touch()
	c.armTimer(time.Now())
}

// SetReadDeadline closes the connection with ErrReadTimeout if t passes
// before more input arrives; any input clears it, so a handler waiting
// for a request sets it again after each. The zero time clears it.
func (c *Conn) SetReadDeadline(t time.Time) {
	c.extra().readDL = t
	c.armTimer(time.Now())
}

// SetWriteDeadline closes the connection with ErrWriteTimeout if t
// passes while output is still queued (the peer is not reading fast
// enough). The zero time clears it.
func (c *Conn) SetWriteDeadline(t time.Time) {
	c.extra().writeDL = t
	c.armTimer(time.Now())
}

// SetFrameTimeout closes the connection with ErrFrameTimeout when input
// sits partly received for d: with a codec, a frame whose first bytes
// arrived d ago and whose last have not; without one, input the handler
// leaves unconsumed for d without consuming any. Zero turns it off. It
// replaces ConnOptions.FrameTimeout for this connection.
func (c *Conn) SetFrameTimeout(d time.Duration) {
	x := c.extra()
	x.frameTimeout, x.frameDL = max(d, 0), time.Time{}
	if d > 0 {
		c.watchFrame()
	}
	c.armTimer(time.Now())
}

// progress records that input was consumed, for the frame timeout.
func (c *Conn) progress() {
	if c.x != nil {
		c.x.consumed++
	}
}

// watchFrame runs after each handler call while a frame timeout is set:
// it starts the clock when partial input is held, restarts it when input
// was consumed since, and stops it when nothing is held or reading is
// paused (the wait is then this side's, not the peer's).
func (c *Conn) watchFrame() {
	x := c.x
	switch {
	case c.Buffered() == 0 || c.state&stNoRead != 0:
		if !x.frameDL.IsZero() {
			x.frameDL = time.Time{}
			c.armTimer(time.Now())
		}
	case x.frameDL.IsZero() || x.consumed != x.seen:
		now := time.Now()
		x.frameDL, x.seen = now.Add(x.frameTimeout), x.consumed
		c.armTimer(now)
	}
}

// touch records activity, for the idle timeout.
func (c *Conn) touch() {
	if c.x != nil && c.x.idle > 0 {
		c.x.activity = time.Now()
	}
}

// inputArrived clears the read deadline.
func (c *Conn) inputArrived() {
	if c.x != nil {
		c.x.readDL = time.Time{}
		c.x.activity = time.Now()
	}
}

// checkTimers closes the connection if a deadline has passed, and arms
// the timer for the next one.
func (c *Conn) checkTimers(now time.Time) {
	tm := c.x
	if tm == nil {
		return
	}
	switch {
	case tm.idle > 0 && !now.Before(tm.activity.Add(tm.idle)):
		c.closeWith(ErrIdleTimeout)
	case !tm.readDL.IsZero() && !now.Before(tm.readDL):
		c.closeWith(ErrReadTimeout)
	case !tm.writeDL.IsZero() && c.out != nil && !now.Before(tm.writeDL):
		c.closeWith(ErrWriteTimeout)
	case !tm.frameDL.IsZero() && !now.Before(tm.frameDL):
		c.closeWith(ErrFrameTimeout)
	default:
		c.armTimer(now)
	}
}

// armTimer sets the connection's timer for its earliest deadline.
func (c *Conn) armTimer(now time.Time) {
	tm := c.x
	var next time.Time
	for _, t := range [...]time.Time{tm.idleAt(), tm.readDL, tm.writeDL, tm.frameDL} {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if next.IsZero() {
		if tm.timer != nil {
			tm.timer.Stop()
		}
		return
	}
	d := max(next.Sub(now), 0)
	if tm.timer == nil {
		tm.timer = c.opts.r.sys.Timers().AfterFunc(d, func() { c.raise(flagTimer) })
		return
	}
	tm.timer.Reset(d)
}

func (tm *connExtra) idleAt() time.Time {
	if tm.idle <= 0 {
		return time.Time{}
	}
	return tm.activity.Add(tm.idle)
}
