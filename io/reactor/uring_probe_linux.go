package reactor

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/internal/uring"
)

var (
	probeOnce sync.Once
	probeErr  error
)

// uringProbe reports why the loops cannot run on io_uring here, or nil;
// it tries, once per process, what they rely on. Tests replace it.
var uringProbe = func() error {
	probeOnce.Do(func() { probeErr = probeUring() })
	return probeErr
}

// probeUring sets up a ring, registers a provided buffer ring, and has a
// multishot receive take a buffer from it and stay armed (Linux 6.0): a
// kernel, a sysctl or a seccomp filter refusing any of it shows here.
func probeUring() error {
	r, err := uring.New(4)
	if err != nil {
		return err
	}
	defer r.Close()
	if r.Features()&(1<<8) == 0 { // IORING_FEAT_EXT_ARG, for timed waits
		return errors.New("io_uring: the kernel cannot wait with a timeout (Linux 5.11)")
	}
	br, err := r.RegisterBufRing(0, 1)
	if err != nil {
		return err
	}
	defer br.Close()
	buf := make([]byte, 8)
	br.Add(0, buf)
	br.Publish()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	sqe, err := r.SQE()
	if err != nil {
		return err
	}
	sqe.PrepRecvMultishot(fds[1], 0, 1)
	if _, err := unix.Write(fds[0], []byte{1}); err != nil {
		return err
	}
	if _, err := r.Wait(time.Second); err != nil {
		return err
	}
	var c [1]uring.Completion
	if r.Reap(c[:]) == 0 {
		return errors.New("io_uring: a multishot receive did not complete")
	}
	if _, ok := c[0].BufferID(); c[0].Res != 1 || !ok || c[0].Flags&uring.FlagMore == 0 {
		return fmt.Errorf("io_uring: multishot receive into provided buffers unsupported (result %d, flags %#x; Linux 6.0)", c[0].Res, c[0].Flags)
	}
	return nil
}
