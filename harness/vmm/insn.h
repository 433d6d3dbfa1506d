/* insn.h - the few x86 instruction shapes the run loop needs to recognise. */
#ifndef BOOTCHECK_INSN_H
#define BOOTCHECK_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum insn_mode { INSN_16 = 16, INSN_32 = 32, INSN_64 = 64 };

/*
 * insn__is_jump_to_self - whether the N bytes at B start with a jump whose
 * target is its own first byte (`jmp $`: EB FE, E9 with rel16 -3 or rel32
 * -5, optionally behind an operand-size prefix) when decoded in MODE.
 */
bool insn__is_jump_to_self(const uint8_t *b, size_t n, enum insn_mode mode);

#endif
