/*
 * policy.c: load a site policy (policies/<site>.yaml) into struct
 * jl_policy (policy.h), and look partitions and rule settings up in it.
 *
 * The loader walks the YAML tree (yaml.c) once and reports every mistake
 * it finds, not just the first: unknown keys (with a suggestion), wrong
 * types, durations and sizes that sbatch would not read (the same
 * grammars as --time and --mem, value.c), duplicate partitions, a second
 * default partition, bad modes, severities and dates.  A policy with any
 * mistake is not returned at all: half a policy would make rules that
 * need site facts quietly wrong.
 *
 * Everything the policy holds lives in its arena, including the YAML tree
 * that site_rules point into, and is immutable after load.  Nothing here
 * prints or exits: this runs inside slurmctld.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "embed.h"
#include "embed-tree.h"
#include "opt.h"
#include "policy.h"
#include "value.h"
#include "yaml.h"

struct loader {
	struct jl_policy	*p;
	struct jl_arena		*a;
	struct jl_yaml_diag	*d;
};

/* Words other tools use for our keys: "did you mean" hints. */
static const char *const top_hints[] = {
	"partition", "partitions", "queues", "partitions",
	"site_rule", "site_rules", "rule", "rules", "settings", "rules",
	"exemption", "exemptions", "exceptions", "exemptions",
	"runtimes", "container_runtimes", "slurm", "slurm_version",
	"version", "slurm_version", NULL
};
static const char *const partition_hints[] = {
	"walltime", "max_time", "max_walltime", "max_time",
	"time_limit", "max_time", "timelimit", "max_time",
	"MaxTime", "max_time", "DefaultTime", "default_time",
	"default_walltime", "default_time", "is_default", "default",
	"Default", "default", "preempt", "preemptible",
	"preemptable", "preemptible", "node_classes", "nodes", NULL
};
static const char *const node_hints[] = {
	"nodes", "count", "cores", "cpus", "memory", "mem", "RealMemory",
	"mem", "gres", "gpus", NULL
};
static const char *const gpu_flags[] = { "--nv", "--rocm", NULL };
/* Runtimes jlint reads in scripts first, then others a site may run. */
static const char *const runtimes[] = {
	"apptainer", "singularity", "enroot", "pyxis", "podman", "docker",
	"charliecloud", "shifter", "sarus", NULL
};
static const char *const off_words[] = {
	"off", "Off", "OFF", "false", "False", "FALSE", "no", "No", "NO", NULL
};
static const char *const on_words[] = {
	"on", "On", "ON", "true", "True", "TRUE", "yes", "Yes", "YES", NULL
};
static const char *const severities[] = { "error", "warning", "info", NULL };
static const char *const modes[] = { "enforce", "warn", "audit", NULL };
/* What sites call the points. */
static const char *const point_hints[] = {
	"lua", "job_submit", "job_submit.lua", "job_submit", "slurmctld",
	"job_submit", "controller", "job_submit", "plugin", "job_submit",
	"sbatch", "cli_filter", "srun", "cli_filter", "salloc", "cli_filter",
	"jlint", "cli", "pre-commit", "cli", "precommit", "cli", "terminal",
	"cli", "all", "default", "others", "default", NULL
};
static const char *const on_errors[] = { "accept", "reject", NULL };
/* EnforcePartLimits as slurm.conf writes it (YES is the old ALL). */
static const char *const epl_words[] = { "NO", "ANY", "ALL", "YES", "no",
	"any", "all", "yes", NULL };
/*
 * THE key table: every key at each level, its type and what it means.
 * The loader checks keys against the name lists made from it (unknown
 * keys are errors, with a suggestion, so a typo never silently disables
 * a fact; a key added here must be read by the loader function for its
 * level), and the JSON Schema of policy files
 * (schema/jlint-policy.schema.json, jl_policy_schema()) is generated from
 * it.  X(name, type, words, sub-keys, doc).
 */
/* The site's limits (INT, SIZE, ""), and a partition's, where 0 says
 * none (INT0, SIZE0, " here (0: no limit)"). */
#define LIMIT_KEYS(X, I, S, HERE) \
	X("max_gpus_per_job", I, NULL, NULL, "The most GPUs one job may " \
	    "ask for" HERE ".") \
	X("max_cpus_per_gpu", I, NULL, NULL, "The most CPUs per GPU" HERE \
	    ".") \
	X("max_mem_per_gpu", S, NULL, NULL, "The most memory per GPU" HERE \
	    " (--mem grammar: 64G).")
#define NODE_KEYS(X) \
	X("count", INT, NULL, NULL, "Nodes of this class.") \
	X("cpus", INT, NULL, NULL, "CPUs per node.") \
	X("mem", SIZE, NULL, NULL, "Memory per node (--mem grammar: 256G).") \
	X("gpus", GPUS, NULL, NULL, "GPUs per node by type: { a100: 4 }.")
#define PARTITION_KEYS(X) \
	X("name", STR, NULL, NULL, "The partition's name, as in slurm.conf.") \
	X("default", BOOL, NULL, NULL, "The default partition (one at most).") \
	X("max_time", DURATION, NULL, NULL, "MaxTime (--time grammar, or " \
	    "UNLIMITED).") \
	X("default_time", DURATION, NULL, NULL, "DefaultTime (--time " \
	    "grammar).") \
	X("preemptible", BOOL, NULL, NULL, "Jobs here can be preempted.") \
	X("limits", MAP, NULL, part_limit_table, "This partition's own per-job " \
	    "limits, over the site's limits (0: no limit here).") \
	X("nodes", MAPS, NULL, node_table, "Node classes in the partition.")
/* enum jl_point order, then the key for the points not named. */
#define POINT_KEYS(X) \
	X("job_submit", WORD, modes, NULL, "The job_submit plugin and the " \
	    "Lua module in slurmctld.") \
	X("cli_filter", WORD, modes, NULL, "The cli_filter plugin in " \
	    "sbatch, salloc and srun.") \
	X("cli", WORD, modes, NULL, "jlint at the terminal and in " \
	    "pre-commit (absent: job_submit's).") \
	X("audit", WORD, modes, NULL, "jlint audit (absent: job_submit's).") \
	X("default", WORD, modes, NULL, "Every point not named.")
#define SETTING_KEYS(X) \
	X("enabled", BOOL, NULL, NULL, "false turns the rule off.") \
	X("severity", WORD, severities, NULL, "The rule's severity here.") \
	X("mode", MODE, modes, point_table, "What each enforcement point " \
	    "does: enforce rejects, warn tells the user, audit logs; one " \
	    "word for every point, or a mode per point.")
