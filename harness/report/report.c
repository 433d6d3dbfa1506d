/* report.c - a run's result as text for people, as JSON, and as capture files. */
#include "report/report.h"

#include <errno.h>    // errno
#include <fcntl.h>    // open
#include <json.h>     // json_object_*
#include <stdlib.h>   // malloc
#include <string.h>   // strlen, strerror
#include <sys/stat.h> // mkdir
#include <unistd.h>   // write

#include "capture/cp437.h"      // cp437__utf8
#include "capture/png.h"        // png__write
#include "report/color.h"       // color__sgr
#include "capture/utf8.h"       // utf8__escape_next, utf8__seq_len
#include "report/exit_reason.h" // exit_reason__format

char *report__screen_text(const struct screen *s)
{
	char *text = malloc((size_t)s->rows * SCREEN_ROW_MAX + 1);
	size_t off = 0;

	if (!text)
		return NULL;
	for (int r = 0; r < s->rows; r++) {
		screen__row(s, r, text + off);
		off += strlen(text + off);
		text[off++] = '\n';
	}
	text[off] = '\0';
	return text;
}

void report__print_escaped(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		char shown[UTF8_ESCAPE_MAX];
		size_t len;

		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
			i++;
			continue;
		}
		i += utf8__escape_next(p + i, n - i, true, shown, &len);
		fwrite(shown, 1, len, f);
	}
	if (n && p[n - 1] != '\n')
		fputc('\n', f);
}

static void text_channel(FILE *f, const char *name, const struct outbuf *ob)
{
	if (ob->len == 0) {
		fprintf(f, "--- %s: empty ---\n", name);
		return;
	}
	fprintf(f, "--- %s (%zu bytes%s) ---\n", name, ob->len,
		outbuf__truncated(ob) ? ", truncated" : "");
	report__print_escaped(f, ob->data, ob->len);
}

/* Row R in the guest's colours: every cell up to the last that shows something. */
static void colored_row(FILE *f, const struct screen *s, int r)
{
	int last = s->cols - 1;
	char sgr[24];
	int cur = -1;

	while (last >= 0 && (s->ch[r][last] == ' ' || s->ch[r][last] == 0) &&
	    !(s->attr[r][last] & 0x70))
		last--;
	for (int c = 0; c <= last; c++) {
		if (s->attr[r][c] != cur) {
			cur = s->attr[r][c];
			color__sgr((uint8_t)cur, sgr, sizeof(sgr));
			fputs(sgr, f);
		}
		fputs(cp437__utf8(s->ch[r][c] ? s->ch[r][c] : ' '), f);
	}
	fputs(COLOR_RESET "\n", f);
}

void report__text(FILE *f, const struct run_result *res, bool show_bios_log, bool color)
{
	char line[400];
	const struct kvm_regs *r = &res->cpu.regs;
	const struct kvm_sregs *s = &res->cpu.sregs;

	exit_reason__format(&res->stop, line, sizeof(line));
	fprintf(f, "exit: %s\n", line);
	if (res->cpu.valid)
		fprintf(f, "at: CS:IP %04x:%04llx  rflags 0x%llx  cr0 0x%llx  (%.3f s)\n",
			s->cs.selector, (unsigned long long)r->rip,
			(unsigned long long)r->rflags, (unsigned long long)s->cr0, res->seconds);
	if (res->guest_started)
		fprintf(f, "virtual time: %.6f s since the guest got control\n",
			(double)res->virtual_ns / 1e9);
	else
		fprintf(f, "virtual time: the guest never got control\n");
	if (res->keys_sent)
		fprintf(f, "keys: sent \"%s\", pending \"%s\"\n", res->keys_sent,
			res->keys_pending ? res->keys_pending : "");
	if (res->serial_sent)
		fprintf(f, "serial-in: sent \"%s\", pending \"%s\"\n", res->serial_sent,
			res->serial_pending ? res->serial_pending : "");
	if (res->has_script && res->script_line)
		fprintf(f, "input script: stopped at line %d\n", res->script_line);
	else if (res->has_script)
		fprintf(f, "input script: done\n");
	if (show_bios_log && res->bios_log)
		text_channel(f, "bios-log", res->bios_log);
	text_channel(f, "serial", res->serial);
	text_channel(f, "debugcon", res->debugcon);
	if (res->mode.kind != VGA_KIND_TEXT) {
		fprintf(f, "--- screen: %s%s ---\n", res->mode_desc,
			res->picture.rgb ? " (the picture: --out DIR writes DIR/screen.png)" : "");
		return;
	}
	if (res->mode.cols != SCREEN_COLS || res->mode.rows != SCREEN_ROWS)
		fprintf(f, "--- %s ---\n", res->mode_desc);
	if (screen__is_blank(&res->screen)) {
		fprintf(f, "--- screen: blank ---\n");
		return;
	}
	if (res->screen.cursor_row >= 0)
		fprintf(f, "--- screen (cursor at row %d, column %d%s) ---\n",
			res->screen.cursor_row, res->screen.cursor_col,
			res->screen.cursor_visible ? "" : ", hidden");
	else
		fprintf(f, "--- screen (cursor off screen) ---\n");
	int last = res->screen.rows - 1;
	char row[SCREEN_ROW_MAX];

	for (; last > 0; last--) {
		screen__row(&res->screen, last, row);
		if (row[0])
			break;
	}
	for (int i = 0; i <= last; i++) {
		if (color) {
			colored_row(f, &res->screen, i);
			continue;
		}
		screen__row(&res->screen, i, row);
		fprintf(f, "%s\n", row);
	}
}

