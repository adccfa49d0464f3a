/*
 * opt.c: option lookup over jl_opt_table[] (lint/opt-table.c).
 *
 * Long options are found the way glibc 2.36 getopt_long() finds them
 * (posix/getopt.c:process_long_option()): an exact name wins, else a
 * unique prefix, else "ambiguous" unless every other prefix match has the
 * same attributes (has_arg, flag, val) as the first one.  The option set
 * is the one Slurm's slurm_option_table_create() (src/common/slurm_opt.c)
 * builds for a command: rows whose command bit is set, in the version
 * window [since, until).  Everything here is bounded, allocation-free and
 * never prints or exits.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mem.h"
#include "opt.h"

/* Longest name jl_opt_suggest() compares; longer input gets no advice. */
#define JL_OPT_NAMEMAX	64
/* Most rows of the table whose names start with one byte. */
#define JL_OPT_BYFIRST	64

int
jl_opt_available(const struct jl_opt *o, unsigned cmd, unsigned version)
{
	unsigned	 bits;

	if (o == NULL)
		return 0;
	bits = o->cmds;
	if (o->flags & JL_OF_SPANK) {
		/* spank_option_table_create(): only where plugstack loads it */
		if (cmd & JL_CMD_F_NOSPANK)
			return 0;
		if (cmd & JL_CMD_F_SPANK)
			bits = JL_CMD_MASK;
	}
	if ((bits & cmd & JL_CMD_MASK) == 0)
		return 0;
	if (version == 0)
		return 1;
	if (o->since != 0 && version < o->since)
		return 0;
	if (o->until != 0 && version >= o->until)
		return 0;
	return 1;
}

/* Does o->name equal the len bytes at name? */
static int
name_is(const struct jl_opt *o, const char *name, size_t len)
{
	return strlen(o->name) == len && memcmp(o->name, name, len) == 0;
}

/* Do the len bytes at name begin o->name? */
static int
name_starts(const struct jl_opt *o, const char *name, size_t len)
{
	return strlen(o->name) >= len && memcmp(o->name, name, len) == 0;
}

/*
 * glibc compares struct option {has_arg, flag, val}.  Slurm's val is the
 * short letter when there is one, else a LONG_OPT_* value shared only by
 * the names of one option (cpu-bind/cpu_bind, het-group/pack-group,
 * ntasks-per-node/tasks-per-node).  --cluster has its own LONG_OPT_CLUSTER
 * while --clusters has 'M': same id here, different val there.
 */
static int
same_getopt_entry(const struct jl_opt *a, const struct jl_opt *b)
{
	return a->id == b->id && a->arg == b->arg &&
	    a->shortopt == b->shortopt;
}

/*
 * The rows of the table by the first byte of their name, in table order
 * (bench/: every option of every directive and srun is looked up).  Built
 * once, thread-safe: the plugin runs in slurmctld's threads.
 *
 * Exact names and short letters have their own small indexes: inside
 * slurmctld each call starts on cold caches, and scanning the rows of a
 * letter touches a cache line per row and one per name (issue 15: the
 * option lookup was a tenth of the plugin's cold cost).  The hash of a
 * name leads to its rows in 1-2 lines; the rows of one name keep their
 * table order along the probe sequence (linear probing, inserted in
 * table order), so the first available one is the one the scan finds.
 */
#define JL_OPT_HSLOTS	512		/* > 2 x the rows: short probes */
#define JL_OPT_BYSHORT	4		/* most rows per short letter */

struct hslot {
	uint32_t	h;		/* hash of the name */
	uint16_t	row;
	uint16_t	len;		/* name length + 1; 0: empty slot */
};

static unsigned short	 by_first[256][JL_OPT_BYFIRST];
static unsigned char	 nby_first[256];
static int		 by_first_ok;	/* no letter has too many rows */
static struct hslot	 hslots[JL_OPT_HSLOTS];
static int		 hash_ok;	/* every row is in hslots */
static unsigned short	 by_short[128][JL_OPT_BYSHORT];
static unsigned char	 nby_short[128];
static int		 short_ok;	/* every short letter is in by_short */
static pthread_once_t	 by_first_once = PTHREAD_ONCE_INIT;

