package uring

import "golang.org/x/sys/unix"

// Flags for multishot operations and provided buffers.
const (
	sqeBufferSelect = 1 << 5 // IOSQE_BUFFER_SELECT, in SQE.Flags
	recvMultishot   = 1 << 1 // IORING_RECV_MULTISHOT, in SQE.Ioprio
	acceptMultishot = 1 << 0 // IORING_ACCEPT_MULTISHOT, in SQE.Ioprio
)

// PrepRecvMultishot makes s a receive on fd that stays armed: it
// completes once per arrival of data, each time into a buffer it takes
// from the provided buffer ring of group (see Completion.BufferID), with
// FlagMore while it stays armed. It ends, without FlagMore, at end of
// stream (result 0), on an error, or when the group has no buffer left
// (-ENOBUFS), and must then be armed again.
func (s *SQE) PrepRecvMultishot(fd int, group uint16, userData uint64) {
	s.Opcode, s.Fd, s.UserData = OpRecv, int32(fd), userData
	s.Ioprio |= recvMultishot
	s.Flags |= sqeBufferSelect
	s.BufIndex = group
}

// PrepAcceptMultishot makes s an accept on the listening socket fd that
// stays armed: it completes with each new connection's file descriptor,
// non-blocking and close-on-exec, with FlagMore while it stays armed.
func (s *SQE) PrepAcceptMultishot(fd int, userData uint64) {
	s.Opcode, s.Fd, s.UserData = OpAccept, int32(fd), userData
	s.Ioprio |= acceptMultishot
	s.OpFlags = unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC
}

// Opcodes used only on Linux builds here.
const (
	opPollAdd        = 6
	opPollRemove     = 7
	pollAddMulti     = 1 << 0 // IORING_POLL_ADD_MULTI, in SQE.Len
	pollUpdateEvents = 1 << 1 // IORING_POLL_UPDATE_EVENTS, in SQE.Len
	cancelUserKey    = 0      // match by user data (the default)
)

// PrepPollMultishot makes s a poll of fd for events (such as
// unix.POLLIN) that stays armed: it completes each time fd is ready, with
// FlagMore while it stays armed. An event loop arms one on an eventfd to
// be woken from other goroutines.
func (s *SQE) PrepPollMultishot(fd int, events uint32, userData uint64) {
	s.Opcode, s.Fd, s.UserData = opPollAdd, int32(fd), userData
	s.Len = pollAddMulti
	s.OpFlags = events
}

// PrepCancel makes s cancel the operation submitted with user data
// target (a multishot receive, say): that operation completes with
// -ECANCELED, and s completes with 0, or -ENOENT if target was not in
// flight.
func (s *SQE) PrepCancel(target, userData uint64) {
	s.Opcode, s.UserData = OpAsyncCancel, userData
	s.Addr = target
	s.OpFlags = cancelUserKey
}

// PrepClose makes s close fd.
func (s *SQE) PrepClose(fd int, userData uint64) {
	s.Opcode, s.Fd, s.UserData = OpClose, int32(fd), userData
}

// PrepPollUpdate makes s change the events of the multishot poll
// submitted with user data target, which stays armed (Linux 5.13). The
// poll completes at once if fd is ready for the new events. s completes
// with 0, or -ENOENT if target is not armed.
func (s *SQE) PrepPollUpdate(target uint64, events uint32, userData uint64) {
	s.Opcode, s.Fd, s.UserData = opPollRemove, -1, userData
	s.Addr = target
	s.Len = pollUpdateEvents | pollAddMulti
	s.OpFlags = events
}

// PrepPollRemove makes s disarm the poll submitted with user data target,
// which completes with -ECANCELED; s completes with 0, or -ENOENT.
func (s *SQE) PrepPollRemove(target, userData uint64) {
	s.Opcode, s.Fd, s.UserData = opPollRemove, -1, userData
	s.Addr = target
}

// Cancel flags (IORING_ASYNC_CANCEL_*), in SQE.OpFlags.
const (
	cancelAll = 1 << 0
	cancelAny = 1 << 2
)

// PrepCancelAll makes s cancel every operation in flight (Linux 5.19):
// each completes with -ECANCELED, and s with how many it cancelled.
func (s *SQE) PrepCancelAll(userData uint64) {
	s.Opcode, s.Fd, s.UserData = OpAsyncCancel, -1, userData
	s.OpFlags = cancelAll | cancelAny
}
