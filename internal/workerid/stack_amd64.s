#include "textflag.h"

// func onStack(target uintptr) bool
//
// A frameless leaf: BP still holds the caller's frame pointer. Each frame
// record is the caller's saved BP at 0(BP) and the return address at
// 8(BP); the chain ends with a zero BP at the goroutine's first frame.
TEXT ·onStack(SB), NOSPLIT|NOFRAME, $0-9
	MOVQ target+0(FP), AX
	MOVQ BP, CX

loop:
	TESTQ CX, CX
	JZ    notfound
	CMPQ  8(CX), AX
	JEQ   found
	MOVQ  0(CX), CX
	JMP   loop

found:
	MOVB $1, ret+8(FP)
	RET

notfound:
	MOVB $0, ret+8(FP)
	RET
