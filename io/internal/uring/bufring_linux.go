package uring

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// io_uring_register opcodes and the kernel's structures for provided
// buffer rings.
const (
	registerPbufRing   = 22
	unregisterPbufRing = 23
)

type bufReg struct {
	ringAddr    uint64
	ringEntries uint32
	bgid        uint16
	flags       uint16
	resv        [3]uint64
}

// buf is one entry of a provided buffer ring (struct io_uring_buf). The
// ring's tail is the resv field of its first entry.
type buf struct {
	addr uint64
	len  uint32
	bid  uint16
	resv uint16
}

// BufRing is a ring of buffers provided to the kernel for one buffer
// group: a receive armed with the group takes a buffer from it only when
// data arrives, so an idle connection holds none. Add stages buffers,
// Publish hands them over; a completion names the buffer it filled (see
// Completion.BufferID), which the owner gives back with Add once it has
// consumed the data.
type BufRing struct {
	r     *Ring
	group uint16
	mem   []byte
	bufs  []buf
	mask  uint16
	tail  uint16   // local: published by Publish
	held  [][]byte // by buffer ID, so that the kernel's buffers stay reachable
}

// RegisterBufRing registers a provided buffer ring of entries buffers (a
// power of two, at most 32768) for buffer group group.
func (r *Ring) RegisterBufRing(group uint16, entries uint16) (*BufRing, error) {
	if !littleEndian() {
		return nil, fmt.Errorf("%w: buffer rings need a little-endian machine here", ErrUnsupported)
	}
	if entries == 0 || entries&(entries-1) != 0 || entries > 1<<15 {
		return nil, fmt.Errorf("uring: %d buffer ring entries: not a power of two up to 32768", entries)
	}
	size := int(entries) * int(unsafe.Sizeof(buf{}))
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANONYMOUS|unix.MAP_PRIVATE|unix.MAP_POPULATE)
	if err != nil {
		return nil, fmt.Errorf("uring: mmap buffer ring: %w", err)
	}
	reg := bufReg{ringAddr: uint64(uintptr(unsafe.Pointer(&mem[0]))), ringEntries: uint32(entries), bgid: group}
	if err := r.register(registerPbufRing, unsafe.Pointer(&reg), 1); err != nil {
		_ = unix.Munmap(mem)
		return nil, fmt.Errorf("uring: register buffer ring: %w", err)
	}
	return &BufRing{
		r: r, group: group, mem: mem, mask: entries - 1,
		bufs: unsafe.Slice((*buf)(unsafe.Pointer(&mem[0])), entries),
		held: make([][]byte, entries),
	}, nil
}

func (r *Ring) register(op uintptr, arg unsafe.Pointer, n uintptr) error {
	_, _, errno := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.fd), op, uintptr(arg), n, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// Group returns the ring's buffer group, for PrepRecvMultishot.
func (b *BufRing) Group() uint16 { return b.group }

// Add stages p as buffer id; Publish hands it to the kernel. p must not
// be empty, and id must be below the ring's size and not already in the
// kernel's hands.
func (b *BufRing) Add(id uint16, p []byte) {
	e := &b.bufs[b.tail&b.mask]
	e.addr, e.len, e.bid = bufAddr(p), uint32(len(p)), id
	b.held[id&b.mask] = p
	b.tail++
}

// Publish hands the kernel the buffers staged by Add. It stores the
// ring's tail, a uint16 at offset 14 of the ring (the resv field of its
// first entry), which Go can store atomically only as the upper half of
// the uint32 at offset 12 (little-endian), whose lower half is the first
// entry's buffer ID, which only this side writes.
func (b *BufRing) Publish() {
	word := (*uint32)(unsafe.Pointer(&b.mem[12]))
	atomic.StoreUint32(word, uint32(b.tail)<<16|uint32(b.bufs[0].bid))
}

// Buffer returns buffer id, as Add gave it.
func (b *BufRing) Buffer(id uint16) []byte { return b.held[id&b.mask] }

// Close unregisters the ring and frees it. Receives armed with its group
// must have ended.
func (b *BufRing) Close() error {
	reg := bufReg{bgid: b.group}
	err := b.r.register(unregisterPbufRing, unsafe.Pointer(&reg), 1)
	if e := unix.Munmap(b.mem); err == nil {
		err = e
	}
	b.mem, b.bufs, b.held = nil, nil, nil
	return err
}

// littleEndian reports whether the machine stores the low byte first,
// which Publish relies on.
func littleEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}
