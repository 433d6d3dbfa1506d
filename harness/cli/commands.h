/* commands.h - the bootcheck subcommands. */
#ifndef BOOTCHECK_COMMANDS_H
#define BOOTCHECK_COMMANDS_H

/* cmd_run - `bootcheck run [OPTIONS] IMAGE`; returns the process exit status. */
int cmd_run(int argc, char **argv);

/* cmd_check - `bootcheck check [OPTIONS] [MANIFEST]`: the golden-file test runner. */
int cmd_check(int argc, char **argv);

/* cmd_screen - `bootcheck screen DUMP`: render a raw VGA text dump. */
int cmd_screen(int argc, char **argv);

#endif
