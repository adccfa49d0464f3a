/*
 * cmd-report.c: jlint report [--since T] [--until T] LOG..., a summary of
 * the decisions the plugin recorded (the policy's decisions: log, one
 * JSON line per decision; plugin/judge.c writes them): per rule and
 * action, per user, per partition, and what enforcing the rules in warn
 * or audit mode would have rejected.  This is the "report" step of
 * staging a rule: audit -> report -> warn -> enforce (README).
 *
 * Lines that are not decision records are counted and named on stderr
 * (file:line), never fatal: a log may be cut by logrotate mid-line.
 * Exit status: 0, or 2 (usage, a log that cannot be read).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jlint.h"
#include "yaml.h"

#define MAX_LINE	(1u << 20)	/* longer lines are not records */
#define MAX_NAMED_BAD	5		/* bad lines named on stderr */

/* The record's decision and a rule's action, in one order. */
enum { K_REJECT, K_WARN, K_AUDIT, K_EXEMPT, NK };
static const char *const kname[NK] = { "reject", "warn", "audit", "exempt" };

/* Counts under one name (a rule, a user, a partition). */
struct tally {
	char		*name;
	unsigned long	 n[NK];		/* rules: by action; else decision */
	unsigned long	 would;		/* jobs enforcement would reject */
	char		**users;	/* rules: distinct users */
	size_t		 nusers;
};

struct tallies {
	struct tally	*v;
	size_t		 n, cap;
};

struct report {
	struct tallies	 rules, users, parts;
	unsigned long	 total, n[NK], would, bad;
	unsigned long	 modify, nmod[NK];	/* of them: scontrol update
						   ("event":"modify") */
	unsigned long	 unread, unchecked;	/* "script_unread": true;
						   of them "unchecked" */
	char		 first[32], last[32];	/* record times seen */
	time_t		 since, until;		/* 0: open */
};

static struct tally *
tally_get(struct tallies *t, const char *name)
{
	struct tally	*v;
	size_t		 i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		if ((v = realloc(t->v, t->cap * sizeof(*v))) == NULL)
			return NULL;
		t->v = v;
	}
	v = &t->v[t->n];
	memset(v, 0, sizeof(*v));
	if ((v->name = strdup(name)) == NULL)
		return NULL;
	t->n++;
	return v;
}

static void
tally_user(struct tally *t, const char *user)
{
	char	**u;
	size_t	  i;

	for (i = 0; i < t->nusers; i++)
		if (strcmp(t->users[i], user) == 0)
			return;
	if ((u = realloc(t->users, (t->nusers + 1) * sizeof(*u))) == NULL)
		return;
	t->users = u;
	if ((u[t->nusers] = strdup(user)) != NULL)
		t->nusers++;
}

static void
tallies_free(struct tallies *t)
{
	size_t	i, k;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		for (k = 0; k < t->v[i].nusers; k++)
			free(t->v[i].users[k]);
		free(t->v[i].users);
	}
	free(t->v);
}

static int
kind_of(const char *s)
{
	int	k;

	for (k = 0; k < NK; k++)
		if (strcmp(s, kname[k]) == 0)
			return k;
	return -1;
}

/* "2026-12-01", "2026-12-01T10:00", "2026-12-01T10:00:00[.mmm][Z]" (UTC).
 * date_only: a bare date (so --until takes the whole day). */
