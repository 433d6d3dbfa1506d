/* fuzz_scrub.c - libFuzzer target: scrub rules (harness/check/scrub.c) compiled from the input and applied to the rest of it. */
#include <stdlib.h> // malloc, free
#include <string.h> // memcmp, memcpy

#include "check/scrub.h" // scrub__compile, scrub__apply
#include "fuzz.h"        // struct fuzz_in

#define MAX_RULES 3

/*
 * Input: up to three rules, each ended by a NUL byte (a part not starting
 * with 's' ends the rules and is text), then the text they are applied to
 * (any bytes, NULs too).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct scrub_rule rules[MAX_RULES];
	int n = 0;
	const uint8_t *text;
	size_t len, outlen = 0;
	char *out, why[600];

	if (fuzz__regex_blowup(data, size))
		return 0;
	while (n < MAX_RULES && in.left && in.p[0] == 's' && memchr(in.p, 0, in.left)) {
		const uint8_t *part;
		size_t plen;
		char err[300];

		fuzz__part(&in, 0, &part, &plen);
		err[0] = '\0';
		if (scrub__compile(&rules[n], (const char *)part, err, sizeof(err)) == 0) {
			fuzz__check(rules[n].replacement && rules[n].spec, "compiled rule without parts");
			fuzz__check(!strcmp(rules[n].spec, (const char *)part), "spec not kept as written");
			n++;
		} else {
			fuzz__check(err[0], "refused rule without a reason");
			fuzz__check(!rules[n].replacement && !rules[n].spec, "refused rule left allocated");
		}
	}
	text = in.p;
	len = in.left;

	/* no rules: the text as it is */
	out = scrub__apply(rules, 0, (const char *)text, len, &outlen, why, sizeof(why));
	fuzz__check(out && outlen == len && !memcmp(out, text, len) && out[len] == '\0',
		    "no rules changed the text");
	free(out);

	/* a rule may give up at its budget (said in WHY), never run on */
	out = scrub__apply(rules, n, (const char *)text, len, &outlen, why, sizeof(why));
	fuzz__check(out || strstr(why, " gave up on a capture of "), "no result: %s", why);
	fuzz__check(!out || out[outlen] == '\0', "result not NUL-terminated");
	free(out);

	/* each rule's regex with `&` as replacement puts back every match: the text as it is */
	for (int i = 0; i < n; i++) {
		struct scrub_rule id = rules[i];
		char amp[] = "&";

		id.replacement = amp;
		out = scrub__apply(&id, 1, (const char *)text, len, &outlen, why, sizeof(why));
		fuzz__check(!out ? strstr(why, " gave up on a capture of ") != NULL :
				   outlen == len && !memcmp(out, text, len),
			    "rule %s with & as replacement changed the text", rules[i].spec);
		free(out);
	}
	for (int i = 0; i < n; i++)
		scrub__free(&rules[i]);
	return 0;
}