/* FNV-1a over the len bytes at name. */
static uint32_t
name_hash(const char *name, size_t len)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static void
by_first_init(void)
{
	unsigned char	c;
	size_t		i, len, k;
	uint32_t	h;
	int		sc;

	by_first_ok = 1;
	for (i = 0; i < jl_opt_count; i++) {
		c = (unsigned char)jl_opt_table[i].name[0];
		if (nby_first[c] >= JL_OPT_BYFIRST) {
			by_first_ok = 0;
			break;
		}
		by_first[c][nby_first[c]++] = (unsigned short)i;
	}
	hash_ok = jl_opt_count <= JL_OPT_HSLOTS / 2;
	for (i = 0; hash_ok && i < jl_opt_count; i++) {
		len = strlen(jl_opt_table[i].name);
		if (len == 0 || len >= UINT16_MAX) {
			hash_ok = 0;
			break;
		}
		h = name_hash(jl_opt_table[i].name, len);
		for (k = h % JL_OPT_HSLOTS; hslots[k].len != 0;
		    k = (k + 1) % JL_OPT_HSLOTS)
			;
		hslots[k].h = h;
		hslots[k].row = (uint16_t)i;
		hslots[k].len = (uint16_t)(len + 1);
	}
	short_ok = 1;
	for (i = 0; i < jl_opt_count; i++) {
		if ((sc = jl_opt_table[i].shortopt) == 0)
			continue;
		if (sc < 0 || sc >= 128 || nby_short[sc] >= JL_OPT_BYSHORT) {
			short_ok = 0;
			break;
		}
		by_short[sc][nby_short[sc]++] = (unsigned short)i;
	}
}

/* The first row named exactly name[0..len) that is available, or NULL
 * (hash_ok only). */
static const struct jl_opt *
find_exact(unsigned cmd, unsigned version, const char *name, size_t len)
{
	const struct jl_opt	*o;
	uint32_t		 h = name_hash(name, len);
	size_t			 k;

	for (k = h % JL_OPT_HSLOTS; hslots[k].len != 0;
	    k = (k + 1) % JL_OPT_HSLOTS) {
		if (hslots[k].h != h || hslots[k].len != len + 1)
			continue;
		o = &jl_opt_table[hslots[k].row];
		if (memcmp(o->name, name, len) == 0 &&
		    jl_opt_available(o, cmd, version))
			return o;
	}
	return NULL;
}

/* Row k of the rows a name starting with c0 can match (n of them). */
static const struct jl_opt *
row_of(int indexed, unsigned char c0, size_t k)
{
	return &jl_opt_table[indexed ? by_first[c0][k] : k];
}

void
jl_opt_find_long(unsigned cmd, unsigned version, const char *name,
    size_t len, struct jl_optmatch *m)
{
	const struct jl_opt	*o, *first = NULL;
	size_t			 k, n;
	unsigned char		 c0;
	int			 ambig = 0, indexed;

	memset(m, 0, sizeof(*m));
	m->status = JL_OPT_UNKNOWN;
	if (name == NULL)
		return;
	/* Only rows whose name starts with the same byte can match. */
	(void)pthread_once(&by_first_once, by_first_init);
	c0 = len > 0 ? (unsigned char)name[0] : 0;
	indexed = len > 0 && by_first_ok;
	n = indexed ? nby_first[c0] : jl_opt_count;

	/* process_long_option(): first pass looks for an exact match */
	if (len > 0 && hash_ok) {
		if ((o = find_exact(cmd, version, name, len)) != NULL) {
			m->status = JL_OPT_FOUND;
			m->opt = o;
			m->exact = 1;
			return;
		}
		n = 0;		/* no exact match: the second pass */
	}
	for (k = 0; k < n; k++) {
		o = row_of(indexed, c0, k);
		if (len > 0 && o->name[0] != name[0])
			continue;
		if (!jl_opt_available(o, cmd, version) ||
		    !name_is(o, name, len))
			continue;
		m->status = JL_OPT_FOUND;
		m->opt = o;
		m->exact = 1;
		return;
	}

	/* second pass: abbreviations, compared with the first one found */
	n = indexed ? nby_first[c0] : jl_opt_count;
	for (k = 0; k < n; k++) {
		o = row_of(indexed, c0, k);
		if (len > 0 && o->name[0] != name[0])
			continue;
		if (!jl_opt_available(o, cmd, version) ||
		    !name_starts(o, name, len))
			continue;
		if (first == NULL) {
			first = o;
			m->cands[m->ncands++] = o;
			continue;
		}
		if (same_getopt_entry(first, o))
			continue;
		ambig = 1;
		if (m->ncands < JL_OPT_MAXCANDS)
			m->cands[m->ncands++] = o;
	}
	if (first == NULL)
		return;
	if (ambig) {
		m->status = JL_OPT_AMBIGUOUS;
		return;
	}
	m->status = JL_OPT_FOUND;
	m->opt = first;
	m->ncands = 0;
	m->cands[0] = NULL;
}