/* JSON strings must be UTF-8: replace each invalid byte with U+FFFD. */
static json_object *json_bytes(const uint8_t *p, size_t n)
{
	char *out = malloc(n * 3 + 1);
	size_t o = 0, i = 0;
	json_object *j;

	if (!out)
		return NULL;
	while (i < n) {
		size_t len = utf8__seq_len(p + i, n - i);

		if (len) {
			memcpy(out + o, p + i, len);
			o += len;
			i += len;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	j = json_object_new_string_len(out, (int)o);
	free(out);
	return j;
}

static void json_channel(json_object *o, const char *name, const struct outbuf *ob)
{
	char key[48];

	json_object_object_add(o, name, json_bytes(ob->data, ob->len));
	snprintf(key, sizeof(key), "%s_dropped", name);
	json_object_object_add(o, key, json_object_new_uint64(ob->dropped));
}

static json_object *json_registers(const struct cpu_state *cpu)
{
	const struct kvm_regs *r = &cpu->regs;
	const struct kvm_sregs *s = &cpu->sregs;
	json_object *o = json_object_new_object();
	const struct { const char *name; uint64_t v; } regs[] = {
		{ "rax", r->rax }, { "rbx", r->rbx }, { "rcx", r->rcx }, { "rdx", r->rdx },
		{ "rsi", r->rsi }, { "rdi", r->rdi }, { "rsp", r->rsp }, { "rbp", r->rbp },
		{ "r8", r->r8 }, { "r9", r->r9 }, { "r10", r->r10 }, { "r11", r->r11 },
		{ "r12", r->r12 }, { "r13", r->r13 }, { "r14", r->r14 }, { "r15", r->r15 },
		{ "rip", r->rip }, { "rflags", r->rflags },
		{ "cs", s->cs.selector }, { "ds", s->ds.selector }, { "es", s->es.selector },
		{ "ss", s->ss.selector }, { "fs", s->fs.selector }, { "gs", s->gs.selector },
		{ "cs_base", s->cs.base },
		{ "cr0", s->cr0 }, { "cr2", s->cr2 }, { "cr3", s->cr3 }, { "cr4", s->cr4 },
		{ "efer", s->efer },
	};

	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		json_object_object_add(o, regs[i].name, json_object_new_uint64(regs[i].v));
	return o;
}

/* One object, pretty-printed, newline-terminated; O is released. */
static int json_print(FILE *f, json_object *o)
{
	int r = fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(o);
	return r < 0 ? -1 : 0;
}

/*
 * "exit" (the exit line, or null when the command failed), "status" and, on
 * failure, "error".  The command failed when it says why (ERROR), or exits
 * non-zero without GUEST_STATUS (a status that is the guest's own code, as
 * --exit-status gives, is no failure of the command).
 */
static void json_outcome(json_object *o, const char *exit_line, int status, const char *error,
			 bool guest_status)
{
	bool failed = error || (status != 0 && !guest_status);

	json_object_object_add(o, "exit", !failed && exit_line ? json_object_new_string(exit_line)
							       : json_object_new_null());
	json_object_object_add(o, "status", json_object_new_int(status));
	if (failed)
		json_object_object_add(o, "error", json_object_new_string(error ? error : "failed"));
}

int report__json_error(FILE *f, int status, const char *error)
{
	json_object *o = json_object_new_object();

	json_outcome(o, NULL, status, error, false);
	return json_print(f, o);
}

int report__json(FILE *f, const struct run_result *res, int status, const char *error,
		 bool guest_status)
{
	json_object *o = json_object_new_object();
	json_object *rows = json_object_new_array();
	char line[400], row[SCREEN_ROW_MAX];

	exit_reason__format(&res->stop, line, sizeof(line));
	json_outcome(o, line, status, error, guest_status);
	json_object_object_add(o, "reason", json_object_new_string(exit_reason__name(res->stop.kind)));
	if (res->stop.kind == STOP_DEBUG_EXIT)
		json_object_object_add(o, "code", json_object_new_uint64(res->stop.code));
	json_channel(o, "serial", res->serial);
	json_channel(o, "debugcon", res->debugcon);
	if (res->bios_log)
		json_channel(o, "bios_log", res->bios_log);
	for (int r = 0; r < res->screen.rows; r++) {
		screen__row(&res->screen, r, row);
		json_object_array_add(rows, json_object_new_string(row));
	}
	json_object_object_add(o, "screen", rows);
	json_object *mode = json_object_new_object();

	json_object_object_add(mode, "text", json_object_new_boolean(res->mode.kind == VGA_KIND_TEXT));
	json_object_object_add(mode, "width", json_object_new_int((int)res->mode.width));
	json_object_object_add(mode, "height", json_object_new_int((int)res->mode.height));
	if (res->mode.kind == VGA_KIND_TEXT) {
		json_object_object_add(mode, "columns", json_object_new_int((int)res->mode.cols));
		json_object_object_add(mode, "rows", json_object_new_int((int)res->mode.rows));
	}
	json_object_object_add(mode, "description", json_object_new_string(res->mode_desc));
	json_object_object_add(mode, "picture", json_object_new_boolean(res->picture.rgb != NULL));
	json_object_object_add(o, "mode", mode);
	/* the attributes, a row per string in the colors capture's format ("1f*44 07*36") */
	char *colors = screen__colors_text(&res->screen);
	json_object *crow = json_object_new_array();

	for (char *cl = colors; cl && *cl;) {
		char *nl = strchr(cl, '\n');

		json_object_array_add(crow, json_object_new_string_len(cl + 3, (int)(nl - cl - 3)));
		cl = nl + 1;
	}
	free(colors);
	json_object_object_add(o, "colors", crow);
	json_object *cur = json_object_new_object();

	json_object_object_add(cur, "row", json_object_new_int(res->screen.cursor_row));
	json_object_object_add(cur, "column", json_object_new_int(res->screen.cursor_col));
	json_object_object_add(cur, "visible", json_object_new_boolean(res->screen.cursor_visible));
	json_object_object_add(cur, "start", json_object_new_int(res->screen.cursor_start));
	json_object_object_add(cur, "end", json_object_new_int(res->screen.cursor_end));
	json_object_object_add(o, "cursor", cur);
	if (res->cpu.valid)
		json_object_object_add(o, "registers", json_registers(&res->cpu));
	json_object *un = json_object_new_object();

	json_object_object_add(un, "pio_reads", json_object_new_uint64(res->unclaimed_pio_reads));
	json_object_object_add(un, "pio_writes", json_object_new_uint64(res->unclaimed_pio_writes));
	json_object_object_add(un, "mmio_reads", json_object_new_uint64(res->unclaimed_mmio_reads));
	json_object_object_add(un, "mmio_writes", json_object_new_uint64(res->unclaimed_mmio_writes));
	json_object_object_add(o, "unclaimed", un);
	json_object_object_add(o, "seconds", json_object_new_double(res->seconds));
	if (res->snapshot)
		json_object_object_add(o, "snapshot", json_object_new_string(res->snapshot));
	if (res->keys_sent || res->serial_sent || res->has_script) {
		json_object *in = json_object_new_object();

		if (res->has_script) {
			json_object *sc = json_object_new_object();

			json_object_object_add(sc, "done", json_object_new_boolean(!res->script_line));
			json_object_object_add(sc, "line", res->script_line ?
					       json_object_new_int(res->script_line) : json_object_new_null());
			json_object_object_add(in, "script", sc);
		}
		const char *text[2][3] = {
			{ "keys", res->keys_sent, res->keys_pending },
			{ "serial_in", res->serial_sent, res->serial_pending },
		};

		for (int i = 0; i < 2; i++) {
			if (!text[i][1])
				continue;
			json_object *ch = json_object_new_object();

			json_object_object_add(ch, "sent", json_object_new_string(text[i][1]));
			json_object_object_add(ch, "pending",
					       json_object_new_string(text[i][2] ? text[i][2] : ""));
			json_object_object_add(in, text[i][0], ch);
		}
		json_object_object_add(o, "input", in);
	}
	json_object_object_add(o, "virtual_seconds",
			       res->guest_started ? json_object_new_double((double)res->virtual_ns / 1e9)
						  : json_object_new_null());
	return json_print(f, o);
}

static int write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		fprintf(stderr, "bootcheck: %s/%s: path too long\n", dir, name);
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			goto fail;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "bootcheck: %s: %s\n", path, strerror(errno));
	return -1;
}