#define EXEMPTION_KEYS(X) \
	X("rules", STRS, NULL, NULL, "Slugs or codes it exempts from.") \
	X("users", STRS, NULL, NULL, "Users it applies to.") \
	X("accounts", STRS, NULL, NULL, "Accounts it applies to.") \
	X("partitions", STRS, NULL, NULL, "Partitions it applies to.") \
	X("reason", STR, NULL, NULL, "Why (required).") \
	X("expires", DATE, NULL, NULL, "Last day it applies, YYYY-MM-DD.")
#define TOP_KEYS(X) \
	X("name", STR, NULL, NULL, "The policy's name (default: the file " \
	    "name).") \
	X("description", STR, NULL, NULL, "Free text.") \
	X("extends", STR, NULL, NULL, "The policy this one adjusts: site, " \
	    "default or a path (relative to this file).") \
	X("slurm_version", RELEASE, NULL, NULL, "The Slurm release the site " \
	    "runs, quoted: \"23.02\".") \
	X("gpu_flag", WORD, gpu_flags, NULL, "The container flag GPU jobs " \
	    "need; absent: the vendor the script shows, else --nv.") \
	X("require_gpu_flag", BOOL, NULL, NULL, "true: GPU containers need " \
	    "gpu_flag even where /dev shows the GPUs.") \
	X("container_runtimes", WORDS, runtimes, NULL, "Container runtimes " \
	    "the site allows; absent: any.") \
	X("image_dirs", STRS, NULL, NULL, "Absolute directories container " \
	    "images must come from; absent: any.") \
	X("limits", MAP, NULL, limit_table, "Per-job limits.") \
	X("partitions", MAPS, NULL, partition_table, "The cluster's " \
	    "partitions.") \
	X("rules", SETTINGS, NULL, setting_table, "Rule settings by slug or " \
	    "code: off, on, a severity, a mode or a mapping.") \
	X("site_rules", SITE_RULES, NULL, NULL, "The site's own rules, in the " \
	    "format of rules/*.yaml.") \
	X("exemptions", MAPS, NULL, exemption_table, "Who is exempted from " \
	    "which rules, why and until when.") \
	X("on_error", WORD, on_errors, NULL, "The plugin, when the policy is " \
	    "broken: accept or reject jobs.") \
	X("enforce_part_limits", WORD, epl_words, NULL, "slurm.conf " \
	    "EnforcePartLimits (absent: NO).") \
	X("gres_names", STRS, NULL, NULL, "slurm.conf GresTypes.") \
	X("max_array_size", INT0, NULL, NULL, "slurm.conf MaxArraySize " \
	    "(absent: Slurm's default, 1001, with a warning above it).") \
	X("max_array_tasks", INT0, NULL, NULL, "The most tasks of one job " \
	    "array: slurm.conf SchedulerParameters max_array_tasks " \
	    "(absent: no limit but MaxArraySize).") \
	X("decisions", MAP, NULL, decision_table, "Where the job_submit " \
	    "plugin records what it decided.") \
	X("script_read_kb", INT, NULL, NULL, "The most KiB of a job script " \
	    "the job_submit plugin reads (default 64, at most 4096): a " \
	    "longer script is judged on its job request alone (job-level " \
	    "rules), and slurmctld's log says so.")
#define DECISION_KEYS(X) \
	X("log", STR, NULL, NULL, "A file (absolute path) slurmctld appends " \
	    "one JSON line per decision to; jlint report reads it.") \
	X("admin_comment", BOOL, NULL, NULL, "Append a summary to the job's " \
	    "AdminComment (default true).")
#define KEY_NAME(n, t, w, k, d)	n,
#define KEY_ROW(n, t, w, k, d)	{ n, JL_PK_##t, w, k, d },

static const struct jl_policy_key decision_table[] = {
	DECISION_KEYS(KEY_ROW) { NULL, 0, NULL, NULL, NULL } };
static const struct jl_policy_key limit_table[] = {
	LIMIT_KEYS(KEY_ROW, INT, SIZE, "") { NULL, 0, NULL, NULL, NULL } };
static const struct jl_policy_key part_limit_table[] = {
	LIMIT_KEYS(KEY_ROW, INT0, SIZE0, " here (0: no limit)")
	{ NULL, 0, NULL, NULL, NULL } };
static const struct jl_policy_key node_table[] = {
	NODE_KEYS(KEY_ROW) { NULL, 0, NULL, NULL, NULL } };
static const struct jl_policy_key partition_table[] = {
	PARTITION_KEYS(KEY_ROW) { NULL, 0, NULL, NULL, NULL } };
static const struct jl_policy_key point_table[] = {
	POINT_KEYS(KEY_ROW) { NULL, 0, NULL, NULL, NULL } };
static const struct jl_policy_key setting_table[] = {
	SETTING_KEYS(KEY_ROW) { NULL, 0, NULL, NULL, NULL } };
static const struct jl_policy_key exemption_table[] = {
	EXEMPTION_KEYS(KEY_ROW) { NULL, 0, NULL, NULL, NULL } };
const struct jl_policy_key jl_policy_keys[] = {
	TOP_KEYS(KEY_ROW) { NULL, 0, NULL, NULL, NULL } };
const char *const *const jl_policy_off_words = off_words;
const char *const *const jl_policy_on_words = on_words;

/* The loader's name lists, from the same rows. */
static const char *const top_keys[] = { TOP_KEYS(KEY_NAME) NULL };
static const char *const limit_keys[] = {
	LIMIT_KEYS(KEY_NAME, INT, SIZE, "") NULL };
static const char *const decision_keys[] = { DECISION_KEYS(KEY_NAME) NULL };
static const char *const partition_keys[] = { PARTITION_KEYS(KEY_NAME)
	NULL };
static const char *const node_keys[] = { NODE_KEYS(KEY_NAME) NULL };
static const char *const setting_keys[] = { SETTING_KEYS(KEY_NAME) NULL };
static const char *const points[] = { POINT_KEYS(KEY_NAME) NULL };
static const char *const exemption_keys[] = { EXEMPTION_KEYS(KEY_NAME)
	NULL };

/* Limits on what a policy may claim, so later arithmetic cannot overflow. */
#define MAX_COUNT	(INT64_C(1) << 31)	/* nodes, CPUs, GPUs */
#define MAX_MEM_MB	(INT64_C(1) << 40)	/* 1 EiB per node */

/* --- small helpers ------------------------------------------------------ */

static const char *
word_list(const char *const *words, char *buf, size_t size)
{
	size_t	 i, n;

	buf[0] = '\0';
	for (i = 0; words[i] != NULL; i++) {
		n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", i == 0 ? "" :
		    words[i + 1] == NULL ? " or " : ", ", words[i]);
	}
	return buf;
}