const struct jl_opt *
jl_opt_find_short(unsigned cmd, unsigned version, int c)
{
	size_t	 i;

	if (c <= 0)
		return NULL;
	(void)pthread_once(&by_first_once, by_first_init);
	if (short_ok) {
		if (c >= 128)
			return NULL;
		for (i = 0; i < nby_short[c]; i++) {
			const struct jl_opt *o = &jl_opt_table[by_short[c][i]];

			if (jl_opt_available(o, cmd, version))
				return o;
		}
		return NULL;
	}
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (o->shortopt == c && jl_opt_available(o, cmd, version))
			return o;
	}
	return NULL;
}

const struct jl_opt *
jl_opt_by_id_v(unsigned cmd, unsigned version, enum jl_optid id)
{
	size_t	 i;

	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (o->id == id && !(o->flags & JL_OF_ALIAS) &&
		    jl_opt_available(o, cmd, version))
			return o;
	}
	return NULL;
}

const struct jl_opt *
jl_opt_by_id(unsigned cmd, enum jl_optid id)
{
	const struct jl_opt	*o;

	o = jl_opt_by_id_v(cmd, JL_SLURM_DEFAULT, id);
	if (o == NULL)
		o = jl_opt_by_id_v(cmd, 0, id);
	return o;
}

int
jl_opt_env_index(const char *list, const char *var)
{
	size_t	 vlen = strlen(var);
	const char *p = list;
	int	 k;

	if (vlen == 0)
		return -1;
	for (k = 0; *p != '\0'; k++) {
		size_t	 n;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		n = strcspn(p, " ");
		if (n == vlen && memcmp(p, var, n) == 0)
			return k;
		p += n;
	}
	return -1;
}

const struct jl_opt *
jl_opt_by_env(unsigned version, const char *var)
{
	size_t	 i;

	if (var == NULL)
		return NULL;
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (o->env == NULL || jl_opt_env_index(o->env, var) < 0)
			continue;
		if (jl_opt_available(o, JL_CMD_MASK | JL_CMD_F_SPANK, version))
			return o;
	}
	return NULL;
}

static int
norm_char(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	if (c == '_')
		return '-';
	return c;
}

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t	 m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * Optimal string alignment distance (restricted Damerau-Levenshtein) of
 * two normalised strings, both at most JL_OPT_NAMEMAX long.  Three rolling
 * rows: the one before the previous is needed for transpositions.
 */
static size_t
osa_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t	 rows[3][JL_OPT_NAMEMAX + 1];
	size_t	*pp = rows[0], *prev = rows[1], *cur = rows[2];
	size_t	 i, j;

	for (j = 0; j <= blen; j++)
		prev[j] = j;
	for (i = 1; i <= alen; i++) {
		size_t	*t;

		cur[0] = i;
		for (j = 1; j <= blen; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
			    prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < cur[j])
				cur[j] = pp[j - 2] + 1;
		}
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[blen];
}

