#include "textflag.h"

// func G() uintptr
//
// The runtime keeps the running goroutine's g in thread-local storage;
// the assembler turns (TLS) into the platform's way of reading it.
TEXT ·G(SB), NOSPLIT|NOFRAME, $0-8
	MOVQ (TLS), AX
	MOVQ AX, ret+0(FP)
	RET