static int
word_index(const char *const *words, const char *s)
{
	int	 i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(words[i], s) == 0)
			return i;
	return -1;
}

static const char *
what_printf(struct loader *L, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

/* A description for messages ("max_time of partition \"gpu\""). */
static const char *
what_printf(struct loader *L, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = jl_arena_vprintf(L->a, fmt, ap);
	va_end(ap);
	return s != NULL ? s : "a value";
}

/*
 * A string that must be one of words: its index, or -1 after
 * '<key> "<text>"[ of <of>] is not valid; write a, b or c' (+ suggestion).
 */
static int
one_of(struct loader *L, const struct yaml_node *n, const char *key,
    const char *of, const char *const *words)
{
	const char	*s, *sug;
	char		 list[256], buf[JL_YAML_CLIP];
	int		 i;

	if ((s = jl_yaml_str(L->d, n, of != NULL ? what_printf(L, "%s of %s",
	    key, of) : key)) == NULL)
		return -1;
	if ((i = word_index(words, s)) >= 0)
		return i;
	sug = jl_yaml_suggest(s, words);
	jl_yaml_error(L->d, n, "%s \"%s\"%s%s is not valid; write %s%s%s%s",
	    key, jl_yaml_clip(buf, sizeof(buf), n->text, n->len),
	    of != NULL ? " of " : "", of != NULL ? of : "",
	    word_list(words, list, sizeof(list)),
	    sug ? " (did you mean \"" : "", sug ? sug : "", sug ? "\"?)" : "");
	return -1;
}

/* A duration (--time grammar) in minutes; UNLIMITED gives INT64_MAX. */
static int
get_minutes(struct loader *L, const struct yaml_node *n, const char *what,
    int64_t *out)
{
	struct jl_time	 t;
	const char	*s, *err = NULL;
	char		 buf[JL_YAML_CLIP];

	if ((s = jl_yaml_str(L->d, n, what)) == NULL)
		return -1;
	jl_yaml_clip(buf, sizeof(buf), n->text, n->len);
	if (jl_val_time(s, &t, &err) != 0) {
		jl_yaml_error(L->d, n, "%s: \"%s\" is not a time: %s", what,
		    buf, err != NULL ? err : "invalid");
		return -1;
	}
	if (t.form == JL_TF_INFINITE) {
		*out = INT64_MAX;
		return 0;
	}
	if (t.negative) {
		jl_yaml_error(L->d, n, "%s: \"%s\" is negative", what, buf);
		return -1;
	}
	if (t.zero || t.minutes <= 0) {
		jl_yaml_error(L->d, n, "%s: \"%s\" is zero; write UNLIMITED "
		    "for no limit", what, buf);
		return -1;
	}
	*out = t.minutes;
	return 0;
}

/* A size (--mem grammar) in MB, more than 0. */
static int
get_mb(struct loader *L, const struct yaml_node *n, const char *what,
    int64_t *out)
{
	uint64_t	 mb;
	const char	*s, *err = NULL;
	char		 buf[JL_YAML_CLIP];

	if ((s = jl_yaml_str(L->d, n, what)) == NULL)
		return -1;
	jl_yaml_clip(buf, sizeof(buf), n->text, n->len);
	if (jl_val_mem(s, &mb, &err) != 0) {
		jl_yaml_error(L->d, n, "%s: \"%s\" is not a size: %s", what,
		    buf, err != NULL ? err : "invalid");
		return -1;
	}
	if (mb == 0 || mb > (uint64_t)MAX_MEM_MB) {
		jl_yaml_error(L->d, n, "%s: \"%s\" must be more than 0 and at "
		    "most 1E", what, buf);
		return -1;
	}
	*out = (int64_t)mb;
	return 0;
}

static int
get_count(struct loader *L, const struct yaml_node *n, const char *what,
    int64_t *out)
{
	return jl_yaml_int(L->d, n, what, 1, MAX_COUNT, out);
}

/* A name without blanks, commas or control characters. */
static int
name_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || *s == ',' || *s == 0x7f)
			return 0;
	return 1;
}

/* A single string or a list of strings, as a NULL-terminated array. */
static int
str_or_list(struct loader *L, const struct yaml_node *n, const char *what,
    const char ***out)
{
	const char	**v;

	if (n != NULL && n->kind == JL_YAML_SCALAR && !jl_yaml_is_null(n)) {
		if ((v = jl_arena_alloc(L->a, 2 * sizeof(*v))) == NULL ||
		    (v[0] = jl_yaml_str(L->d, n, what)) == NULL)
			return -1;
		*out = v;
		return 0;
	}
	return jl_yaml_strlist(L->a, L->d, n, what, out);
}

/* --- top-level facts --------------------------------------------------- */

static void
load_version(struct loader *L, const struct yaml_node *n)
{
	const char	*s, *t;
	char		 buf[JL_YAML_CLIP], list[128];
	size_t		 i, k;

	if ((s = jl_yaml_str(L->d, n, "slurm_version")) == NULL ||
	    jl_slurm_release(s, &L->p->slurm_version) == 0)
		return;
	list[0] = '\0';
	for (i = 0; (t = jl_slurm_release_text(i)) != NULL; i++) {
		k = strlen(list);
		snprintf(list + k, sizeof(list) - k, "%s%s", i == 0 ? "" :
		    jl_slurm_release_text(i + 1) == NULL ? " or " : ", ", t);
	}
	jl_yaml_error(L->d, n, "slurm_version \"%s\" is not a release jlint "
	    "knows; write %s (quoted, so YAML keeps the zero)",
	    jl_yaml_clip(buf, sizeof(buf), n->text, n->len), list);
}

static void
load_runtimes(struct loader *L, const struct yaml_node *n)
{
	const char	**v, *sug;
	char		  list[256];
	size_t		  i;

	if (str_or_list(L, n, "container_runtimes", &v) != 0)
		return;
	for (i = 0; v[i] != NULL; i++) {
		if (word_index(runtimes, v[i]) >= 0)
			continue;
		sug = jl_yaml_suggest(v[i], runtimes);
		jl_yaml_error(L->d, n->kind == JL_YAML_SEQ ? n->items[i] : n,
		    "unknown container runtime \"%s\"; jlint knows %s%s%s%s",
		    v[i], word_list(runtimes, list, sizeof(list)),
		    sug ? " (did you mean \"" : "", sug ? sug : "",
		    sug ? "\"?)" : "");
		return;
	}
	L->p->runtimes = v;
}

