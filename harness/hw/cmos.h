/* cmos.h - MC146818 CMOS/RTC on ports 0x70-0x71: 128 bytes, a clock on virtual time, IRQ 8. */
#ifndef BOOTCHECK_CMOS_H
#define BOOTCHECK_CMOS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"    // struct bus
#include "vmm/irq.h"    // struct irq_line
#include "vmm/vclock.h" // struct vclock, vclock_update_fn

#define CMOS_PORT_INDEX 0x70
#define CMOS_PORT_DATA 0x71
#define CMOS_SIZE 128
#define CMOS_IRQ 8

/* Register numbers. */
#define CMOS_REG_SECONDS 0x00
#define CMOS_REG_SECONDS_ALARM 0x01
#define CMOS_REG_MINUTES 0x02
#define CMOS_REG_MINUTES_ALARM 0x03
#define CMOS_REG_HOURS 0x04
#define CMOS_REG_HOURS_ALARM 0x05
#define CMOS_REG_DAY_OF_WEEK 0x06 /* 1 = Sunday */
#define CMOS_REG_DAY_OF_MONTH 0x07
#define CMOS_REG_MONTH 0x08
#define CMOS_REG_YEAR 0x09
#define CMOS_REG_STATUS_A 0x0a
#define CMOS_REG_STATUS_B 0x0b
#define CMOS_REG_STATUS_C 0x0c
#define CMOS_REG_STATUS_D 0x0d
#define CMOS_REG_SHUTDOWN 0x0f
#define CMOS_REG_FLOPPY_TYPES 0x10
#define CMOS_REG_DISK_TYPES 0x12
#define CMOS_REG_EQUIPMENT 0x14
#define CMOS_REG_BASE_MEM_LO 0x15 /* KiB below 1 MiB, 0x15/0x16 */
#define CMOS_REG_EXT_MEM_LO 0x17  /* KiB above 1 MiB, 0x17/0x18 */
#define CMOS_REG_CHECKSUM_HI 0x2e /* sum of 0x10-0x2d, big-endian in 0x2e/0x2f */
#define CMOS_REG_CHECKSUM_LO 0x2f
#define CMOS_REG_EXT_MEM2_LO 0x30 /* copy of 0x17/0x18 */
#define CMOS_REG_CENTURY 0x32
#define CMOS_REG_MEM_16M_LO 0x34  /* 64 KiB units above 16 MiB, 0x34/0x35 */
#define CMOS_REG_BOOT_ORDER_3 0x38
#define CMOS_REG_DISK_TRANSLATION 0x39
#define CMOS_REG_BOOT_ORDER_12 0x3d
#define CMOS_REG_MEM_4G 0x5b      /* 64 KiB units above 4 GiB, 0x5b-0x5d */
#define CMOS_REG_NR_CPUS_M1 0x5f

#define CMOS_CHECKSUM_FIRST 0x10
#define CMOS_CHECKSUM_LAST 0x2d

/* Status register bits. */
#define CMOS_A_UIP 0x80     /* update in progress (read-only) */
#define CMOS_A_DIVIDER 0x70 /* 010 runs the clock, 11x holds the divider in reset */
#define CMOS_A_RATE 0x0f    /* periodic interrupt rate select */
#define CMOS_B_SET 0x80     /* updates halted: the guest is setting the time */
#define CMOS_B_PIE 0x40
#define CMOS_B_AIE 0x20
#define CMOS_B_UIE 0x10
#define CMOS_B_SQWE 0x08
#define CMOS_B_DM_BINARY 0x04
#define CMOS_B_24H 0x02
#define CMOS_B_DSE 0x01
#define CMOS_C_IRQF 0x80
#define CMOS_C_PF 0x40
#define CMOS_C_AF 0x20
#define CMOS_C_UF 0x10
#define CMOS_D_VRT 0x80

#define CMOS_STATE_VERSION 1

