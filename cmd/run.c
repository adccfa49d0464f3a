/*
 * run.c: what every command of jlint does the same way (jlint.h): read a
 * file, find and load the policy, build the model and run the rules,
 * write the report, and turn the findings into the exit status.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cluster.h"
#include "facts.h"
#include "merge.h"
#include "jlint.h"

#define MAX_SCRIPT	(256u * 1024 * 1024)	/* refuse to read more */

void
run_out(struct jl_buf *b)
{
	if (b->len > 0)
		fwrite(b->data, 1, b->len, stdout);
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
run_put(struct jl_buf *b)
{
	run_out(b);
	jl_buf_free(b);
}

int
run_has_suffix(const char *s, const char *suf)
{
	size_t	n = strlen(s), k = strlen(suf);

	return n >= k && strcmp(s + n - k, suf) == 0;
}

int
run_parse_version(const char *s, unsigned *out)
{
	return jl_slurm_release(s, out);
}

/*
 * Not a text file: a NUL byte in the first SNIFF bytes, and no "#!" at
 * the start (a script with a stray NUL is still read as a script and
 * gets nul-byte where the NUL is).  Executables, archives, compressed
 * data and images have NULs in their first bytes; UTF-16 text too.
 * Nothing this calls binary is a job sbatch takes: slurmctld does not
 * accept scripts with NUL characters (nul-byte).
 */
int
run_looks_binary(const char *buf, size_t n)
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
 * The 2 MiB-aligned whole pages inside buf[0..len) onto transparent huge
 * pages: a big script is read with a few page faults instead of one per
 * 4 KiB (a third of the CLI's time on a 32 MB script was page faults,
 * bench/).  Only pages the script fills: resident memory does not grow.
 */
static void
advise_huge(void *buf, size_t len)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t	huge = (uintptr_t)2 << 20;
	uintptr_t	lo = ((uintptr_t)buf + huge - 1) & ~(huge - 1);
	uintptr_t	hi = ((uintptr_t)buf + len) & ~(huge - 1);

	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)buf;
	(void)len;
#endif
}

/*
 * Read a whole file (or stdin for "-").  Returns malloc'd bytes or NULL
 * with a message printed.
 */