const char *
jl_opt_suggest(unsigned cmd, unsigned version, const char *name, size_t len)
{
	char			 q[JL_OPT_NAMEMAX];
	char			 c[JL_OPT_NAMEMAX];
	const struct jl_opt	*best = NULL;
	size_t			 bestd = (size_t)-1, limit, i, k;

	if (name == NULL || len == 0 || len > JL_OPT_NAMEMAX)
		return NULL;
	for (k = 0; k < len; k++)
		q[k] = (char)norm_char((unsigned char)name[k]);
	/* Two edits in a name of five or fewer letters is another word
	 * (--image is not --usage). */
	limit = len <= 5 ? 1 : len / 3 > 2 ? len / 3 : 2;
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];
		size_t	 nlen = strlen(o->name), d;

		if (nlen > JL_OPT_NAMEMAX || !jl_opt_available(o, cmd, version))
			continue;
		/* lengths alone already exceed the limit */
		if ((nlen > len ? nlen - len : len - nlen) > limit)
			continue;
		for (k = 0; k < nlen; k++)
			c[k] = (char)norm_char((unsigned char)o->name[k]);
		d = osa_distance(q, len, c, nlen);
		if (d < bestd) {
			bestd = d;
			best = o;
		}
	}
	/* never "correct" a word into an unrelated one: keep a letter */
	if (best == NULL || bestd > limit || bestd >= len)
		return NULL;
	return best->name;
}

const struct jl_opt *
jl_opt_other_command(unsigned cmd, unsigned version, const char *name,
    size_t len)
{
	unsigned	 mods = cmd & ~JL_CMD_MASK;
	unsigned	 others = JL_CMD_MASK & ~cmd;
	size_t		 i;

	if (name == NULL || others == 0)
		return NULL;
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (name_is(o, name, len) && jl_opt_available(o, cmd, version))
			return NULL;
	}
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (name_is(o, name, len) &&
		    jl_opt_available(o, others | mods, version))
			return o;
	}
	return NULL;
}

const struct jl_opt *
jl_opt_other_version(unsigned cmd, unsigned version, const char *name,
    size_t len)
{
	const struct jl_opt	*found = NULL;
	size_t			 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (!name_is(o, name, len) || !jl_opt_available(o, cmd, 0))
			continue;
		if (jl_opt_available(o, cmd, version))
			return NULL;
		/* A later release's: the earliest row after version (when it
		 * began); else removed: the row that lasted longest. */
		if (found == NULL || (o->since > version ? found->since <=
		    version || o->since < found->since : found->since <=
		    version && o->until > found->until))
			found = o;
	}
	return found;
}

/* Slurm releases jlint knows (opt.h), as written in slurm_version. */
static const struct {
	const char	*text;
	unsigned	 version;
} versions[] = {
	{ "22.05", JL_SLURM_2205 },
	{ "23.02", JL_SLURM_2302 },
	{ "23.11", JL_SLURM_2311 },
	{ "24.05", JL_SLURM_2405 },
	{ "24.11", JL_SLURM_2411 },
	{ "25.05", JL_SLURM_2505 },
	{ "25.11", JL_SLURM_2511 },
	{ "26.05", JL_SLURM_2605 },
};

const char *
jl_slurm_release_text(size_t i)
{
	return i < JL_NITEMS(versions) ? versions[i].text : NULL;
}

int
jl_slurm_release(const char *s, unsigned *out)
{
	size_t	i, k;

	/* "23.02" or "23.02.7": the micro release does not matter. */
	for (i = 0; i < JL_NITEMS(versions); i++) {
		k = strlen(versions[i].text);
		if (strncmp(s, versions[i].text, k) == 0 && (s[k] == '\0' ||
		    (s[k] == '.' && s[k + 1] >= '0' && s[k + 1] <= '9' &&
		    strspn(s + k + 1, "0123456789") == strlen(s + k + 1)))) {
			*out = versions[i].version;
			return 0;
		}
	}
	return -1;
}

unsigned
jl_slurm_newest(void)
{
	return versions[JL_NITEMS(versions) - 1].version;
}

/*
 * The releases from the newest back that read name as one option (the
 * same one in each); the row of the earliest of them, so that its since
 * is when that reading began.  A name the newest release does not read
 * so (ambiguous there, or unknown) gives NULL: no release to upgrade to.
 */
const struct jl_opt *
jl_opt_any_release(unsigned cmd, const char *name, size_t len)
{
	const struct jl_opt	*first = NULL;
	struct jl_optmatch	 m;
	size_t			 i;

	for (i = JL_NITEMS(versions); i-- > 0; ) {
		jl_opt_find_long(cmd, versions[i].version, name, len, &m);
		if (m.status != JL_OPT_FOUND ||
		    (first != NULL && m.opt->id != first->id))
			break;
		first = m.opt;
	}
	return first;
}