static int
parse_time(const char *s, time_t *out, int *date_only)
{
	struct tm	tm;
	int		y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	const char	*e;

	*date_only = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	e = s + n;
	if (*e == '\0')
		*date_only = 1;
	else if (*e == 'T' || *e == ' ') {
		if (sscanf(e + 1, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return -1;
		e += 1 + n;
		if (*e == ':') {
			if (sscanf(e + 1, "%2d%n", &sec, &n) != 1 || n != 2)
				return -1;
			e += 1 + n;
		}
		if (*e == '.')
			for (e++; *e >= '0' && *e <= '9'; e++)
				;
		if (*e == 'Z')
			e++;
		if (*e != '\0')
			return -1;
	} else
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm);
	return 0;
}

static const char *
str_at(const struct yaml_node *map, const char *key)
{
	const struct yaml_node	*n = jl_yaml_get(map, key);

	return n != NULL && n->kind == JL_YAML_SCALAR && !jl_yaml_is_null(n) ?
	    n->text : NULL;
}

/* One record line.  0, or -1: not a decision record. */
static int
take_line(struct report *r, const char *line, size_t len)
{
	struct jl_arena		 a;
	struct jl_yaml_diag	 d;
	const struct yaml_node	*root, *rules, *parts, *it;
	const char		*when, *dec, *user, *rule, *act, *ev, *un;
	struct tally		*t;
	time_t			 tt;
	size_t			 i;
	int			 k, ka, donly, rc = -1, would = 0;

	jl_arena_init(&a);
	jl_yaml_diag_init(&d, "-");
	root = jl_yaml_parse(&a, &d, line, len);
	jl_yaml_diag_free(&d);
	if (root == NULL || root->kind != JL_YAML_MAP ||
	    (when = str_at(root, "time")) == NULL ||
	    (dec = str_at(root, "decision")) == NULL ||
	    ((k = kind_of(dec)) < 0 && strcmp(dec, "unchecked") != 0) ||
	    parse_time(when, &tt, &donly) != 0 ||
	    ((rules = jl_yaml_get(root, "rules")) != NULL &&
	    rules->kind != JL_YAML_SEQ))
		goto out;
	rc = 0;
	if ((r->since != 0 && tt < r->since) || (r->until != 0 &&
	    tt >= r->until))
		goto out;
	if ((user = str_at(root, "user")) == NULL)
		user = "(unknown)";
	r->total++;
	if (r->first[0] == '\0' || strcmp(when, r->first) < 0)
		snprintf(r->first, sizeof(r->first), "%s", when);
	if (strcmp(when, r->last) > 0)
		snprintf(r->last, sizeof(r->last), "%s", when);
	/* A script over script_read_kb, not read (judged by its request
	 * alone); "unchecked": nothing else to record.  Counted here only,
	 * not per user or partition. */
	if ((un = str_at(root, "script_unread")) != NULL &&
	    strcmp(un, "true") == 0)
		r->unread++;
	if (k < 0) {
		r->unchecked++;
		goto out;
	}
	r->n[k]++;
	/* A change to a submitted job (job_modify), judged as a job. */
	if ((ev = str_at(root, "event")) != NULL &&
	    strcmp(ev, "modify") == 0) {
		r->modify++;
		r->nmod[k]++;
	}
	for (i = 0; rules != NULL && i < rules->nitems; i++) {
		it = rules->items[i];
		if ((rule = str_at(it, "rule")) == NULL ||
		    (act = str_at(it, "action")) == NULL ||
		    (ka = kind_of(act)) < 0 ||
		    (t = tally_get(&r->rules, rule)) == NULL)
			continue;
		t->n[ka]++;
		tally_user(t, user);
		/* warn and audit: what enforcing the rule would reject. */
		if (ka == K_WARN || ka == K_AUDIT) {
			t->would++;
			would = 1;
		}
	}
	if (k != K_REJECT && would)
		r->would++;
	if ((t = tally_get(&r->users, user)) != NULL)
		t->n[k]++;
	parts = jl_yaml_get(root, "partitions");
	if (parts == NULL || parts->kind != JL_YAML_SEQ ||
	    parts->nitems == 0) {
		if ((t = tally_get(&r->parts, "(default)")) != NULL)
			t->n[k]++;
	} else
		for (i = 0; i < parts->nitems; i++)
			if (parts->items[i]->kind == JL_YAML_SCALAR &&
			    (t = tally_get(&r->parts,
			    parts->items[i]->text)) != NULL)
				t->n[k]++;
out:
	jl_arena_free(&a);
	return rc;
}

static int
read_log(struct report *r, const char *path)
{
	FILE		*f;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	unsigned long	 lineno = 0;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "jlint: report: %s: %m\n", path);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if ((size_t)n > MAX_LINE || take_line(r, line, (size_t)n) != 0) {
			if (r->bad++ < MAX_NAMED_BAD)
				fprintf(stderr, "jlint: report: %s:%lu: not a "
				    "decision record (skipped)\n", path, lineno);
		}
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return 0;
}

