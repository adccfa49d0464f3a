/*
 * cli.c: the jlint command.  A thin front end over liblint: reads files,
 * builds models, prints findings.  The only file that writes to stdout or
 * stderr or calls exit().
 *
 *   jlint [options] FILE...             lint scripts on their own
 *   jlint [options] parse FILE          print the job model as JSON
 *   jlint [options] sbatch [sbatch-options] SCRIPT [args]
 *                                       lint the job sbatch would submit
 *
 * Exit status: 0 nothing at warning or above; 1 findings; 2 usage, I/O.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "job.h"
#include "output.h"
#include "policy.h"
#include "rule.h"

#define JLINT_VERSION	"0.1.0"
#define MAX_SCRIPT	(256u * 1024 * 1024)	/* refuse to read more */

extern char **environ;

enum fmt { FMT_TEXT, FMT_JSON };

struct cli {
	enum fmt	 fmt;
	unsigned	 version;
	int		 version_given;	/* --slurm-version on the command line */
	const char	*policy_arg;	/* --policy FILE */
	char		*rs_path;	/* policy of the loaded rule set */
	struct jl_ruleset *rs;
	const char	*stdin_name;
	struct jl_buf	 json;		/* findings of all files (json) */
	int		 njson;
	size_t		 nerr, nwarn, ninfo, nfiles;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: jlint [--format text|json] [--slurm-version VER] FILE...\n"
	    "       jlint [--slurm-version VER] parse FILE\n"
	    "       jlint [--slurm-version VER] parse sbatch [sbatch options] "
	    "SCRIPT\n"
	    "       jlint [--format text|json] sbatch [sbatch options] SCRIPT "
	    "[args]\n"
	    "\n"
	    "Reads Slurm batch scripts exactly as sbatch does and reports what\n"
	    "sbatch would reject or silently ignore.\n"
	    "\n"
	    "  -f, --format FMT        text (default) or json\n"
	    "      --slurm-version V   Slurm release to mirror (default 22.05)\n"
	    "      --stdin-filename N  name to show for a script read from -\n"
	    "  -p, --policy FILE       site policy (default: $JLINT_POLICY, "
	    ".jlint.yaml,\n"
	    "                          /etc/jlint/policy.yaml, then the "
	    "embedded default)\n"
	    "  -h, --help              this text\n"
	    "  -V, --version           print the version\n"
	    "\n"
	    "Exit status: 0 no findings at warning or above, 1 findings,\n"
	    "2 usage or I/O errors.\n");
}

static int
parse_version(const char *s, unsigned *out)
{
	unsigned	maj, min;
	char		c;

	if (sscanf(s, "%u.%u%c", &maj, &min, &c) != 2 || maj < 20 ||
	    maj > 99 || min > 12)
		return -1;
	*out = maj * 100 + min;
	return 0;
}

/*
 * Read a whole file (or stdin for "-").  Returns malloc'd bytes or NULL
 * with a message printed.
 */
static char *
read_file(const char *path, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL, *p;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;
	int		 fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		fprintf(stderr, "jlint: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "jlint: %s: is a directory (give the job "
		    "scripts inside it)\n", path);
		close(fd);
		return NULL;
	}
	for (;;) {
		if (len + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			if ((p = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "jlint: %s: out of memory\n",
				    path);
				goto fail;
			}
			buf = p;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "jlint: %s: %s\n", path,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > MAX_SCRIPT) {
			fprintf(stderr, "jlint: %s: larger than %u MiB; not a "
			    "job script (slurmctld refuses scripts over 4 MiB "
			    "by default)\n", path, MAX_SCRIPT >> 20);
			goto fail;
		}
	}
	if (buf == NULL && (buf = malloc(1)) == NULL)
		goto fail;
	buf[len] = '\0';
	if (fd != STDIN_FILENO)
		close(fd);
	*lenp = len;
	return buf;
fail:
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	return NULL;
}

static void
count(struct cli *cli, const struct jl_findings *fs)
{
	const struct jl_finding	*f;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (f->sev == JL_SEV_ERROR)
			cli->nerr++;
		else if (f->sev == JL_SEV_WARNING)
			cli->nwarn++;
		else
			cli->ninfo++;
	}
}

static void
emit(struct cli *cli, const struct jl_model *m, const char *name)
{
	struct jl_buf	b;
	size_t		i;

	if (cli->fmt == FMT_JSON) {
		for (i = 0; i < m->findings.v.n; i++) {
			if (cli->njson++)
				jl_buf_putc(&cli->json, ',');
			jl_buf_putc(&cli->json, '{');
			jl_finding_json(m->findings.v.items[i], name,
			    &cli->json);
			jl_buf_putc(&cli->json, '}');
		}
		return;
	}
	jl_buf_init(&b);
	jl_findings_text(&m->findings, name, &b);
	if (b.len > 0)
		fwrite(b.data, 1, b.len, stdout);
	jl_buf_free(&b);
}

#define SYSTEM_POLICY	"/etc/jlint/policy.yaml"

