/*
 * cli.c: the jlint command.  A thin front end over liblint: finds files
 * and policies, reads files, builds models, runs rules, prints reports.
 * The only file that writes to stdout or stderr or calls exit().
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
 *
 * Exit status (jlint.1): 0 nothing at or above --fail-on (default
 * warning); 1 something is (--diff: a fix would change a file; test: a
 * mismatch); 2 usage, I/O or policy errors.
 */
#include <sys/stat.h>
#include <sys/time.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "fix.h"
#include "cluster.h"
#include "facts.h"
#include "job.h"
#include "output.h"
#include "policy-layer.h"
#include "policy-load.h"
#include "policy.h"
#include "rule.h"
#include "yaml.h"

#define JLINT_VERSION	"0.1.0"
#define MAX_SCRIPT	(256u * 1024 * 1024)	/* refuse to read more */
#define MAX_DEPTH	64			/* directory recursion */
#define FIX_ROUNDS	8
#define SNIFF		8192		/* bytes read to tell a job script */

extern char **environ;

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
	size_t		 nfail;		/* findings at or above fail_on */
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

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: jlint [options] FILE|DIR|- ...\n"
	    "       jlint [options] sbatch [sbatch options] SCRIPT [args]\n"
	    "       jlint parse FILE | jlint parse sbatch [sbatch options] "
	    "SCRIPT\n"
	    "       jlint rules [--format text|json|markdown|slugs]\n"
	    "       jlint explain SLUG|CODE\n"
	    "       jlint test [DIR...]\n"
	    "       jlint policy check FILE\n"
	    "       jlint --show-policy [FILE]\n"
	    "       jlint facts                 (the running cluster as a "
	    "policy)\n"
	    "       jlint audit [options]       (the queue against the policy; "
	    "audit -h)\n"
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

/* --- small helpers -------------------------------------------------------- */

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

static int
parse_sev(const char *s, enum jl_sev *out)
{
	if (strcmp(s, "error") == 0)
		*out = JL_SEV_ERROR;
	else if (strcmp(s, "warning") == 0)
		*out = JL_SEV_WARNING;
	else if (strcmp(s, "info") == 0)
		*out = JL_SEV_INFO;
	else
		return -1;
	return 0;
}

static void
out_buf(struct jl_buf *b)
{
	if (b->len > 0)
		fwrite(b->data, 1, b->len, stdout);
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t	n = strlen(s), k = strlen(suf);

	return n >= k && strcmp(s + n - k, suf) == 0;
}

/*
 * Not a text file: a NUL byte in the first SNIFF bytes, and no "#!" at
 * the start (a script with a stray NUL is still read as a script and
 * gets nul-byte where the NUL is).  Executables, archives, compressed
 * data and images have NULs in their first bytes; UTF-16 text too.
 * Nothing this calls binary is a job sbatch takes: slurmctld does not
 * accept scripts with NUL characters (nul-byte).
 */
static int
looks_binary(const char *buf, size_t n)
{
	if (n > SNIFF)
		n = SNIFF;
	return !(n >= 2 && buf[0] == '#' && buf[1] == '!') &&
	    memchr(buf, '\0', n) != NULL;
}

