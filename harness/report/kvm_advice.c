/* kvm_advice.c - why /dev/kvm could not be opened, and what fits this machine to do about it. */
#include "report/kvm_advice.h"

#include <errno.h>     // ENOENT, EACCES
#include <grp.h>       // getgrnam, getgrgid
#include <pwd.h>       // getpwuid
#include <stdarg.h>    // va_list
#include <stdio.h>     // snprintf
#include <stdlib.h>    // malloc
#include <string.h>    // strcmp, strerror
#include <sys/stat.h>  // stat, S_I*
#include <unistd.h>    // geteuid, getgroups

#include "vmm/fail.h" // FAIL_NO_KVM, FAIL_HOST

static const char udev_rule_file[] =
	"in /etc/udev/rules.d/99-kvm.rules, then sudo udevadm trigger --name-match=kvm";

/* Whether this process has group GID: effective or supplementary. */
static bool has_group(gid_t gid)
{
	int n = getgroups(0, NULL);
	gid_t *list;
	bool found = getegid() == gid;

	if (found || n <= 0 || !(list = malloc(sizeof(*list) * (size_t)n)))
		return found;
	n = getgroups(n, list);
	for (int i = 0; i < n && !found; i++)
		found = list[i] == gid;
	free(list);
	return found;
}

void kvm_advice__gather(struct kvm_facts *f, const char *path, int err)
{
	struct stat st;
	struct passwd *pw;
	struct group *gr;

	memset(f, 0, sizeof(*f));
	f->err = err;
	f->euid = geteuid();
	pw = getpwuid(f->euid);
	snprintf(f->user, sizeof(f->user), "%s", pw ? pw->pw_name : "$USER");
	if (stat(path, &st) == 0) {
		struct passwd *owner = getpwuid(st.st_uid);
		struct group *group = getgrgid(st.st_gid);

		f->node_known = true;
		f->mode = st.st_mode;
		f->node_uid = st.st_uid;
		f->node_gid = st.st_gid;
		if (owner)
			snprintf(f->owner, sizeof(f->owner), "%s", owner->pw_name);
		else
			snprintf(f->owner, sizeof(f->owner), "%u", (unsigned)st.st_uid);
		if (group)
			snprintf(f->group, sizeof(f->group), "%s", group->gr_name);
		else
			snprintf(f->group, sizeof(f->group), "%u", (unsigned)st.st_gid);
		f->in_node_group = has_group(st.st_gid);
	}
	/* the owner's look-up reused getpwuid's buffer: the user again */
	pw = getpwuid(f->euid);
	gr = getgrnam("kvm");
	if (gr) {
		f->kvm_group = true;
		f->kvm_gid = gr->gr_gid;
		f->in_kvm_group = pw && pw->pw_gid == gr->gr_gid;
		for (char **m = gr->gr_mem; pw && m && *m && !f->in_kvm_group; m++)
			f->in_kvm_group = !strcmp(*m, f->user);
		f->kvm_in_session = has_group(gr->gr_gid);
	}
}

/* Whether the node's permission bits let this process read and write it. */
static bool mode_lets_in(const struct kvm_facts *f)
{
	mode_t rw;

	if (f->euid == 0)
		rw = 0;
	else if (f->euid == f->node_uid)
		rw = S_IRUSR | S_IWUSR;
	else if (f->in_node_group)
		rw = S_IRGRP | S_IWGRP;
	else
		rw = S_IROTH | S_IWOTH;
	return (f->mode & rw) == rw;
}

enum kvm_advice kvm_advice__decide(const struct kvm_facts *f)
{
	switch (f->err) {
	case ENOENT: /* no node: no kvm module, or no udev to make it */
	case ENODEV: /* a node without a driver behind it */
	case ENXIO:
		return KVM_ADVICE_NO_KVM;
	case EACCES:
	case EPERM:
		break;
	default:
		return KVM_ADVICE_OTHER;
	}
	if (f->node_known && mode_lets_in(f))
		return KVM_ADVICE_NOT_THE_MODE;
	if (!f->kvm_group)
		return KVM_ADVICE_NODE_MODE;
	if (f->node_known && !(f->node_gid == f->kvm_gid &&
			       (f->mode & (S_IRGRP | S_IWGRP)) == (S_IRGRP | S_IWGRP)))
		return KVM_ADVICE_GROUP_MODE;
	if (f->kvm_in_session) /* then the owner's bits stop it, or (node unknown) not the mode */
		return f->node_known ? KVM_ADVICE_NODE_MODE : KVM_ADVICE_NOT_THE_MODE;
	return f->in_kvm_group ? KVM_ADVICE_LOG_IN_AGAIN : KVM_ADVICE_JOIN_GROUP;
}

