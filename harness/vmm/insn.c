/* insn.c - the few x86 instruction shapes the run loop needs to recognise. */
#include "vmm/insn.h"

bool insn__is_jump_to_self(const uint8_t *b, size_t n, enum insn_mode mode)
{
	size_t i = 0;
	int opsize = mode == INSN_16 ? 16 : 32;

	if (n > 0 && b[0] == 0x66) {
		if (mode == INSN_64) /* vendor-dependent there; don't guess */
			return false;
		opsize = opsize == 16 ? 32 : 16;
		i = 1;
	}
	if (i + 2 <= n && b[i] == 0xeb)
		return (int8_t)b[i + 1] == -(int)(i + 2);
	if (i + 3 <= n && b[i] == 0xe9 && opsize == 16)
		return (int16_t)(b[i + 1] | b[i + 2] << 8) == -(int)(i + 3);
	if (i + 5 <= n && b[i] == 0xe9 && opsize == 32) {
		uint32_t rel = (uint32_t)b[i + 1] | (uint32_t)b[i + 2] << 8 |
			       (uint32_t)b[i + 3] << 16 | (uint32_t)b[i + 4] << 24;
		return (int32_t)rel == -(int32_t)(i + 5);
	}
	return false;
}