static void
load_image_dirs(struct loader *L, const struct yaml_node *n)
{
	const char	**v;
	size_t		  i;
	int		  ok = 1;

	if (str_or_list(L, n, "image_dirs", &v) != 0)
		return;
	for (i = 0; v[i] != NULL; i++) {
		if (v[i][0] != '/') {
			jl_yaml_error(L->d, n->kind == JL_YAML_SEQ ?
			    n->items[i] : n, "image_dirs: \"%s\" is not an "
			    "absolute path", v[i]);
			ok = 0;
		}
	}
	if (ok)
		L->p->image_dirs = v;
}

/*
 * limits: the site's (pt NULL), or a partition's, where 0 (or 0 bytes)
 * says it has none: JL_NO_LIMIT.
 */
static void
load_limits(struct loader *L, const struct yaml_node *m,
    struct jl_partition *pt, const char *what)
{
	const struct yaml_node	*n;
	struct jl_policy	*p = L->p;
	int64_t			*out[3];
	const char		*s;
	size_t			 i;

	if (jl_yaml_is_null(m))
		return;
	if (jl_yaml_want_map(L->d, m, what) != 0)
		return;
	jl_yaml_check_keys(L->d, m, limit_keys, what);
	out[0] = pt != NULL ? &pt->max_gpus_per_job : &p->max_gpus_per_job;
	out[1] = pt != NULL ? &pt->max_cpus_per_gpu : &p->max_cpus_per_gpu;
	out[2] = pt != NULL ? &pt->max_mem_per_gpu_mb :
	    &p->max_mem_per_gpu_mb;
	for (i = 0; i < 3; i++) {
		if ((n = jl_yaml_get(m, limit_keys[i])) == NULL)
			continue;
		if (pt != NULL && n->kind == JL_YAML_SCALAR &&
		    (s = jl_yaml_str(L->d, n, limit_keys[i])) != NULL &&
		    s[0] != '\0' && s[strspn(s, "0")] == '\0') {
			*out[i] = JL_NO_LIMIT;
			continue;
		}
		s = pt != NULL ? what_printf(L, "%s in %s (0: no limit "
		    "there)", limit_keys[i], what) : limit_keys[i];
		if (i == 2)
			get_mb(L, n, s, out[i]);
		else
			get_count(L, n, s, out[i]);
	}
}

/* decisions: where the plugin records what it decided. */
static void
load_decisions(struct loader *L, const struct yaml_node *m)
{
	const struct yaml_node	*n;
	struct jl_policy	*p = L->p;
	const char		*s;
	int			 b;

	if (jl_yaml_is_null(m) || jl_yaml_want_map(L->d, m, "decisions") != 0)
		return;
	jl_yaml_check_keys(L->d, m, decision_keys, "decisions");
	if ((n = jl_yaml_get(m, "log")) != NULL && !jl_yaml_is_null(n) &&
	    (s = jl_yaml_str(L->d, n, "log")) != NULL) {
		if (s[0] != '/')
			jl_yaml_error_at(L->d, n->line, n->col, "decisions: "
			    "log must be an absolute path (slurmctld writes "
			    "it), not \"%s\"", s);
		else
			p->decision_log = s;
	}
	if ((n = jl_yaml_get(m, "admin_comment")) != NULL &&
	    jl_yaml_bool(L->d, n, "admin_comment", &b) == 0)
		p->admin_comment = b;
}

/* --- partitions --------------------------------------------------------- */

static void
load_gpus(struct loader *L, const struct yaml_node *m, struct jl_nodeclass *nc,
    const char *where)
{
	const struct yaml_node	*k;
	const char		*type;
	size_t			 i, j;
	char			 buf[JL_YAML_CLIP];

	if (jl_yaml_is_null(m))
		return;
	if (jl_yaml_want_map(L->d, m, what_printf(L, "gpus of %s (type: "
	    "count per node)", where)) != 0)
		return;
	if ((nc->gpus = jl_arena_alloc(L->a, (m->npairs + 1) *
	    sizeof(*nc->gpus))) == NULL)
		return;
	for (i = 0; i < m->npairs; i++) {
		k = m->pairs[i].key;
		type = k->text;
		jl_yaml_clip(buf, sizeof(buf), k->text, k->len);
		if (strlen(type) != k->len || !name_ok(type) ||
		    strchr(type, ':') != NULL) {
			jl_yaml_error(L->d, k, "GPU type \"%s\" in %s is not a "
			    "name Slurm accepts", buf, where);
			continue;
		}
		for (j = 0; j < nc->ngpus; j++)
			if (strcasecmp(nc->gpus[j].type, type) == 0)
				break;
		if (j < nc->ngpus) {
			jl_yaml_error(L->d, k, "GPU type \"%s\" is given twice "
			    "in %s", buf, where);
			continue;
		}
		if (get_count(L, m->pairs[i].value, what_printf(L, "the "
		    "number of %s GPUs per node in %s", buf, where),
		    &nc->gpus[nc->ngpus].count) != 0)
			continue;
		nc->gpus[nc->ngpus].type = type;
		nc->ngpus++;
	}
}

static void
load_nodes(struct loader *L, const struct yaml_node *seq,
    struct jl_partition *pt, const char *pwhat)
{
	const struct yaml_node	*m, *n;
	struct jl_nodeclass	*nc;
	const char		*where;
	size_t			 i;

	if (jl_yaml_is_null(seq))
		return;
	if (jl_yaml_want_seq(L->d, seq, what_printf(L, "nodes of %s",
	    pwhat)) != 0)
		return;
	if ((pt->nodes = jl_arena_alloc(L->a, (seq->nitems + 1) *
	    sizeof(*pt->nodes))) == NULL)
		return;
	for (i = 0; i < seq->nitems; i++) {
		m = seq->items[i];
		where = what_printf(L, "node class %zu of %s", i + 1, pwhat);
		if (jl_yaml_want_map(L->d, m, where) != 0)
			continue;
		jl_yaml_check_keys_hint(L->d, m, node_keys, node_hints, where);
		nc = &pt->nodes[pt->nnodes++];
		nc->count = nc->cpus = nc->mem_mb = JL_UNSET;
		if ((n = jl_yaml_get(m, "count")) != NULL)
			get_count(L, n, what_printf(L, "count of %s", where),
			    &nc->count);
		if ((n = jl_yaml_get(m, "cpus")) != NULL)
			get_count(L, n, what_printf(L, "cpus of %s", where),
			    &nc->cpus);
		if ((n = jl_yaml_get(m, "mem")) != NULL)
			get_mb(L, n, what_printf(L, "mem of %s", where),
			    &nc->mem_mb);
		if ((n = jl_yaml_get(m, "gpus")) != NULL)
			load_gpus(L, n, nc, where);
	}
}

