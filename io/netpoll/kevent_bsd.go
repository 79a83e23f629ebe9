//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Kevent_t.Udata is a *byte on most BSDs, but the poller keeps a Token in
// it, which is no pointer. The garbage collector must never find such a
// value in a pointer slot: it may abort the program on it ("found bad
// pointer in Go heap", "invalid pointer found on stack"), and a write
// barrier would try to mark it. So kevents live only in memory allocated
// as uint64 words, which the collector does not scan; they are never
// copied or assigned as whole structs; and Udata is only read and written
// as a uint64 through keventToken and setKeventToken.
const (
	keventWords = (unsafe.Sizeof(unix.Kevent_t{}) + 7) / 8
	udataOffset = unsafe.Offsetof(unix.Kevent_t{}.Udata)
	// udata64 is false on 32-bit BSDs, where New refuses to run.
	udata64 = unsafe.Sizeof(unix.Kevent_t{}.Udata) == 8
)

// kevents views words, which the collector does not scan, as kevents.
func kevents(words []uint64) []unix.Kevent_t {
	return unsafe.Slice((*unix.Kevent_t)(unsafe.Pointer(unsafe.SliceData(words))), uintptr(len(words))/keventWords)
}

func keventToken(ev *unix.Kevent_t) Token {
	return Token(*(*uint64)(unsafe.Add(unsafe.Pointer(ev), udataOffset)))
}

// setKevent fills a zeroed kevent; token goes to Udata.
func setKevent(ev *unix.Kevent_t, fd, filter, flags int, token Token) {
	unix.SetKevent(ev, fd, filter, flags)
	*(*uint64)(unsafe.Add(unsafe.Pointer(ev), udataOffset)) = uint64(token)
}

// keventCtl applies changes, which must be in unscanned memory, without
// collecting events: the first change that fails stops the call and its
// error is returned.
func keventCtl(kq int, changes []unix.Kevent_t) error {
	for {
		_, err := unix.Kevent(kq, changes, nil, nil)
		switch err {
		case nil:
			return nil
		case unix.EINTR:
			continue
		}
		return os.NewSyscallError("kevent", err)
	}
}
