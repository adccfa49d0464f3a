/*
 * jlint.c: main.  The global options, then the command table: a word
 * names a command (cmd-*.c), anything else is a file to lint.  See
 * jlint.h for what cmd/ owns.
 *
 *   jlint [options] FILE|DIR|- ...      lint scripts (directories: job
 *                                       scripts found recursively)
 *   jlint [options] sbatch [sbatch-options] SCRIPT [args]
 *                                       lint the job sbatch would submit
 *   jlint parse FILE | parse sbatch ... print the job model as JSON
 *   jlint rules [--format text|json|markdown|slugs]
 *   jlint explain SLUG|CODE
 *   jlint test [DIR...]                 policy tests (expected findings)
 *   jlint policy check FILE             validate a policy and its rules
 *   jlint --show-policy [FILE]          the effective policy, as YAML
 *   jlint facts | audit [options]       the live cluster (libslurm)
 *   jlint lsp                           a language server for editors
 *   jlint init [DIR]                    a starter .jlint.yaml
 *   jlint report [--since T] LOG...     the plugin's decisions, summed up
 */
#include <sys/time.h>

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jlint.h"

/* In the order jlint -h lists them; the first is the default. */
static const struct cmd_entry *const cmd_table[] = {
	&cmd_lint_entry,
	&cmd_sbatch_entry,
	&cmd_parse_entry,
	&cmd_rules_entry,
	&cmd_explain_entry,
	&cmd_test_entry,
	&cmd_policy_entry,
	&cmd_show_policy_entry,
	&cmd_facts_entry,
	&cmd_audit_entry,
	&cmd_lsp_entry,
	&cmd_init_entry,
	&cmd_report_entry,
	NULL
};

static void
usage(FILE *fp)
{
	size_t	i;

	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(fp, "%s jlint %s\n", i == 0 ? "usage:" : "      ",
		    cmd_table[i]->usage);
	fprintf(fp,
	    "\n"
	    "Reads Slurm batch scripts exactly as sbatch does and reports what\n"
	    "sbatch would reject or silently ignore, and what the site policy\n"
	    "forbids.  Directories are searched for job scripts (#SBATCH in\n"
	    "the first lines, or *.sbatch, *.slurm, *.job).\n"
	    "\n"
	    "  -f, --format FMT        text (default), gcc, json, sarif, github\n"
	    "                          (github by default when "
	    "GITHUB_ACTIONS=true)\n"
	    "      --fail-on SEV       exit 1 on findings at or above SEV: "
	    "error,\n"
	    "                          warning (default) or info\n"
	    "      --color WHEN        auto (default), always, never; "
	    "NO_COLOR wins\n"
	    "  -p, --policy FILE       site policy (default: $JLINT_POLICY, "
	    ".jlint.yaml\n"
	    "                          upward to the repository root,\n"
	    "                          " JL_SYSTEM_POLICY ", the embedded "
	    "default)\n"
	    "      --isolated          ignore policy files: embedded default\n"
	    "      --cluster           merge live facts (slurmctld) over the "
	    "policy\n"
	    "      --show-policy       print the effective policy and where it "
	    "came from\n"
	    "      --fix               apply the fixes that keep the job's "
	    "request\n"
	    "                          identical, in place\n"
	    "      --diff              print those fixes as a unified diff\n"
	    "      --job-scripts-only  skip named files that are not job "
	    "scripts (the\n"
	    "                          rule directories use; for "
	    "pre-commit)\n"
	    "      --slurm-version V   Slurm release to mirror (default 22.05)\n"
	    "      --stdin-filename N  name to show for a script read from -\n"
	    "  -h, --help              this text\n"
	    "  -V, --version           print the version\n"
	    "\n"
	    "Suppress a finding with \"# jlint disable=SLUG -- reason\" on the "
	    "line\nbefore (or \"# jlint disable-file=SLUG\"); rules the site "
	    "enforces\ncannot be suppressed.\n"
	    "\n"
	    "Exit status: 0 nothing at or above --fail-on; 1 findings (--diff: "
	    "changes,\ntest: mismatches); 2 usage, I/O or policy errors.  "
	    "See jlint(1).\n");
}

int
cmd_usage(const struct cmd_entry *e)
{
	fprintf(stderr, "usage: jlint %s\n", e->usage);
	return 2;
}

/* The command a word names, or NULL (a file). */
static const struct cmd_entry *
cmd_find(const char *word)
{
	size_t	i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (cmd_table[i]->name != NULL &&
		    strcmp(cmd_table[i]->name, word) == 0)
			return cmd_table[i];
	return NULL;
}

/* --- main ----------------------------------------------------------- */

static const struct option longopts[] = {
	{ "format",		required_argument, NULL, 'f' },
	{ "fail-on",		required_argument, NULL, 'F' },
	{ "color",		required_argument, NULL, 'C' },
	{ "colour",		required_argument, NULL, 'C' },
	{ "slurm-version",	required_argument, NULL, 'S' },
	{ "stdin-filename",	required_argument, NULL, 'N' },
	{ "policy",		required_argument, NULL, 'p' },
	{ "isolated",		no_argument,	   NULL, 'I' },
	{ "cluster",		no_argument,	   NULL, 'L' },
	{ "show-policy",	no_argument,	   NULL, 'P' },
	{ "fix",		no_argument,	   NULL, 'X' },
	{ "diff",		no_argument,	   NULL, 'D' },
	{ "job-scripts-only",	no_argument,	   NULL, 'J' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL,			0,		   NULL, 0 }
};

