/*
 * cmd-lint.c: jlint FILE|DIR|- ..., the default command: job scripts
 * found in directories (is_job_script()), each file linted and reported,
 * and the --fix/--diff loop that keeps only the fixes under which the job
 * asks for exactly what it asked for before.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jlint.h"
#include "sbatch.h"

#define FIX_ROUNDS	8

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
	snprintf(p, n, "%s%s%s", real, run_has_suffix(real, "/") ? "" : "/",
	    base);
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
 * Does cur with edits applied ask for the job whose jl_fix_request() is
 * want, with none of the reader's errors (what sbatch rejects) that
 * errs (jl_fix_errors() of the original script) does not have?  Out of
 * memory counts as no.
 */
static int
same_request(const struct cli *cli, const struct lint_in *li,
    const struct jl_buf *cur, const struct jl_vec *edits,
    const struct jl_buf *want, const struct jl_buf *errs)
{
	struct jl_arena	a;
	struct jl_model	m;
	struct jl_buf	b, got, gerr;
	int		same = 0;

	jl_buf_init(&b);
	jl_buf_init(&got);
	jl_buf_init(&gerr);
	jl_fix_apply(cur->data, cur->len, edits, &b);
	if (!b.failed && run_build(cli, cli->rs, li, b.data != NULL ?
	    b.data : "", b.len, &a, &m, 1) == 0) {
		jl_fix_request(&m, &got);
		jl_fix_errors(&m, &gerr);
		same = !got.failed && !want->failed && got.len == want->len &&
		    (got.len == 0 || memcmp(got.data, want->data, got.len) ==
		    0) && jl_fix_errors_within(&gerr, errs);
	}
	jl_arena_free(&a);
	jl_buf_free(&b);
	jl_buf_free(&got);
	jl_buf_free(&gerr);
	return same;
}

/*
 * The --fix rounds over data into cur (emptied first): edits are kept
 * only while the job asks for exactly what data asked for
 * (jl_fix_request()).  rejected gets the slugs of the fixes left as
 * suggestions (", " between) and *nrejected their count (last round);
 * applied, when not NULL, the slugs of the fixes kept (", " between);
 * *nfixed grows by the edits kept.  0, or -1 when memory ran out
 * (reported).  jlint --fix/--diff and jlint lsp's code actions.
 */
int
lint_fix(struct cli *cli, const struct lint_in *li, const char *data,
    size_t len, struct jl_buf *cur, struct jl_buf *rejected,
    size_t *nrejected, struct jl_buf *applied, size_t *nfixed)
{
	struct jl_arena	 a;
	struct jl_model	 m;
	struct jl_buf	 b, want, errs;
	struct jl_vec	 edits;
	size_t		 round, i, j, g, kept;
	int		 rc = 0;

	*nrejected = 0;
	cur->len = 0;
	jl_buf_init(&want);
	jl_buf_init(&errs);
	jl_buf_add(cur, data, len);
	/* The reader's errors of the script as it is (same_request()). */
	if (run_build(cli, cli->rs, li, data, len, &a, &m, 1) != 0) {
		jl_arena_free(&a);
		fprintf(stderr, "jlint: %s: out of memory\n", li->name);
		return -1;
	}
	jl_fix_errors(&m, &errs);
	jl_arena_free(&a);
	if (errs.failed) {
		jl_buf_free(&errs);
		fprintf(stderr, "jlint: %s: out of memory\n", li->name);
		return -1;
	}
	for (round = 0; round < FIX_ROUNDS; round++) {
		rejected->len = 0;
		if (rejected->data != NULL)
			rejected->data[0] = '\0';
		*nrejected = 0;
		if (run_build(cli, cli->rs, li, cur->data, cur->len, &a, &m,
		    0) != 0) {
			jl_arena_free(&a);
			fprintf(stderr, "jlint: %s: out of memory\n", li->name);
			rc = -1;
			break;
		}
		if (round == 0)
			jl_fix_request(&m, &want);
		memset(&edits, 0, sizeof(edits));
		if (jl_fix_edits(&a, &m, cli->rs->policy, &edits) != 0 ||
		    edits.n == 0) {
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
				    jl_edit_cmp);
			if (same_request(cli, li, cur, &one, &want, &errs)) {
				for (j = i; j < g; j++)
					edits.items[kept++] = edits.items[j];
			} else {
				(*nrejected)++;
				if (strstr(rejected->data != NULL ?
				    rejected->data : "", e->rule) == NULL)
					jl_buf_printf(rejected, "%s%s",
					    rejected->len ? ", " : "", e->rule);
			}
		}
		if (kept > 1)
			qsort(edits.items, kept, sizeof(void *), jl_edit_cmp);
		edits.n = kept;
		/* Together too (each alone was checked). */
		if (kept > 1 && !same_request(cli, li, cur, &edits, &want, &errs)) {
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
		*nfixed += edits.n;
		for (j = 0; applied != NULL && j < edits.n; j++) {
			struct jl_edit *x = edits.items[j];

			if (strstr(applied->data != NULL ? applied->data : "",
			    x->rule) == NULL)
				jl_buf_printf(applied, "%s%s", applied->len ?
				    ", " : "", x->rule);
		}
		jl_buf_init(&b);
		jl_fix_apply(cur->data, cur->len, &edits, &b);
		jl_arena_free(&a);
		jl_buf_free(cur);
		*cur = b;
	}
	jl_buf_free(&want);
	jl_buf_free(&errs);
	return rc;
}