static int
by_total(const void *a, const void *b)
{
	const struct tally	*x = a, *y = b;
	unsigned long		 sx = 0, sy = 0;
	int			 k;

	for (k = 0; k < NK; k++) {
		sx += x->n[k];
		sy += y->n[k];
	}
	return sx != sy ? (sx < sy ? 1 : -1) : strcmp(x->name, y->name);
}

static void
put_table(struct jl_buf *b, const char *title, struct tallies *t,
    int rules)
{
	size_t	i;
	int	k;

	qsort(t->v, t->n, sizeof(*t->v), by_total);
	jl_buf_printf(b, "\n%-32s", title);
	for (k = 0; k < NK; k++)
		jl_buf_printf(b, " %7s", kname[k]);
	if (rules)
		jl_buf_printf(b, " %6s %12s", "users", "would reject");
	jl_buf_putc(b, '\n');
	for (i = 0; i < t->n; i++) {
		jl_buf_printf(b, "%-32s", t->v[i].name);
		for (k = 0; k < NK; k++)
			jl_buf_printf(b, " %7lu", t->v[i].n[k]);
		if (rules)
			jl_buf_printf(b, " %6zu %12lu", t->v[i].nusers,
			    t->v[i].would);
		jl_buf_putc(b, '\n');
	}
}

static void
put_json_table(struct jl_buf *b, const char *key, struct tallies *t,
    int rules)
{
	size_t	i;
	int	k;

	qsort(t->v, t->n, sizeof(*t->v), by_total);
	jl_buf_printf(b, ",\"%s\":[", key);
	for (i = 0; i < t->n; i++) {
		jl_buf_printf(b, "%s{\"name\":", i > 0 ? "," : "");
		jl_buf_json_str(b, t->v[i].name);
		for (k = 0; k < NK; k++)
			jl_buf_printf(b, ",\"%s\":%lu", kname[k], t->v[i].n[k]);
		if (rules)
			jl_buf_printf(b, ",\"users\":%zu,\"would_reject\":%lu",
			    t->v[i].nusers, t->v[i].would);
		jl_buf_putc(b, '}');
	}
	jl_buf_putc(b, ']');
}

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: jlint report [--since TIME] [--until TIME] "
	    "[-f text|json] LOG...\n"
	    "  Summarize the job_submit plugin's decisions log (the "
	    "policy's decisions: log).\n"
	    "  TIME: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], UTC; --until is "
	    "exclusive\n  (a bare date: the end of that day).\n");
}

