/* dynlib.c - libraries bootcheck loads when it first needs them, not at every start-up. */
#include "sys/dynlib.h"

#include <dlfcn.h> // dlopen, dlsym
#include <stdio.h> // fprintf

int dynlib__load(const char *soname, const char *for_what, const char *package,
		 const struct dynlib_sym *syms, int nr)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		fprintf(stderr, "bootcheck: cannot load %s for %s: %s; install Debian's %s package\n",
			soname, for_what, dlerror(), package);
		return -1;
	}
	for (int i = 0; i < nr; i++) {
		dlerror();
		*syms[i].slot = dlsym(h, syms[i].name);
		if (!*syms[i].slot) {
			fprintf(stderr, "bootcheck: %s has no %s (needed for %s); install Debian's %s "
				"package\n", soname, syms[i].name, for_what, package);
			dlclose(h);
			return -1;
		}
	}
	return 0;
}
