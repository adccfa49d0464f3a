/*
 * jlint.h: the jlint program.  cmd/ owns the command line and nothing
 * else: global options and the command table (jlint.c), one file per
 * command (cmd-*.c), the run helper every command shares (run.c: the
 * policy through jl_policy_find()/jl_policy_open(), reading files,
 * building the model, reporting, the exit status) and the only code that
 * talks to slurmctld (cluster.c, cmd-audit.c; cluster.h, linked with
 * -lslurm).  It is the only code that prints or calls exit(); what a
 * script means, what a finding is and how it is written out are
 * liblint's (lint/: job.h, rule.h, output.h).
 *
 * A command is a struct cmd_entry in the table of jlint.c, in the style
 * of tmux's cmd-*.c: its word, its usage line (jlint -h lists them in
 * table order; a command's usage error prints its own), flags saying how
 * the words after it are read, and the function that runs it.
 *
 * Exit status (jlint.1): 0 nothing at or above --fail-on (default
 * warning); 1 something is (--diff: a fix would change a file; test: a
 * mismatch; audit: a job with a warning); 2 usage, I/O or policy errors.
 */
#ifndef JL_CMD_JLINT_H
#define JL_CMD_JLINT_H

#include <sys/time.h>

#include <stdio.h>

#include "lint.h"

#define JLINT_VERSION	"0.1.0"
#define MAX_DEPTH	64			/* directory recursion */
#define SNIFF		8192		/* bytes read to tell a job script */

extern char **environ;

/* The state of one run: options, the loaded rules, the report. */
struct cli {
	enum jl_format	 fmt;
	int		 fmt_given;
	int		 color;
	enum jl_sev	 fail_on;
	unsigned	 version;
	int		 version_given;	/* --slurm-version on the command line */
	const char	*policy_arg;	/* --policy FILE */
	int		 isolated;	/* --isolated: embedded default only */
	const char	*stdin_name;
	int		 fix, diff, show_policy;
	int		 job_scripts_only;	/* named files too: is_job_script() */
	/* The loaded rule set and the policy files behind it. */
	char		*rs_key;	/* policy path, or NULL (embedded) */
	int		 rs_loaded;
	struct jl_policy_set *set;
	struct jl_ruleset *rs;		/* set->rs */
	struct jl_report report;
	size_t		 nchanged;	/* --fix/--diff: files changed */
	size_t		 nfixed;	/* findings fixed */
	/* --cluster: live facts from slurmctld, fetched once */
	int		 cluster;
	struct jl_policy *live;
	int		 live_failed;
	struct jl_vec	 live_notes;	/* in the rule set policy's arena */
	/* progress */
	struct timeval	 start;
	long		 progress_ms;
	int		 progress_shown;
};

/* --- the command table (jlint.c) ------------------------------------------ */

/* Parses its own options (facts, audit): a command only as the first
 * word, before any global option. */
#define CMD_OWNARGS	0x1
/* The words after it are its own (sbatch's options, rules --format):
 * global options stop at the command word. */
#define CMD_NOPERMUTE	0x2

struct cmd_entry {
	const char	*name;		/* the word; NULL: jlint FILE... */
	const char	*usage;		/* after "jlint " */
	int		 flags;		/* CMD_* */
	/* argv: the words after the command's word. */
	int		(*exec)(struct cli *, int argc, char **argv);
};

extern const struct cmd_entry cmd_lint_entry;
extern const struct cmd_entry cmd_sbatch_entry;
extern const struct cmd_entry cmd_parse_entry;
extern const struct cmd_entry cmd_rules_entry;
extern const struct cmd_entry cmd_explain_entry;
extern const struct cmd_entry cmd_test_entry;
extern const struct cmd_entry cmd_policy_entry;
extern const struct cmd_entry cmd_show_policy_entry;
extern const struct cmd_entry cmd_facts_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_lsp_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_report_entry;

/* "usage: jlint USAGE" of a command, to stderr; returns 2. */
int	cmd_usage(const struct cmd_entry *);

/* --- the run helper (run.c) ----------------------------------------------- */

/* One input to build a model of. */
struct lint_in {
	const char		*name;		/* shown */
	const char *const	*env;		/* sbatch mode */
	const char *const	*argv;
	size_t			 argc;
	int			 sbatch_mode;
	unsigned		 version;	/* 0: the policy's or default */
};