/* What a binary file looks like, from its first bytes. */
static const char *
binary_kind(const char *d, size_t n)
{
	static const struct { const char *magic; size_t len;
	    const char *what; } kinds[] = {
		{ "\x7f" "ELF", 4, "an ELF executable or library" },
		{ "\x1f\x8b", 2, "gzip data" },
		{ "BZh", 3, "bzip2 data" },
		{ "\xfd" "7zXZ", 5, "xz data" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd data" },
		{ "PK\x03\x04", 4, "a zip archive" },
		{ "\x89PNG", 4, "a PNG image" },
		{ "\xff\xd8\xff", 3, "a JPEG image" },
		{ "%PDF", 4, "a PDF document" },
		{ "\x89HDF", 4, "an HDF5 file" },
		{ "\x93NUMPY", 6, "a NumPy array" },
		{ "\xff\xfe", 2, "UTF-16 text" },
		{ "\xfe\xff", 2, "UTF-16 text" },
	};
	size_t	i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (n >= kinds[i].len && memcmp(d, kinds[i].magic,
		    kinds[i].len) == 0)
			return kinds[i].what;
	if (n >= 262 && memcmp(d + 257, "ustar", 5) == 0)
		return "a tar archive";
	return "binary data";
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
		fprintf(stderr, "jlint: %s: is a directory\n", path);
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

/* Write data to path atomically: a temporary file beside it, renamed. */
static int
write_atomic(const char *path, const char *data, size_t len)
{
	struct stat	 st;
	char		*tmp;
	size_t		 n, off = 0;
	ssize_t		 w;
	int		 fd;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "jlint: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = strlen(path) + 16;
	if ((tmp = malloc(n)) == NULL)
		return -1;
	snprintf(tmp, n, "%s.jlintXXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		fprintf(stderr, "jlint: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	while (off < len) {
		if ((w = write(fd, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0)
		goto fail;
	if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	fprintf(stderr, "jlint: %s: %s\n", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

/* --- policies ------------------------------------------------------------- */

/*
 * Which policy applies to a script: --policy FILE; else $JLINT_POLICY;
 * else .jlint.yaml in the script's directory or above (up to the
 * repository root); else the system policy; else the embedded default
 * (NULL).  The order lives in policy-load.c.
 */
static char *
find_policy(const struct cli *cli, const char *script)
{
	struct jl_policy_where	w;

	memset(&w, 0, sizeof(w));
	w.path = cli->policy_arg;
	w.isolated = cli->isolated;
	w.use_env = 1;
	w.script = script;
	w.use_system = 1;
	return jl_policy_find(&w);
}

static void
drop_rules(struct cli *cli)
{
	jl_policy_set_free(cli->set);
	cli->set = NULL;
	cli->rs = NULL;
	free(cli->rs_key);
	cli->rs_key = NULL;
	cli->rs_loaded = 0;
}

/* --cluster: live facts over the effective policy (fetched once). */
static int
merge_live(struct jl_policy *p, void *arg, char **err)
{
	struct cli	*cli = arg;

	if (cli->live == NULL && !cli->live_failed &&
	    (cli->live = jl_cluster_facts(err)) == NULL) {
		cli->live_failed = 1;
		return -1;
	}
	memset(&cli->live_notes, 0, sizeof(cli->live_notes));
	if (cli->live == NULL) {
		*err = strdup("no facts from slurmctld (see above)");
		return -1;
	}
	return jl_policy_merge(p, cli->live, &cli->live_notes);
}

/* Load (or reuse) the rule set for a policy path (NULL: embedded). */
static int
load_rules(struct cli *cli, char *path)
{
	struct jl_policy_opts	 o;
	char			*errors = NULL;

	if (cli->rs_loaded && ((path == NULL && cli->rs_key == NULL) ||
	    (path != NULL && cli->rs_key != NULL &&
	    strcmp(path, cli->rs_key) == 0))) {
		free(path);
		return cli->rs != NULL ? 0 : -1;
	}
	drop_rules(cli);
	cli->rs_key = path;
	cli->rs_loaded = 1;
	memset(&o, 0, sizeof(o));
	if (cli->cluster) {
		o.merge = merge_live;
		o.merge_arg = cli;
	}
	if ((cli->set = jl_policy_open(path, &o, &errors, NULL)) == NULL) {
		fprintf(stderr, "%s", errors != NULL ? errors :
		    "jlint: cannot load the policy\n");
		free(errors);
		return -1;
	}
	cli->rs = cli->set->rs;
	return 0;
}

/* --- linting -------------------------------------------------------------- */

struct lint_in {
	const char		*name;		/* shown */
	const char *const	*env;		/* sbatch mode */
	const char *const	*argv;
	size_t			 argc;
	int			 sbatch_mode;
	unsigned		 version;	/* 0: the policy's or default */
};

/*
 * The submitting user's name for exemptions: the real uid's, as sbatch
 * sends getuid() and the plugin looks that uid up (getpwuid_r).  Not
 * $USER: unset under cron and CI, stale after su or runuser.  A uid with
 * no passwd entry has no name, and no user exemption applies (as in the
 * plugin).
 */
static const char *
real_user(void)
{
	static char		 name[256];
	static int		 done;
	const struct passwd	*pw;

	if (!done) {
		done = 1;
		if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL)
			snprintf(name, sizeof(name), "%s", pw->pw_name);
	}
	return name[0] != '\0' ? name : NULL;
}

/* Build the model of data and run the rules; 0 or -1 (no memory). */
static int
build(const struct cli *cli, const struct jl_ruleset *rs,
    const struct lint_in *li, const char *data, size_t len,
    struct jl_arena *a, struct jl_model *m, int parse_only)
{
	struct jl_input		 in;
	struct jl_who		 who;
	const struct jl_job	*job;

	memset(&in, 0, sizeof(in));
	in.name = li->name;
	in.data = data;
	in.len = len;
	in.version = li->version != 0 ? li->version : cli->version;
	if (li->version == 0 && !cli->version_given && rs != NULL &&
	    rs->policy != NULL && rs->policy->slurm_version != 0)
		in.version = rs->policy->slurm_version;
	in.sbatch_mode = li->sbatch_mode;
	in.env = li->env;
	in.argv = li->argv;
	in.argc = li->argc;
	jl_arena_init(a);
	if (jl_model_build(a, &in, m) != 0)
		return -1;
	if (!parse_only) {
		memset(&who, 0, sizeof(who));
		who.user = real_user();
		who.keep_exempted = 1;
		job = jl_model_job(m);
		if (job != NULL && job->v[JL_O_ACCOUNT] != NULL)
			who.account = job->v[JL_O_ACCOUNT]->text;
		if (jl_ruleset_run(rs, a, m, li->sbatch_mode, &who) != 0)
			return -1;
	}
	jl_findings_sort(&m->findings);
	return 0;
}

static void
progress(struct cli *cli, size_t done, size_t total)
{
	struct timeval	now;
	long		ms;

	if (cli->progress_ms < 0 || total < 2)
		return;
	gettimeofday(&now, NULL);
	ms = (now.tv_sec - cli->start.tv_sec) * 1000 +
	    (now.tv_usec - cli->start.tv_usec) / 1000;
	if (done >= total) {
		if (cli->progress_shown)
			fprintf(stderr, "\r%40s\r", "");
		return;
	}
	if (ms < cli->progress_ms)
		return;
	fprintf(stderr, "\rjlint: %zu/%zu files", done, total);
	fflush(stderr);
	cli->progress_shown = 1;
}

static void
tally(struct cli *cli, const struct jl_findings *fs)
{
	const struct jl_finding	*f;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (f->sev >= cli->fail_on && !f->exempted)
			cli->nfail++;
	}
}

/*
 * Normalise an absolute path in place: "//", "/./" and "x/.." go.
 */
static void
path_normalise(char *p)
{
	char	*r = p, *w = p, *slash;

	while (*r != '\0') {
		while (*r == '/')
			r++;
		if (r[0] == '.' && (r[1] == '/' || r[1] == '\0')) {
			r++;
			continue;
		}
		if (r[0] == '.' && r[1] == '.' && (r[2] == '/' || r[2] == '\0')) {
			r += 2;
			*w = '\0';
			if ((slash = strrchr(p, '/')) != NULL)
				w = slash;
			continue;
		}
		if (*r == '\0')
			break;
		*w++ = '/';
		while (*r != '\0' && *r != '/')
			*w++ = *r++;
	}
	if (w == p)
		*w++ = '/';
	*w = '\0';
}

/*
 * The name a --diff header gives a script: relative to the current
 * directory (symbolic links in it resolved, like getcwd()), so that
 * `jlint --diff FILE | git apply` and `| patch -p1` work from here
 * whether FILE was given absolute, with ../ or plain (a//abs/... was
 * wrong).  A file outside the current directory gets a ../ name, which
 * git apply takes only with --unsafe-paths and patch(1) refuses: say so.
 * malloc'd, NULL when memory ran out.
 */
static char *
diff_name(const char *path)
{
	char	 cwd[4096], root[] = "/", *abs, *dir, *base, *real, *rel, *p;
	size_t	 n, k, up = 0;

	if (getcwd(cwd, sizeof(cwd)) == NULL || cwd[0] != '/')
		return strdup(path);
	n = strlen(cwd) + strlen(path) + 2;
	if ((abs = malloc(n)) == NULL)
		return NULL;
	if (path[0] == '/')
		snprintf(abs, n, "%s", path);
	else
		snprintf(abs, n, "%s/%s", cwd, path);
	path_normalise(abs);
	/* The directory resolved as getcwd() resolves the current one. */
	base = strrchr(abs, '/');
	*base++ = '\0';
	dir = abs[0] != '\0' ? abs : root;
	if ((real = realpath(dir, NULL)) == NULL && (real = strdup(dir)) ==
	    NULL) {
		free(abs);
		return NULL;
	}
	n = strlen(real) + strlen(base) + 2;
	if ((p = malloc(n)) == NULL) {
		free(real);
		free(abs);
		return NULL;
	}
	snprintf(p, n, "%s%s%s", real, has_suffix(real, "/") ? "" : "/", base);
	free(real);
	free(abs);
	abs = p;
	/* Longest common directory prefix of cwd and abs. */
	for (k = n = 0; cwd[k] != '\0' && cwd[k] == abs[k]; k++)
		if (cwd[k] == '/')
			n = k;
	if (cwd[k] == '\0' && (abs[k] == '/' || strcmp(cwd, "/") == 0))
		n = strcmp(cwd, "/") == 0 ? 0 : k;
	for (p = cwd + n; *p != '\0'; p++)
		if (*p == '/' && p[1] != '\0')
			up++;
	if ((rel = malloc(3 * up + strlen(abs + n) + 1)) == NULL) {
		free(abs);
		return NULL;
	}
	rel[0] = '\0';
	for (k = 0; k < up; k++)
		strcat(rel, "../");
	strcat(rel, abs + n + 1);
	free(abs);
	if (up > 0)
		fprintf(stderr, "jlint: %s is outside the current directory: "
		    "git apply takes the diff only with --unsafe-paths and "
		    "patch(1) refuses it; run jlint --diff from a directory "
		    "above it\n", rel);
	return rel;
}

/*
 * A binary file named on the command line: one short finding instead of
 * every rule over kilobytes of escaped bytes.  It is the nul-byte
 * finding the rules gave (so the policy's severity, mode and disabling
 * apply), reworded, pointing at the first bytes only.  0 or -1.
 */
static int
binary_finding(struct jl_arena *a, struct jl_model *m, const char *data,
    size_t len, const char *name)
{
	struct jl_finding	*f, *keep = NULL;
	struct jl_src		*src;
	const char		*nul, *what;
	size_t			 i, k;

	for (i = 0; i < m->findings.v.n && keep == NULL; i++) {
		f = m->findings.v.items[i];
		if (strcmp(f->rule, "nul-byte") == 0)
			keep = f;
	}
	m->findings.v.n = 0;
	m->findings.dropped = 0;
	if (keep == NULL)
		return 0;		/* the policy turned nul-byte off */
	/* The excerpt: the first bytes, up to a newline. */
	for (k = 0; k < len && k < 16 && data[k] != '\n'; k++)
		;
	if ((src = jl_arena_alloc(a, sizeof(*src))) == NULL ||
	    jl_src_init(src, a, name, data, k) != 0)
		return -1;
	nul = memchr(data, '\0', len < SNIFF ? len : SNIFF);
	what = binary_kind(data, len);
	keep->src = src;
	keep->loc.off = 0;
	keep->loc.len = k;
	keep->message = jl_arena_printf(a, "not a text file (%s: a NUL byte "
	    "at offset %zu); slurmctld does not accept scripts with NUL "
	    "characters, so this is not a job script sbatch can submit", what,
	    nul != NULL ? (size_t)(nul - data) : (size_t)0);
	keep->fix = strcmp(what, "UTF-16 text") == 0 ? "save the script as "
	    "UTF-8: iconv -f UTF-16 -t UTF-8" : "name the job script, not "
	    "this file (jlint DIR and the pre-commit hook skip binary files)";
	m->findings.v.items[0] = keep;
	m->findings.v.n = 1;
	return keep->message == NULL ? -1 : 0;
}

/* Edits by offset, as jl_fix_edits() gives them (jl_fix_apply()). */
static int
edit_seq_cmp(const void *pa, const void *pb)
{
	const struct jl_edit	*a = *(struct jl_edit * const *)pa;
	const struct jl_edit	*b = *(struct jl_edit * const *)pb;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	if ((a->len == 0) != (b->len == 0))
		return a->len == 0 ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * build() for a report (lint, jlint test): a binary file gets one
 * finding (binary_finding()); its first SNIFF bytes hold the NUL, so
 * only they are read.  parse_only: the model of all the bytes.
 */
static int
build_lint(const struct cli *cli, const struct lint_in *li, const char *data,
    size_t len, struct jl_arena *a, struct jl_model *m, int parse_only)
{
	int	binary = !parse_only && looks_binary(data, len);

	if (build(cli, cli->rs, li, data, binary && len > SNIFF ? SNIFF : len,
	    a, m, parse_only) != 0)
		return -1;
	return binary ? binary_finding(a, m, data, len, li->name) : 0;
}

/*
 * Does cur with edits applied ask for the job whose jl_fix_request() is
 * want?  Out of memory counts as no.
 */
static int
same_request(const struct cli *cli, const struct lint_in *li,
    const struct jl_buf *cur, const struct jl_vec *edits,
    const struct jl_buf *want)
{
	struct jl_arena	a;
	struct jl_model	m;
	struct jl_buf	b, got;
	int		same = 0;

	jl_buf_init(&b);
	jl_buf_init(&got);
	jl_fix_apply(cur->data, cur->len, edits, &b);
	if (!b.failed && build(cli, cli->rs, li, b.data != NULL ? b.data : "",
	    b.len, &a, &m, 1) == 0) {
		jl_fix_request(&m, &got);
		same = !got.failed && !want->failed && got.len == want->len &&
		    (got.len == 0 || memcmp(got.data, want->data, got.len) == 0);
	}
	jl_arena_free(&a);
	jl_buf_free(&b);
	jl_buf_free(&got);
	return same;
}

/* Lint one input; 0 ok, -1 I/O, policy or memory error (reported). */
static int
lint_one(struct cli *cli, const char *path, const char *const *argv,
    size_t argc, int sbatch_mode, int parse_only, const char *wrap)
{
	struct jl_arena	 a;
	struct jl_model	 m;
	struct lint_in	 li;
	struct jl_buf	 b, out, cur, want, rejected;
	struct jl_vec	 edits;
	char		*data, *dname;
	const char	*name;
	size_t		 len, round, i, j, g, kept, nrejected = 0;
	int		 rc = 0, binary = 0;

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
		binary = looks_binary(data, len);
	}
	memset(&li, 0, sizeof(li));
	li.name = name;
	li.sbatch_mode = sbatch_mode;
	if (sbatch_mode) {
		li.env = (const char *const *)environ;
		li.argv = argv;
		li.argc = argc;
	}
	jl_buf_init(&cur);
	jl_buf_init(&out);
	if ((cli->fix || cli->diff) && !parse_only && !binary) {
		/*
		 * Fix rounds until nothing changes.  An edit is kept only if
		 * the job asks for exactly what the original script asked
		 * for (jl_fix_request()); the rest stay suggestions.
		 */
		jl_buf_init(&want);
		jl_buf_init(&rejected);
		jl_buf_add(&cur, data, len);
		for (round = 0; round < FIX_ROUNDS; round++) {
			rejected.len = 0;
			if (rejected.data != NULL)
				rejected.data[0] = '\0';
			nrejected = 0;
			if (build(cli, cli->rs, &li, cur.data, cur.len, &a,
			    &m, 0) != 0) {
				jl_arena_free(&a);
				fprintf(stderr, "jlint: %s: out of memory\n",
				    name);
				rc = -1;
				goto done;
			}
			if (round == 0)
				jl_fix_request(&m, &want);
			memset(&edits, 0, sizeof(edits));
			if (jl_fix_edits(&a, &m, cli->rs->policy, &edits) !=
			    0 || edits.n == 0) {
				jl_arena_free(&a);
				break;
			}
			/* Each fix (a group of edits) alone, then together. */
			for (i = kept = 0; i < edits.n; i = g) {
				struct jl_edit *e = edits.items[i];
				struct jl_vec	one;

				/* This group's edits, in order, at i.. */
				for (g = j = i; j < edits.n; j++) {
					struct jl_edit *x = edits.items[j];

					if (x->group == e->group) {
						edits.items[j] = edits.items[g];
						edits.items[g++] = x;
					}
				}
				one.items = &edits.items[i];
				one.n = one.cap = g - i;
				if (one.n > 1)	/* the swaps above */
					qsort(one.items, one.n, sizeof(void *),
					    edit_seq_cmp);
				if (same_request(cli, &li, &cur, &one, &want)) {
					for (j = i; j < g; j++)
						edits.items[kept++] =
						    edits.items[j];
				} else {
					nrejected++;
					if (strstr(rejected.data != NULL ?
					    rejected.data : "", e->rule) == NULL)
						jl_buf_printf(&rejected, "%s%s",
						    rejected.len ? ", " : "",
						    e->rule);
				}
			}
			if (kept > 1)
				qsort(edits.items, kept, sizeof(void *),
				    edit_seq_cmp);
			edits.n = kept;
			/* Together too (each alone was checked). */
			if (kept > 1 && !same_request(cli, &li, &cur, &edits,
			    &want)) {
				/* Only the first fix, then another round. */
				for (j = 1; j < kept; j++) {
					struct jl_edit *x = edits.items[j];

					if (x->group != ((struct jl_edit *)
					    edits.items[0])->group)
						break;
				}
				edits.n = kept = j;
			}
			if (kept == 0) {
				jl_arena_free(&a);
				break;
			}
			cli->nfixed += edits.n;
			jl_buf_init(&b);
			jl_fix_apply(cur.data, cur.len, &edits, &b);
			jl_arena_free(&a);
			jl_buf_free(&cur);
			cur = b;
		}
		if (nrejected > 0)
			fprintf(stderr, "jlint: %s: %zu fix%s not applied (%s): "
			    "%s would change what the job asks for; see the "
			    "fix: line%s\n", name, nrejected, nrejected == 1 ?
			    "" : "es", rejected.data, nrejected == 1 ? "it" :
			    "each", nrejected == 1 ? "" : "s");
		jl_buf_free(&want);
		jl_buf_free(&rejected);
		if (cur.len != len || memcmp(cur.data, data, len) != 0) {
			cli->nchanged++;
			if (cli->diff) {
				if ((dname = diff_name(name)) == NULL) {
					rc = -1;
					goto done;
				}
				jl_diff_unified(data, len, cur.data, cur.len,
				    dname, &out);
				out_buf(&out);
				free(dname);
			} else if (strcmp(path, "-") == 0) {
				fprintf(stderr, "jlint: --fix cannot rewrite "
				    "standard input; use --diff\n");
				rc = -1;
			} else if (write_atomic(path, cur.data, cur.len) != 0)
				rc = -1;
			else {
				free(data);
				data = cur.data;
				len = cur.len;
				jl_buf_init(&cur);
			}
		}
		if (cli->diff || rc != 0)
			goto done;
	}
	if (build_lint(cli, &li, data, len, &a, &m, parse_only) != 0) {
		fprintf(stderr, "jlint: %s: out of memory\n", name);
		rc = -1;
	} else if (parse_only) {
		jl_model_json(&m, &out);
		if (out.failed) {
			fprintf(stderr, "jlint: %s: out of memory\n", name);
			rc = -1;
		} else
			out_buf(&out);
	} else {
		tally(cli, &m.findings);
		jl_report_add(&cli->report, cli->rs, &m.findings, name, &out);
		out_buf(&out);
	}
	jl_arena_free(&a);
done:
	jl_buf_free(&out);
	jl_buf_free(&cur);
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

/* --- finding files -------------------------------------------------------- */

struct files {
	char	**v;
	size_t	  n, cap;
};

static int
files_add(struct files *fl, const char *path)
{
	char	**nv;

	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 64;
		if ((nv = realloc(fl->v, fl->cap * sizeof(*nv))) == NULL)
			return -1;
		fl->v = nv;
	}
	if ((fl->v[fl->n] = strdup(path)) == NULL)
		return -1;
	fl->n++;
	return 0;
}

static void
files_free(struct files *fl)
{
	size_t	i;

	for (i = 0; i < fl->n; i++)
		free(fl->v[i]);
	free(fl->v);
	memset(fl, 0, sizeof(*fl));
}

/*
 * The one rule for "is this a job script", used by `jlint DIR` and by
 * --job-scripts-only (the pre-commit hook), so the two agree: a regular
 * file (or a symbolic link to one) that is not binary (looks_binary())
 * and is named *.sbatch, *.slurm or *.job or has a line starting
 * "#SBATCH" in its first SNIFF bytes.  1 yes, 0 no, -1 cannot tell: it
 * cannot be read (errno says why).  A dangling symbolic link is no job
 * script (sbatch could not read it either).
 */
static int
is_job_script(const char *path)
{
	struct stat	st;
	char		buf[SNIFF];
	ssize_t		n;
	size_t		i;
	int		fd, e;

	if (stat(path, &st) != 0) {
		e = errno;
		if (e == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			return 0;
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK)) == -1)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) == -1 && errno == EINTR)
		;
	e = errno;
	close(fd);
	if (n < 0) {
		errno = e;
		return -1;
	}
	if (looks_binary(buf, (size_t)n))
		return 0;
	if (has_suffix(path, ".sbatch") || has_suffix(path, ".slurm") ||
	    has_suffix(path, ".job"))
		return 1;
	for (i = 0; i + 7 <= (size_t)n; i++)
		if ((i == 0 || buf[i - 1] == '\n') &&
		    memcmp(buf + i, "#SBATCH", 7) == 0)
			return 1;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/*
 * Add the job scripts under dir (sorted, recursively; symbolic links to
 * directories are not followed).  A directory or file that cannot be
 * read is reported and sets *ioerr: it may hold a job script.  -1 only
 * when memory ran out.
 */
static int
walk(struct files *fl, const char *dir, int depth, int *ioerr)
{
	struct dirent	*de;
	struct stat	 st;
	struct files	 names;
	DIR		*d;
	char		*p;
	size_t		 i, n;
	int		 rc = 0, r;

	if (depth > MAX_DEPTH)
		return 0;
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "jlint: %s: %s\n", dir, strerror(errno));
		*ioerr = 1;
		return 0;
	}
	memset(&names, 0, sizeof(names));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0 ||
		    strcmp(de->d_name, ".hg") == 0 ||
		    strcmp(de->d_name, ".svn") == 0)
			continue;
		if (files_add(&names, de->d_name) != 0) {
			rc = -1;
			break;
		}
	}
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), name_cmp);
	for (i = 0; i < names.n && rc == 0; i++) {
		n = strlen(dir) + strlen(names.v[i]) + 2;
		if ((p = malloc(n)) == NULL) {
			rc = -1;
			break;
		}
		snprintf(p, n, "%s%s%s", dir, has_suffix(dir, "/") ? "" : "/",
		    names.v[i]);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(fl, p, depth + 1, ioerr);
		else if ((r = is_job_script(p)) == 1)
			rc = files_add(fl, p);
		else if (r == -1) {
			fprintf(stderr, "jlint: %s: %s (cannot tell whether it "
			    "is a job script)\n", p, strerror(errno));
			*ioerr = 1;
		}
		free(p);
	}
	files_free(&names);
	return rc;
}

