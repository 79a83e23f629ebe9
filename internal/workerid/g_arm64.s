#include "textflag.h"

// func G() uintptr
//
// On arm64 the runtime keeps the running goroutine's g in register g (R28).
TEXT ·G(SB), NOSPLIT|NOFRAME, $0-8
	MOVD g, R0
	MOVD R0, ret+0(FP)
	RET
