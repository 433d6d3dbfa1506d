/* bios.c - BIOS boot: SeaBIOS mapped where a PC has it, and told about the machine through fw_cfg and CMOS. */
#include "boot/bios.h"

#include <errno.h>    // errno
#include <nettle/sha2.h> // sha256_update
#include <fcntl.h>    // open
#include <stdio.h>    // fprintf
#include <stdlib.h>   // malloc
#include <string.h>   // memcpy
#include <sys/mman.h> // mmap
#include <sys/stat.h> // fstat
#include <unistd.h>   // read

#define PACKAGE_HINT "install Debian's seabios package (apt-get install seabios)"

/* The high BIOS mapping must stay page-aligned and alive for the VM's lifetime. */
static void *bios_high;
static size_t bios_high_size;

/* Read a whole firmware file of at most MAX bytes into a malloc'd buffer. */
static int read_firmware(const char *what, const char *path, size_t max, uint8_t **out,
			 size_t *len)
{
	struct stat st;
	/* O_NONBLOCK: a FIFO must not block the open before it is refused below */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "bootcheck: %s %s: %s; %s\n", what, path, strerror(errno),
			PACKAGE_HINT);
		return FAIL_INPUT;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > max) {
		fprintf(stderr, "bootcheck: %s %s: not a %s image (%s, at most %zu KiB); %s\n",
			what, path, what, S_ISREG(st.st_mode) ? "wrong size" : "not a file",
			max >> 10, PACKAGE_HINT);
		close(fd);
		return FAIL_INPUT;
	}
	*len = (size_t)st.st_size;
	*out = malloc(*len);
	size_t done = 0;

	while (*out && done < *len) {
		ssize_t n = read(fd, *out + done, *len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (!*out || done != *len) {
		fprintf(stderr, "bootcheck: %s %s: cannot read it\n", what, path);
		free(*out);
		return FAIL_HOST;
	}
	return 0;
}

static int map_bios(struct vm *vm, const char *path)
{
	uint8_t *img;
	size_t len;
	int r = read_firmware("BIOS", path, BIOS_MAX_SIZE, &img, &len);

	if (r)
		return r;
	/* a PC BIOS is whole 64 KiB pages with a far jump at the reset vector */
	if (len % (64u << 10) || img[len - 16] != 0xea) {
		fprintf(stderr, "bootcheck: BIOS %s: not a PC BIOS image (%s); use "
			"/usr/share/seabios/bios.bin: %s\n", path,
			len % (64u << 10) ? "size is not a multiple of 64 KiB" : "no reset vector",
			PACKAGE_HINT);
		free(img);
		return FAIL_INPUT;
	}
	size_t low = len < BIOS_LOW_WINDOW ? len : BIOS_LOW_WINDOW;
	uint8_t *dst = guest_mem__ptr(&vm->mem, 0x100000 - low, low);

	if (!dst) {
		fprintf(stderr, "bootcheck: BIOS mode needs at least 1 MiB of RAM\n");
		free(img);
		return FAIL_INPUT;
	}
	memcpy(dst, img + len - low, low);
	bios_high = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bios_high == MAP_FAILED) {
		bios_high = NULL;
		free(img);
		return FAIL_HOST;
	}
	bios_high_size = len;
	memcpy(bios_high, img, len);
	free(img);
	return vm__map(vm, (1ULL << 32) - len, bios_high, len, true);
}

void bios__digest(struct sha256_ctx *c)
{
	if (bios_high)
		sha256_update(c, bios_high_size, bios_high);
}

void bios__release(struct vm *vm)
{
	(void)vm;
	if (bios_high)
		munmap(bios_high, bios_high_size);
	bios_high = NULL;
}

static int add_e820(struct fw_cfg *fw, uint64_t ram)
{
	/* one entry: {le64 address, le64 length, le32 type 1 = RAM} */
	uint8_t e[20] = { 0 };

	for (int i = 0; i < 8; i++)
		e[8 + i] = (uint8_t)(ram >> (8 * i));
	e[16] = 1;
	return fw_cfg__add_file(fw, "etc/e820", e, sizeof(e), true);
}

static int add_int_file(struct fw_cfg *fw, const char *name, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	return fw_cfg__add_file(fw, name, b, sizeof(b), true);
}

/* CMOS registers QEMU's pc machine sets and SeaBIOS reads. */
enum {
	CMOS_FLOPPY_TYPES = 0x10,
	CMOS_HD_TYPES = 0x12,
	CMOS_EQUIPMENT = 0x14,
	CMOS_BOOT_FLAG1 = 0x38,
	CMOS_DISK_TRANSLATION = 0x39,
	CMOS_BOOT_FLAG2 = 0x3d,
};

