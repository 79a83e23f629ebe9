package codec

// FNV-1a 32-bit parameters (see hash/fnv).
const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

// ID returns the wire ID of a message type name: the FNV-1a 32-bit hash
// of its bytes, the same as hash/fnv.New32a computes. It depends on
// nothing but the name, so it is stable across processes, machines and
// versions, and two peers that register a type under the same name agree
// on its ID without exchanging anything. It does not allocate.
func ID(name string) uint32 {
	h := uint32(fnvOffset32)
	for i := 0; i < len(name); i++ {
		h ^= uint32(name[i])
		h *= fnvPrime32
	}
	return h
}
