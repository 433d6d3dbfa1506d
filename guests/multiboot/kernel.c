/*
 * kernel.c - a Multiboot kernel in C, as the tutorials build one: compiled
 * with the system gcc (-m32 -ffreestanding) and linked with ld at 1 MiB.
 * boot.asm (an ELF with the Multiboot header) or boot-aout.asm (the same
 * code as a flat binary, with the a.out-kludge address fields) calls
 * kmain(magic, info).  It prints what the loader gave it, on COM1 and on
 * the text screen: the magic, the information flags, the command line, the
 * loader's name, mem_lower/mem_upper, the memory map, and each module's
 * string, alignment and contents; then it writes the number of problems it
 * found to the debug-exit port (0 when all is as the specification says).
 * Addresses that depend on the compiler's code size are checked, not
 * printed, so the goldens hold on any gcc.
 */
#include <stddef.h>
#include <stdint.h>

#define MB_MAGIC 0x2BADB002u
#define COM1 0x3f8
#define EXIT_PORT 0xf4

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr, drives_length, drives_addr, config_table;
	uint32_t boot_loader_name, apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
	uint64_t framebuffer_addr;
	uint32_t framebuffer_pitch, framebuffer_width, framebuffer_height;
	uint8_t framebuffer_bpp, framebuffer_type;
} __attribute__((packed));

struct mb_mod {
	uint32_t mod_start, mod_end, string, reserved;
};

struct mb_mmap {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

extern char _kernel_end[]; /* the linker script's: past .bss */

static unsigned problems;
static volatile uint16_t *const screen = (volatile uint16_t *)0xb8000;
static unsigned row, col;

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_screen(char c)
{
	if (c == '\n') {
		col = 0;
		row++;
		return;
	}
	if (col == 80) {
		col = 0;
		row++;
	}
	if (row < 25)
		screen[row * 80 + col++] = (uint16_t)(0x0700 | (uint8_t)c);
}

static void putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
	putc_screen(c);
}

static void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void put_hex(uint64_t v, int digits)
{
	puts("0x");
	for (int i = digits - 1; i >= 0; i--)
		putc("0123456789abcdef"[(v >> (i * 4)) & 0xf]);
}

static void put_dec(uint32_t v)
{
	char buf[12];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		putc(buf[--n]);
}

/* At most MAX printable bytes of [P, P+LEN), others as '.', newlines as '|'. */
static void put_bytes(const char *p, uint32_t len, uint32_t max)
{
	for (uint32_t i = 0; i < len && i < max; i++)
		putc(p[i] == '\n' ? '|' : p[i] >= 32 && p[i] < 127 ? p[i] : '.');
}

static void check(int ok, const char *what)
{
	if (!ok) {
		problems++;
		puts("PROBLEM: ");
		puts(what);
		putc('\n');
	}
}

void kmain(uint32_t magic, const struct mb_info *mbi);

void kmain(uint32_t magic, const struct mb_info *mbi)
{
	for (unsigned i = 0; i < 80 * 25; i++)
		screen[i] = 0x0720;
	puts("multiboot kernel: magic ");
	put_hex(magic, 8);
	check(magic == MB_MAGIC, "magic is not 0x2badb002");
	if (magic != MB_MAGIC)
		goto out;
	puts(", flags ");
	put_hex(mbi->flags, 8);
	putc('\n');
	if (mbi->flags & (1u << 2)) {
		puts("cmdline: \"");
		puts((const char *)mbi->cmdline);
		puts("\"\n");
	}
	if (mbi->flags & (1u << 9)) {
		puts("loader: ");
		puts((const char *)mbi->boot_loader_name);
		putc('\n');
	}
	if (mbi->flags & 1u) {
		puts("mem_lower ");
		put_dec(mbi->mem_lower);
		puts(" KiB, mem_upper ");
		put_dec(mbi->mem_upper);
		puts(" KiB\n");
	}
	if (mbi->flags & (1u << 1)) {
		puts("boot_device ");
		put_hex(mbi->boot_device, 8);
		putc('\n');
	}
	if (mbi->flags & (1u << 6)) {
		uint32_t at = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		puts("memory map:\n");
		while (at < end) {
			const struct mb_mmap *e = (const struct mb_mmap *)at;

			puts("  ");
			put_hex(e->base, 9);
			puts(" length ");
			put_hex(e->len, 9);
			puts(" type ");
			put_dec(e->type);
			putc('\n');
			at += e->size + 4;
		}
	}
	if (mbi->flags & (1u << 3)) {
		const struct mb_mod *m = (const struct mb_mod *)mbi->mods_addr;
		uint32_t above = (uint32_t)_kernel_end;

		puts("modules: ");
		put_dec(mbi->mods_count);
		putc('\n');
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			puts("  ");
			put_dec(i);
			puts(" \"");
			puts((const char *)m[i].string);
			puts("\" ");
			put_dec(m[i].mod_end - m[i].mod_start);
			puts(" bytes: ");
			put_bytes((const char *)m[i].mod_start, m[i].mod_end - m[i].mod_start, 48);
			putc('\n');
			check((m[i].mod_start & 0xfff) == 0, "module not page-aligned");
			check(m[i].mod_start >= above, "module overlaps the kernel or the one before");
			above = m[i].mod_end;
		}
	}
	if (mbi->flags & (1u << 12)) {
		puts("framebuffer ");
		put_hex(mbi->framebuffer_addr, 8);
		puts(" ");
		put_dec(mbi->framebuffer_width);
		putc('x');
		put_dec(mbi->framebuffer_height);
		puts(" type ");
		put_dec(mbi->framebuffer_type);
		putc('\n');
	}
out:
	puts(problems ? "multiboot kernel: problems found\n" : "multiboot kernel: all as specified\n");
	outb(EXIT_PORT, (uint8_t)problems);
	for (;;)
		__asm__ volatile("cli; hlt");
}