/* Write b to stdout and empty it; run_put() frees it too. */
void	run_out(struct jl_buf *);
void	run_put(struct jl_buf *);
int	run_has_suffix(const char *, const char *suffix);
/* "22.05" -> 2205; 0 or -1. */
int	run_parse_version(const char *, unsigned *);
/* A whole file (or stdin for "-"), at most 256 MiB: malloc'd bytes, or
 * NULL with "jlint: PATH: why" printed. */
char	*run_read_file(const char *path, size_t *lenp);
/* Not a text file: a NUL byte in the first SNIFF bytes and no "#!". */
int	run_looks_binary(const char *, size_t);

/*
 * The policy file that applies (malloc'd; NULL: the embedded default):
 * --policy, $JLINT_POLICY, .jlint.yaml from script's directory up (script
 * may be NULL), jlint.yaml next to slurm_conf (may be NULL), the system
 * policy.  The order is policy-load.c's.
 */
char	*run_find_policy(const struct cli *, const char *script,
	    const char *slurm_conf);
/* Load (or reuse) the rules of a policy path (taken over; NULL: the
 * embedded default), with the live facts under --cluster.  0, or -1 with
 * the errors printed. */
int	run_load_rules(struct cli *, char *path);
/* The same, with the errors in *errors (malloc'd, or NULL when memory
 * ran out) instead of printed. */
int	run_load_rules_err(struct cli *, char *path, char **errors);
void	run_drop_rules(struct cli *);

/* Build the model of data and run the rules (not when parse_only);
 * 0 or -1 (no memory).  The caller frees a. */
int	run_build(const struct cli *, const struct jl_ruleset *,
	    const struct lint_in *, const char *data, size_t len,
	    struct jl_arena *a, struct jl_model *m, int parse_only);
/* run_build() for a report: a binary file gets one short finding. */
int	run_build_lint(const struct cli *, const struct lint_in *,
	    const char *data, size_t len, struct jl_arena *a,
	    struct jl_model *m, int parse_only);
/* The report of one file, written out; suppressed (may be NULL): what
 * # jlint disable comments took out (SARIF lists them as suppressed). */
void	run_report(struct cli *, const struct jl_findings *,
	    const struct jl_findings *suppressed, const char *name);
/* The progress line on a terminal (after progress_ms). */
void	run_progress(struct cli *, size_t done, size_t total);
/* Close the report; the exit status (ioerr: 2). */
int	run_finish(struct cli *, int ioerr);

/* A growing list of malloc'd names. */
struct files {
	char	**v;
	size_t	  n, cap;
};

int	files_add(struct files *, const char *);
/*
 * The entries of dir as paths "dir/name" into an empty list, sorted; .
 * and .. left out, other dotfiles too unless dotfiles (then only .git, .hg
 * and .svn are).  0; -1 when dir cannot be opened (errno says why); -2
 * when memory ran out (the list is empty).
 */
int	files_dir(struct files *, const char *dir, int dotfiles);
void	files_sort(struct files *);
void	files_free(struct files *);

/* --- shared by commands --------------------------------------------------- */

/*
 * Lint (parse_only: print the model of) one input, path or "-"; in
 * sbatch mode with the command line argv[0..argc) and the environment;
 * wrap: the --wrap command instead of a file.  --fix and --diff rewrite
 * (cmd-lint.c).  0, or -1 on I/O, policy or memory errors (reported).
 */
int	lint_one(struct cli *, const char *path, const char *const *argv,
	    size_t argc, int sbatch_mode, int parse_only, const char *wrap);
/*
 * The --fix rounds over data into cur (cmd-lint.c): only the fixes under
 * which the job asks for exactly what data asked for are kept.  rejected:
 * the slugs of the fixes left as suggestions, *nrejected their count;
 * applied (may be NULL): the slugs of the fixes kept; *nfixed grows by
 * the edits kept.  0, or -1 when memory ran out (reported).
 */
int	lint_fix(struct cli *, const struct lint_in *, const char *data,
	    size_t len, struct jl_buf *cur, struct jl_buf *rejected,
	    size_t *nrejected, struct jl_buf *applied, size_t *nfixed);
/* jlint [parse] sbatch ARGS (cmd-sbatch.c): argv, the words after
 * "sbatch". */
int	sbatch_run(struct cli *, int argc, char **argv, int parse_only);

#endif