/* Lint one input; 0 ok, -1 I/O, policy or memory error (reported). */
int
lint_one(struct cli *cli, const char *path, const char *const *argv,
    size_t argc, int sbatch_mode, int parse_only, const char *wrap)
{
	struct jl_arena	 a;
	struct jl_model	 m;
	struct lint_in	 li;
	struct jl_buf	 b, out, cur, rejected;
	char		*data, *dname;
	const char	*name;
	size_t		 len, nrejected = 0;
	int		 rc = 0, binary = 0;

	/* parse too: the policy's slurm_version says how the script reads. */
	if (run_load_rules(cli, run_find_policy(cli,
	    wrap != NULL ? NULL : path, NULL)) != 0)
		return -1;
	if (wrap != NULL) {
		/* _script_wrap(): the generated script has no directives. */
		jl_buf_init(&b);
		jl_sbatch_wrap_script(&b, wrap);
		if (b.failed)
			return -1;
		data = b.data;
		len = b.len;
		name = "(--wrap)";
	} else {
		if ((data = run_read_file(path, &len)) == NULL)
			return -1;
		name = strcmp(path, "-") == 0 ? cli->stdin_name : path;
		binary = run_looks_binary(data, len);
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
		 * Fix rounds until nothing changes (lint_fix()); the edits
		 * the request check rejects stay suggestions.
		 */
		jl_buf_init(&rejected);
		if (lint_fix(cli, &li, data, len, &cur, &rejected, &nrejected,
		    NULL, &cli->nfixed) != 0) {
			jl_buf_free(&rejected);
			rc = -1;
			goto done;
		}
		if (nrejected > 0)
			fprintf(stderr, "jlint: %s: %zu fix%s not applied (%s): "
			    "%s would change what the job asks for or make "
			    "sbatch reject it; see the "
			    "fix: line%s\n", name, nrejected, nrejected == 1 ?
			    "" : "es", rejected.data, nrejected == 1 ? "it" :
			    "each", nrejected == 1 ? "" : "s");
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
				run_out(&out);
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
	if (run_build_lint(cli, &li, data, len, &a, &m, parse_only) != 0) {
		fprintf(stderr, "jlint: %s: out of memory\n", name);
		rc = -1;
	} else if (parse_only) {
		jl_model_json(&m, &out);
		if (out.failed) {
			fprintf(stderr, "jlint: %s: out of memory\n", name);
			rc = -1;
		} else
			run_out(&out);
	} else {
		run_report(cli, &m.findings, &m.suppressed, name);
	}
	jl_arena_free(&a);
done:
	jl_buf_free(&out);
	jl_buf_free(&cur);
	free(data);
	return rc;
}

/* --- finding files -------------------------------------------------------- */

/*
 * The one rule for "is this a job script", used by `jlint DIR` and by
 * --job-scripts-only (the pre-commit hook), so the two agree: a regular
 * file (or a symbolic link to one) that is not binary (run_looks_binary())
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
	if (run_looks_binary(buf, (size_t)n))
		return 0;
	if (run_has_suffix(path, ".sbatch") || run_has_suffix(path, ".slurm") ||
	    run_has_suffix(path, ".job"))
		return 1;
	for (i = 0; i + 7 <= (size_t)n; i++)
		if ((i == 0 || buf[i - 1] == '\n') &&
		    memcmp(buf + i, "#SBATCH", 7) == 0)
			return 1;
	return 0;
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
	struct stat	 st;
	struct files	 names;
	const char	*p;
	size_t		 i;
	int		 rc = 0, r;

	if (depth > MAX_DEPTH)
		return 0;
	memset(&names, 0, sizeof(names));
	if ((r = files_dir(&names, dir, 1)) == -1) {
		fprintf(stderr, "jlint: %s: %s\n", dir, strerror(errno));
		*ioerr = 1;
		return 0;
	}
	if (r != 0)
		rc = -1;
	for (i = 0; i < names.n && rc == 0; i++) {
		p = names.v[i];
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(fl, p, depth + 1, ioerr);
		else if ((r = is_job_script(p)) == 1)
			rc = files_add(fl, p);
		else if (r == -1) {
			fprintf(stderr, "jlint: %s: %s (cannot tell whether it "
			    "is a job script)\n", p, strerror(errno));
			*ioerr = 1;
		}
	}
	files_free(&names);
	return rc;
}

/*
 * jlint FILE|DIR|- ...: expand directories, then each file in turn.  A
 * directory without a job script is an error like a missing file:
 * nothing named was checked.  --job-scripts-only applies the directory
 * rule to named files too (the pre-commit hook names every file).
 */
static int
cmd_lint_exec(struct cli *cli, int argc, char **argv)
{
	struct files	 fl;
	struct stat	 st;
	int		 i, r, ioerr = 0, rc;
	size_t		 k;

	memset(&fl, 0, sizeof(fl));
	for (i = 0; i < argc; i++) {
		/* --job-scripts-only: a link to a directory is not walked,
		 * as inside a directory. */
		if (strcmp(argv[i], "-") != 0 && (cli->job_scripts_only ?
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
		} else if (cli->job_scripts_only && strcmp(argv[i], "-") != 0 &&
		    is_job_script(argv[i]) == 0)
			continue;
		else if (files_add(&fl, argv[i]) != 0)
			ioerr = 1;
	}
	for (k = 0; k < fl.n; k++) {
		if (lint_one(cli, fl.v[k], NULL, 0, 0, 0, NULL) != 0)
			ioerr = 1;
		fflush(stdout);
		run_progress(cli, k + 1, fl.n);
	}
	rc = run_finish(cli, ioerr);
	files_free(&fl);
	return rc;
}

const struct cmd_entry cmd_lint_entry = {
	.name = NULL,
	.usage = "[options] FILE|DIR|- ...",
	.flags = 0,
	.exec = cmd_lint_exec
};