/* --- jlint rules / explain ------------------------------------------------ */

static const char *
mode_word(enum jl_mode m)
{
	return jl_mode_name(m) != NULL ? jl_mode_name(m) : "-";
}

/* A line of text for a terminal: sanitised, at most max bytes. */
static void
put_clean(const char *s, size_t n)
{
	struct jl_buf	b;

	jl_buf_init(&b);
	jl_buf_sanitize(&b, s, n);
	out_buf(&b);
	jl_buf_free(&b);
}

/* Text of several lines: each line sanitised, the newlines kept. */
static void
put_clean_lines(const char *s, size_t n)
{
	const char	*e = s + n, *q;

	while (s < e) {
		q = memchr(s, '\n', (size_t)(e - s));
		put_clean(s, q != NULL ? (size_t)(q - s) : (size_t)(e - s));
		if (q == NULL)
			break;
		fputc('\n', stdout);
		s = q + 1;
	}
}

/* Is line l (n bytes) among the lines of text t? */
static int
has_line(const char *t, size_t tlen, const char *l, size_t n)
{
	const char	*p = t, *e = t + tlen, *q;

	while (p < e) {
		q = memchr(p, '\n', (size_t)(e - p));
		if (q == NULL)
			q = e;
		if ((size_t)(q - p) == n && memcmp(p, l, n) == 0)
			return 1;
		p = q + 1;
	}
	return 0;
}

