package echo

import (
	"context"
	"log"
	"net"
	"sync"

	"github.com/lesismal/nbio"
	"github.com/lesismal/nbio/logging"
)

func init() { Register("nbio", serveNbio) }

// serveNbio runs nbio with one poller, its OnData handler writing back
// the data it is given, as nbio's own echo example does.
func serveNbio(ctx context.Context, addr string, ready func(net.Addr)) error {
	nbioLogOnce.Do(func() { logging.SetLogger(nbioLog{}) })
	eng := nbio.NewEngine(nbio.Config{Network: "tcp", Addrs: []string{addr}, NPoller: 1})
	eng.OnData(func(c *nbio.Conn, data []byte) {
		if _, err := c.Write(data); err != nil {
			c.Close()
		}
	})
	if err := eng.Start(); err != nil {
		return err
	}
	defer eng.Stop()
	a, err := net.ResolveTCPAddr("tcp", eng.Addrs[0]) // Start put the bound address there
	if err != nil {
		return err
	}
	ready(a)
	<-ctx.Done()
	return nil
}

// nbioLogOnce installs nbioLog once per process: nbio's logger is global.
var nbioLogOnce sync.Once

// nbioLog sends nbio's warnings and errors to the standard logger, on
// standard error: nbio's default logger writes to standard output, which
// carries the server's replies to the harness.
type nbioLog struct{}

func (nbioLog) Debug(string, ...any)          {}
func (nbioLog) Info(string, ...any)           {}
func (nbioLog) Warn(format string, v ...any)  { log.Printf("nbio: "+format, v...) }
func (nbioLog) Error(format string, v ...any) { log.Printf("nbio: "+format, v...) }