static void
load_partition(struct loader *L, const struct yaml_node *m, size_t idx)
{
	struct jl_policy	*p = L->p;
	struct jl_partition	*pt, *q;
	const struct yaml_node	*n, *nmax = NULL, *ndef = NULL;
	const char		*name = NULL, *what;
	char			 buf[JL_YAML_CLIP];
	size_t			 i;
	int			 b;

	what = what_printf(L, "partition %zu", idx + 1);
	if (jl_yaml_want_map(L->d, m, what) != 0)
		return;
	if ((n = jl_yaml_get(m, "name")) == NULL)
		jl_yaml_error(L->d, m, "%s has no name", what);
	else if ((name = jl_yaml_str(L->d, n, what_printf(L, "the name of %s",
	    what))) != NULL && !name_ok(name)) {
		jl_yaml_error(L->d, n, "partition name \"%s\" is not a name "
		    "Slurm accepts (no blanks or commas)",
		    jl_yaml_clip(buf, sizeof(buf), n->text, n->len));
		name = NULL;
	}
	if (name != NULL)
		what = what_printf(L, "partition \"%s\"", name);
	jl_yaml_check_keys_hint(L->d, m, partition_keys, partition_hints,
	    what);
	if (name != NULL) {
		for (i = 0; i < p->npartitions; i++) {
			if (strcmp(p->partitions[i].name, name) == 0) {
				jl_yaml_error(L->d, n, "duplicate partition "
				    "\"%s\" (first at line %u)", name,
				    p->partitions[i].line);
				name = NULL;
				break;
			}
		}
	}
	pt = &p->partitions[p->npartitions];
	memset(pt, 0, sizeof(*pt));
	pt->name = name;
	pt->line = m->line;
	pt->col = m->col;
	pt->max_time = pt->default_time = JL_UNSET;
	pt->preemptible = JL_UNSET;
	if ((n = jl_yaml_get(m, "default")) != NULL &&
	    jl_yaml_bool(L->d, n, what_printf(L, "default of %s", what),
	    &b) == 0 && b) {
		for (q = p->partitions; q < pt; q++)
			if (q->is_default)
				break;
		if (q < pt)
			jl_yaml_error(L->d, n, "%s is marked default, but "
			    "partition \"%s\" (line %u) already is; Slurm has "
			    "one default partition", what, q->name, q->line);
		else
			pt->is_default = 1;
	}
	if ((nmax = jl_yaml_get(m, "max_time")) != NULL &&
	    get_minutes(L, nmax, what_printf(L, "max_time of %s", what),
	    &pt->max_time) != 0)
		nmax = NULL;
	if ((ndef = jl_yaml_get(m, "default_time")) != NULL &&
	    get_minutes(L, ndef, what_printf(L, "default_time of %s", what),
	    &pt->default_time) != 0)
		ndef = NULL;
	if (nmax != NULL && ndef != NULL && pt->default_time > pt->max_time)
		jl_yaml_error(L->d, ndef, "default_time of %s (%s) is longer "
		    "than its max_time (%s)", what, ndef->text, nmax->text);
	if ((n = jl_yaml_get(m, "preemptible")) != NULL &&
	    jl_yaml_bool(L->d, n, what_printf(L, "preemptible of %s", what),
	    &b) == 0)
		pt->preemptible = b;
	if ((n = jl_yaml_get(m, "limits")) != NULL)
		load_limits(L, n, pt, what_printf(L, "limits of %s", what));
	if ((n = jl_yaml_get(m, "nodes")) != NULL)
		load_nodes(L, n, pt, what);
	/* Only partitions with a usable name are kept (lookups need it). */
	if (pt->name != NULL)
		p->npartitions++;
}

static void
load_partitions(struct loader *L, const struct yaml_node *seq)
{
	size_t	 i;

	if (jl_yaml_is_null(seq))
		return;
	if (jl_yaml_want_seq(L->d, seq, "partitions") != 0)
		return;
	if ((L->p->partitions = jl_arena_alloc(L->a, (seq->nitems + 1) *
	    sizeof(*L->p->partitions))) == NULL)
		return;
	for (i = 0; i < seq->nitems; i++)
		load_partition(L, seq->items[i], i);
}

/* --- rule settings ------------------------------------------------------ */