/* First line of a (not the #! line) that b lacks, into *l, *n. */
static int
first_diff_line(const char *a, size_t alen, const char *b, size_t blen,
    const char **l, size_t *n)
{
	const char	*p = a, *e = a + alen, *q;

	while (p != NULL && p < e) {
		q = memchr(p, '\n', (size_t)(e - p));
		if (q == NULL)
			q = e;
		if (q > p && !(p[0] == '#' && p[1] == '!') &&
		    !has_line(b, blen, p, (size_t)(q - p))) {
			*l = p;
			*n = (size_t)(q - p);
			return 1;
		}
		p = q + 1;
	}
	return 0;
}

/* A markdown code span of s[0..n): `...` with | escaped. */
static void
md_code(struct jl_buf *b, const char *s, size_t n)
{
	struct jl_buf	t;
	size_t		i;

	jl_buf_init(&t);
	jl_buf_sanitize(&t, s, n);
	jl_buf_putc(b, '`');
	for (i = 0; t.data != NULL && i < t.len; i++) {
		if (t.data[i] == '|')
			jl_buf_puts(b, "\\|");
		else if (t.data[i] == '`')
			jl_buf_putc(b, '\'');
		else
			jl_buf_putc(b, t.data[i]);
	}
	jl_buf_putc(b, '`');
	jl_buf_free(&t);
}

static void
md_text(struct jl_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			jl_buf_puts(b, "\\|");
		else if (*s == '\n')
			jl_buf_putc(b, ' ');
		else
			jl_buf_putc(b, *s);
	}
}