/* DIR/screen.png into PNG: no stale picture from an earlier run is left there. */
static void unlink_png(const char *dir, char *png, size_t len)
{
	snprintf(png, len, "%s/screen.png", dir);
	unlink(png);
}

int report__files(const char *dir, const struct run_result *res)
{
	char line[400];
	int n, r;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "bootcheck: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	n = exit_reason__format(&res->stop, line, sizeof(line) - 1);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		n = (int)strlen(line);
	line[n++] = '\n';
	bool text = res->mode.kind == VGA_KIND_TEXT;
	char *screen = report__screen_text(&res->screen);
	char *colors = screen__colors_text(&res->screen);
	char cursor[80], desc[96];

	if (!screen || !colors) {
		free(screen);
		free(colors);
		return -1;
	}
	if (text) {
		screen__cursor_text(&res->screen, cursor, sizeof(cursor) - 1);
	} else {
		/* a graphics mode: the screen says which; no cells, no cursor */
		snprintf(desc, sizeof(desc), "%s\n", res->mode_desc);
		free(screen);
		screen = strdup(desc);
		colors[0] = '\0';
		snprintf(cursor, sizeof(cursor) - 1, "none: graphics mode");
		if (!screen) {
			free(colors);
			return -1;
		}
	}
	strcat(cursor, "\n");
	char png[4096];

	unlink_png(dir, png, sizeof(png));
	r = write_file(dir, "exit", line, (size_t)n) ||
	    write_file(dir, "serial", res->serial->data, res->serial->len) ||
	    write_file(dir, "debugcon", res->debugcon->data, res->debugcon->len) ||
	    write_file(dir, "screen", screen, strlen(screen)) ||
	    write_file(dir, "colors", colors, strlen(colors)) ||
	    write_file(dir, "cursor", cursor, strlen(cursor)) ||
	    (res->bios_log &&
	     write_file(dir, "bios-log", res->bios_log->data, res->bios_log->len)) ||
	    (res->picture.rgb && png__write(png, &res->picture));
	free(screen);
	free(colors);
	return r ? -1 : 0;
}

void report__warn_truncation(const struct run_result *res)
{
	const struct { const char *name; const struct outbuf *ob; } ch[] = {
		{ "serial", res->serial }, { "debugcon", res->debugcon }, { "bios-log", res->bios_log },
	};

	for (size_t i = 0; i < sizeof(ch) / sizeof(ch[0]); i++)
		if (ch[i].ob && outbuf__truncated(ch[i].ob))
			fprintf(stderr, "bootcheck: %s output truncated: kept %zu bytes, "
				"dropped %llu more (raise --max-output)\n", ch[i].name,
				ch[i].ob->len, (unsigned long long)ch[i].ob->dropped);
}
