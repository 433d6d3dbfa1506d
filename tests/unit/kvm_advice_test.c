/* kvm_advice_test.c - unit tests for the advice when /dev/kvm cannot be opened (harness/report/kvm_advice.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/kvm_advice.h"
#include "vmm/fail.h"

enum { ALICE = 1000, KVM = 108, ROOT = 0, USERS = 100 };

/* a node owned by root in GROUP, with permission bits PERM */
static struct kvm_facts node(mode_t perm, gid_t group, const char *group_name)
{
	struct kvm_facts f = {
		.err = EACCES, .node_known = true, .mode = S_IFCHR | perm,
		.node_uid = ROOT, .node_gid = group, .euid = ALICE,
	};

	strcpy(f.owner, "root");
	strcpy(f.group, group_name);
	strcpy(f.user, "alice");
	return f;
}

static struct kvm_facts with_kvm_group(struct kvm_facts f, bool in_db, bool in_session)
{
	f.kvm_group = true;
	f.kvm_gid = KVM;
	f.in_kvm_group = in_db;
	f.kvm_in_session = in_session;
	f.in_node_group = in_session && f.node_gid == KVM;
	return f;
}

struct advice_case {
	const char *what;
	struct kvm_facts f;
	enum kvm_advice want;
	const char *says[4];   /* in the message */
	const char *not_says[3];
};

static void check(const struct advice_case *c)
{
	char msg[1024];

	kvm_advice__format(msg, sizeof(msg), "/dev/kvm", &c->f, kvm_advice__decide(&c->f));
	if (kvm_advice__decide(&c->f) != c->want)
		fail_msg("%s: advice %d, expected %d (%s)", c->what, kvm_advice__decide(&c->f),
			 c->want, msg);
	for (int i = 0; i < 4 && c->says[i]; i++)
		if (!strstr(msg, c->says[i]))
			fail_msg("%s: the message lacks '%s': %s", c->what, c->says[i], msg);
	for (int i = 0; i < 3 && c->not_says[i]; i++)
		if (strstr(msg, c->not_says[i]))
			fail_msg("%s: the message says '%s': %s", c->what, c->not_says[i], msg);
	assert_null(strchr(msg, '\n'));
}

