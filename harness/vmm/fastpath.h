/* fastpath.h - finish a few well-known byte loops (SeaBIOS's memset and checksum, the VGA BIOS's checksum) in one step when the vCPU is found in them. */
#ifndef BOOTCHECK_FASTPATH_H
#define BOOTCHECK_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/kvm.h>      // kvm_regs

#include "vmm/guest_mem.h"  // struct guest_mem

/*
 * Some KVM backends run 32-bit guest code through KVM's instruction
 * emulator (this project's development host does), where SeaBIOS's
 * byte-at-a-time memset and checksum loops over hundreds of KiB take
 * seconds, and the VGA BIOS's checksum over itself (16-bit code with
 * 32-bit addressing, which traps into the emulator too) a few hundred ms.
 * When a look finds the vCPU inside one of these loops, the host
 * does what the rest of the loop would do (the same bytes written, the same
 * registers at the loop head) and lets the guest carry on from there.  The
 * guest cannot tell the difference except in time.  On hardware that runs
 * the loop natively a tick rarely lands in one, and nothing changes.
 */

/*
 * fastpath__finish - CODE holds N bytes of guest code, CODE[BACK] being the
 * byte at RIP, which is at guest physical address PC.  When RIP lies inside
 * a known loop, apply the rest of the loop to MEM and REGS (32-bit flat,
 * unpaged code only: the caller checks the mode) and return true;
 * otherwise change nothing and return false.  Every guest address the loop
 * would touch must be in MEM and clear of the loop's own code, or nothing
 * is done.
 */
bool fastpath__finish(const uint8_t *code, unsigned n, unsigned back, uint64_t pc,
		      struct kvm_regs *regs, struct guest_mem *mem);

/*
 * fastpath__finish_real - the same for 16-bit code: the VGA BIOS's
 * checksum over its own image (SeaVGABIOS, real mode, 32-bit addressing
 * through ES).  ES_BASE and ES_LIMIT describe ES; nothing is done when the
 * rest of the loop would read past ES's limit (the CPU would fault first)
 * or outside MEM, when the loop's counter is already past its end, or when
 * the loop crosses either end of CS (IP wraps at 64 KiB, so the bytes
 * after it in RAM are not what the CPU runs).
 */
bool fastpath__finish_real(const uint8_t *code, unsigned n, unsigned back,
			   struct kvm_regs *regs, uint64_t es_base, uint32_t es_limit,
			   struct guest_mem *mem);

#endif