/* "jlint: WHAT" about an option's value; returns 2 (usage error). */
static int
bad_value(const char *fmt, ...)
    __attribute__((__format__(printf, 1, 2)));

static int
bad_value(const char *fmt, ...)
{
	va_list	ap;

	fputs("jlint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* --color WHEN: never 0, always 1, auto -1 (isatty, in main); else -2. */
static int
color_when(const char *s)
{
	return strcmp(s, "never") == 0 ? 0 : strcmp(s, "always") == 0 ? 1 :
	    strcmp(s, "auto") == 0 ? -1 : -2;
}

/* Options; returns 0, 1 (exit 0 after --help/--version) or 2. */
static int
parse_opts(struct cli *cli, int argc, char **argv, const char *optstring)
{
	int	c;

	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (jl_format_parse(optarg, &cli->fmt) != 0)
				return bad_value("unknown format \"%s\" (text, "
				    "gcc, json, sarif, github)", optarg);
			cli->fmt_given = 1;
			break;
		case 'F':
			if (jl_sev_parse(optarg, &cli->fail_on) != 0)
				return bad_value("--fail-on: \"%s\" is not "
				    "error, warning or info", optarg);
			break;
		case 'L':
			cli->cluster = 1;
			break;
		case 'C':
			if ((cli->color = color_when(optarg)) == -2)
				return bad_value("--color: \"%s\" is not auto, "
				    "always or never", optarg);
			break;
		case 'S':
			cli->version_given = 1;
			if (run_parse_version(optarg, &cli->version) != 0)
				return bad_value("--slurm-version: \"%s\" is not "
				    "a release like 22.05", optarg);
			break;
		case 'N':
			cli->stdin_name = optarg;
			break;
		case 'p':
			cli->policy_arg = optarg;
			break;
		case 'I':
			cli->isolated = 1;
			break;
		case 'P':
			cli->show_policy = 1;
			break;
		case 'X':
			cli->fix = 1;
			break;
		case 'D':
			cli->diff = 1;
			break;
		case 'J':
			cli->job_scripts_only = 1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("jlint %s (mirrors sbatch of Slurm %u.%02u by "
			    "default)\n", JLINT_VERSION, JL_SLURM_DEFAULT / 100,
			    JL_SLURM_DEFAULT % 100);
			return 1;
		default:
			usage(stderr);
			return 2;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli		 cli;
	const struct cmd_entry	*e;
	const char		*env;
	int			 r, rc;

	memset(&cli, 0, sizeof(cli));
	cli.version = JL_SLURM_DEFAULT;
	cli.stdin_name = "-";
	cli.color = -1;
	cli.fail_on = JL_SEV_WARNING;
	/* facts and audit ask slurmctld and parse their own options. */
	if (argc >= 2 && (e = cmd_find(argv[1])) != NULL &&
	    (e->flags & CMD_OWNARGS)) {
		rc = e->exec(&cli, argc - 2, argv + 2);
		goto out;
	}
	/* Global options stop at the first word (sbatch's options follow). */
	if ((r = parse_opts(&cli, argc, argv, "+f:hVp:")) != 0)
		return r == 1 ? 0 : 2;
	argc -= optind;
	argv += optind;
	if ((e = argc > 0 ? cmd_find(argv[0]) : NULL) != NULL &&
	    (e->flags & CMD_OWNARGS))
		e = NULL;	/* only as the first word: a file here */
	/* Options after the first word too, except for sbatch's. */
	if (e == NULL || !(e->flags & CMD_NOPERMUTE)) {
		/* argv[-1] stands in for the program name getopt skips. */
		optind = 0;
		argv--;
		argc++;
		if ((r = parse_opts(&cli, argc, argv, "f:hVp:")) != 0)
			return r == 1 ? 0 : 2;
		/* GNU getopt moved the non-options, in order, to the end. */
		argc -= optind;
		argv += optind;
	}
	if (!cli.fmt_given && (env = getenv("GITHUB_ACTIONS")) != NULL &&
	    strcmp(env, "true") == 0)
		cli.fmt = JL_FMT_GITHUB;
	if (cli.color < 0)
		cli.color = isatty(STDOUT_FILENO);
	if ((env = getenv("NO_COLOR")) != NULL && *env != '\0')
		cli.color = 0;
	cli.progress_ms = -1;
	if (isatty(STDERR_FILENO)) {
		cli.progress_ms = 1000;
		if ((env = getenv("JLINT_PROGRESS_MS")) != NULL)
			cli.progress_ms = atol(env);
	}
	gettimeofday(&cli.start, NULL);
	jl_report_init(&cli.report, cli.fmt, cli.color, JLINT_VERSION);
	/* Where the rule pages are (SARIF helpUri): a base URL ending in /. */
	if ((env = getenv("JLINT_DOCS_URL")) != NULL && *env != '\0')
		cli.report.docs_url = env;
	if (cli.fix && cli.diff) {
		fprintf(stderr, "jlint: --fix and --diff exclude each other\n");
		return 2;
	}
	if (cli.show_policy)
		rc = cmd_show_policy_entry.exec(&cli, argc, argv);
	else if (argc == 0) {
		usage(stderr);
		rc = 2;
	} else if (e != NULL)
		rc = e->exec(&cli, argc - 1, argv + 1);
	else
		rc = cmd_lint_entry.exec(&cli, argc, argv);
out:
	jl_report_free(&cli.report);
	run_drop_rules(&cli);
	jl_policy_free(cli.live);
	return rc;
}