static int
cmd_rules(struct cli *cli, int argc, char **argv)
{
	const struct jl_rule	*r;
	struct jl_buf		 b;
	const char		*fmt = "text", *l;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	size_t			 i, n;
	int			 on, k;

	for (k = 0; k < argc; k++) {
		if ((strcmp(argv[k], "--format") == 0 ||
		    strcmp(argv[k], "-f") == 0) && k + 1 < argc)
			fmt = argv[++k];
		else if (strncmp(argv[k], "--format=", 9) == 0)
			fmt = argv[k] + 9;
		else {
			fprintf(stderr, "usage: jlint rules [--format "
			    "text|json|markdown|slugs]\n");
			return 2;
		}
	}
	if (cli->fmt_given && cli->fmt == JL_FMT_JSON)
		fmt = "json";
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "markdown") != 0 && strcmp(fmt, "slugs") != 0) {
		fprintf(stderr, "jlint: rules: unknown format \"%s\" (text, "
		    "json, markdown, slugs)\n", fmt);
		return 2;
	}
	if (load_rules(cli, find_policy(cli, "./.")) != 0)
		return 2;
	jl_buf_init(&b);
	if (strcmp(fmt, "json") == 0)
		jl_buf_printf(&b, "{\"version\":%d,\"policy\":",
		    JL_JSON_VERSION), jl_buf_json_str(&b,
		    cli->rs->policy != NULL ? cli->rs->policy->path : NULL),
		    jl_buf_puts(&b, ",\"rules\":[");
	else if (strcmp(fmt, "markdown") == 0)
		jl_buf_puts(&b, "| Code | Rule | Severity | Example | What "
		    "it catches |\n|---|---|---|---|---|\n");
	for (i = 0; i < cli->rs->nrules; i++) {
		r = cli->rs->rules[i];
		on = jl_rule_enabled(cli->rs, r, &sev, &mode);
		if (strcmp(fmt, "slugs") == 0) {
			jl_buf_printf(&b, "%s\n", r->slug);
		} else if (strcmp(fmt, "json") == 0) {
			if (i > 0)
				jl_buf_putc(&b, ',');
			jl_buf_puts(&b, "{\"code\":");
			jl_buf_json_str(&b, r->code);
			jl_buf_puts(&b, ",\"slug\":");
			jl_buf_json_str(&b, r->slug);
			jl_buf_printf(&b, ",\"severity\":\"%s\",\"enabled\":"
			    "%s,\"mode\":", jl_sev_name(sev), on ? "true" :
			    "false");
			jl_buf_json_str(&b, mode == JL_MODE_DEFAULT ? NULL :
			    mode_word(mode));
			jl_buf_puts(&b, ",\"summary\":");
			jl_buf_json_str(&b, r->summary);
			jl_buf_puts(&b, ",\"doc\":");
			jl_buf_json_str(&b, r->doc);
			jl_buf_puts(&b, ",\"fix\":");
			jl_buf_json_str(&b, r->fix);
			jl_buf_printf(&b, ",\"site\":%s,\"origin\":",
			    r->site ? "true" : "false");
			jl_buf_json_str(&b, r->origin);
			jl_buf_putc(&b, '}');
		} else if (strcmp(fmt, "markdown") == 0) {
			jl_buf_printf(&b, "| %s | `%s` | %s | ", r->code,
			    r->slug, jl_sev_name(r->severity));
			if (r->bad != NULL && r->good != NULL &&
			    first_diff_line(r->bad, r->badlen, r->good,
			    r->goodlen, &l, &n))
				md_code(&b, l, n);
			else if (r->bad != NULL && r->good != NULL &&
			    first_diff_line(r->good, r->goodlen, r->bad,
			    r->badlen, &l, &n)) {
				jl_buf_puts(&b, "no ");
				md_code(&b, l, n);
			} else
				jl_buf_puts(&b, "-");
			jl_buf_puts(&b, " | ");
			md_text(&b, r->summary);
			jl_buf_puts(&b, " |\n");
		} else {
			jl_buf_printf(&b, "%-9s %-30s %-8s %-8s ", r->code,
			    r->slug, on ? jl_sev_name(sev) : "off",
			    mode_word(mode));
			jl_buf_sanitize(&b, r->summary, strlen(r->summary));
			jl_buf_putc(&b, '\n');
		}
	}
	if (strcmp(fmt, "json") == 0)
		jl_buf_puts(&b, "]}\n");
	out_buf(&b);
	jl_buf_free(&b);
	return 0;
}

/* Print an example script indented, sanitised line by line. */
static void
put_example(const char *s, size_t n)
{
	const char	*e = s + n, *q;

	while (s < e) {
		q = memchr(s, '\n', (size_t)(e - s));
		if (q == NULL)
			q = e;
		fputs("    ", stdout);
		fflush(stdout);
		put_clean(s, (size_t)(q - s));
		fputc('\n', stdout);
		s = q + 1;
	}
}

static int
cmd_explain(struct cli *cli, int argc, char **argv)
{
	const struct jl_rule	*r;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	const char		*cands[256], *sug;
	size_t			 i, n = 0;
	int			 on;

	if (argc != 1) {
		fprintf(stderr, "usage: jlint explain SLUG|CODE\n");
		return 2;
	}
	if (load_rules(cli, find_policy(cli, "./.")) != 0)
		return 2;
	if ((r = jl_ruleset_find(cli->rs, argv[0])) == NULL) {
		for (i = 0; i < cli->rs->nrules && n < 255; i++)
			cands[n++] = cli->rs->rules[i]->slug;
		cands[n] = NULL;
		sug = jl_yaml_suggest(argv[0], cands);
		fprintf(stderr, "jlint: explain: no rule \"%s\"%s%s%s (jlint "
		    "rules lists them)\n", argv[0], sug ? "; did you mean \"" :
		    "", sug ? sug : "", sug ? "\"?" : "");
		return 2;
	}
	on = jl_rule_enabled(cli->rs, r, &sev, &mode);
	fflush(stdout);
	printf("%s (%s): %s\n", r->slug, r->code, r->summary);
	printf("severity: %s", jl_sev_name(r->severity));
	if (!on)
		printf("; off under %s", cli->rs->policy->path);
	else if (sev != r->severity || mode != JL_MODE_DEFAULT)
		printf("; %s%s%s under %s", jl_sev_name(sev),
		    mode != JL_MODE_DEFAULT ? ", mode " : "",
		    mode != JL_MODE_DEFAULT ? mode_word(mode) : "",
		    cli->rs->policy->path);
	printf("\ndefined in: %s:%u\n\n", r->origin, r->line);
	fflush(stdout);
	put_clean_lines(r->doc, strlen(r->doc));
	if (r->doc[0] != '\0' && r->doc[strlen(r->doc) - 1] != '\n')
		putchar('\n');
	if (r->fix != NULL) {
		printf("\nfix: ");
		fflush(stdout);
		put_clean(r->fix, strlen(r->fix));
		putchar('\n');
	}
	if (r->bad != NULL) {
		printf("\nbad:\n");
		put_example(r->bad, r->badlen);
	}
	if (r->good != NULL) {
		printf("\ngood:\n");
		put_example(r->good, r->goodlen);
	}
	return 0;
}

/* --- jlint test ----------------------------------------------------------- */

/* Split a line like a shell would (quotes, no expansion). */
static int
shsplit(const char *s, char ***outv, size_t *outn)
{
	char	**v = NULL, *w, q;
	size_t	  n = 0, k;

	while (*s != '\0') {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		if ((w = malloc(strlen(s) + 1)) == NULL)
			return -1;
		k = 0;
		while (*s != '\0' && !isspace((unsigned char)*s)) {
			if (*s == '\'' || *s == '"') {
				q = *s++;
				while (*s != '\0' && *s != q)
					w[k++] = *s++;
				if (*s == q)
					s++;
			} else
				w[k++] = *s++;
		}
		w[k] = '\0';
		if ((v = realloc(v, (n + 2) * sizeof(*v))) == NULL) {
			free(w);
			return -1;
		}
		v[n++] = w;
		v[n] = NULL;
	}
	*outv = v;
	*outn = n;
	return 0;
}

static void
strv_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A sidecar file beside script (name.sh -> name.EXT), or NULL. */
static char *
sidecar(const char *script, const char *ext, size_t *len)
{
	struct stat	 st;
	char		*p, *dot, *data;
	size_t		 n = strlen(script) + strlen(ext) + 2;

	if ((p = malloc(n)) == NULL)
		return NULL;
	snprintf(p, n, "%s", script);
	if ((dot = strrchr(p, '.')) != NULL && strchr(dot, '/') == NULL)
		*dot = '\0';
	strcat(p, ".");
	strcat(p, ext);
	data = NULL;
	if (stat(p, &st) == 0)
		data = read_file(p, len);
	free(p);
	return data;
}

/* The findings as sidecar lines ("LINE:COL: SEV: MESSAGE [slug]"). */
static void
expect_lines(const struct jl_findings *fs, struct jl_buf *b)
{
	const struct jl_finding	*f;
	unsigned		 l1, c1, l2, c2;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (f->src != NULL) {
			jl_loc_span(f->src, f->loc, &l1, &c1, &l2, &c2);
			jl_buf_printf(b, "%u:%u", l1, c1);
		} else {
			jl_buf_puts(b, " (");
			jl_buf_sanitize(b, f->where ? f->where : "", f->where ?
			    strlen(f->where) : 0);
			jl_buf_puts(b, ")");
		}
		jl_buf_printf(b, ": %s: ", jl_sev_name(f->sev));
		jl_buf_sanitize(b, f->message, strlen(f->message));
		jl_finding_note(b, f);
		jl_buf_printf(b, " [%s]\n", f->rule);
		if (f->fix != NULL) {
			jl_buf_puts(b, "  fix: ");
			jl_buf_sanitize(b, f->fix, strlen(f->fix));
			jl_buf_putc(b, '\n');
		}
	}
}

