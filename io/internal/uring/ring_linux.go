package uring

import (
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The kernel's structures, as include/uapi/linux/io_uring.h lays them out.
type (
	sqOffsets struct {
		head, tail, ringMask, ringEntries, flags, dropped, array, resv1 uint32
		userAddr                                                        uint64
	}
	cqOffsets struct {
		head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1 uint32
		userAddr                                                        uint64
	}
	params struct {
		sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFD uint32
		resv                                                                   [3]uint32
		sqOff                                                                  sqOffsets
		cqOff                                                                  cqOffsets
	}
)

// Setup flags, enter flags and mmap offsets.
const (
	setupCQSize      = 1 << 3
	setupSubmitAll   = 1 << 7
	setupCoopTaskrun = 1 << 8
	setupTaskrunFlag = 1 << 9
	sqCQOverflow     = 1 << 1
	sqTaskrun        = 1 << 2
	featSingleMmap   = 1 << 0
	enterGetEvents   = 1 << 0
	enterExtArg      = 1 << 3
	featExtArg       = 1 << 8
	offSQRing        = 0
	offCQRing        = 0x8000000
	offSQEs          = 0x10000000
	cqeSize          = 16
)

// Ring is an io_uring instance: its file descriptor and the rings it
// shares with the kernel.
type Ring struct {
	fd       int
	features uint32

	sqMem, cqMem, sqeMem []byte // the mappings (cqMem is sqMem when single)
	single               bool   // one mapping for both rings (IORING_FEAT_SINGLE_MMAP)

	// Submission ring: the kernel consumes from head; we produce at tail.
	sqHead, sqTail, sqMask, sqFlags *uint32
	sqArray                         []uint32
	sqes                            []SQE
	sqLocal                         uint32 // our tail, published by Submit

	taskrunFlag bool // the kernel sets sqTaskrun (IORING_SETUP_TASKRUN_FLAG)

	// Completion ring: the kernel produces at tail; we consume from head.
	cqHead, cqTail, cqMask *uint32
	cqes                   []Completion
}

// New sets up a ring with room for at least entries submissions (a power
// of two, at most 32768, is used as is) and four times as many
// completions, and maps it. It returns an error wrapping ErrUnsupported if
// the kernel refuses io_uring altogether.
//
// Where the kernel has them (Linux 5.19), it asks for
// IORING_SETUP_SUBMIT_ALL, so that one bad entry does not hold back the
// others of a Submit, and IORING_SETUP_COOP_TASKRUN, which spares the
// submitting threads an interrupt per completion, with TASKRUN_FLAG, so
// that Pending can tell when completions wait for an io_uring_enter.
//
// It does not ask for IORING_SETUP_SINGLE_ISSUER: the kernel ties such a
// ring to the OS thread that set it up, and a goroutine moves between
// threads, so a later submission would fail with EEXIST (a test checks
// that submitting from another thread works). A loop that locks its
// goroutine to a thread can have it; the engine will.
func New(entries uint32) (*Ring, error) {
	var p params
	fd, err := -1, error(unix.EINVAL)
	for _, flags := range []uint32{setupCQSize | setupSubmitAll | setupCoopTaskrun | setupTaskrunFlag, setupCQSize, 0} {
		p = params{flags: flags, cqEntries: 4 * entries}
		if fd, err = setup(entries, &p); err != unix.EINVAL {
			break
		}
	}
	if err != nil {
		if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
			return nil, fmt.Errorf("%w: io_uring_setup: %w", ErrUnsupported, err)
		}
		return nil, fmt.Errorf("uring: io_uring_setup: %w", err)
	}
	r := &Ring{fd: fd, features: p.features}
	if err := r.mmap(&p); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func setup(entries uint32, p *params) (int, error) {
	fd, _, errno := unix.Syscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(p)), 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// mmap maps the rings and the submission entries and points r's fields
// into them.
func (r *Ring) mmap(p *params) error {
	sqSize := int(p.sqOff.array) + int(p.sqEntries)*4
	cqSize := int(p.cqOff.cqes) + int(p.cqEntries)*cqeSize
	single := p.features&featSingleMmap != 0
	r.single = single
	if single {
		sqSize = max(sqSize, cqSize)
	}
	var err error
	if r.sqMem, err = unix.Mmap(r.fd, offSQRing, sqSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		return fmt.Errorf("uring: mmap SQ ring: %w", err)
	}
	r.cqMem = r.sqMem
	if !single {
		if r.cqMem, err = unix.Mmap(r.fd, offCQRing, cqSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
			return fmt.Errorf("uring: mmap CQ ring: %w", err)
		}
	}
	sqeBytes := int(p.sqEntries) * int(unsafe.Sizeof(SQE{}))
	if r.sqeMem, err = unix.Mmap(r.fd, offSQEs, sqeBytes, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		return fmt.Errorf("uring: mmap SQEs: %w", err)
	}
	u32 := func(mem []byte, off uint32) *uint32 { return (*uint32)(unsafe.Pointer(&mem[off])) }
	r.sqHead, r.sqTail, r.sqMask = u32(r.sqMem, p.sqOff.head), u32(r.sqMem, p.sqOff.tail), u32(r.sqMem, p.sqOff.ringMask)
	r.sqFlags = u32(r.sqMem, p.sqOff.flags)
	r.taskrunFlag = p.flags&setupTaskrunFlag != 0
	r.sqArray = unsafe.Slice(u32(r.sqMem, p.sqOff.array), p.sqEntries)
	r.sqes = unsafe.Slice((*SQE)(unsafe.Pointer(&r.sqeMem[0])), p.sqEntries)
	r.cqHead, r.cqTail, r.cqMask = u32(r.cqMem, p.cqOff.head), u32(r.cqMem, p.cqOff.tail), u32(r.cqMem, p.cqOff.ringMask)
	r.cqes = unsafe.Slice((*Completion)(unsafe.Pointer(&r.cqMem[p.cqOff.cqes])), p.cqEntries)
	r.sqLocal = atomic.LoadUint32(r.sqTail)
	return nil
}

// Close unmaps the rings and closes the ring's file descriptor, which
// cancels what is still in flight. The Ring must not be used after.
func (r *Ring) Close() error {
	var errs []error
	unmap := func(m []byte) {
		if m != nil {
			errs = append(errs, unix.Munmap(m))
		}
	}
	unmap(r.sqeMem)
	if !r.single {
		unmap(r.cqMem)
	}
	unmap(r.sqMem)
	r.sqeMem, r.cqMem, r.sqMem = nil, nil, nil
	if r.fd >= 0 {
		errs = append(errs, unix.Close(r.fd))
		r.fd = -1
	}
	return errors.Join(errs...)
}

// Features returns the IORING_FEAT_* bits the kernel reported.
func (r *Ring) Features() uint32 { return r.features }

// SQE returns the next free submission entry, cleared, or ErrFull. It is
// submitted by the next Submit.
func (r *Ring) SQE() (*SQE, error) {
	head := atomic.LoadUint32(r.sqHead)
	if r.sqLocal-head >= uint32(len(r.sqes)) {
		return nil, ErrFull
	}
	i := r.sqLocal & *r.sqMask
	sqe := &r.sqes[i]
	*sqe = SQE{}
	r.sqArray[i] = i
	r.sqLocal++
	return sqe, nil
}

// Flush publishes to the kernel every entry taken with SQE so far, and
// returns how many published entries the kernel has not taken yet: pass
// the count to Enter. Counting them all, not only the ones this call
// published, means an entry that a failed Enter left behind goes with
// the next. SQE and Flush must not run concurrently with each other;
// Enter may run concurrently with both, on other goroutines.
func (r *Ring) Flush() uint32 {
	atomic.StoreUint32(r.sqTail, r.sqLocal) // the kernel reads the entries after this store
	return r.sqLocal - atomic.LoadUint32(r.sqHead)
}

// Enter is io_uring_enter: it has the kernel take up to toSubmit entries
// published by Flush and, if wait is positive, waits until at least that
// many completions are ready. It returns how many entries the kernel
// took. Goroutines may call Enter concurrently, each with the count its
// own Flush returned (the kernel takes what is there, never more); one
// of them at most may wait.
func (r *Ring) Enter(toSubmit, wait uint32) (int, error) {
	var flags uintptr
	if wait > 0 {
		flags = enterGetEvents
	}
	for {
		n, _, errno := unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), uintptr(toSubmit), uintptr(wait), flags, 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return int(n), fmt.Errorf("uring: io_uring_enter: %w", errno)
		}
		return int(n), nil
	}
}