/*
 * Which policy applies to a script: --policy FILE; else $JLINT_POLICY;
 * else .jlint.yaml in the script's directory or above (up to the
 * repository root, a directory holding .git); else the system policy
 * /etc/jlint/policy.yaml; else the embedded default (NULL).
 */
static char *
find_policy(const struct cli *cli, const char *script)
{
	struct stat	 st;
	const char	*env;
	char		*dir, *p, *cand;
	size_t		 n;

	if (cli->policy_arg != NULL)
		return strdup(cli->policy_arg);
	if ((env = getenv("JLINT_POLICY")) != NULL && *env != '\0')
		return strdup(env);
	if (script != NULL && strcmp(script, "-") != 0) {
		dir = realpath(script, NULL);
		if (dir != NULL) {
			for (;;) {
				if ((p = strrchr(dir, '/')) == NULL)
					break;
				*p = '\0';
				n = strlen(dir) + 32;
				if ((cand = malloc(n)) == NULL)
					break;
				snprintf(cand, n, "%s/.jlint.yaml", dir);
				if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
					free(dir);
					return cand;
				}
				snprintf(cand, n, "%s/.git", dir);
				if (stat(cand, &st) == 0 || dir[0] == '\0') {
					free(cand);
					break;
				}
				free(cand);
			}
			free(dir);
		}
	}
	if (stat(SYSTEM_POLICY, &st) == 0)
		return strdup(SYSTEM_POLICY);
	return NULL;
}

/* Load (or reuse) the rule set for a policy path (NULL: embedded). */
static int
load_rules(struct cli *cli, char *path)
{
	struct jl_policy	*p;
	char			*data, *errors = NULL;
	size_t			 len;

	if (cli->rs != NULL && ((path == NULL && cli->rs_path == NULL) ||
	    (path != NULL && cli->rs_path != NULL &&
	    strcmp(path, cli->rs_path) == 0))) {
		free(path);
		return 0;
	}
	jl_ruleset_free(cli->rs);
	cli->rs = NULL;
	free(cli->rs_path);
	cli->rs_path = path;
	if (path == NULL)
		p = jl_policy_default(&errors);
	else {
		if ((data = read_file(path, &len)) == NULL)
			return -1;
		p = jl_policy_load(path, data, len, &errors);
		free(data);
	}
	if (p == NULL || (cli->rs = jl_ruleset_load(p, &errors)) == NULL) {
		fprintf(stderr, "%s", errors != NULL ? errors :
		    "jlint: cannot load the policy\n");
		free(errors);
		return -1;
	}
	return 0;
}

/* Lint one input; 0 ok, -1 I/O or memory error (reported). */
static int
lint_one(struct cli *cli, const char *path, const char *const *argv,
    size_t argc, int sbatch_mode, int parse_only, const char *wrap)
{
	struct jl_arena	 a;
	struct jl_model	 m;
	struct jl_input	 in;
	struct jl_buf	 b;
	char		*data;
	const char	*name;
	size_t		 len;
	int		 rc = 0;

	if (!parse_only && load_rules(cli, find_policy(cli, wrap != NULL ?
	    NULL : path)) != 0)
		return -1;
	if (wrap != NULL) {
		/* _script_wrap(): the generated script has no directives. */
		jl_buf_init(&b);
		jl_buf_printf(&b, "#!/bin/sh\n# This script was created by "
		    "sbatch --wrap.\n\n%s\n", wrap);
		if (b.failed)
			return -1;
		data = b.data;
		len = b.len;
		name = "(--wrap)";
	} else {
		if ((data = read_file(path, &len)) == NULL)
			return -1;
		name = strcmp(path, "-") == 0 ? cli->stdin_name : path;
	}
	memset(&in, 0, sizeof(in));
	in.name = name;
	in.data = data;
	in.len = len;
	in.version = cli->version;
	if (!cli->version_given && cli->rs != NULL &&
	    cli->rs->policy != NULL && cli->rs->policy->slurm_version != 0)
		in.version = cli->rs->policy->slurm_version;
	in.sbatch_mode = sbatch_mode;
	if (sbatch_mode) {
		in.env = (const char *const *)environ;
		in.argv = argv;
		in.argc = argc;
	}
	jl_arena_init(&a);
	if (jl_model_build(&a, &in, &m) != 0) {
		fprintf(stderr, "jlint: %s: out of memory\n", name);
		rc = -1;
		goto out;
	}
	if (!parse_only) {
		struct jl_who	who;
		const struct jl_job *job = jl_model_job(&m);

		memset(&who, 0, sizeof(who));
		who.user = getenv("USER");
		if (job != NULL && job->v[JL_O_ACCOUNT] != NULL)
			who.account = job->v[JL_O_ACCOUNT]->text;
		if (jl_ruleset_run(cli->rs, &a, &m, sbatch_mode, &who) != 0) {
			fprintf(stderr, "jlint: %s: out of memory\n", name);
			rc = -1;
			goto out;
		}
	}
	jl_findings_sort(&m.findings);
	cli->nfiles++;
	if (parse_only) {
		jl_buf_init(&b);
		jl_model_json(&m, &b);
		if (b.failed) {
			fprintf(stderr, "jlint: %s: out of memory\n", name);
			rc = -1;
		} else
			fwrite(b.data, 1, b.len, stdout);
		jl_buf_free(&b);
	} else {
		count(cli, &m.findings);
		emit(cli, &m, name);
	}
out:
	jl_arena_free(&a);
	free(data);
	return rc;
}