void kvm_advice__mode_string(mode_t mode, char buf[11])
{
	static const char rwx[] = "rwxrwxrwx";
	char type = S_ISCHR(mode) ? 'c' : S_ISBLK(mode) ? 'b' : S_ISDIR(mode) ? 'd' :
		    S_ISLNK(mode) ? 'l' : S_ISFIFO(mode) ? 'p' : S_ISSOCK(mode) ? 's' : '-';

	buf[0] = type;
	for (int i = 0; i < 9; i++)
		buf[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
	if (mode & S_ISUID)
		buf[3] = (mode & S_IXUSR) ? 's' : 'S';
	if (mode & S_ISGID)
		buf[6] = (mode & S_IXGRP) ? 's' : 'S';
	if (mode & S_ISVTX)
		buf[9] = (mode & S_IXOTH) ? 't' : 'T';
	buf[10] = '\0';
}

/* Append to BUF, which holds *AT bytes of LEN; a message too long is cut. */
static void add(char *buf, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at = *at + (size_t)n < len ? *at + (size_t)n : len;
}

void kvm_advice__format(char *buf, size_t len, const char *path, const struct kvm_facts *f,
			enum kvm_advice a)
{
	const char *denied = f->err == EPERM ? "operation not permitted" : "permission denied";
	char node[11 + 2 * sizeof(f->owner)];
	char mode[11];
	size_t at = 0;

	if (!len)
		return;
	buf[0] = '\0';
	kvm_advice__mode_string(f->mode, mode);
	snprintf(node, sizeof(node), "%s %s:%s", mode, f->owner, f->group);
	add(buf, len, &at, "%s: ", path);
	switch (a) {
	case KVM_ADVICE_NO_KVM:
		add(buf, len, &at, "no KVM on this machine (%s): enable virtualization "
		    "(VT-x or AMD-V) in the firmware settings, or load the module: "
		    "sudo modprobe kvm_intel (Intel) or kvm_amd (AMD). Skipping.",
		    strerror(f->err));
		break;
	case KVM_ADVICE_JOIN_GROUP:
	case KVM_ADVICE_LOG_IN_AGAIN:
		add(buf, len, &at, "%s", denied);
		if (f->node_known)
			add(buf, len, &at, " (it is %s)", node);
		if (a == KVM_ADVICE_JOIN_GROUP)
			add(buf, len, &at, ": %s is not in the kvm group; join it: sudo usermod "
			    "-aG kvm %s, then log out and in again", f->user, f->user);
		else
			add(buf, len, &at, ": %s is in the kvm group, but this session started "
			    "before that: log out and in again (or start a shell in the group: "
			    "newgrp kvm)", f->user);
		break;
	case KVM_ADVICE_GROUP_MODE:
		add(buf, len, &at, "%s: it is %s, not open to the kvm group; give it to the "
		    "group with a udev rule, KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\" (%s)",
		    denied, node, udev_rule_file);
		if (!f->in_kvm_group)
			add(buf, len, &at, ", and join the group: sudo usermod -aG kvm %s, then "
			    "log out and in again", f->user);
		else if (!f->kvm_in_session)
			add(buf, len, &at, ", then log out and in again (%s is in the group, "
			    "this session not yet)", f->user);
		break;
	case KVM_ADVICE_NODE_MODE:
		add(buf, len, &at, "%s", denied);
		if (f->node_known)
			add(buf, len, &at, ": it is %s", node);
		if (!f->kvm_group)
			add(buf, len, &at, " and this machine has no kvm group");
		add(buf, len, &at, "; let users open it with a udev rule, KERNEL==\"kvm\", "
		    "MODE=\"0666\" (%s), or until the next boot: sudo chmod 0666 %s",
		    udev_rule_file, path);
		break;
	case KVM_ADVICE_NOT_THE_MODE:
		if (f->node_known)
			add(buf, len, &at, "%s, though its mode (%s) lets %s open it", denied,
			    node, f->euid == 0 ? "root" : f->user);
		else
			add(buf, len, &at, "%s, though this session is in the kvm group", denied);
		add(buf, len, &at, ": something else forbids it (an ACL, a security module "
		    "such as AppArmor or SELinux, a nodev mount, or a container's device rules)");
		break;
	case KVM_ADVICE_OTHER:
		add(buf, len, &at, "%s", strerror(f->err));
		break;
	}
}

int kvm_advice__explain(const char *path, int err)
{
	struct kvm_facts f;
	char msg[1024];
	enum kvm_advice a;

	kvm_advice__gather(&f, path, err);
	a = kvm_advice__decide(&f);
	kvm_advice__format(msg, sizeof(msg), path, &f, a);
	fprintf(stderr, "bootcheck: %s\n", msg);
	return a == KVM_ADVICE_NO_KVM ? FAIL_NO_KVM : FAIL_HOST;
}
