/* kvm_advice.h - why /dev/kvm could not be opened, and what fits this machine to do about it. */
#ifndef BOOTCHECK_KVM_ADVICE_H
#define BOOTCHECK_KVM_ADVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* What the advice depends on: open()'s error, the node, the kvm group, this process. */
struct kvm_facts {
	int err;              /* errno of open(PATH, O_RDWR) */
	bool node_known;      /* stat(PATH) worked: the node's fields are set */
	mode_t mode;          /* the node's type and permission bits */
	uid_t node_uid;
	gid_t node_gid;
	char owner[33];       /* the node's owner and group: names, or numbers */
	char group[33];
	uid_t euid;           /* this process's effective user */
	bool in_node_group;   /* this process has the node's group (effective or supplementary) */
	bool kvm_group;       /* the machine has a group named kvm */
	gid_t kvm_gid;
	bool in_kvm_group;    /* the group database puts the user in it (member or primary group) */
	bool kvm_in_session;  /* this process has it now: not so when the user joined after logging in */
	char user[33];        /* the user's name, for usermod */
};

enum kvm_advice {
	KVM_ADVICE_NO_KVM,       /* no KVM device: enable virtualization, load kvm_intel or kvm_amd (a skip) */
	KVM_ADVICE_JOIN_GROUP,   /* the node is the kvm group's: usermod -aG kvm USER, log in again */
	KVM_ADVICE_LOG_IN_AGAIN, /* in the kvm group, but this session predates that */
	KVM_ADVICE_GROUP_MODE,   /* a kvm group exists, but the node is not open to it: a udev rule gives it */
	KVM_ADVICE_NODE_MODE,    /* no kvm group: the node's mode is what stops it; a udev rule, chmod */
	KVM_ADVICE_NOT_THE_MODE, /* the mode lets this process in: an ACL, LSM, nodev mount, container */
	KVM_ADVICE_OTHER,        /* another error: said as it is */
};

/* kvm_advice__gather - the facts about PATH, whose open() failed with ERR, and this process. */
void kvm_advice__gather(struct kvm_facts *f, const char *path, int err);

/* kvm_advice__decide - which advice fits F (pure: no system calls). */
enum kvm_advice kvm_advice__decide(const struct kvm_facts *f);

/*
 * kvm_advice__format - the message for advice A about PATH, one line without
 * a newline, into BUF (cut to LEN); the facts it names come from F.
 */
void kvm_advice__format(char *buf, size_t len, const char *path, const struct kvm_facts *f,
			enum kvm_advice a);

/* kvm_advice__mode_string - MODE as ls -l shows it ("crw-rw----") into BUF (11 bytes). */
void kvm_advice__mode_string(mode_t mode, char buf[11]);

/*
 * kvm_advice__explain - after open(PATH) failed with ERR, print what is
 * wrong and what to do about it on this machine, one line on stderr.
 * Returns FAIL_NO_KVM when the machine has no KVM (a skip), else FAIL_HOST.
 */
int kvm_advice__explain(const char *path, int err);

#endif
