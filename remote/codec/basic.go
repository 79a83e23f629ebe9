package codec

import "errors"

// RegisterBasic registers Go's basic types under the names "go.bool",
// "go.string", "go.bytes" ([]byte), "go.int", "go.int8" to "go.int64",
// "go.uint" to "go.uint64", "go.float32", "go.float64" and "go.empty"
// (struct{}), with the registry's default codec, for messages and replies
// that need no type of their own, such as the string answer of an Ask.
// Every node must register them the same way.
func RegisterBasic(r *Registry) error {
	return errors.Join(
		Register[bool](r, "go.bool"),
		Register[string](r, "go.string"),
		Register[[]byte](r, "go.bytes"),
		Register[int](r, "go.int"),
		Register[int8](r, "go.int8"),
		Register[int16](r, "go.int16"),
		Register[int32](r, "go.int32"),
		Register[int64](r, "go.int64"),
		Register[uint](r, "go.uint"),
		Register[uint8](r, "go.uint8"),
		Register[uint16](r, "go.uint16"),
		Register[uint32](r, "go.uint32"),
		Register[uint64](r, "go.uint64"),
		Register[float32](r, "go.float32"),
		Register[float64](r, "go.float64"),
		Register[struct{}](r, "go.empty"),
	)
}