/* A slug (kebab-case) or a code (letters then digits). */
static int
rule_name_ok(const char *s)
{
	const char	*p = s;

	if (*p >= 'A' && *p <= 'Z') {
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		return *p == '\0';
	}
	if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
		return 0;
	for (; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	return p[-1] != '-';
}

/* The same mode at every point. */
static void
set_modes(struct jl_rule_setting *st, enum jl_mode m)
{
	size_t	i;

	for (i = 0; i < JL_NPOINTS; i++)
		st->mode[i] = m;
}

/*
 * mode: <mode> | { <point>: <mode>, ..., default: <mode> }.  default
 * gives the points not named; without it they stay unset (cli and audit
 * then follow job_submit, jl_setting_mode).
 */
static int
load_modes(struct loader *L, const struct yaml_node *n, const char *what,
    struct jl_rule_setting *st)
{
	const struct yaml_node	*v;
	const char		*of;
	enum jl_mode		 set[JL_NPOINTS + 1];
	size_t			 i;
	int			 k, ok = 1;

	if (n->kind != JL_YAML_MAP && n->kind != JL_YAML_SCALAR) {
		jl_yaml_error(L->d, n, "expected a mode (enforce, warn, audit) "
		    "or a mapping of enforcement points (job_submit, "
		    "cli_filter, cli, audit, default) to modes for %s, got %s",
		    what, jl_yaml_kind_name(n));
		return -1;
	}
	if (n->kind != JL_YAML_MAP) {
		if ((k = one_of(L, n, "mode", what, modes)) < 0)
			return -1;
		set_modes(st, (enum jl_mode)(JL_MODE_ENFORCE + k));
		return 0;
	}
	of = what_printf(L, "mode of %s", what);
	if (jl_yaml_check_keys_hint(L->d, n, points, point_hints, of) > 0)
		ok = 0;
	for (i = 0; i <= JL_NPOINTS; i++) {
		set[i] = JL_MODE_DEFAULT;
		if ((v = jl_yaml_get(n, points[i])) == NULL)
			continue;
		if ((k = one_of(L, v, "mode", what_printf(L, "%s at %s", what,
		    points[i]), modes)) < 0)
			ok = 0;
		else
			set[i] = (enum jl_mode)(JL_MODE_ENFORCE + k);
	}
	for (i = 0; i < JL_NPOINTS; i++)
		st->mode[i] = set[i] != JL_MODE_DEFAULT ? set[i] :
		    set[JL_NPOINTS];
	return ok ? 0 : -1;
}

/* rule: off | on | <severity> | <mode> | { enabled, severity, mode } */
static int
load_setting(struct loader *L, const struct yaml_node *k,
    const struct yaml_node *v, struct jl_rule_setting *st)
{
	const struct yaml_node	*n;
	const char		*what, *s;
	char			 buf[JL_YAML_CLIP];
	int			 i, b, ok = 1;

	jl_yaml_clip(buf, sizeof(buf), k->text, k->len);
	if (strlen(k->text) != k->len || !rule_name_ok(k->text)) {
		jl_yaml_error(L->d, k, "\"%s\" is not a rule slug "
		    "(gpu-container-no-nv) or code (JL3001)", buf);
		return -1;
	}
	what = what_printf(L, "rule \"%s\"", buf);
	memset(st, 0, sizeof(*st));
	st->rule = k->text;
	st->enabled = 1;
	st->line = k->line;
	st->col = k->col;
	if (v->kind == JL_YAML_SCALAR && !jl_yaml_is_null(v)) {
		s = v->text;
		if (word_index(off_words, s) >= 0) {
			st->enabled = 0;
			return 0;
		}
		if (word_index(on_words, s) >= 0)
			return 0;
		if ((i = word_index(severities, s)) >= 0) {
			st->has_severity = 1;
			st->severity = i == 0 ? JL_SEV_ERROR : i == 1 ?
			    JL_SEV_WARNING : JL_SEV_INFO;
			return 0;
		}
		if ((i = word_index(modes, s)) >= 0) {
			set_modes(st, (enum jl_mode)(JL_MODE_ENFORCE + i));
			return 0;
		}
		{
			static const char *const all[] = {
				"off", "on", "error", "warning", "info",
				"enforce", "warn", "audit", NULL
			};
			const char	*sug = jl_yaml_suggest(s, all);
			char		 vb[JL_YAML_CLIP];

			jl_yaml_error(L->d, v, "setting \"%s\" for %s is not "
			    "valid; write off, on, a severity (error, warning, "
			    "info), a mode (enforce, warn, audit) or a mapping"
			    "%s%s%s", jl_yaml_clip(vb, sizeof(vb), v->text,
			    v->len), what, sug ? " (did you mean \"" : "",
			    sug ? sug : "", sug ? "\"?)" : "");
		}
		return -1;
	}
	if (v->kind != JL_YAML_MAP) {
		jl_yaml_error(L->d, v, "expected off, on, a severity, a mode "
		    "or a mapping for %s, got %s", what, jl_yaml_kind_name(v));
		return -1;
	}
	if (jl_yaml_check_keys(L->d, v, setting_keys, what) > 0)
		ok = 0;
	if ((n = jl_yaml_get(v, "enabled")) != NULL) {
		if (jl_yaml_bool(L->d, n, what_printf(L, "enabled of %s", what),
		    &b) == 0)
			st->enabled = b;
		else
			ok = 0;
	}
	if ((n = jl_yaml_get(v, "severity")) != NULL) {
		if ((i = one_of(L, n, "severity", what, severities)) >= 0) {
			st->has_severity = 1;
			st->severity = i == 0 ? JL_SEV_ERROR : i == 1 ?
			    JL_SEV_WARNING : JL_SEV_INFO;
		} else
			ok = 0;
	}
	if ((n = jl_yaml_get(v, "mode")) != NULL && load_modes(L, n, what,
	    st) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static void
load_rules(struct loader *L, const struct yaml_node *m)
{
	size_t	 i;

	if (jl_yaml_is_null(m))
		return;
	if (jl_yaml_want_map(L->d, m, "rules (rule: setting)") != 0)
		return;
	if ((L->p->settings = jl_arena_alloc(L->a, (m->npairs + 1) *
	    sizeof(*L->p->settings))) == NULL)
		return;
	for (i = 0; i < m->npairs; i++)
		if (load_setting(L, m->pairs[i].key, m->pairs[i].value,
		    &L->p->settings[L->p->nsettings]) == 0)
			L->p->nsettings++;
}

static void
load_site_rules(struct loader *L, const struct yaml_node *seq)
{
	size_t	 i;

	if (jl_yaml_is_null(seq))
		return;
	if (jl_yaml_want_seq(L->d, seq, "site_rules") != 0)
		return;
	if ((L->p->site_rules = jl_arena_alloc(L->a, (seq->nitems + 1) *
	    sizeof(*L->p->site_rules))) == NULL)
		return;
	/* The rule loader reads them; here only their shape is checked. */
	for (i = 0; i < seq->nitems; i++)
		if (jl_yaml_want_map(L->d, seq->items[i], what_printf(L,
		    "site rule %zu", i + 1)) == 0)
			L->p->site_rules[L->p->nsite_rules++] = seq->items[i];
}

/* --- exemptions ----------------------------------------------------------- */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* YYYY-MM-DD (1970..9999) -> the last second of that day, UTC. */
static int
parse_date(const char *s, int64_t *out)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t	 y, m, d, dim;
	size_t	 i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12 || d < 1)
		return -1;
	dim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	if (d > dim)
		return -1;
	*out = days_from_civil(y, m, d) * 86400 + 86399;
	return 0;
}

static void
load_exemption(struct loader *L, const struct yaml_node *m, size_t idx)
{
	struct jl_exemption	*e;
	const struct yaml_node	*n;
	const char		*what, *s;
	char			 buf[JL_YAML_CLIP];
	int			 ok = 1;

	what = what_printf(L, "exemption %zu", idx + 1);
	if (jl_yaml_want_map(L->d, m, what) != 0)
		return;
	if (jl_yaml_check_keys(L->d, m, exemption_keys, what) > 0)
		ok = 0;
	e = &L->p->exemptions[L->p->nexemptions];
	memset(e, 0, sizeof(*e));
	e->line = m->line;
	e->col = m->col;
	if ((n = jl_yaml_get(m, "rules")) == NULL || jl_yaml_is_null(n)) {
		jl_yaml_error(L->d, m, "%s has no rules: list the slugs or "
		    "codes it exempts from", what);
		ok = 0;
	} else if (str_or_list(L, n, what_printf(L, "rules of %s", what),
	    &e->rules) != 0)
		ok = 0;
	else if (e->rules[0] == NULL) {
		jl_yaml_error(L->d, n, "%s has an empty rules list", what);
		ok = 0;
	}
	if ((n = jl_yaml_get(m, "users")) != NULL && str_or_list(L, n,
	    what_printf(L, "users of %s", what), &e->users) != 0)
		ok = 0;
	if ((n = jl_yaml_get(m, "accounts")) != NULL && str_or_list(L, n,
	    what_printf(L, "accounts of %s", what), &e->accounts) != 0)
		ok = 0;
	if ((n = jl_yaml_get(m, "partitions")) != NULL && str_or_list(L, n,
	    what_printf(L, "partitions of %s", what), &e->partitions) != 0)
		ok = 0;
	if (ok && (e->users == NULL || e->users[0] == NULL) &&
	    (e->accounts == NULL || e->accounts[0] == NULL) &&
	    (e->partitions == NULL || e->partitions[0] == NULL)) {
		jl_yaml_error(L->d, m, "%s applies to nobody: give users, "
		    "accounts or partitions", what);
		ok = 0;
	}
	if ((n = jl_yaml_get(m, "reason")) == NULL || jl_yaml_is_null(n)) {
		jl_yaml_error(L->d, m, "%s has no reason: say why, so the next "
		    "admin knows whether it still applies", what);
		ok = 0;
	} else if ((e->reason = jl_yaml_str(L->d, n, what_printf(L,
	    "reason of %s", what))) == NULL)
		ok = 0;
	if ((n = jl_yaml_get(m, "expires")) != NULL) {
		if ((s = jl_yaml_str(L->d, n, what_printf(L, "expires of %s",
		    what))) == NULL)
			ok = 0;
		else if (parse_date(s, &e->expires) != 0) {
			jl_yaml_error(L->d, n, "expires \"%s\" of %s is not a "
			    "date; write YYYY-MM-DD", jl_yaml_clip(buf,
			    sizeof(buf), n->text, n->len), what);
			ok = 0;
		}
	}
	if (ok)
		L->p->nexemptions++;
}

static void
load_exemptions(struct loader *L, const struct yaml_node *seq)
{
	size_t	 i;

	if (jl_yaml_is_null(seq))
		return;
	if (jl_yaml_want_seq(L->d, seq, "exemptions") != 0)
		return;
	if ((L->p->exemptions = jl_arena_alloc(L->a, (seq->nitems + 1) *
	    sizeof(*L->p->exemptions))) == NULL)
		return;
	for (i = 0; i < seq->nitems; i++)
		load_exemption(L, seq->items[i], i);
}

/* --- the whole policy ----------------------------------------------------- */

static const char *
default_name(struct loader *L, const char *path)
{
	const char	*base = strrchr(path, '/');
	size_t		 n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
		n -= 4;
	return jl_arena_strndup(L->a, base, n);
}

static void
load_top(struct loader *L, const struct yaml_node *root)
{
	struct jl_policy	*p = L->p;
	const struct yaml_node	*n;
	int			 i;

	if (jl_yaml_is_null(root))
		return;		/* an empty file: no facts, no settings */
	if (root->kind != JL_YAML_MAP) {
		jl_yaml_error(L->d, root, "a policy is a mapping of keys "
		    "(slurm_version:, partitions:, rules:, ...), not %s",
		    jl_yaml_kind_name(root));
		return;
	}
	jl_yaml_check_keys_hint(L->d, root, top_keys, top_hints, "the policy");
	if ((n = jl_yaml_get(root, "name")) != NULL)
		p->name = jl_yaml_str(L->d, n, "name");
	if ((n = jl_yaml_get(root, "description")) != NULL &&
	    !jl_yaml_is_null(n))
		p->description = jl_yaml_str(L->d, n, "description");
	if ((n = jl_yaml_get(root, "extends")) != NULL)
		p->extends = jl_yaml_str(L->d, n, "extends");
	if ((n = jl_yaml_get(root, "slurm_version")) != NULL)
		load_version(L, n);
	if ((n = jl_yaml_get(root, "gpu_flag")) != NULL &&
	    (i = one_of(L, n, "gpu_flag", NULL, gpu_flags)) >= 0)
		p->gpu_flag = gpu_flags[i];
	if ((n = jl_yaml_get(root, "require_gpu_flag")) != NULL &&
	    jl_yaml_bool(L->d, n, "require_gpu_flag", &i) == 0)
		p->require_gpu_flag = i;
	if ((n = jl_yaml_get(root, "container_runtimes")) != NULL)
		load_runtimes(L, n);
	if ((n = jl_yaml_get(root, "image_dirs")) != NULL)
		load_image_dirs(L, n);
	if ((n = jl_yaml_get(root, "limits")) != NULL)
		load_limits(L, n, NULL, "limits");
	if ((n = jl_yaml_get(root, "partitions")) != NULL)
		load_partitions(L, n);
	if ((n = jl_yaml_get(root, "rules")) != NULL)
		load_rules(L, n);
	if ((n = jl_yaml_get(root, "site_rules")) != NULL)
		load_site_rules(L, n);
	if ((n = jl_yaml_get(root, "exemptions")) != NULL)
		load_exemptions(L, n);
	if ((n = jl_yaml_get(root, "on_error")) != NULL &&
	    (i = one_of(L, n, "on_error", NULL, on_errors)) >= 0)
		p->on_error_reject = i == 1;
	if ((n = jl_yaml_get(root, "enforce_part_limits")) != NULL &&
	    (i = one_of(L, n, "enforce_part_limits", NULL, epl_words)) >= 0)
		p->enforce_part_limits = i % 4 == 0 ? JL_EPL_NO : i % 4 == 1 ?
		    JL_EPL_ANY : JL_EPL_ALL;
	if ((n = jl_yaml_get(root, "gres_names")) != NULL)
		(void)str_or_list(L, n, "gres_names", &p->gres_names);
	if ((n = jl_yaml_get(root, "max_array_size")) != NULL)
		(void)jl_yaml_int(L->d, n, "max_array_size", 0,
		    JL_MAX_ARRAY_SIZE_LIMIT, &p->max_array_size);
	if ((n = jl_yaml_get(root, "max_array_tasks")) != NULL)
		(void)jl_yaml_int(L->d, n, "max_array_tasks", 0, UINT32_MAX,
		    &p->max_array_tasks);
	if ((n = jl_yaml_get(root, "decisions")) != NULL)
		load_decisions(L, n);
	if ((n = jl_yaml_get(root, "script_read_kb")) != NULL)
		(void)jl_yaml_int(L->d, n, "script_read_kb", 1,
		    JL_SCRIPT_READ_KB_MAX, &p->script_read_kb);
}

size_t
jl_policy_script_read_limit(const struct jl_policy *p)
{
	return (size_t)(p != NULL && p->script_read_kb > 0 ?
	    p->script_read_kb : JL_SCRIPT_READ_KB) * 1024;
}

/*
 * tree: the document already parsed (the default policy's build-time tree,
 * lint/embed-tree.h), or NULL to parse data.
 */
static struct jl_policy *
load_any(const char *name, const char *data, size_t len,
    const struct yaml_node *tree, char **errors, int partial)
{
	struct jl_policy	*p;
	struct jl_yaml_diag	 d;
	struct loader		 L;
	const struct yaml_node	*root;

	*errors = NULL;
	if (name == NULL)
		name = "-";
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		*errors = strdup("jlint: out of memory loading the policy\n");
		return NULL;
	}
	jl_arena_init(&p->arena);
	p->max_gpus_per_job = p->max_cpus_per_gpu = JL_UNSET;
	p->max_mem_per_gpu_mb = JL_UNSET;
	p->admin_comment = -1;
	p->script_read_kb = JL_UNSET;
	p->max_array_size = p->max_array_tasks = JL_UNSET;
	memset(&L, 0, sizeof(L));
	L.p = p;
	L.a = &p->arena;
	L.d = &d;
	p->path = jl_arena_strdup(L.a, name);
	jl_yaml_diag_init(&d, p->path != NULL ? p->path : name);
	if ((root = tree) != NULL ||
	    (root = jl_yaml_parse(L.a, &d, data, len)) != NULL)
		load_top(&L, root);
	if (p->name == NULL)
		p->name = default_name(&L, name);
	if (p->arena.failed)
		jl_yaml_error_at(&d, 1, 1, "out of memory");
	if (d.nerrors > 0) {
		if ((*errors = jl_yaml_diag_take(&d)) == NULL)
			*errors = strdup("jlint: out of memory loading the "
			    "policy\n");
		jl_yaml_diag_free(&d);
		if (partial && !p->arena.failed)
			return p;
		jl_policy_free(p);
		return NULL;
	}
	jl_yaml_diag_free(&d);
	return p;
}