// Submit hands the kernel every entry taken with SQE since the last
// Submit, in one io_uring_enter, and waits until at least wait
// completions are ready (0: does not wait). It returns how many entries
// the kernel took.
func (r *Ring) Submit(wait uint32) (int, error) { return r.Enter(r.Flush(), wait) }

// Completions calls fn for each completion ready, oldest first, and then
// frees their entries; fn must not keep the Completion past its call. It
// returns how many it handled.
func (r *Ring) Completions(fn func(Completion)) int {
	head := atomic.LoadUint32(r.cqHead)
	tail := atomic.LoadUint32(r.cqTail) // entries up to tail are written
	mask := *r.cqMask
	for i := head; i != tail; i++ {
		fn(r.cqes[i&mask])
	}
	atomic.StoreUint32(r.cqHead, tail) // the kernel may reuse them after this store
	return int(tail - head)
}

// Reap copies up to len(dst) ready completions into dst, oldest first,
// frees their entries, and returns how many it copied.
func (r *Ring) Reap(dst []Completion) int {
	head := atomic.LoadUint32(r.cqHead)
	n := min(atomic.LoadUint32(r.cqTail)-head, uint32(len(dst)))
	mask := *r.cqMask
	for i := range n {
		dst[i] = r.cqes[(head+i)&mask]
	}
	atomic.StoreUint32(r.cqHead, head+n)
	return int(n)
}

