/*
 * cmd-test.c: jlint test [DIR...], policy tests: each script under DIR
 * linted under the nearest policy.yaml and compared with its NAME.out
 * sidecar (full lines or the short "[LINE:]slug" form); NAME.args and
 * NAME.env make it a jlint sbatch run, NAME.opts sets --slurm-version.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jlint.h"

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
		data = run_read_file(p, len);
	free(p);
	return data;
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
	if ((data = run_read_file(script, &len)) == NULL) {
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
			    i + 1 < on && run_parse_version(ov[i + 1],
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
	if (run_build_lint(cli, &li, data, len, &a, &m, 0) != 0) {
		jl_arena_free(&a);
		fprintf(stderr, "jlint: %s: out of memory\n", script);
		goto err;
	}
	if (want != NULL && short_form(want))
		ok = short_match(&m.findings, want, &why);
	else {
		jl_findings_expect(&m.findings, &got);
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
		run_out(&why);
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
	return run_has_suffix(name, ".sh") || run_has_suffix(name, ".sbatch") ||
	    run_has_suffix(name, ".slurm") || run_has_suffix(name, ".job");
}

static int
test_dir(struct cli *cli, const char *dir, const char *root, int depth,
    struct tstats *ts)
{
	struct stat	 st;
	struct files	 names;
	const char	*p;
	size_t		 i;
	int		 rc = 0, loaded = 0;

	if (depth > MAX_DEPTH)
		return 0;
	memset(&names, 0, sizeof(names));
	if ((rc = files_dir(&names, dir, 0)) == -1) {
		fprintf(stderr, "jlint: test: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < names.n && rc == 0; i++) {
		p = names.v[i];
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = test_dir(cli, p, root, depth + 1, ts);
		else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    is_test_script(p)) {
			if (!loaded) {
				if (run_load_rules(cli, test_policy(cli, dir,
				    root)) != 0) {
					ts->errors++;
					rc = -1;
					break;
				}
				loaded = 1;
			}
			test_one(cli, p, ts);
		}
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
		while (strlen(root) > 1 && run_has_suffix(root, "/"))
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

const struct cmd_entry cmd_test_entry = {
	.name = "test",
	.usage = "test [DIR...]",
	.flags = 0,
	.exec = cmd_test
};