char *
run_read_file(const char *path, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL, *p;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;
	int		 fd, sized = 0;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		fprintf(stderr, "jlint: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0)
		st.st_mode = 0;
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "jlint: %s: is a directory\n", path);
		close(fd);
		return NULL;
	}
	/* A regular file: one buffer of its size (room for the NUL and
	 * for the read that sees the end), not doubling from 128 KiB. */
	if (S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size <= MAX_SCRIPT) {
		cap = (size_t)st.st_size + 2;
		sized = 1;
		if ((buf = malloc(cap)) == NULL) {
			fprintf(stderr, "jlint: %s: out of memory\n", path);
			goto fail;
		}
		advise_huge(buf, cap);
	}
	for (;;) {
		/* Room for the NUL and a read of 64 KiB; in the buffer of
		 * the file's size, of one byte (the read that sees the end). */
		if (cap - len < (sized ? 2 : 65536 + 1)) {
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

/* --- policies ------------------------------------------------------------- */

/*
 * Which policy applies: --policy FILE; else $JLINT_POLICY; else
 * .jlint.yaml in the script's directory or above (up to the repository
 * root); else jlint.yaml next to slurm.conf (jlint audit: the plugin's);
 * else the system policy; else the embedded default (NULL).  The order
 * lives in policy-load.c.
 */
char *
run_find_policy(const struct cli *cli, const char *script,
    const char *slurm_conf)
{
	struct jl_policy_where	w;

	memset(&w, 0, sizeof(w));
	w.path = cli->policy_arg;
	w.isolated = cli->isolated;
	w.use_env = 1;
	w.script = script;
	w.slurm_conf = slurm_conf;
	w.use_system = 1;
	return jl_policy_find(&w);
}

void
run_drop_rules(struct cli *cli)
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
int
run_load_rules(struct cli *cli, char *path)
{
	char	*errors = NULL;
	int	 rc;

	if ((rc = run_load_rules_err(cli, path, &errors)) != 0) {
		fprintf(stderr, "%s", errors != NULL ? errors :
		    "jlint: cannot load the policy\n");
		free(errors);
	}
	return rc;
}

int
run_load_rules_err(struct cli *cli, char *path, char **errp)
{
	struct jl_policy_opts	 o;
	char			*errors = NULL;

	if (cli->rs_loaded && ((path == NULL && cli->rs_key == NULL) ||
	    (path != NULL && cli->rs_key != NULL &&
	    strcmp(path, cli->rs_key) == 0))) {
		free(path);
		return cli->rs != NULL ? 0 : -1;
	}
	run_drop_rules(cli);
	cli->rs_key = path;
	cli->rs_loaded = 1;
	memset(&o, 0, sizeof(o));
	if (cli->cluster) {
		o.merge = merge_live;
		o.merge_arg = cli;
	}
	if ((cli->set = jl_policy_open(path, &o, &errors, NULL)) == NULL) {
		*errp = errors;
		return -1;
	}
	cli->rs = cli->set->rs;
	return 0;
}

/* --- the model and the report --------------------------------------- */

/*
 * The submitting user's name for exemptions: the real uid's, as sbatch
 * sends getuid() and the plugin looks that uid up (getpwuid_r).  Not
 * $USER: unset under cron and CI, stale after su or runuser.  A uid with
 * no passwd entry has no name, and no user exemption applies (as in the
 * plugin: both look it up with jl_user_name()).
 */
static const char *
real_user(void)
{
	static char		 buf[16384];
	static const char	*name;
	static int		 done;

	if (!done) {
		done = 1;
		name = jl_user_name(getuid(), buf, sizeof(buf));
	}
	return name != NULL && *name != '\0' ? name : NULL;
}

/* Build the model of data and run the rules; 0 or -1 (no memory). */
int
run_build(const struct cli *cli, const struct jl_ruleset *rs,
    const struct lint_in *li, const char *data, size_t len,
    struct jl_arena *a, struct jl_model *m, int parse_only)
{
	struct jl_input		 in;
	struct jl_array_conf	 arrays;
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
	else if (li->version == 0 && !cli->version_given)
		in.version_assumed = 1;
	if (rs != NULL && rs->policy != NULL &&
	    (rs->policy->max_array_size != JL_UNSET ||
	    rs->policy->max_array_tasks != JL_UNSET)) {
		arrays.max_size = rs->policy->max_array_size;
		arrays.max_tasks = rs->policy->max_array_tasks;
		in.arrays = &arrays;
	}
	in.sbatch_mode = li->sbatch_mode;
	in.env = li->env;
	in.argv = li->argv;
	in.argc = li->argc;
	jl_arena_init(a);
	a->huge = 1;	/* big scripts: huge pages (mem.c) */
	if (jl_model_build(a, &in, m) != 0)
		return -1;
	if (!parse_only) {
		memset(&who, 0, sizeof(who));
		/* Only exemptions read the name: no passwd lookup (NSS
		 * opens nsswitch.conf and passwd) for a policy without. */
		if (rs != NULL && rs->policy != NULL &&
		    rs->policy->nexemptions > 0)
			who.user = real_user();
		who.keep_exempted = 1;
		job = jl_model_job(m);
		if (job != NULL && job->v[JL_O_ACCOUNT] != NULL)
			who.account = job->v[JL_O_ACCOUNT]->text;
		if (jl_lint_run(rs, a, m, li->sbatch_mode, &who) != 0)
			return -1;
	}
	jl_findings_sort(&m->findings);
	return 0;
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

/*
 * run_build() for a report (lint, jlint test): a binary file gets one
 * finding (binary_finding()); its first SNIFF bytes hold the NUL, so
 * only they are read.  parse_only: the model of all the bytes.
 */
int
run_build_lint(const struct cli *cli, const struct lint_in *li,
    const char *data, size_t len, struct jl_arena *a, struct jl_model *m,
    int parse_only)
{
	int	binary = !parse_only && run_looks_binary(data, len);

	if (run_build(cli, cli->rs, li, data, binary && len > SNIFF ? SNIFF :
	    len, a, m, parse_only) != 0)
		return -1;
	return binary ? binary_finding(a, m, data, len, li->name) : 0;
}

void
run_progress(struct cli *cli, size_t done, size_t total)
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

/* One file's findings into the report, written out. */
void
run_report(struct cli *cli, const struct jl_findings *fs,
    const struct jl_findings *suppressed, const char *name)
{
	struct jl_buf	out;

	jl_buf_init(&out);
	jl_report_add(&cli->report, cli->rs, fs, name, &out);
	jl_report_add_suppressed(&cli->report, cli->rs, suppressed, name);
	run_out(&out);
	jl_buf_free(&out);
}

/*
 * Close the report; the exit status.  The findings at or above --fail-on
 * are the report's count (exempted ones are not counted).
 */
int
run_finish(struct cli *cli, int ioerr)
{
	const struct jl_report	*r = &cli->report;
	struct jl_buf		 b;
	size_t			 nfail;
	int			 rc;

	jl_buf_init(&b);
	if (!cli->diff)
		jl_report_finish(&cli->report, &b);
	run_put(&b);
	if (cli->fix && cli->nchanged > 0)
		fprintf(stderr, "jlint: fixed %zu file%s\n", cli->nchanged,
		    cli->nchanged == 1 ? "" : "s");
	nfail = r->nerr + (cli->fail_on <= JL_SEV_WARNING ? r->nwarn : 0) +
	    (cli->fail_on <= JL_SEV_INFO ? r->ninfo : 0);
	if (ioerr)
		rc = 2;
	else if (cli->diff)
		rc = cli->nchanged > 0 ? 1 : 0;
	else
		rc = nfail > 0 ? 1 : 0;
	return rc;
}

/* --- lists of names ------------------------------------------------------- */

int
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

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

void
files_sort(struct files *fl)
{
	if (fl->n > 1)
		qsort(fl->v, fl->n, sizeof(char *), name_cmp);
}

void
files_free(struct files *fl)
{
	size_t	i;

	for (i = 0; i < fl->n; i++)
		free(fl->v[i]);
	free(fl->v);
	memset(fl, 0, sizeof(*fl));
}

/* Left out of a directory listing: . and .., and every other dotfile
 * unless dotfiles, which still leaves out version-control directories. */
static int
skip_name(const char *name, int dotfiles)
{
	if (name[0] != '.')
		return 0;
	if (!dotfiles)
		return 1;
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strcmp(name, ".git") == 0 || strcmp(name, ".hg") == 0 ||
	    strcmp(name, ".svn") == 0;
}

int
files_dir(struct files *fl, const char *dir, int dotfiles)
{
	struct dirent	*de;
	DIR		*d;
	char		*p;
	size_t		 n;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (skip_name(de->d_name, dotfiles))
			continue;
		n = strlen(dir) + strlen(de->d_name) + 2;
		if ((p = malloc(n)) == NULL) {
			rc = -2;
			break;
		}
		snprintf(p, n, "%s%s%s", dir, run_has_suffix(dir, "/") ? "" :
		    "/", de->d_name);
		if (files_add(fl, p) != 0)
			rc = -2;
		free(p);
	}
	closedir(d);
	if (rc != 0)
		files_free(fl);
	files_sort(fl);
	return rc;
}