// getEventsArg is struct io_uring_getevents_arg, for a wait with a
// timeout.
type getEventsArg struct {
	sigmask   uint64
	sigmaskSz uint32
	pad       uint32
	ts        uint64 // a *unix.Timespec
}

// Wait submits what is pending, as Submit does, and waits until at least
// one completion is ready or timeout has passed, whichever comes first.
// It reports whether a completion is ready. A negative timeout waits
// without a limit. It needs IORING_FEAT_EXT_ARG (Linux 5.11) for a
// timeout, and returns an error wrapping ErrUnsupported without it.
func (r *Ring) Wait(timeout time.Duration) (bool, error) { return r.EnterWait(r.Flush(), timeout) }

// EnterWait is Wait for entries already published by Flush: it has the
// kernel take toSubmit of them and waits for a completion or the
// timeout. Like Enter, it may run concurrently with SQE, Flush and other
// Enters.
func (r *Ring) EnterWait(toSubmit uint32, timeout time.Duration) (bool, error) {
	if timeout < 0 {
		_, err := r.Enter(toSubmit, 1)
		return err == nil, err
	}
	if r.features&featExtArg == 0 {
		return false, fmt.Errorf("%w: waiting with a timeout needs IORING_FEAT_EXT_ARG", ErrUnsupported)
	}
	ts := unix.NsecToTimespec(int64(timeout))
	arg := getEventsArg{ts: uint64(uintptr(unsafe.Pointer(&ts)))}
	for {
		_, _, errno := unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), uintptr(toSubmit), 1,
			enterGetEvents|enterExtArg, uintptr(unsafe.Pointer(&arg)), unsafe.Sizeof(arg))
		runtime.KeepAlive(&ts)
		switch errno {
		case 0: // or a count submitted, which hides a timeout
			return r.Ready() > 0, nil
		case unix.EINTR:
			toSubmit = 0 // submitted before the interruption
			continue
		case unix.ETIME:
			return r.Ready() > 0, nil
		}
		return false, fmt.Errorf("uring: io_uring_enter: %w", errno)
	}
}

// Pending reports whether completions may be waiting for an
// io_uring_enter to reach the completion ring: work the kernel deferred
// to this ring's submitters, or completions that overflowed the ring. It
// reports true when the kernel cannot tell (before Linux 5.19).
func (r *Ring) Pending() bool {
	return !r.taskrunFlag || atomic.LoadUint32(r.sqFlags)&(sqTaskrun|sqCQOverflow) != 0
}

// Queued returns the number of entries taken with SQE that the kernel
// has not taken yet, published or not. Like SQE, it must not run
// concurrently with SQE and Flush.
func (r *Ring) Queued() uint32 { return r.sqLocal - atomic.LoadUint32(r.sqHead) }

// Ready returns the number of completions ready to read.
func (r *Ring) Ready() int {
	return int(atomic.LoadUint32(r.cqTail) - atomic.LoadUint32(r.cqHead))
}
