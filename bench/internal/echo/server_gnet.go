package echo

import (
	"context"
	"errors"
	"log"
	"net"
	"os"

	"github.com/panjf2000/gnet/v2"
)

func init() { Register("gnet", serveGnet) }

// serveGnet runs gnet v2 with one event loop, its handler writing back
// whatever a connection has buffered, as gnet's own echo example does.
func serveGnet(ctx context.Context, addr string, ready func(net.Addr)) error {
	h := &gnetEcho{booted: make(chan gnet.Engine, 1)}
	done := make(chan error, 1)
	go func() {
		done <- gnet.Run(h, "tcp://"+addr, gnet.WithMulticore(false), gnet.WithNumEventLoop(1),
			gnet.WithLogger(gnetLog{}))
	}()
	var eng gnet.Engine
	select {
	case err := <-done:
		return errors.Join(errors.New("echo: gnet stopped before it booted"), err)
	case eng = <-h.booted:
	}
	a, err := gnetAddr(eng)
	if err == nil {
		ready(a)
		select {
		case <-ctx.Done():
		case err = <-done:
			return errors.Join(errors.New("echo: gnet stopped by itself"), err)
		}
	}
	return errors.Join(err, eng.Stop(context.Background()), <-done)
}

// gnetEcho is the gnet event handler of the echo server.
type gnetEcho struct {
	gnet.BuiltinEventEngine
	booted chan gnet.Engine
}

// OnBoot hands the engine to serveGnet, which stops it.
func (h *gnetEcho) OnBoot(eng gnet.Engine) gnet.Action {
	h.booted <- eng
	return gnet.None
}

// OnTraffic writes back every byte the connection has buffered.
func (h *gnetEcho) OnTraffic(c gnet.Conn) gnet.Action {
	buf, _ := c.Next(-1)
	if _, err := c.Write(buf); err != nil {
		return gnet.Close
	}
	return gnet.None
}

// gnetAddr returns the address gnet's only listener is bound to, read from
// a duplicate of its socket.
func gnetAddr(eng gnet.Engine) (net.Addr, error) {
	fd, err := eng.Dup()
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "gnet listener")
	defer f.Close()
	ln, err := net.FileListener(f)
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	return ln.Addr(), nil
}

// gnetLog sends gnet's warnings and errors to the standard logger, on
// standard error: gnet's default logger writes to standard output, which
// carries the server's replies to the harness.
type gnetLog struct{}

func (gnetLog) Debugf(string, ...any)             {}
func (gnetLog) Infof(string, ...any)              {}
func (gnetLog) Warnf(format string, args ...any)  { log.Printf("gnet: "+format, args...) }
func (gnetLog) Errorf(format string, args ...any) { log.Printf("gnet: "+format, args...) }
func (gnetLog) Fatalf(format string, args ...any) { log.Printf("gnet: fatal: "+format, args...) }
