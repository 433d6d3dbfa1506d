/* script.h - an --input script: typing and waiting for what the guest shows, step by step. */
#ifndef BOOTCHECK_SCRIPT_H
#define BOOTCHECK_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/pacer.h" // struct pacer

/*
 * One step per line:
 *   wait-screen TEXT        until TEXT is on the screen
 *   wait-serial TEXT        until TEXT comes out of COM1 (after what an
 *                           earlier wait-serial matched)
 *   wait-idle               until the guest waits for input with all that
 *                           was typed taken
 *   keys TEXT               type TEXT (--keys syntax); done once all went
 *   serial TEXT             send TEXT (--serial-in syntax); the same
 *   sleep MS                let MS ms of virtual time pass
 *   # ...                   a comment; blank lines are skipped
 * TEXT of a wait is the rest of the line, or a double-quoted string (\" and
 * \\ inside) followed by an optional timeout in virtual seconds:
 *   wait-screen "A> " 2.5
 * A wait gives up after SCRIPT_DEFAULT_WAIT_S without one, and the run
 * stops (machine: STOP_INPUT) naming the line.
 */
#define SCRIPT_DEFAULT_WAIT_S 5
#define SCRIPT_MAX_BYTES (1u << 20)
#define SCRIPT_MAX_LINE 4096

enum script_op { SCRIPT_WAIT_SCREEN, SCRIPT_WAIT_SERIAL, SCRIPT_WAIT_IDLE, SCRIPT_KEYS,
		 SCRIPT_SERIAL, SCRIPT_SLEEP };

struct script_step {
	enum script_op op;
	int line;
	char *text;              /* waits, keys, serial */
	uint64_t ns;             /* a wait's timeout, a sleep's length (virtual) */
};

/* What the script needs to know of the machine; the machine fills it in. */
struct script_env {
	/* TEXT is on the screen now */
	bool (*screen_has)(void *opaque, const char *text);
	/* TEXT is in the serial output from byte FROM on; then *END is where it ends */
	bool (*serial_has)(void *opaque, const char *text, size_t from, size_t *end);
	/* the guest waits for input, and all input sent was taken */
	bool (*input_idle)(void *opaque);
	void *opaque;
};

enum script_status { SCRIPT_RUNNING, SCRIPT_DONE, SCRIPT_FAILED };

struct script {
	struct script_step *steps;
	int nr_steps;
	int cur;                 /* the step under way */
	bool entered;            /* cur has started (its start time set, its input queued) */
	uint64_t started_ns;     /* virtual time cur started */
	size_t serial_from;      /* where the next wait-serial looks from */
	char failed[256];        /* why it failed (SCRIPT_FAILED) */
};

/*
 * script__load - read and check PATH (a regular file of at most
 * SCRIPT_MAX_BYTES, lines of at most SCRIPT_MAX_LINE, keys and serial text
 * valid).  0, or -1 with "PATH:LINE: problem" in ERR.
 */
int script__load(struct script *s, const char *path, char *err, size_t errlen);
void script__free(struct script *s);

/*
 * script__advance - at virtual time NOW (ns), complete every step that can
 * complete, start the next (queueing its keys or bytes on P), and say
 * whether the script runs on, is done or failed (s->failed says why).
 * *NEXT_NS is when to call again at the latest (a timeout, a sleep's end,
 * or a re-check of a wait), or UINT64_MAX.
 */
enum script_status script__advance(struct script *s, struct pacer *p,
				   const struct script_env *env, uint64_t now,
				   uint64_t *next_ns);

/* script__holds - whether the current step waits on time (a wait or a sleep under way). */
bool script__holds(const struct script *s);

#endif
