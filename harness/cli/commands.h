/* commands.h - the bootcheck subcommands. */
#ifndef BOOTCHECK_COMMANDS_H
#define BOOTCHECK_COMMANDS_H

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

/* cmd_check - `bootcheck check [OPTIONS] [MANIFEST]`: the golden-file test runner. */
int cmd_check(int argc, char **argv);

/* cmd_keys - `bootcheck keys TEXT`: how --keys TEXT is typed. */
int cmd_keys(int argc, char **argv);

/* cmd_screen - `bootcheck screen DUMP`: render a raw VGA text dump. */
int cmd_screen(int argc, char **argv);

#endif
