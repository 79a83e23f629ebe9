package uring

import "unsafe"

// SQE is a submission entry, laid out as the kernel's io_uring_sqe (64
// bytes). Ring.SQE hands out cleared ones; the Prep methods fill in an
// operation.
type SQE struct {
	Opcode      uint8
	Flags       uint8
	Ioprio      uint16
	Fd          int32
	Off         uint64 // or addr2
	Addr        uint64 // a buffer's address
	Len         uint32
	OpFlags     uint32 // rw_flags, msg_flags, accept_flags...
	UserData    uint64 // returned in the Completion
	BufIndex    uint16 // or buf_group, for provided buffers
	Personality uint16
	FileIndex   int32 // or splice_fd_in
	Addr3       uint64
	_           uint64
}

// Opcodes (enum io_uring_op).
const (
	OpNop         = 0
	OpAccept      = 13
	OpAsyncCancel = 14
	OpClose       = 19
	OpSend        = 26
	OpRecv        = 27
)

// PrepNop makes s a no-op that completes with result 0.
func (s *SQE) PrepNop(userData uint64) {
	s.Opcode, s.UserData = OpNop, userData
}

// PrepSend makes s a send(2) of b on the socket fd, with MSG_NOSIGNAL:
// a peer that has gone fails it with EPIPE rather than raising SIGPIPE.
// b must stay reachable, and unchanged, until its completion. On a
// stream socket without room the send waits for room, even on a
// non-blocking socket; it may complete having sent only part of b.
func (s *SQE) PrepSend(fd int, b []byte, userData uint64) {
	s.Opcode, s.Fd, s.UserData = OpSend, int32(fd), userData
	s.Addr, s.Len = bufAddr(b), uint32(len(b))
	s.OpFlags = msgNoSignal
}

// PrepRecv makes s a recv(2) into b from the socket fd. b must stay
// reachable until its completion.
func (s *SQE) PrepRecv(fd int, b []byte, userData uint64) {
	s.Opcode, s.Fd, s.UserData = OpRecv, int32(fd), userData
	s.Addr, s.Len = bufAddr(b), uint32(len(b))
}

// msgNoSignal is MSG_NOSIGNAL, the same on every Linux architecture.
const msgNoSignal = 0x4000

// bufAddr returns the address of b's first byte, 0 for an empty b.
func bufAddr(b []byte) uint64 {
	if len(b) == 0 {
		return 0
	}
	return uint64(uintptr(unsafe.Pointer(&b[0])))
}