int bios__boot(struct vm *vm, const struct bios_boot *bb, struct fw_cfg *fw, struct cmos *cmos)
{
	uint8_t *vgabios;
	size_t vgalen;
	int r;

	r = map_bios(vm, bb->bios_path);
	if (r)
		return r;
	r = read_firmware("VGA BIOS", bb->vgabios_path, VGABIOS_MAX_SIZE, &vgabios, &vgalen);
	if (r)
		return r;
	if (vgalen < 512 || vgabios[0] != 0x55 || vgabios[1] != 0xaa) {
		fprintf(stderr, "bootcheck: VGA BIOS %s: not an option ROM (no 55 AA); use "
			"/usr/share/seabios/vgabios-isavga.bin: %s\n", bb->vgabios_path, PACKAGE_HINT);
		free(vgabios);
		return FAIL_INPUT;
	}
	r = fw_cfg__add_file(fw, "vgaroms/vgabios.bin", vgabios, (uint32_t)vgalen, true);
	free(vgabios);
	if (r == 0)
		r = fw_cfg__add_u64(fw, FW_CFG_RAM_SIZE, vm->mem.size);
	if (r == 0)
		r = fw_cfg__add_u16(fw, FW_CFG_NB_CPUS, 1);
	if (r == 0)
		r = fw_cfg__add_u16(fw, FW_CFG_MAX_CPUS, 1);
	if (r == 0)
		r = fw_cfg__add_u16(fw, FW_CFG_NOGRAPHIC, 0);
	if (r == 0)
		r = fw_cfg__add_u16(fw, FW_CFG_BOOT_MENU, 0);
	if (r == 0)
		r = fw_cfg__add_u32(fw, FW_CFG_IRQ0_OVERRIDE, 1);
	if (r == 0)
		r = add_e820(fw, vm->mem.size);
	/* never sit in a boot menu or a retry countdown: a test wants the result */
	if (r == 0)
		r = add_int_file(fw, "etc/show-boot-menu", 0);
	if (r == 0)
		r = add_int_file(fw, "etc/boot-fail-wait", 0);
	if (r == 0 && bb->floppy)
		r = fw_cfg__add_file(fw, "floppyimg/disk.img", bb->floppy->data,
				     (uint32_t)bb->floppy->size, false);
	if (r == 0)
		r = fw_cfg__finish(fw);
	if (r) {
		fprintf(stderr, "bootcheck: fw_cfg: %s\n", strerror(-r));
		return FAIL_HOST;
	}

	cmos__set_memory(cmos, vm->mem.size);
	/* the floppy controller's drives (none for the ramdisk), as QEMU's pc machine says them */
	int drives = (bb->floppy_types[0] != 0) + (bb->floppy_types[1] != 0);

	cmos__set_byte(cmos, CMOS_EQUIPMENT, (uint8_t)(0x02 /* FPU, EGA/VGA */ |
						       (drives ? 0x01 | (drives - 1) << 6 : 0)));
	cmos__set_byte(cmos, CMOS_FLOPPY_TYPES,
		       (uint8_t)((bb->floppy_types[0] & 0x0f) << 4 | (bb->floppy_types[1] & 0x0f)));
	cmos__set_byte(cmos, CMOS_BOOT_FLAG1, 0x00);
	if (bb->nr_hdd) {
		uint8_t trans = 0;

		/* types of the primary master and slave (0xf: see 0x19/0x1a), as QEMU sets them */
		cmos__set_byte(cmos, CMOS_HD_TYPES, bb->nr_hdd > 1 ? 0xff : 0xf0);
		/* two bits a drive, in SeaBIOS's order: channel * 2 + slave */
		for (int i = 0; i < bb->nr_hdd && i < 4; i++)
			trans |= (uint8_t)(disk__cmos_translation(&bb->hdd[i]) << (2 * i));
		cmos__set_byte(cmos, CMOS_DISK_TRANSLATION, trans);
	}
	if (bb->drive == BIOS_DRIVE_HDD)
		cmos__set_byte(cmos, CMOS_BOOT_FLAG2, 0x02); /* hard disk first */
	else
		cmos__set_byte(cmos, CMOS_BOOT_FLAG2, 0x01); /* floppy first */
	return 0;
}

/* BIOS data area fields SeaBIOS keeps its clock in. */
#define BDA_TIMER_COUNTER 0x46c  /* u32: PIT ticks since midnight */
#define BDA_TIMER_ROLLOVER 0x470 /* u8: midnight passed since last read */
/* SeaBIOS's ticks_from_ms() works through the ACPI PM timer's rate. */
#define SEABIOS_PMTIMER_HZ 3579545ULL
#define SEABIOS_PMTIMER_TO_PIT 3ULL
#define SEABIOS_PIT_TICK_INTERVAL 65536ULL

static unsigned rtc_field(const struct cmos *c, uint8_t reg)
{
	uint8_t v = cmos__get_byte(c, reg);

	if (cmos__get_byte(c, CMOS_REG_STATUS_B) & CMOS_B_DM_BINARY)
		return v;
	return (v & 0x0f) + (v >> 4) * 10u;
}

static uint64_t div_round_up(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

void bios__pin_ticks(struct guest_mem *mem, const struct cmos *cmos)
{
	unsigned hours = rtc_field(cmos, CMOS_REG_HOURS) & 0x7f; /* SeaBIOS runs it in 24 h mode */
	uint64_t secs = ((uint64_t)hours * 60 + rtc_field(cmos, CMOS_REG_MINUTES)) * 60 +
			rtc_field(cmos, CMOS_REG_SECONDS);
	/* the count SeaBIOS 1.16's clock_setup derives from the time of day */
	uint64_t t = div_round_up(secs * 1000 * SEABIOS_PMTIMER_HZ, SEABIOS_PIT_TICK_INTERVAL);
	uint32_t ticks = (uint32_t)div_round_up(t, 1000 * SEABIOS_PMTIMER_TO_PIT);
	uint8_t *counter = guest_mem__ptr(mem, BDA_TIMER_COUNTER, 4);
	uint8_t *rollover = guest_mem__ptr(mem, BDA_TIMER_ROLLOVER, 1);

	if (!counter || !rollover)
		return;
	for (int i = 0; i < 4; i++)
		counter[i] = (uint8_t)(ticks >> (8 * i));
	*rollover = 0;
}
