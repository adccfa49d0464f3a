/*
 * policy-load.c: discovery, reading, extends:, facts and rules of a
 * policy, for every front end (policy-load.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "policy-layer.h"
#include "policy-load.h"

/* Append a formatted line to *errors (malloc'd). */
static void	add_error(char **, const char *, ...)
		    __attribute__((__format__(printf, 2, 3)));

static void
add_error(char **errors, const char *fmt, ...)
{
	struct jl_buf	 b;
	va_list		 ap;
	char		*line;
	int		 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (line = malloc((size_t)n + 1)) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, (size_t)n + 1, fmt, ap);
	va_end(ap);
	jl_buf_init(&b);
	if (*errors != NULL)
		jl_buf_puts(&b, *errors);
	jl_buf_puts(&b, line);
	free(line);
	if (b.failed) {
		jl_buf_free(&b);
		return;
	}
	free(*errors);
	*errors = b.data;
}

static int
is_file(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* .jlint.yaml in the script's directory or above, up to the repository
 * root (a directory holding .git); a directory is searched from itself. */
static char *
find_upwards(const char *script)
{
	struct stat	 st;
	char		*dir, *p, *cand;
	size_t		 n;

	if (strcmp(script, "-") == 0 || (dir = realpath(script, NULL)) ==
	    NULL)
		return NULL;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (p = realloc(dir, strlen(dir) + 3)) != NULL) {
		dir = p;
		strcat(dir, "/x");
	}
	for (;;) {
		if ((p = strrchr(dir, '/')) == NULL)
			break;
		*p = '\0';
		n = strlen(dir) + 32;
		if ((cand = malloc(n)) == NULL)
			break;
		snprintf(cand, n, "%s/.jlint.yaml", dir);
		if (is_file(cand)) {
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
	return NULL;
}

/* A file named like base's directory + name (base "/etc/slurm/slurm.conf",
 * name "jlint.yaml": "/etc/slurm/jlint.yaml"). */
static char *
beside(const char *base, const char *name)
{
	const char	*slash;
	size_t		 n;
	char		*p;

	if (name[0] == '/' || (slash = strrchr(base, '/')) == NULL)
		return strdup(name);
	n = (size_t)(slash - base) + strlen(name) + 2;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%.*s/%s", (int)(slash - base), base, name);
	return p;
}

char *
jl_policy_find(const struct jl_policy_where *w)
{
	const char	*env;
	char		*p;

	if (w->path != NULL)
		return strdup(w->path);
	if (w->isolated)
		return NULL;
	if (w->use_env && (env = getenv("JLINT_POLICY")) != NULL &&
	    *env != '\0')
		return strdup(env);
	if (w->script != NULL && (p = find_upwards(w->script)) != NULL)
		return p;
	if (w->slurm_conf != NULL &&
	    (p = beside(w->slurm_conf, "jlint.yaml")) != NULL) {
		if (is_file(p))
			return p;
		free(p);
	}
	if (w->use_system && is_file(JL_SYSTEM_POLICY))
		return strdup(JL_SYSTEM_POLICY);
	return NULL;
}

char *
jl_policy_read(const char *path, size_t *lenp, char **errors)
{
	struct stat	 st;
	char		*data = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		add_error(errors, "jlint: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		add_error(errors, "jlint: %s: %s\n", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : "not a regular file");
		goto fail;
	}
	if (st.st_size > (off_t)JL_POLICY_MAX_SIZE) {
		add_error(errors, "jlint: %s: too large (%u MiB at most)\n",
		    path, JL_POLICY_MAX_SIZE >> 20);
		goto fail;
	}
	if ((data = malloc((size_t)st.st_size + 1)) == NULL) {
		add_error(errors, "jlint: %s: out of memory\n", path);
		goto fail;
	}
	while (len < (size_t)st.st_size) {
		n = read(fd, data + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			add_error(errors, "jlint: %s: %s\n", path,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;		/* it shrank: take what is there */
		len += (size_t)n;
	}
	close(fd);
	data[len] = '\0';
	*lenp = len;
	return data;
fail:
	free(data);
	close(fd);
	return NULL;
}

/*
 * A policy that does not load cannot say what to do about it, except by
 * a plain top-level "on_error: reject" line, which is looked for here.
 */
static int
raw_on_error_reject(const char *data, size_t len)
{
	const char	*p = data, *end = data + len, *q;

	while (p < end) {
		if ((size_t)(end - p) > 9 && memcmp(p, "on_error:", 9) == 0) {
			q = p + 9;
			while (q < end && (*q == ' ' || *q == '\t' ||
			    *q == '"' || *q == '\''))
				q++;
			return (size_t)(end - q) >= 6 &&
			    memcmp(q, "reject", 6) == 0;
		}
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p++;
	}
	return 0;
}

/* The file "extends: EXT" in path names; *bpath NULL: the embedded
 * default.  -1 when memory ran out. */
static int
base_path(const char *path, const char *ext, char **bpath)
{
	*bpath = NULL;
	if (strcmp(ext, "default") == 0)
		return 0;
	if (strcmp(ext, "site") == 0)
		*bpath = strdup(JL_SYSTEM_POLICY);
	else
		*bpath = beside(path, ext);	/* relative to the file */
	return *bpath != NULL ? 0 : -1;
}

/* Move a callee's error text (may be NULL) to the end of *errors. */
static void
take_error(char **errors, char *e)
{
	if (e != NULL)
		add_error(errors, "%s", e);
	free(e);
}

/* Load path and what it extends; the effective policy (owned by the
 * caller), the files in s->layers, the policies it borrows in s->keep. */
static struct jl_policy *
load_chain(struct jl_policy_set *s, const char *path, int depth,
    const struct jl_policy_opts *o, char **errors, int *raw_reject)
{
	struct jl_policy	*p, *base, *m;
	char			*data, *bpath, *e = NULL, *err2 = NULL;
	size_t			 len;

	if (path == NULL) {
		if ((p = jl_policy_default(&e)) != NULL)
			s->layers[s->nlayers++] = p;
		take_error(errors, e);
		return p;
	}
	if (depth >= JL_POLICY_MAX_EXTENDS) {
		add_error(errors, "jlint: %s: extends: more than %d levels (a "
		    "loop?)\n", path, JL_POLICY_MAX_EXTENDS);
		return NULL;
	}
	if ((data = o != NULL && o->read != NULL ? o->read(path, &len, errors,
	    o->read_arg) : jl_policy_read(path, &len, errors)) == NULL)
		return NULL;
	if (raw_reject != NULL)
		*raw_reject = raw_on_error_reject(data, len);
	p = jl_policy_load_partial(path, data, len, &e);
	free(data);
	if (e != NULL) {
		/* Rule names too, in the same report, when they can be known
		 * (a base file could define the rules this one names). */
		if (p != NULL && p->extends == NULL)
			jl_ruleset_free(jl_ruleset_load(p, &err2));
		else
			jl_policy_free(p);
		take_error(errors, e);
		take_error(errors, err2);
		return NULL;
	}
	if (p->extends == NULL) {
		s->layers[s->nlayers++] = p;
		return p;
	}
	if (base_path(path, p->extends, &bpath) != 0) {
		add_error(errors, "jlint: out of memory\n");
		jl_policy_free(p);
		return NULL;
	}
	base = load_chain(s, bpath, depth + 1, o, errors, NULL);
	free(bpath);
	if (base == NULL) {
		add_error(errors, "jlint: %s: cannot load the policy it "
		    "extends (\"%s\")\n", path, p->extends);
		jl_policy_free(p);
		return NULL;
	}
	s->keep[s->nkeep++] = base;
	s->layers[s->nlayers++] = p;
	s->keep[s->nkeep++] = p;
	m = jl_policy_extend(base, p, &e);
	take_error(errors, e);
	return m;
}

struct jl_policy_set *
jl_policy_open(const char *path, const struct jl_policy_opts *o,
    char **errors, int *on_error_reject)
{
	struct jl_policy_set	*s;
	struct jl_policy	*p;
	char			*err = NULL;
	int			 raw_reject = 0;

	*errors = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (path != NULL && (s->path = strdup(path)) == NULL)) {
		add_error(errors, "jlint: out of memory\n");
		goto fail;
	}
	if ((p = load_chain(s, path, 0, o, errors, &raw_reject)) == NULL)
		goto fail;
	if (o != NULL && o->merge != NULL &&
	    o->merge(p, o->merge_arg, &err) != 0) {
		add_error(errors, "jlint: %s\n", err != NULL ? err :
		    "out of memory");
		free(err);
		jl_policy_free(p);
		goto fail;
	}
	/* jl_ruleset_load() owns p, also when it fails. */
	if ((s->rs = jl_ruleset_load(p, &err)) == NULL) {
		take_error(errors, err);
		goto fail;
	}
	return s;
fail:
	if (*errors == NULL)
		add_error(errors, "jlint: cannot load the policy\n");
	if (on_error_reject != NULL)
		*on_error_reject = raw_reject;
	jl_policy_set_free(s);
	return NULL;
}

void
jl_policy_set_free(struct jl_policy_set *s)
{
	size_t	i;

	if (s == NULL)
		return;
	jl_ruleset_free(s->rs);
	for (i = 0; i < s->nkeep; i++)
		jl_policy_free(s->keep[i]);
	free(s->path);
	free(s);
}

size_t
jl_policy_expired(const struct jl_policy_set *set, long long now,
    void (*say)(const char *, void *), void *arg)
{
	const struct jl_policy		*p = set->rs->policy, *o;
	const struct jl_exemption	*e;
	struct jl_buf			 b;
	char				 date[32];
	time_t				 t;
	struct tm			 tm;
	size_t				 i, j, k, n = 0;

	if (p == NULL)
		return 0;
	for (i = 0; i < p->nexemptions; i++) {
		e = &p->exemptions[i];
		if (e->expires == 0 || now <= e->expires)
			continue;
		n++;
		o = p;		/* the file it is written in (extends:) */
		for (j = 0; j < set->nlayers; j++)
			for (k = 0; k < set->layers[j]->nexemptions; k++)
				if (set->layers[j]->exemptions[k].rules ==
				    e->rules)
					o = set->layers[j];
		t = (time_t)e->expires;
		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 0)
			snprintf(date, sizeof(date), "?");
		jl_buf_init(&b);
		jl_buf_printf(&b, "%s:%u:%u: the exemption from ",
		    o->path != NULL ? o->path : "(policy)", e->line, e->col);
		for (k = 0; e->rules[k] != NULL; k++)
			jl_buf_printf(&b, "%s%s", k ? ", " : "", e->rules[k]);
		jl_buf_printf(&b, " expired on %s: it no longer applies, so "
		    "these jobs are reported again (and rejected where the "
		    "site enforces the rule); remove it, or give a new "
		    "expires: date if it is still agreed", date);
		if (b.data != NULL)
			say(b.data, arg);
		jl_buf_free(&b);
	}
	return n;
}