/* Everything a snapshot needs of the device: plain data, no pointers. */
struct cmos_state {
	uint32_t version;
	uint8_t index;          /* last index written to 0x70, bit 7 stripped */
	bool nmi_masked;        /* bit 7 of that write */
	uint8_t ram[CMOS_SIZE]; /* clock registers 0x00-0x0d and NVRAM; C bit 7 is the IRQ 8 level */
	/* the divider: updates where virtual ns = phase_ns (mod 1 s), periodic ticks in step */
	uint64_t phase_ns;      /* 0 to 1 s */
	uint64_t synced_ns;     /* the time registers and flags hold what happened up to this virtual ns */
};

struct cmos {
	struct cmos_state s;
	/* wiring, not state */
	struct vclock *clock;
	struct irq_line irq8;
};

/*
 * cmos__init - registers as a BIOS leaves them (status A 0x26, B 0x02: 24-hour
 * BCD, C 0x00, D 0x80), the time 2025-01-01 (Wednesday) 12:00:00, century
 * 0x20, everything else zero.  The clock runs on CLOCK's virtual time from
 * vclock__now(CLOCK) (the divider phase starts there); its interrupts go to
 * IRQ8.  CLOCK must outlive C.
 */
void cmos__init(struct cmos *c, struct vclock *clock, struct irq_line irq8);

/*
 * cmos__set_memory - fill the memory-size registers for RAM_BYTES of RAM, all
 * of it below 4 GiB: 0x15/0x16 base KiB (at most 640), 0x17/0x18 and 0x30/0x31
 * KiB above 1 MiB, 0x34/0x35 64 KiB blocks above 16 MiB (both capped at
 * 0xffff), 0x5b-0x5d zero, 0x5f (CPUs - 1) zero.  Updates the checksum.
 */
void cmos__set_memory(struct cmos *c, uint64_t ram_bytes);

/*
 * cmos__set_byte - set register REG (masked to 0-0x7f) to V as the machine's
 * firmware set-up would, with no guest-visible side effect (no time update,
 * no interrupt); updates the checksum in 0x2e/0x2f when REG lies in 0x10-0x2d.
 */
void cmos__set_byte(struct cmos *c, uint8_t reg, uint8_t v);

/* cmos__get_byte - register REG (masked to 0-0x7f) as stored: no side effect, no time update. */
uint8_t cmos__get_byte(const struct cmos *c, uint8_t reg);

/*
 * cmos__io - one byte access to PORT (0x70 or 0x71, the bus handler's core)
 * at vclock__now of the clock: the time and flags are brought up to date
 * first.  0x70 is write-only and reads 0xff.  Returns the value read, 0 for
 * writes.  Calls vclock__changed when a write moves the next interrupt.
 */
uint8_t cmos__io(struct cmos *c, uint16_t port, uint8_t value, bool is_write);

/*
 * cmos__register - claim ports 0x70-0x71 on BUS.  0 or -errno.  The caller
 * also adds cmos__update as a source of the clock (vclock__add_source).
 */
int cmos__register(struct cmos *c, struct bus *bus);

/*
 * cmos__update - the device's vclock source (a vclock_update_fn, added once
 * with vclock__add_source; CMOS is the struct cmos): bring the time registers
 * and flags up to NOW_NS, drive IRQ 8, and return the next virtual time an
 * interrupt can fire (the next periodic tick when PIE is on, the next update
 * when UIE or AIE is), always after NOW_NS, or VCLOCK_NEVER when no interrupt
 * is enabled or the divider is stopped.
 */
uint64_t cmos__update(void *cmos, uint64_t now_ns);

/*
 * cmos__set_time - the guest gets control at NOW_NS: the time registers read
 * 2025-01-01 (Wednesday) 12:00:00, century 20, in the format register B
 * selects now (BCD or binary, 12 or 24 hours); the next update is exactly
 * 1 s after NOW_NS and the periodic interrupt counts its periods from NOW_NS;
 * pending flags in register C are dropped and IRQ 8 is driven low.
 */
void cmos__set_time(struct cmos *c, uint64_t now_ns);

#endif
