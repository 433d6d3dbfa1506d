/* dynlib.h - libraries bootcheck loads when it first needs them, not at every start-up. */
#ifndef BOOTCHECK_DYNLIB_H
#define BOOTCHECK_DYNLIB_H

/*
 * Every shared library a binary links is loaded and relocated at every
 * start, whatever the run does.  libgit2 (for diffs) and libxml2 (for
 * JUnit XML) bring about twenty more with them (Kerberos, TLS, SSH, ICU)
 * and cost a `bootcheck run` milliseconds it never uses them in, so the
 * runner opens them with dlopen when a diff or a report is first wanted.
 */

struct dynlib_sym {
	const char *name;
	void **slot;        /* where the address goes (a function pointer, as void *) */
};

/*
 * dynlib__load - dlopen SONAME and resolve the NR symbols of SYMS into
 * their slots.  Returns 0, or -1 after printing one line naming the
 * library, what it is needed FOR, the reason, and the Debian PACKAGE that
 * provides it.  The library stays loaded for the life of the process.
 */
int dynlib__load(const char *soname, const char *for_what, const char *package,
		 const struct dynlib_sym *syms, int nr);

#endif