static void test_decide(void **state)
{
	(void)state;
	const struct advice_case cases[] = {
		{ "no device node", { .err = ENOENT, .euid = ALICE }, KVM_ADVICE_NO_KVM,
		  { "no KVM on this machine", "kvm_intel", "kvm_amd", "virtualization" },
		  { "usermod", "udev" } },
		{ "a node without its driver", { .err = ENODEV, .euid = ALICE }, KVM_ADVICE_NO_KVM,
		  { "no KVM on this machine", "modprobe" } },
		{ "ENXIO", { .err = ENXIO }, KVM_ADVICE_NO_KVM, { "Skipping" } },
		{ "kvm group, device open to it, user not in it",
		  with_kvm_group(node(0660, KVM, "kvm"), false, false), KVM_ADVICE_JOIN_GROUP,
		  { "crw-rw---- root:kvm", "sudo usermod -aG kvm alice", "log out and in again" },
		  { "udev", "chmod", "this session" } },
		{ "kvm group, user joined it after logging in",
		  with_kvm_group(node(0660, KVM, "kvm"), true, false), KVM_ADVICE_LOG_IN_AGAIN,
		  { "alice is in the kvm group", "this session started before", "newgrp kvm" },
		  { "usermod", "udev" } },
		{ "kvm group, but the device is root's alone",
		  with_kvm_group(node(0600, ROOT, "root"), false, false), KVM_ADVICE_GROUP_MODE,
		  { "crw------- root:root", "GROUP=\"kvm\", MODE=\"0660\"", "usermod -aG kvm alice" },
		  { "MODE=\"0666\"" } },
		{ "kvm group, device root's alone, user in the group",
		  with_kvm_group(node(0600, ROOT, "root"), true, true), KVM_ADVICE_GROUP_MODE,
		  { "not open to the kvm group", "GROUP=\"kvm\"" }, { "usermod", "log out" } },
		{ "kvm group, device in the group but read-only to it",
		  with_kvm_group(node(0640, KVM, "kvm"), true, false), KVM_ADVICE_GROUP_MODE,
		  { "crw-r----- root:kvm", "log out and in again" }, { "usermod" } },
		{ "no kvm group: the mode and a udev rule", node(0600, ROOT, "root"),
		  KVM_ADVICE_NODE_MODE,
		  { "crw------- root:root", "no kvm group", "KERNEL==\"kvm\", MODE=\"0666\"",
		    "sudo chmod 0666 /dev/kvm" },
		  { "usermod", "GROUP=" } },
		{ "no kvm group, device in another group", node(0660, USERS, "users"),
		  KVM_ADVICE_NODE_MODE, { "crw-rw---- root:users", "udev rule" }, { "usermod" } },
		{ "the mode lets everyone in: something else denies",
		  with_kvm_group(node(0666, KVM, "kvm"), false, false), KVM_ADVICE_NOT_THE_MODE,
		  { "crw-rw-rw- root:kvm", "lets alice open it", "security module" },
		  { "usermod", "udev" } },
		{ "root refused: not the mode", { .err = EPERM, .node_known = true,
		  .mode = S_IFCHR | 0600, .owner = "root", .group = "root", .euid = ROOT },
		  KVM_ADVICE_NOT_THE_MODE, { "operation not permitted", "lets root open it" } },
		{ "owner without rw, in the kvm group",
		  with_kvm_group((struct kvm_facts){ .err = EACCES, .node_known = true,
		  .mode = S_IFCHR | 0060, .node_uid = ALICE, .node_gid = KVM, .euid = ALICE,
		  .owner = "alice", .group = "kvm", .user = "alice" }, true, true),
		  KVM_ADVICE_NODE_MODE, { "c---rw---- alice:kvm", "chmod" },
		  { "no kvm group", "usermod" } },
		{ "node unknown, kvm group, user not in it",
		  with_kvm_group((struct kvm_facts){ .err = EACCES, .euid = ALICE, .user = "alice" },
				 false, false),
		  KVM_ADVICE_JOIN_GROUP, { "permission denied: alice is not in", "usermod" },
		  { "it is" } },
		{ "node unknown, no kvm group", { .err = EACCES, .euid = ALICE, .user = "alice" },
		  KVM_ADVICE_NODE_MODE, { "permission denied and this machine has no kvm group" } },
		{ "another error", { .err = EISDIR, .node_known = true, .mode = S_IFDIR | 0755 },
		  KVM_ADVICE_OTHER, { "/dev/kvm: Is a directory" }, { "kvm group", "udev" } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(&cases[i]);
}

static void test_mode_string(void **state)
{
	char buf[11];

	(void)state;
	kvm_advice__mode_string(S_IFCHR | 0660, buf);
	assert_string_equal(buf, "crw-rw----");
	kvm_advice__mode_string(S_IFREG | 0755, buf);
	assert_string_equal(buf, "-rwxr-xr-x");
	kvm_advice__mode_string(S_IFDIR | S_ISVTX | 0777, buf);
	assert_string_equal(buf, "drwxrwxrwt");
	kvm_advice__mode_string(S_IFCHR | S_ISUID | S_ISGID | 0644, buf);
	assert_string_equal(buf, "crwSr-Sr--");
}

/* A message longer than its buffer is cut, not overrun. */
static void test_cut(void **state)
{
	struct kvm_facts f = node(0600, ROOT, "root");
	char buf[40];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	kvm_advice__format(buf, 32, "/dev/kvm", &f, KVM_ADVICE_NODE_MODE);
	assert_int_equal(strlen(buf), 31);
	assert_int_equal(buf[32], 'x');
}

/* The exit status each advice leads to: a skip only when there is no KVM. */
static void test_explain_status(void **state)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
	int no_kvm, denied, other;

	(void)state;
	dup2(null, STDERR_FILENO); /* the messages themselves are test_decide's */
	no_kvm = kvm_advice__explain("/nonexistent/kvm", ENOENT);
	denied = kvm_advice__explain("/nonexistent/kvm", EACCES);
	other = kvm_advice__explain("/", EISDIR);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(null);
	assert_int_equal(no_kvm, FAIL_NO_KVM);
	assert_int_equal(denied, FAIL_HOST);
	assert_int_equal(other, FAIL_HOST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_mode_string),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_explain_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