static int
cmd_report_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since",  required_argument, NULL, 's' },
		{ "until",  required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL,	    0,		       NULL, 0 }
	};
	struct report	 r;
	struct jl_buf	 b;
	int		 c, json = cli->fmt == JL_FMT_JSON, donly, rc = 0, k;

	memset(&r, 0, sizeof(r));
	optind = 1;
	opterr = 1;
	/* argv[-1] is "report", getopt's argv[0]. */
	while ((c = getopt_long(argc + 1, argv - 1, "f:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 's':
		case 'u':
			if (parse_time(optarg, c == 's' ? &r.since : &r.until,
			    &donly) != 0) {
				fprintf(stderr, "jlint: report: --%s \"%s\": "
				    "not a time (YYYY-MM-DD or "
				    "YYYY-MM-DDTHH:MM[:SS], UTC)\n",
				    c == 's' ? "since" : "until", optarg);
				return 2;
			}
			if (c == 'u' && donly)
				r.until += 86400;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				fprintf(stderr, "jlint: report: unknown format "
				    "\"%s\" (text, json)\n", optarg);
				return 2;
			}
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc + 1) {
		usage(stderr);
		return 2;
	}
	for (c = optind; c < argc + 1; c++)
		if (read_log(&r, argv[c - 1]) != 0)
			rc = 2;
	jl_buf_init(&b);
	if (json) {
		jl_buf_printf(&b, "{\"decisions\":%lu", r.total);
		for (k = 0; k < NK; k++)
			jl_buf_printf(&b, ",\"%s\":%lu", kname[k], r.n[k]);
		jl_buf_printf(&b, ",\"unchecked\":%lu,\"script_unread\":%lu",
		    r.unchecked, r.unread);
		jl_buf_printf(&b, ",\"would_reject\":%lu,\"skipped_lines\":%lu"
		    ",\"first\":", r.would, r.bad);
		jl_buf_json_str(&b, r.first[0] != '\0' ? r.first : NULL);
		jl_buf_puts(&b, ",\"last\":");
		jl_buf_json_str(&b, r.last[0] != '\0' ? r.last : NULL);
		jl_buf_printf(&b, ",\"modify\":{\"decisions\":%lu", r.modify);
		for (k = 0; k < NK; k++)
			jl_buf_printf(&b, ",\"%s\":%lu", kname[k], r.nmod[k]);
		jl_buf_putc(&b, '}');
		put_json_table(&b, "rules", &r.rules, 1);
		put_json_table(&b, "users", &r.users, 0);
		put_json_table(&b, "partitions", &r.parts, 0);
		jl_buf_puts(&b, "}\n");
	} else {
		jl_buf_printf(&b, "%lu decision%s", r.total, r.total == 1 ?
		    "" : "s");
		if (r.total > 0)
			jl_buf_printf(&b, " from %s to %s", r.first, r.last);
		jl_buf_printf(&b, ": %lu rejected, %lu warned, %lu audited, "
		    "%lu with an exemption used\n", r.n[K_REJECT],
		    r.n[K_WARN], r.n[K_AUDIT], r.n[K_EXEMPT]);
		if (r.modify > 0)
			jl_buf_printf(&b, "%lu of them on a change to a "
			    "submitted job (modify: scontrol update): %lu "
			    "rejected, %lu warned, %lu audited, %lu with an "
			    "exemption used\n", r.modify, r.nmod[K_REJECT],
			    r.nmod[K_WARN], r.nmod[K_AUDIT], r.nmod[K_EXEMPT]);
		if (r.unread > 0)
			jl_buf_printf(&b, "%lu with the script not read (over "
			    "script_read_kb; the request judged alone): %lu "
			    "accepted unchecked\n", r.unread, r.unchecked);
		if (r.bad > 0)
			jl_buf_printf(&b, "%lu line%s skipped (not decision "
			    "records)\n", r.bad, r.bad == 1 ? "" : "s");
		if (r.total > 0) {
			put_table(&b, "rule (jobs by action)", &r.rules, 1);
			put_table(&b, "user (jobs by decision)", &r.users, 0);
			put_table(&b, "partition (jobs by decision)", &r.parts,
			    0);
			jl_buf_printf(&b, "\nenforcing every rule now in warn "
			    "or audit mode would have rejected %lu more job%s "
			    "(\"would reject\": per rule).\n", r.would,
			    r.would == 1 ? "" : "s");
		}
	}
	run_put(&b);
	tallies_free(&r.rules);
	tallies_free(&r.users);
	tallies_free(&r.parts);
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "report [--since TIME] [--until TIME] [-f text|json] LOG...",
	.flags = CMD_OWNARGS,
	.exec = cmd_report_exec
};
