/* commands.h - the bootcheck subcommands. */
#ifndef BOOTCHECK_COMMANDS_H
#define BOOTCHECK_COMMANDS_H

#include <stddef.h> // size_t

/* cmd_run - `bootcheck run [OPTIONS] IMAGE`; returns the process exit status. */
int cmd_run(int argc, char **argv);

/*
 * A run session: what runs made one after another in one process keep
 * between them (`bootcheck check`'s workers): /dev/kvm, opened once, and
 * the last run's VM, reset for the next instead of created anew.
 */
struct run_session;
void *run_session__new(void);
void run_session__end(void *session);

/* cmd_run_in - cmd_run within SESSION (a struct run_session). */
int cmd_run_in(void *session, int argc, char **argv);

/*
 * run_kvm_absent - whether this machine has no KVM at all (the device is
 * missing or has no driver: a run would skip, 77), with the message a run
 * would print in WHY.  0 when the device opens or fails for another reason
 * (a run reports that itself).
 */
int run_kvm_absent(char *why, size_t len);

/* cmd_check - `bootcheck check [OPTIONS] [MANIFEST]`: the golden-file test runner. */
int cmd_check(int argc, char **argv);

/* cmd_keys - `bootcheck keys TEXT`: how --keys TEXT is typed. */
int cmd_keys(int argc, char **argv);

/* cmd_screen - `bootcheck screen DUMP`: render a raw VGA text dump. */
int cmd_screen(int argc, char **argv);

#endif
