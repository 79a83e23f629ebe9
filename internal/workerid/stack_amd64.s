#include "textflag.h"

// func onStack(a, b uintptr) bool
//
// A frameless leaf: BP still holds the caller's frame pointer. Each frame
// record is the caller's saved BP at 0(BP) and the return address at
// 8(BP); the chain ends with a zero BP at the goroutine's first frame.
TEXT ·onStack(SB), NOSPLIT|NOFRAME, $0-17
	MOVQ a+0(FP), AX
	MOVQ b+8(FP), BX
	MOVQ BP, CX

loop:
	TESTQ CX, CX
	JZ    notfound
	MOVQ  8(CX), DX
	CMPQ  DX, AX
	JEQ   found
	CMPQ  DX, BX
	JEQ   found
	MOVQ  0(CX), CX
	JMP   loop

found:
	MOVB $1, ret+16(FP)
	RET

notfound:
	MOVB $0, ret+16(FP)
	RET