/*
 * jlint sbatch ARGS: split the command line as sbatch's first pass does:
 * options, then the script, then its arguments.  No script: stdin.
 */
static int
cmd_sbatch(struct cli *cli, int argc, char **argv, int parse_only)
{
	struct jl_arena		 a;
	struct jl_findings	 fs;
	struct jl_vec		 opts;
	struct jl_argv		 av;
	const char		*wrap = NULL, *script;
	size_t			 first, i;
	int			 rc;

	jl_arena_init(&a);
	memset(&fs, 0, sizeof(fs));
	memset(&opts, 0, sizeof(opts));
	av.words = (const char **)argv;
	av.locs = NULL;
	av.n = (size_t)argc;
	jl_getopt(&a, NULL, JL_CMD_SBATCH, cli->version, &av, 0, 0, &opts,
	    &first, &fs);
	for (i = 0; i < opts.n; i++) {
		struct jl_optval *ov = opts.items[i];

		if (ov->opt->id == JL_O_WRAP)
			wrap = ov->value;
	}
	if (wrap != NULL && first < (size_t)argc) {
		fprintf(stderr, "jlint: sbatch: script arguments are not "
		    "permitted with --wrap\n");
		jl_arena_free(&a);
		return 2;
	}
	script = first < (size_t)argc ? argv[first] : "-";
	jl_arena_free(&a);
	rc = lint_one(cli, script, (const char *const *)argv, first, 1,
	    parse_only, wrap);
	return rc != 0 ? 2 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format",		required_argument, NULL, 'f' },
		{ "slurm-version",	required_argument, NULL, 'S' },
		{ "stdin-filename",	required_argument, NULL, 'N' },
		{ "policy",		required_argument, NULL, 'p' },
		{ "help",		no_argument,	   NULL, 'h' },
		{ "version",		no_argument,	   NULL, 'V' },
		{ NULL,			0,		   NULL, 0 }
	};
	struct cli	cli;
	int		c, i, ioerr = 0, parse_only = 0;

	memset(&cli, 0, sizeof(cli));
	cli.version = JL_SLURM_DEFAULT;
	cli.stdin_name = "-";
	jl_buf_init(&cli.json);
	while ((c = getopt_long(argc, argv, "+f:hVp:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				cli.fmt = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				cli.fmt = FMT_JSON;
			else {
				fprintf(stderr, "jlint: unknown format \"%s\" "
				    "(text, json)\n", optarg);
				return 2;
			}
			break;
		case 'S':
			cli.version_given = 1;
			if (parse_version(optarg, &cli.version) != 0) {
				fprintf(stderr, "jlint: --slurm-version: "
				    "\"%s\" is not a release like 22.05\n",
				    optarg);
				return 2;
			}
			break;
		case 'N':
			cli.stdin_name = optarg;
			break;
		case 'p':
			cli.policy_arg = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("jlint %s (mirrors sbatch of Slurm %u.%02u by "
			    "default)\n", JLINT_VERSION, JL_SLURM_DEFAULT / 100,
			    JL_SLURM_DEFAULT % 100);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[0], "sbatch") == 0) {
		if (cmd_sbatch(&cli, argc - 1, argv + 1, 0) != 0)
			ioerr = 1;
		goto done;
	}
	if (strcmp(argv[0], "parse") == 0 && argc >= 2 &&
	    strcmp(argv[1], "sbatch") == 0)
		return cmd_sbatch(&cli, argc - 2, argv + 2, 1) != 0 ? 2 : 0;
	if (strcmp(argv[0], "parse") == 0) {
		if (argc != 2) {
			fprintf(stderr, "usage: jlint parse FILE\n");
			return 2;
		}
		parse_only = 1;
		argc--;
		argv++;
	}
	for (i = 0; i < argc; i++)
		if (lint_one(&cli, argv[i], NULL, 0, 0, parse_only, NULL) != 0)
			ioerr = 1;
	if (parse_only)
		return ioerr ? 2 : 0;
done:
	if (cli.fmt == FMT_JSON) {
		printf("{\"findings\":[%s]}\n", cli.json.data ? cli.json.data :
		    "");
	} else if (cli.nerr + cli.nwarn + cli.ninfo > 0) {
		printf("%zu error%s, %zu warning%s, %zu info in %zu file%s\n",
		    cli.nerr, cli.nerr == 1 ? "" : "s", cli.nwarn,
		    cli.nwarn == 1 ? "" : "s", cli.ninfo, cli.nfiles,
		    cli.nfiles == 1 ? "" : "s");
	}
	jl_buf_free(&cli.json);
	jl_ruleset_free(cli.rs);
	free(cli.rs_path);
	if (ioerr)
		return 2;
	return cli.nerr + cli.nwarn > 0 ? 1 : 0;
}
