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
	default:
		c.armTimer(now)
	}
}

// armTimer sets the connection's timer for its earliest deadline.
func (c *Conn) armTimer(now time.Time) {
	tm := c.x
	var next time.Time
	for _, t := range [...]time.Time{tm.idleAt(), tm.readDL, tm.writeDL} {
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
		sig := &c.signal
		tm.timer = c.opts.r.sys.Timers().AfterFunc(d, func() { sig.Raise(flagTimer) })
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