/* One line of the full sidecar form? */
static int
full_line(const char *p, size_t n)
{
	size_t	i = 0;

	if (n >= 7 && strncmp(p, "  fix: ", 7) == 0)
		return 1;
	if (n >= 2 && p[0] == ' ' && p[1] == '(')
		return 1;
	for (i = 0; i + 23 <= n; i++)
		if (memcmp(p + i, "more findings not shown", 23) == 0)
			return 1;
	i = 0;
	while (i < n && isdigit((unsigned char)p[i]))
		i++;
	if (i == 0 || i >= n || p[i] != ':')
		return 0;
	for (i++; i < n && isdigit((unsigned char)p[i]); i++)
		;
	return i + 2 < n && p[i] == ':' && p[i + 1] == ' ' && p[n - 1] == ']';
}

/* Is a sidecar written in the short form ("[LINE:]slug" per line)? */
static int
short_form(const char *s)
{
	const char	*p = s, *q;
	size_t		 n;

	for (; *p != '\0'; p = q + 1) {
		q = strchr(p, '\n');
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		if (n > 0 && p[0] != '#' && !full_line(p, n))
			return 1;
		if (q == NULL)
			break;
	}
	return 0;
}

/* Compare the short form: each "[LINE:]slug" matches one finding. */
static int
short_match(const struct jl_findings *fs, const char *want, struct jl_buf *why)
{
	const struct jl_finding	*f;
	unsigned char		 used[JL_MAX_FINDINGS];
	char			 line[256], *c;
	const char		*p = want, *q;
	unsigned		 l1, c1, l2, c2, ln;
	size_t			 i, n;
	int			 ok = 1;

	memset(used, 0, sizeof(used));
	while (*p != '\0') {
		q = strchr(p, '\n');
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		if (n > 0 && n < sizeof(line) && p[0] != '#') {
			memcpy(line, p, n);
			line[n] = '\0';
			while (n > 0 && isspace((unsigned char)line[n - 1]))
				line[--n] = '\0';
			ln = 0;
			c = line;
			if (isdigit((unsigned char)line[0]) &&
			    (c = strchr(line, ':')) != NULL) {
				ln = (unsigned)strtoul(line, NULL, 10);
				c++;
			} else
				c = line;
			while (*c == ' ')
				c++;
			for (i = 0; i < fs->v.n; i++) {
				f = fs->v.items[i];
				if (used[i] || strcmp(f->rule, c) != 0)
					continue;
				if (ln != 0) {
					if (f->src == NULL)
						continue;
					jl_loc_span(f->src, f->loc, &l1, &c1,
					    &l2, &c2);
					if (l1 != ln)
						continue;
				}
				used[i] = 1;
				break;
			}
			if (*c != '\0' && i == fs->v.n) {
				jl_buf_printf(why, "  expected, not found: "
				    "%s\n", line);
				ok = 0;
			}
		}
		if (q == NULL)
			break;
		p = q + 1;
	}
	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (used[i])
			continue;
		jl_buf_printf(why, "  found, not expected: %s", f->rule);
		if (f->src != NULL) {
			jl_loc_span(f->src, f->loc, &l1, &c1, &l2, &c2);
			jl_buf_printf(why, " (line %u)", l1);
		}
		jl_buf_putc(why, '\n');
		ok = 0;
	}
	return ok;
}

/* The environment of a test: ours without SBATCH_*, plus NAME.env. */
static char **
test_env(const char *extra)
{
	char		**v;
	const char	*p, *q;
	size_t		  n = 0, k = 0, i;

	for (i = 0; environ[i] != NULL; i++)
		n++;
	for (p = extra; p != NULL && *p != '\0'; p++)
		if (*p == '\n')
			n++;
	if ((v = calloc(n + 2, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; environ[i] != NULL; i++)
		if (strncmp(environ[i], "SBATCH_", 7) != 0 &&
		    strncmp(environ[i], "SLURM_HINT=", 11) != 0 &&
		    strncmp(environ[i], "SLURM_CLUSTERS=", 15) != 0)
			v[k++] = strdup(environ[i]);
	for (p = extra; p != NULL && *p != '\0'; p = q + 1) {
		q = strchr(p, '\n');
		if (q == NULL)
			q = p + strlen(p);
		if (q > p && *p != '#' && memchr(p, '=', (size_t)(q - p)))
			v[k++] = strndup(p, (size_t)(q - p));
		if (*q == '\0')
			break;
	}
	v[k] = NULL;
	return v;
}

struct tstats {
	size_t	passed, failed, errors;
};

/* The policy of a test directory: policy.yaml here or up to the root. */
static char *
test_policy(const struct cli *cli, const char *dir, const char *root)
{
	struct stat	 st;
	char		*d, *p, *slash;
	size_t		 n;

	if (cli->policy_arg != NULL)
		return strdup(cli->policy_arg);
	if ((d = strdup(dir)) == NULL)
		return NULL;
	for (;;) {
		n = strlen(d) + 16;
		if ((p = malloc(n)) == NULL)
			break;
		snprintf(p, n, "%s/policy.yaml", d);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			free(d);
			return p;
		}
		free(p);
		if (strcmp(d, root) == 0 || (slash = strrchr(d, '/')) == NULL)
			break;
		*slash = '\0';
		if (strlen(d) < strlen(root))
			break;
	}
	free(d);
	return NULL;
}

static void
test_one(struct cli *cli, const char *script, struct tstats *ts)
{
	struct jl_arena	 a;
	struct jl_model	 m;
	struct lint_in	 li;
	struct jl_buf	 got, why;
	char		*data = NULL, *want = NULL, *args = NULL, *envs = NULL;
	char		*opts = NULL, **av = NULL, **ov = NULL, **env = NULL;
	size_t		 len, wlen = 0, alen, elen, olen, an = 0, on = 0, i;
	int		 ok;

	jl_buf_init(&got);
	jl_buf_init(&why);
	memset(&li, 0, sizeof(li));
	li.name = script;
	if ((data = read_file(script, &len)) == NULL) {
		ts->errors++;
		return;
	}
	want = sidecar(script, "out", &wlen);
	if ((args = sidecar(script, "args", &alen)) != NULL) {
		li.sbatch_mode = 1;
		if (shsplit(args, &av, &an) != 0)
			goto err;
		envs = sidecar(script, "env", &elen);
		if ((env = test_env(envs)) == NULL)
			goto err;
		li.env = (const char *const *)env;
		li.argv = (const char *const *)av;
		li.argc = an;
	}
	if ((opts = sidecar(script, "opts", &olen)) != NULL) {
		if (shsplit(opts, &ov, &on) != 0)
			goto err;
		for (i = 0; i < on; i++) {
			if (strcmp(ov[i], "--slurm-version") == 0 &&
			    i + 1 < on && parse_version(ov[i + 1],
			    &li.version) == 0)
				i++;
			else {
				fprintf(stderr, "jlint: %s.opts: only "
				    "--slurm-version VER is understood\n",
				    script);
				goto err;
			}
		}
	}
	if (build_lint(cli, &li, data, len, &a, &m, 0) != 0) {
		jl_arena_free(&a);
		fprintf(stderr, "jlint: %s: out of memory\n", script);
		goto err;
	}
	if (want != NULL && short_form(want))
		ok = short_match(&m.findings, want, &why);
	else {
		expect_lines(&m.findings, &got);
		if (m.findings.dropped > 0)
			jl_buf_printf(&got, "%zu more findings not shown "
			    "(limit %d)\n", m.findings.dropped,
			    JL_MAX_FINDINGS);
		ok = (want == NULL ? got.len == 0 : got.len == wlen &&
		    memcmp(got.data, want, wlen) == 0);
		if (!ok)
			jl_diff_unified(want != NULL ? want : "", want != NULL ?
			    wlen : 0, got.data != NULL ? got.data : "",
			    got.len, script, &why);
	}
	jl_arena_free(&a);
	if (ok)
		ts->passed++;
	else {
		ts->failed++;
		printf("FAIL %s\n", script);
		fflush(stdout);
		out_buf(&why);
	}
	goto out;
err:
	ts->errors++;
out:
	if (env != NULL)
		for (i = 0; env[i] != NULL; i++)
			free(env[i]);
	free(env);
	strv_free(av, an);
	strv_free(ov, on);
	free(data);
	free(want);
	free(args);
	free(envs);
	free(opts);
	jl_buf_free(&got);
	jl_buf_free(&why);
}

static int
is_test_script(const char *name)
{
	return has_suffix(name, ".sh") || has_suffix(name, ".sbatch") ||
	    has_suffix(name, ".slurm") || has_suffix(name, ".job");
}

static int
test_dir(struct cli *cli, const char *dir, const char *root, int depth,
    struct tstats *ts)
{
	struct dirent	*de;
	struct stat	 st;
	struct files	 names;
	DIR		*d;
	char		*p;
	size_t		 i, n;
	int		 rc = 0, loaded = 0;

	if (depth > MAX_DEPTH)
		return 0;
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "jlint: test: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	memset(&names, 0, sizeof(names));
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && files_add(&names, de->d_name) != 0)
			rc = -1;
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), name_cmp);
	for (i = 0; i < names.n && rc == 0; i++) {
		n = strlen(dir) + strlen(names.v[i]) + 2;
		if ((p = malloc(n)) == NULL)
			return -1;
		snprintf(p, n, "%s/%s", dir, names.v[i]);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = test_dir(cli, p, root, depth + 1, ts);
		else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    is_test_script(names.v[i])) {
			if (!loaded) {
				if (load_rules(cli, test_policy(cli, dir,
				    root)) != 0) {
					free(p);
					ts->errors++;
					rc = -1;
					break;
				}
				loaded = 1;
			}
			test_one(cli, p, ts);
		}
		free(p);
	}
	files_free(&names);
	return rc;
}