struct jl_policy *
jl_policy_load(const char *name, const char *data, size_t len, char **errors)
{
	return load_any(name, data, len, NULL, errors, 0);
}

struct jl_policy *
jl_policy_load_partial(const char *name, const char *data, size_t len,
    char **errors)
{
	return load_any(name, data, len, NULL, errors, 1);
}

void
jl_policy_free(struct jl_policy *p)
{
	if (p == NULL)
		return;
	jl_arena_free(&p->arena);
	free(p);
}

/* From its build-time tree; parsed here only if it had none. */
struct jl_policy *
jl_policy_default(char **errors)
{
	return load_any("(embedded default)", jl_default_policy,
	    jl_default_policy_len, jl_default_policy_tree_n > 0 ?
	    jl_default_policy_tree[0].root : NULL, errors, 0);
}

const struct jl_partition *
jl_policy_partition(const struct jl_policy *p, const char *name)
{
	size_t	 i;

	if (p == NULL)
		return NULL;
	if (name != NULL) {
		for (i = 0; i < p->npartitions; i++)
			if (strcmp(p->partitions[i].name, name) == 0)
				return &p->partitions[i];
		return NULL;
	}
	for (i = 0; i < p->npartitions; i++)
		if (p->partitions[i].is_default)
			return &p->partitions[i];
	return p->npartitions == 1 ? &p->partitions[0] : NULL;
}

