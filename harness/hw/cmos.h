/* cmos.h - MC146818 CMOS/RTC with a frozen clock: 128 bytes behind an index/data port pair. */
#ifndef BOOTCHECK_CMOS_H
#define BOOTCHECK_CMOS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h" // struct bus

#define CMOS_PORT_INDEX 0x70
#define CMOS_PORT_DATA 0x71
#define CMOS_SIZE 128

/* Register numbers. */
#define CMOS_REG_SECONDS 0x00
#define CMOS_REG_MINUTES 0x02
#define CMOS_REG_HOURS 0x04
#define CMOS_REG_DAY_OF_WEEK 0x06
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

struct cmos {
	uint8_t index;          /* last index written to 0x70, bit 7 stripped */
	bool nmi_masked;        /* bit 7 of that write */
	uint8_t ram[CMOS_SIZE]; /* clock registers 0x00-0x0d and NVRAM */
};

/*
 * cmos__init - registers as a BIOS leaves them (status A 0x26, B 0x02: 24-hour
 * BCD, C 0x00, D 0x80) and the frozen time 2025-01-01 (Wednesday) 12:00:00,
 * century 0x20.  The clock never ticks; everything else reads zero.
 */
void cmos__init(struct cmos *c);

/*
 * cmos__set_memory - fill the memory-size registers for RAM_BYTES of RAM, all
 * of it below 4 GiB: 0x15/0x16 base KiB (at most 640), 0x17/0x18 and 0x30/0x31
 * KiB above 1 MiB, 0x34/0x35 64 KiB blocks above 16 MiB (both capped at
 * 0xffff), 0x5b-0x5d zero, 0x5f (CPUs - 1) zero.  Updates the checksum.
 */
void cmos__set_memory(struct cmos *c, uint64_t ram_bytes);

/*
 * cmos__set_byte - set register REG (masked to 0-0x7f) to V as the machine's
 * firmware set-up would, with no guest-visible side effect; updates the
 * checksum in 0x2e/0x2f when REG lies in 0x10-0x2d.
 */
void cmos__set_byte(struct cmos *c, uint8_t reg, uint8_t v);

/* cmos__get_byte - register REG (masked to 0-0x7f) without side effects. */
uint8_t cmos__get_byte(const struct cmos *c, uint8_t reg);

/*
 * cmos__io - one byte access to PORT (0x70 or 0x71, the bus handler's core).
 * 0x70 is write-only and reads 0xff.  Returns the value read, 0 for writes.
 */
uint8_t cmos__io(struct cmos *c, uint16_t port, uint8_t value, bool is_write);

/* cmos__register - claim ports 0x70-0x71 on BUS.  0 or -errno. */
int cmos__register(struct cmos *c, struct bus *bus);

#endif