static int
cmd_test(struct cli *cli, int argc, char **argv)
{
	struct tstats	 ts;
	struct stat	 st;
	char		*root;
	int		 i, rc = 0;

	memset(&ts, 0, sizeof(ts));
	for (i = 0; i < (argc > 0 ? argc : 1); i++) {
		if ((root = strdup(argc > 0 ? argv[i] : ".")) == NULL)
			return 2;
		while (strlen(root) > 1 && has_suffix(root, "/"))
			root[strlen(root) - 1] = '\0';
		if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "jlint: test: %s: not a directory\n",
			    root);
			rc = 2;
		} else if (test_dir(cli, root, root, 0, &ts) != 0)
			rc = 2;
		free(root);
	}
	printf("jlint test: %zu passed, %zu failed\n", ts.passed, ts.failed);
	if (rc != 0 || ts.errors > 0)
		return 2;
	return ts.failed > 0 ? 1 : 0;
}

/* --- jlint policy check --------------------------------------------------- */

/* Does text trigger rule slug under rs? -1 on memory errors. */
static int
triggers(struct cli *cli, const char *slug, const char *text, size_t len,
    int sbatch)
{
	static const char *const noenv[] = { NULL };
	struct jl_arena		 a;
	struct jl_model		 m;
	struct lint_in		 li;
	const struct jl_finding	*f;
	size_t			 i;
	int			 hit = 0;

	memset(&li, 0, sizeof(li));
	li.name = "example.sh";
	li.sbatch_mode = sbatch;
	if (sbatch)
		li.env = noenv;
	if (build(cli, cli->rs, &li, text, len, &a, &m, 0) != 0) {
		jl_arena_free(&a);
		return -1;
	}
	for (i = 0; i < m.findings.v.n; i++) {
		f = m.findings.v.items[i];
		if (strcmp(f->rule, slug) == 0)
			hit = 1;
	}
	jl_arena_free(&a);
	return hit;
}

/*
 * Exemptions past their expires: date cover nothing any more (rule.c);
 * say so, with where each is written, so the admin removes or renews it.
 * Returns how many.
 */
static size_t
expired_exemptions(const struct cli *cli, long long now)
{
	const struct jl_policy		*p = cli->rs->policy, *o;
	const struct jl_exemption	*e;
	struct jl_buf			 b;
	char				 date[32];
	time_t				 t;
	struct tm			 tm;
	size_t				 i, j, k, n = 0;

	for (i = 0; i < p->nexemptions; i++) {
		e = &p->exemptions[i];
		if (e->expires == 0 || now <= e->expires)
			continue;
		n++;
		o = p;		/* the file it is written in (extends:) */
		for (j = 0; j < cli->set->nlayers; j++)
			for (k = 0; k < cli->set->layers[j]->nexemptions; k++)
				if (cli->set->layers[j]->exemptions[k].rules ==
				    e->rules)
					o = cli->set->layers[j];
		t = (time_t)e->expires;
		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 0)
			snprintf(date, sizeof(date), "?");
		jl_buf_init(&b);
		for (k = 0; e->rules[k] != NULL; k++)
			jl_buf_printf(&b, "%s%s", k ? ", " : "", e->rules[k]);
		fprintf(stderr, "%s:%u:%u: warning: the exemption from %s "
		    "expired on %s: it no longer applies, so these jobs are "
		    "reported again (and rejected where the site enforces "
		    "the rule); remove it, or give a new expires: date if it "
		    "is still agreed\n", o->path, e->line, e->col,
		    b.data != NULL ? b.data : "", date);
		jl_buf_free(&b);
	}
	return n;
}

static int
cmd_policy(struct cli *cli, int argc, char **argv)
{
	const struct jl_rule	*r;
	size_t			 i, nsite = 0, nexp;
	int			 bad = 0;

	if (argc != 2 || strcmp(argv[0], "check") != 0) {
		fprintf(stderr, "usage: jlint policy check FILE\n");
		return 2;
	}
	if (load_rules(cli, strdup(argv[1])) != 0)
		return 2;
	/* Each site rule's own examples: bad triggers it, good does not. */
	for (i = 0; i < cli->rs->nrules; i++) {
		r = cli->rs->rules[i];
		if (!r->site)
			continue;
		nsite++;
		if (r->bad != NULL && triggers(cli, r->slug, r->bad, r->badlen,
		    r->ex_sbatch) == 0) {
			fprintf(stderr, "%s:%u:1: site rule %s: its bad "
			    "example does not trigger it\n", r->origin,
			    r->line, r->slug);
			bad = 1;
		}
		if (r->good != NULL && triggers(cli, r->slug, r->good,
		    r->goodlen, r->ex_sbatch) != 0) {
			fprintf(stderr, "%s:%u:1: site rule %s: its good "
			    "example triggers it\n", r->origin, r->line,
			    r->slug);
			bad = 1;
		}
	}
	if (bad)
		return 2;
	nexp = expired_exemptions(cli, (long long)time(NULL));
	printf("%s: ok (%zu site rule%s, %zu rule setting%s, %zu "
	    "partition%s", argv[1], nsite, nsite == 1 ? "" : "s",
	    cli->rs->policy->nsettings, cli->rs->policy->nsettings == 1 ? "" :
	    "s", cli->rs->policy->npartitions,
	    cli->rs->policy->npartitions == 1 ? "" : "s");
	if (nexp > 0)
		printf(", %zu expired exemption%s", nexp, nexp == 1 ? "" : "s");
	printf(")\n");
	return 0;
}