int64_t
jl_nodeclass_gpus(const struct jl_nodeclass *nc, const char *type)
{
	int64_t	n = 0;
	size_t	i;

	for (i = 0; i < nc->ngpus; i++)
		if (nc->gpus[i].count > 0 && (type == NULL ||
		    (nc->gpus[i].type != NULL &&
		    strcasecmp(nc->gpus[i].type, type) == 0)))
			n += nc->gpus[i].count;
	return n;
}

const struct jl_rule_setting *
jl_policy_setting(const struct jl_policy *p, const char *slug,
    const char *code)
{
	size_t	 i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < p->nsettings; i++)
		if ((slug != NULL && strcmp(p->settings[i].rule, slug) == 0) ||
		    (code != NULL && strcasecmp(p->settings[i].rule,
		    code) == 0))
			return &p->settings[i];
	return NULL;
}

const char *
jl_point_name(enum jl_point p)
{
	return p < JL_NPOINTS ? points[p] : NULL;
}

enum jl_mode
jl_setting_mode(const struct jl_rule_setting *st, enum jl_point p)
{
	if (st == NULL || p >= JL_NPOINTS)
		return JL_MODE_DEFAULT;
	if (st->mode[p] == JL_MODE_DEFAULT && (p == JL_POINT_CLI ||
	    p == JL_POINT_AUDIT))
		return st->mode[JL_POINT_JOB_SUBMIT];
	return st->mode[p];
}

const char *
jl_mode_name(enum jl_mode m)
{
	return m == JL_MODE_ENFORCE ? modes[0] : m == JL_MODE_WARN ? modes[1] :
	    m == JL_MODE_AUDIT ? modes[2] : NULL;
}

static void
strv_lines(const char *const *v, struct jl_lines *l)
{
	size_t	i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		jl_lines_add(l, v[i], strlen(v[i]) + 1);
	jl_lines_add(l, v, (i + 1) * sizeof(*v));
}

void
jl_policy_lines(const struct jl_policy *p, struct jl_lines *l)
{
	const struct jl_partition	*pt;
	size_t				 i, k;

	if (p == NULL)
		return;
	jl_lines_add(l, p, sizeof(*p));
	if (p->name != NULL)
		jl_lines_add(l, p->name, strlen(p->name) + 1);
	if (p->gpu_flag != NULL)
		jl_lines_add(l, p->gpu_flag, strlen(p->gpu_flag) + 1);
	strv_lines(p->runtimes, l);
	strv_lines(p->image_dirs, l);
	strv_lines(p->gres_names, l);
	jl_lines_add(l, p->partitions, p->npartitions *
	    sizeof(*p->partitions));
	for (i = 0; i < p->npartitions; i++) {
		pt = &p->partitions[i];
		jl_lines_add(l, pt->name, strlen(pt->name) + 1);
		jl_lines_add(l, pt->nodes, pt->nnodes * sizeof(*pt->nodes));
		for (k = 0; k < pt->nnodes; k++)
			jl_lines_add(l, pt->nodes[k].gpus, pt->nodes[k].ngpus *
			    sizeof(*pt->nodes[k].gpus));
	}
	jl_lines_add(l, p->settings, p->nsettings * sizeof(*p->settings));
	jl_lines_add(l, p->exemptions, p->nexemptions *
	    sizeof(*p->exemptions));
}
