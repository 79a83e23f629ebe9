package netpoll

// Dropped datagrams.
//
// A datagram socket whose receive buffer is full drops what arrives, and
// nothing tells its reader. On Linux, a socket with SO_RXQ_OVFL set
// attaches to each datagram it queues a control message with the number
// of datagrams the socket has dropped since it was opened, as a uint32
// that wraps around. [EnableDropCount] sets the option, [RecvFromDrops]
// receives a datagram with that count, and [DropCount] reads the count
// from the control messages of a recvmsg(2) made elsewhere (such as
// net.UDPConn's ReadMsgUDP). The count a datagram carries is the one of
// the moment it was queued: datagrams dropped after the last one queued
// show only with the next.
//
// The kernel attaches no control message while the count is 0, so a
// datagram without one carries 0. Other systems have no such count:
// there EnableDropCount fails with [ErrUnsupported], and every count is 0.

// DropCountSpace is the room, in bytes, that a control-message buffer
// passed to recvmsg(2) needs for [DropCount] to find the count, with room
// to spare for a timestamp that some other option may add.
const DropCountSpace = 64