static int
cmd_show_policy(struct cli *cli, int argc, char **argv)
{
	struct jl_buf	 b;
	char		*path;

	if (argc > 1) {
		fprintf(stderr, "usage: jlint --show-policy [FILE]\n");
		return 2;
	}
	path = find_policy(cli, argc == 1 ? argv[0] : "./.");
	if (load_rules(cli, path) != 0)
		return 2;
	jl_buf_init(&b);
	jl_buf_printf(&b, "# policy for %s: %s\n", argc == 1 ? argv[0] :
	    "this directory", cli->policy_arg != NULL ? "--policy" :
	    cli->isolated ? "--isolated" : cli->rs_key == NULL ?
	    "embedded default (no policy file found)" :
	    getenv("JLINT_POLICY") != NULL && *getenv("JLINT_POLICY") ?
	    "$JLINT_POLICY" : strcmp(cli->rs_key, JL_SYSTEM_POLICY) == 0 ?
	    "the system policy" : "found .jlint.yaml");
	if (cli->cluster)
		jl_merge_notes_text(&cli->live_notes, &b);
	jl_policy_yaml(cli->rs->policy, cli->set->layers, cli->set->nlayers,
	    &b);
	out_buf(&b);
	jl_buf_free(&b);
	return 0;
}

/* --- main ------------------------------------------------------------------- */

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

/* Options; returns 0, 1 (exit 0 after --help/--version) or 2. */
static int
parse_opts(struct cli *cli, int argc, char **argv, const char *optstring)
{
	int	c;

	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (jl_format_parse(optarg, &cli->fmt) != 0) {
				fprintf(stderr, "jlint: unknown format \"%s\" "
				    "(text, gcc, json, sarif, github)\n",
				    optarg);
				return 2;
			}
			cli->fmt_given = 1;
			break;
		case 'F':
			if (parse_sev(optarg, &cli->fail_on) != 0) {
				fprintf(stderr, "jlint: --fail-on: \"%s\" is "
				    "not error, warning or info\n", optarg);
				return 2;
			}
			break;
		case 'L':
			cli->cluster = 1;
			break;
		case 'C':
			if (strcmp(optarg, "always") == 0)
				cli->color = 1;
			else if (strcmp(optarg, "never") == 0)
				cli->color = 0;
			else if (strcmp(optarg, "auto") == 0)
				cli->color = -1;
			else {
				fprintf(stderr, "jlint: --color: \"%s\" is not "
				    "auto, always or never\n", optarg);
				return 2;
			}
			break;
		case 'S':
			cli->version_given = 1;
			if (parse_version(optarg, &cli->version) != 0) {
				fprintf(stderr, "jlint: --slurm-version: "
				    "\"%s\" is not a release like 22.05\n",
				    optarg);
				return 2;
			}
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

static int
is_command(const char *s)
{
	static const char *const cmds[] = {
		"sbatch", "parse", "rules", "explain", "test", "policy", NULL
	};
	size_t	i;

	for (i = 0; cmds[i] != NULL; i++)
		if (strcmp(cmds[i], s) == 0)
			return 1;
	return 0;
}

static int
finish(struct cli *cli, int ioerr)
{
	struct jl_buf	b;
	int		rc;

	jl_buf_init(&b);
	if (!cli->diff)
		jl_report_finish(&cli->report, &b);
	out_buf(&b);
	jl_buf_free(&b);
	if (cli->fix && cli->nchanged > 0)
		fprintf(stderr, "jlint: fixed %zu file%s\n", cli->nchanged,
		    cli->nchanged == 1 ? "" : "s");
	if (ioerr)
		rc = 2;
	else if (cli->diff)
		rc = cli->nchanged > 0 ? 1 : 0;
	else
		rc = cli->nfail > 0 ? 1 : 0;
	return rc;
}

int
main(int argc, char **argv)
{
	struct cli	 cli;
	struct files	 fl;
	struct stat	 st;
	const char	*env, *cmd;
	int		 i, r, ioerr = 0, rc;
	size_t		 k;

	memset(&cli, 0, sizeof(cli));
	memset(&fl, 0, sizeof(fl));
	cli.version = JL_SLURM_DEFAULT;
	cli.stdin_name = "-";
	cli.color = -1;
	cli.fail_on = JL_SEV_WARNING;
	/* facts and audit ask slurmctld and parse their own options. */
	if (argc >= 2 && strcmp(argv[1], "facts") == 0)
		return jl_cmd_facts(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "audit") == 0)
		return jl_cmd_audit(argc - 1, argv + 1);
	/* Global options stop at the first word (sbatch's options follow). */
	if ((r = parse_opts(&cli, argc, argv, "+f:hVp:")) != 0)
		return r == 1 ? 0 : 2;
	argc -= optind;
	argv += optind;
	cmd = argc > 0 && is_command(argv[0]) ? argv[0] : NULL;
	/* Options after the first word too, except for sbatch's. */
	if (cmd == NULL || (strcmp(cmd, "sbatch") != 0 &&
	    strcmp(cmd, "parse") != 0 && strcmp(cmd, "rules") != 0)) {
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
	if (cli.fix && cli.diff) {
		fprintf(stderr, "jlint: --fix and --diff exclude each other\n");
		return 2;
	}
	rc = -1;
	if (cli.show_policy)
		rc = cmd_show_policy(&cli, argc, argv);
	else if (argc == 0) {
		usage(stderr);
		rc = 2;
	} else if (strcmp(argv[0], "rules") == 0)
		rc = cmd_rules(&cli, argc - 1, argv + 1);
	else if (strcmp(argv[0], "explain") == 0)
		rc = cmd_explain(&cli, argc - 1, argv + 1);
	else if (strcmp(argv[0], "test") == 0)
		rc = cmd_test(&cli, argc - 1, argv + 1);
	else if (strcmp(argv[0], "policy") == 0)
		rc = cmd_policy(&cli, argc - 1, argv + 1);
	else if (strcmp(argv[0], "sbatch") == 0) {
		if (cmd_sbatch(&cli, argc - 1, argv + 1, 0) != 0)
			ioerr = 1;
		rc = finish(&cli, ioerr);
	} else if (strcmp(argv[0], "parse") == 0 && argc >= 2 &&
	    strcmp(argv[1], "sbatch") == 0)
		rc = cmd_sbatch(&cli, argc - 2, argv + 2, 1) != 0 ? 2 : 0;
	else if (strcmp(argv[0], "parse") == 0) {
		if (argc != 2) {
			fprintf(stderr, "usage: jlint parse FILE\n");
			rc = 2;
		} else
			rc = lint_one(&cli, argv[1], NULL, 0, 0, 1, NULL) != 0 ?
			    2 : 0;
	}
	if (rc >= 0)
		goto out;
	/*
	 * Lint: expand directories, then each file in turn.  A directory
	 * without a job script is an error like a missing file: nothing
	 * named was checked.  --job-scripts-only applies the directory rule
	 * to named files too (the pre-commit hook names every file).
	 */
	for (i = 0; i < argc; i++) {
		/* --job-scripts-only: a link to a directory is not walked,
		 * as inside a directory. */
		if (strcmp(argv[i], "-") != 0 && (cli.job_scripts_only ?
		    lstat(argv[i], &st) : stat(argv[i], &st)) == 0 &&
		    S_ISDIR(st.st_mode)) {
			k = fl.n;
			r = 0;
			if (walk(&fl, argv[i], 0, &r) != 0) {
				fprintf(stderr, "jlint: out of memory\n");
				ioerr = 1;
			} else if (fl.n == k && !r) {
				fprintf(stderr, "jlint: %s: no job scripts found "
				    "(a job script is named *.sbatch, *.slurm or "
				    "*.job, or has a line starting #SBATCH in "
				    "its first 8 KiB)\n", argv[i]);
				ioerr = 1;
			}
			if (r)
				ioerr = 1;
		} else if (cli.job_scripts_only && strcmp(argv[i], "-") != 0 &&
		    is_job_script(argv[i]) == 0)
			continue;
		else if (files_add(&fl, argv[i]) != 0)
			ioerr = 1;
	}
	for (k = 0; k < fl.n; k++) {
		if (lint_one(&cli, fl.v[k], NULL, 0, 0, 0, NULL) != 0)
			ioerr = 1;
		fflush(stdout);
		progress(&cli, k + 1, fl.n);
	}
	rc = finish(&cli, ioerr);
out:
	files_free(&fl);
	jl_report_free(&cli.report);
	drop_rules(&cli);
	jl_policy_free(cli.live);
	return rc;
}
