/*
 * value.c: sbatch value grammars, mirroring Slurm 22.05.8, and for the
 * jl_val_*_rel() parsers each release of the matrix (see value.h and
 * slurm-semantics.md §3).  Each parser follows the upstream function named
 * in its comment, including the odd corners, so that jlint accepts exactly
 * what sbatch and slurmctld accept.  Written from reading the Slurm source;
 * no Slurm code is copied.
 *
 * Rules for this file: it runs inside slurmctld, so no exit, abort or
 * printf; memory only from the caller's arena; every loop is bounded by the
 * input length (or by an explicit work budget); integer arithmetic is
 * checked, never left to overflow.
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "mem.h"
#include "value.h"

#define INT32_LIMIT	((int64_t)INT32_MAX)

/* C-locale character classes, as glibc's isspace() and isblank() see them. */
static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	    c == '\f' || c == '\r';
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
to_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* xstrcasecmp(a, b) == 0 */
static int
ci_eq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (to_lower((unsigned char)*a) != to_lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

/* xstrncasecmp(s, p, n) == 0: stops at the end of either string. */
static int
ci_ncmp(const char *s, const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (to_lower((unsigned char)s[i]) !=
		    to_lower((unsigned char)p[i]))
			return 0;
		if (s[i] == '\0')
			return 1;
	}
	return 1;
}

/* ci_ncmp over a buffer of known length that is not NUL-terminated there. */
static int
ci_ncmp_n(const char *s, size_t slen, const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (i >= slen)
			return p[i] == '\0';
		if (to_lower((unsigned char)s[i]) !=
		    to_lower((unsigned char)p[i]))
			return 0;
	}
	return 1;
}

static int
all_space_n(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * A base-10 strtoll()/strtol() over s[0..n) (glibc, C locale, LP64 long):
 * blanks, one sign, digits.  v is clamped to INT64_MIN/INT64_MAX with ovf
 * set, as errno = ERANGE would be.  With no digits, end = s and v = 0.
 */
struct num {
	int64_t		 v;
	int		 ovf;
	int		 neg;
	size_t		 ndig;
	const char	*end;
};

static void
scan_num_n(const char *s, size_t n, struct num *r)
{
	const char	*p = s, *e = s + n;
	uint64_t	 acc = 0, lim;
	unsigned	 d;

	memset(r, 0, sizeof(*r));
	while (p < e && is_space((unsigned char)*p))
		p++;
	if (p < e && (*p == '+' || *p == '-'))
		r->neg = *p++ == '-';
	lim = r->neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; p < e && is_digit((unsigned char)*p); p++) {
		r->ndig++;
		d = (unsigned)(*p - '0');
		if (r->ovf)
			continue;
		if (acc > (lim - d) / 10)
			r->ovf = 1;
		else
			acc = acc * 10 + d;
	}
	if (r->ndig == 0) {
		r->neg = 0;
		r->end = s;
		return;
	}
	r->end = p;
	if (r->ovf)
		r->v = r->neg ? INT64_MIN : INT64_MAX;
	else if (r->neg)
		r->v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)acc;
	else
		r->v = (int64_t)acc;
}

static void
scan_num(const char *s, struct num *r)
{
	scan_num_n(s, strlen(s), r);
}

/* What (int)l gives for a long l on LP64 with gcc's modulo conversion. */
static int64_t
as_int32(int64_t v)
{
	uint32_t	u = (uint32_t)(uint64_t)v;

	return u > (uint32_t)INT32_MAX ? (int64_t)u - ((int64_t)1 << 32) :
	    (int64_t)u;
}

/*
 * --time: time_str2mins() -> time_str2secs() and _is_valid_timespec() in
 * src/common/parse_time.c, plus the 0 -> INFINITE step of
 * arg_set_time_limit() in src/common/slurm_opt.c.
 */
static const char *
time_bad_char(int c)
{
	switch (c) {
	case ' ':
	case '\t':
		return "spaces are not allowed in a time; write e.g. 2:00:00";
	case 'h':
	case 'H':
		return "\"h\" is not a time unit; write minutes, HH:MM:SS or "
		    "D-HH:MM:SS";
	case 'm':
	case 'M':
		return "\"m\" is not a time unit; write minutes, HH:MM:SS or "
		    "D-HH:MM:SS";
	case 's':
	case 'S':
		return "\"s\" is not a time unit; write minutes, HH:MM:SS or "
		    "D-HH:MM:SS";
	case 'd':
	case 'D':
		return "\"d\" is not a time unit; write D-HH:MM:SS for days";
	case '.':
	case ',':
		return "decimal times are not accepted; write minutes, "
		    "HH:MM:SS or D-HH:MM:SS";
	case '+':
		return "'+' is not allowed in a time; write minutes, HH:MM:SS "
		    "or D-HH:MM:SS";
	default:
		return "only digits, '-' and ':' are allowed in a time; write "
		    "minutes, HH:MM:SS or D-HH:MM:SS";
	}
}

/* A digit group of a validated timespec: at most INT_MAX, as %d needs. */
static int
time_field(const char **pp, int64_t *v)
{
	const char	*p = *pp;

	*v = 0;
	for (; is_digit((unsigned char)*p); p++) {
		*v = *v * 10 + (*p - '0');
		if (*v > INT32_LIMIT)
			return -1;
	}
	*pp = p;
	return 0;
}

int
jl_val_time(const char *s, struct jl_time *t, const char **err)
{
	const char	*p;
	int64_t		 f[4] = { 0, 0, 0, 0 }, secs;
	int		 digit = 0, dash = 0, colon = 0, in_digit = 0, nf;

	memset(t, 0, sizeof(*t));
	if (s == NULL || *s == '\0') {
		*err = "empty time; write minutes, HH:MM:SS or D-HH:MM:SS";
		return -1;
	}
	if (ci_eq(s, "-1") || ci_eq(s, "INFINITE") || ci_eq(s, "UNLIMITED")) {
		t->form = JL_TF_INFINITE;
		t->minutes = JL_TIME_INFINITE;
		return 0;
	}

	/* _is_valid_timespec() */
	for (p = s; *p != '\0'; p++) {
		if (is_digit((unsigned char)*p)) {
			if (!in_digit)
				digit++;
			in_digit = 1;
		} else if (*p == '-') {
			in_digit = 0;
			dash++;
			if (colon) {
				*err = "'-' must come before any ':'; write "
				    "D-HH:MM:SS";
				return -1;
			}
		} else if (*p == ':') {
			in_digit = 0;
			colon++;
		} else {
			*err = time_bad_char((unsigned char)*p);
			return -1;
		}
	}
	if (digit == 0) {
		*err = "no number in the time; write minutes, HH:MM:SS or "
		    "D-HH:MM:SS";
		return -1;
	}
	if (dash > 1) {
		*err = "more than one '-' in the time; write D-HH:MM:SS";
		return -1;
	}
	if (colon > 2) {
		*err = "more than two ':' in the time; write HH:MM:SS or "
		    "D-HH:MM:SS";
		return -1;
	}
	if ((colon == 1 && digit < 2 + dash) ||
	    (colon == 2 && digit < 3 + dash)) {
		*err = "empty field in the time; write minutes, MM:SS, "
		    "HH:MM:SS or D-HH:MM:SS";
		return -1;
	}

	/*
	 * time_str2secs() reads the fields with sscanf(): "%d-%d:%d:%d"
	 * with a dash, else "%d:%d:%d".  The checks above leave only these
	 * shapes: N, N:N, N:N:N, -N, N-, N-N, N-N:N, N-N:N:N.  "-N" is read
	 * by %d as a negative number of days.
	 */
	p = s;
	if (*p == '-') {
		t->negative = 1;
		p++;
	}
	for (nf = 0; nf < 4; nf++) {
		if (time_field(&p, &f[nf]) != 0) {
			*err = "time field is too large; write minutes, "
			    "HH:MM:SS or D-HH:MM:SS";
			return -1;
		}
		if (*p == '\0')
			break;
		p++;		/* the '-' or ':' */
		if (*p == '\0')	/* "N-" */
			break;
	}
	if (dash) {
		/* f[0] days, f[1] hours, f[2] minutes, f[3] seconds */
		secs = f[0] * 86400 + f[1] * 3600 + f[2] * 60 + f[3];
		if (t->negative)
			secs = -secs;
		t->form = colon == 0 ? JL_TF_DH : colon == 1 ? JL_TF_DHM :
		    JL_TF_DHMS;
	} else if (colon == 2) {
		secs = f[0] * 3600 + f[1] * 60 + f[2];
		t->form = JL_TF_HMS;
	} else {
		secs = f[0] * 60 + f[1];
		t->form = colon == 1 ? JL_TF_MS : JL_TF_M;
	}
	/* time_str2mins() adds 59 in an int before dividing */
	if (secs > INT32_LIMIT - 59 || secs < -INT32_LIMIT) {
		*err = "time is too large: Slurm counts seconds in an int (at "
		    "most 24855 days)";
		return -1;
	}
	if (secs == 0) {
		t->zero = 1;
		t->minutes = JL_TIME_INFINITE;
		t->seconds = 0;
		return 0;
	}
	t->seconds = secs;
	t->minutes = (secs + 59) / 60;	/* C division, as time_str2mins() */
	return 0;
}

/*
 * Sizes: str_to_mbytes() in src/common/proc_args.c.
 */
int
jl_val_mem(const char *s, uint64_t *mb, const char **err)
{
	struct num	 n;
	const char	*u;
	int64_t		 v;
	int		 c;

	*mb = 0;
	if (s == NULL || *s == '\0') {
		*err = "empty size; write e.g. 4G or 4096 (megabytes)";
		return -1;
	}
	scan_num(s, &n);
	if (n.ovf) {
		*err = "size is too large";
		return -1;
	}
	if (n.ndig == 0) {
		u = s;
		while (is_space((unsigned char)*u) || *u == '+' || *u == '-')
			u++;
		if (*u == '.')
			*err = "decimal sizes are not accepted; write 1536M "
			    "instead of 1.5G";
		else
			*err = "a size must start with a number; write e.g. "
			    "4G or 4096M";
		return -1;
	}
	if (n.v < 0) {
		*err = "sizes cannot be negative; write e.g. 4G";
		return -1;
	}
	v = n.v;
	u = n.end;
	c = (unsigned char)u[0];
	if (c == '\0') {
		*mb = (uint64_t)v;
		return 0;
	}
	if (strchr("kKmMgGtT", c) != NULL &&
	    (u[1] == '\0' ||
	    ((u[1] == 'B' || u[1] == 'b') && u[2] == '\0'))) {
		switch (to_lower(c)) {
		case 'k':
			/* (v + 1023) / 1024 in a long long */
			if (v > INT64_MAX - 1023) {
				*err = "size is too large";
				return -1;
			}
			v = (v + 1023) / 1024;
			break;
		case 'm':
			break;
		case 'g':
			if (v > INT64_MAX / 1024) {
				*err = "size is too large";
				return -1;
			}
			v *= 1024;
			break;
		case 't':
			if (v > INT64_MAX / (1024 * 1024)) {
				*err = "size is too large";
				return -1;
			}
			v *= 1024 * 1024;
			break;
		}
		*mb = (uint64_t)v;
		return 0;
	}
	if (c == '.' || c == ',')
		*err = "decimal sizes are not accepted; write 1536M instead "
		    "of 1.5G";
	else if (is_space(c))
		*err = "spaces are not allowed in a size; write e.g. 16G";
	else if (c == 'p' || c == 'P')
		*err = "\"P\" is not a size unit (K, M, G, T)";
	else if (c == 'e' || c == 'E')
		*err = "\"E\" is not a size unit (K, M, G, T)";
	else if (c == 'b' || c == 'B')
		*err = "\"B\" alone is not a size unit; write megabytes or "
		    "add K, M, G or T";
	else if (strchr("kKmMgGtT", c) != NULL && (u[1] == 'i' || u[1] == 'I'))
		*err = "binary suffixes like GiB are not accepted; write 16G "
		    "(1G is 1024M already)";
	else if (strchr("kKmMgGtT", c) != NULL)
		*err = "nothing may follow the unit; write e.g. 16G or 16GB";
	else
		*err = "unknown size unit; use K, M, G or T (the default is "
		    "M)";
	return -1;
}

/*
 * parse_int() in src/common/proc_args.c.
 */
int
jl_val_int(const char *s, int positive, int64_t *out, const char **err)
{
	struct num	n;

	*out = 0;
	if (s == NULL) {
		*err = "missing number";
		return -1;
	}
	scan_num(s, &n);
	if (*n.end != '\0') {
		if (is_space((unsigned char)*n.end))
			*err = "spaces are not allowed after a number; write "
			    "digits only, e.g. 4";
		else if (n.ndig > 0 && strchr(".eE", *n.end) != NULL)
			*err = "write a plain whole number, e.g. 1000, not "
			    "1e3 or 1.5";
		else if (n.ndig > 0 && strchr("kKmMgG", *n.end) != NULL)
			*err = "unit suffixes are not accepted; write a plain "
			    "whole number, e.g. 1024";
		else
			*err = "not a whole number; write digits only, e.g. 4";
		return -1;
	}
	if (n.ovf || n.v > INT32_LIMIT) {
		*err = "number is too large";
		return -1;
	}
	if (n.v < 0) {
		*err = "number must not be negative";
		return -1;
	}
	if (positive && n.v == 0) {
		*err = "number must be greater than 0";
		return -1;
	}
	*out = n.v;
	return 0;
}

/*
 * -N/--nodes: verify_node_count() and _str_to_nodes() in proc_args.c.
 * The text before the first '-' is the minimum, the rest the maximum.
 * A ',' or ':' left here is 22.05's refusal: 23.02 and later read a value
 * with either as a set of counts (node_set()) before this.
 */
static int
node_count(const char *s, size_t len, int64_t *num, const char **err)
{
	struct num	 n;
	const char	*e = s + len, *p;
	int64_t		 v;

	scan_num_n(s, len, &n);
	if (n.ndig == 0) {
		*num = -1;
		p = s;
	} else {
		v = n.v;
		p = n.end;
		if (n.ovf) {
			*err = "node count is too large";
			return -1;
		}
		if (p < e && (*p == 'k' || *p == 'K')) {
			if (v > INT32_LIMIT || v < -INT32_LIMIT) {
				*err = "node count is too large";
				return -1;
			}
			v *= 1024;
			p++;
		}
		if (p < e && (*p == 'm' || *p == 'M')) {
			if (v > INT32_LIMIT || v < -INT32_LIMIT) {
				*err = "node count is too large";
				return -1;
			}
			v *= 1024 * 1024;
			p++;
		}
		if (v > INT32_LIMIT || v < -INT32_LIMIT) {
			*err = "node count is too large";
			return -1;
		}
		*num = v;
	}
	if (!all_space_n(p, (size_t)(e - p))) {
		if (*p == ',')
			*err = "node count lists need Slurm 23.02; in 22.05 "
			    "write N or MIN-MAX, e.g. 2-4";
		else if (*p == ':')
			*err = "node count steps need Slurm 23.02; in 22.05 "
			    "write N or MIN-MAX, e.g. 2-4";
		else
			*err = "not a node count; write N or MIN-MAX, e.g. 2 "
			    "or 2-4";
		return -1;
	}
	return 0;
}

/* How to write a node count, when any release may read it. */
#define NODE_SET_HOW	"write N or MIN-MAX, or from Slurm 23.02 a list " \
			"such as 1,2,4,8 or MIN-MAX:STEP such as 1-15:4"

/*
 * 23.02 and later, a value with ',' or ':' (verify_node_count()): first
 * every strtok_r(",-:") token must be a whole strtol() number (blanks
 * and '+' before it; from 24.11 below MAX_JOB_SIZE_BITMAP, 16384); then
 * bit_unfmt() -> bitfmt2int() reads the text once more.  Without ':' it
 * is a list: digits add up, '-' makes what came before the start of a
 * range, ',' and the end close an element (an empty one is 0-0, bit 0;
 * a ',' first ends the reading with nothing set), any other character is
 * skipped, and a range written backwards sets nothing (bit_nset()).  With
 * ':' the whole text must be strtol '-' strtol ':' strtol: MIN-MAX:STEP,
 * MAX >= MIN, STEP > 0, setting MIN, MIN+STEP, ... below MAX (1-15:4 is
 * 1,5,9,13).  A negative count is refused (inx2bitstr()).  min_nodes and
 * max_nodes are the first and last count set (bit_ffs, bit_fls); none
 * set leaves them -1, which _opt_verify() refuses ("invalid number of
 * nodes").  Counts above INT32_MAX are refused as too large before 24.11
 * (Slurm would allocate a bitmap that size and truncate to int32).
 */
static int
node_set(const char *s, unsigned rel, int64_t *min, int64_t *max,
    const char **err)
{
	const char	*p, *tok;
	struct num	 n;
	int64_t		 sum = 0, start = -1, lo = -1, hi = -1;
	int64_t		 a, b, step;
	size_t		 len;

	for (p = s; *p != '\0'; ) {
		p += strspn(p, ",-:");
		if (*p == '\0')
			break;
		tok = p;
		len = strcspn(p, ",-:");
		p += len;
		scan_num_n(tok, len, &n);
		if (n.ndig == 0 || n.end != tok + len) {
			*err = "not a node count; " NODE_SET_HOW;
			return -1;
		}
		if (rel >= 2411 && n.v >= 16384) {
			*err = "a node count in a list or step must be below "
			    "16384; write a smaller count";
			return -1;
		}
		if (n.ovf || n.v > INT32_LIMIT) {
			*err = "node count is too large";
			return -1;
		}
	}
	if (strchr(s, ':') == NULL) {
		for (p = s; ; p++) {
			if (is_digit((unsigned char)*p))
				sum = sum * 10 + (*p - '0');
			else if (*p == '-') {
				start = sum;
				sum = 0;
			} else if (*p == ',' || *p == '\0') {
				if (p == s)
					break;
				if (start == -1)
					start = sum;
				if (start <= sum) {
					if (lo < 0 || start < lo)
						lo = start;
					if (sum > hi)
						hi = sum;
				}
				start = -1;
				sum = 0;
			}
			if (*p == '\0')
				break;
		}
	} else {
		scan_num(s, &n);
		a = n.v;
		p = n.ndig ? n.end : s;
		b = 0;
		if (*p == '-') {
			scan_num(p + 1, &n);
			b = n.v;
			p = n.ndig ? n.end : p + 1;
		} else
			p = "";		/* no '-': refused below */
		if (*p != ':') {
			*err = "a node count step is written MIN-MAX:STEP, "
			    "and a list has no ':'; " NODE_SET_HOW;
			return -1;
		}
		scan_num(p + 1, &n);
		step = n.v;
		p = n.ndig ? n.end : p + 1;
		if (*p != '\0' || b < a || step <= 0) {
			*err = "a node count step MIN-MAX:STEP needs "
			    "MIN <= MAX and STEP > 0; " NODE_SET_HOW;
			return -1;
		}
		if (a < b) {
			if (a < 0) {
				*err = "node counts must not be negative; "
				    NODE_SET_HOW;
				return -1;
			}
			lo = a;
			hi = a + (b - 1 - a) / step * step;
		}
	}
	if (lo < 0) {
		*err = "the list or step sets no node count; " NODE_SET_HOW;
		return -1;
	}
	*min = lo;
	*max = hi;
	return 0;
}

int
jl_val_nodes_rel(const char *s, unsigned rel, int64_t *min, int64_t *max,
    const char **err)
{
	const char	*dash;
	size_t		 len;

	*min = *max = 0;
	if (s == NULL) {
		*err = "missing node count; write N or MIN-MAX, e.g. 2 or 2-4";
		return -1;
	}
	if (rel >= 2302 && (strchr(s, ',') != NULL || strchr(s, ':') != NULL))
		return node_set(s, rel, min, max, err);
	len = strlen(s);
	if ((dash = strchr(s, '-')) != NULL) {
		if (node_count(s, (size_t)(dash - s), min, err) != 0)
			return -1;
		if (*min < 0)
			*min = 1;	/* "-4": the minimum defaults to 1 */
		if (node_count(dash + 1, len - (size_t)(dash + 1 - s), max,
		    err) != 0)
			return -1;
		if (*max != 0 && *max < *min) {
			if (all_space_n(dash + 1, len - (size_t)(dash + 1 - s)))
				*err = "the maximum node count is missing; "
				    "write MIN-MAX, e.g. 2-4";
			else
				*err = "the maximum node count is below the "
				    "minimum; write MIN-MAX with MIN <= MAX";
			return -1;
		}
		return 0;
	}
	if (node_count(s, len, min, err) != 0)
		return -1;
	if (*min < 0) {
		*err = "missing node count; write N or MIN-MAX, e.g. 2 or 2-4";
		return -1;
	}
	*max = *min;
	return 0;
}

/* 23.02 to 24.05 take every value another release takes. */
int
jl_val_nodes(const char *s, int64_t *min, int64_t *max, const char **err)
{
	return jl_val_nodes_rel(s, 2302, min, max, err);
}

/*
 * GRES: gres_prepend_tres_type(), _get_next_gres(), _is_valid_number()
 * (src/common/gres.c) and suffix_mult() (slurm_protocol_defs.c).
 */
static uint64_t
suffix_mult(const char *s)
{
	static const struct {
		const char	*name;
		uint64_t	 mult;
	} sfx[] = {
		{ "k", 1024ULL }, { "kib", 1024ULL }, { "kb", 1000ULL },
		{ "m", 1048576ULL }, { "mib", 1048576ULL },
		{ "mb", 1000000ULL },
		{ "g", 1073741824ULL }, { "gib", 1073741824ULL },
		{ "gb", 1000000000ULL },
		{ "t", 1099511627776ULL }, { "tib", 1099511627776ULL },
		{ "tb", 1000000000000ULL },
		{ "p", 1125899906842624ULL }, { "pib", 1125899906842624ULL },
		{ "pb", 1000000000000000ULL },
	};
	size_t	i;

	if (*s == '\0')
		return 1;
	for (i = 0; i < JL_NITEMS(sfx); i++)
		if (ci_eq(s, sfx[i].name))
			return sfx[i].mult;
	return 0;
}

/*
 * _is_valid_number(): 1 and *value when tok is a count (strtoull digits,
 * then a suffix_mult() suffix, possibly with no digits at all: "k" is 0),
 * 0 when it is not (so a lone colon field is a type), -1 with *err for a
 * negative or too large count.  *plain: only digits were written.
 */
static int
gres_number(const char *tok, int64_t *value, int *plain, const char **err)
{
	struct num	 n;
	uint64_t	 mult;

	scan_num(tok, &n);
	if ((mult = suffix_mult(n.end)) == 0)
		return 0;
	*plain = n.ndig > 0 && *n.end == '\0' && is_digit((unsigned char)*tok);
	if (n.neg && n.v != 0) {
		*err = "gres count cannot be negative; write "
		    "name[:type][:count], e.g. gpu:2";
		return -1;
	}
	if (n.ovf || (n.v != 0 && mult > (uint64_t)INT64_MAX / (uint64_t)n.v)) {
		*err = "gres count is too large";
		return -1;
	}
	*value = n.v * (int64_t)mult;
	return 1;
}

static const char *
gres_msg(int gpus, int which)
{
	static const char *const m[2][6] = { {
		"empty gres type or count; write name[:type][:count], e.g. "
		    "gpu:a100:2",
		"gres count is not a number; write name:type:count, e.g. "
		    "gpu:a100:2",
		"too many ':' in gres; write name[:type][:count], e.g. "
		    "gpu:a100:2",
		"empty gres name; write name[:type][:count], e.g. gpu:2",
		"a gres/ prefix is not accepted by Slurm 22.05; write gpu:2, "
		    "not gres/gpu:2",
		"gres names cannot contain '/'; write name[:type][:count], "
		    "e.g. gpu:2",
	}, {
		"empty gpu type or count; write [type:]count, e.g. a100:2",
		"gpu count is not a number; write [type:]count, e.g. a100:2",
		"too many ':' in a gpu request; write [type:]count, e.g. "
		    "a100:2",
		"empty gres name; write [type:]count, e.g. a100:2",
		"a gres/ prefix is not accepted by Slurm 22.05; write "
		    "[type:]count, e.g. a100:2",
		"gres names cannot contain '/'; write [type:]count, e.g. "
		    "a100:2",
	} };

	return m[gpus ? 1 : 0][which];
}

/*
 * Walk a "gres:..." TRES string the way _get_next_gres() does.  buf is an
 * arena copy that is cut in place.  gpus selects messages and the trap
 * rule for --gpus.
 */
static int
gres_walk(struct jl_arena *a, char *buf, int gpus, struct jl_gres_list *l,
    const char **err)
{
	char		*save = buf, *name, *comma, *sep, *sep2, *type;
	size_t		 cap = 1;
	int64_t		 value;
	int		 plain, rc, numeric;
	struct jl_gres	*g;

	for (sep = buf; *sep != '\0'; sep++)
		if (*sep == ',')
			cap++;
	if ((l->items = jl_arena_alloc(a, cap * sizeof(*l->items))) == NULL) {
		*err = "out of memory";
		return -1;
	}
	while (*save != '\0') {
		/* strstr(save, "gres:"), which every element starts with
		 * (the first byte first: this runs at every byte) */
		for (sep = save; *sep != '\0' && (*sep != 'g' ||
		    strncmp(sep, "gres:", 5) != 0); sep++)
			;
		if (*sep == '\0')
			break;		/* "is not a gres": rest ignored */
		name = sep + 5;
		for (comma = name; *comma != '\0' && *comma != ','; comma++)
			;
		if (*comma == ',') {
			*comma = '\0';
			save = comma + 1;
		} else
			save = comma;
		if (*name == '\0') {	/* nothing but a comma */
			l->nempty++;
			continue;
		}
		sep2 = NULL;
		if ((sep = strchr(name, ':')) != NULL) {
			*sep++ = '\0';
			if ((sep2 = strchr(sep, ':')) != NULL)
				*sep2++ = '\0';
		}
		type = NULL;
		value = 1;
		plain = 0;
		numeric = 0;
		if (sep2 != NULL) {		/* name:type:count */
			if (*sep == '\0' || *sep2 == '\0') {
				*err = gres_msg(gpus, 0);
				return -1;
			}
			type = sep;
			if ((rc = gres_number(sep2, &value, &plain, err)) < 0)
				return -1;
			if (rc == 0) {
				*err = gres_msg(gpus,
				    strchr(sep2, ':') != NULL ? 2 : 1);
				return -1;
			}
			numeric = 1;
		} else if (sep != NULL) {	/* name:count or name:type */
			if (*sep == '\0') {
				*err = gres_msg(gpus, 0);
				return -1;
			}
			if ((rc = gres_number(sep, &value, &plain, err)) < 0)
				return -1;
			if (rc == 0) {
				type = sep;
				value = 1;
			} else
				numeric = 1;
		}
		if (value == 0) {
			l->ndropped++;
			continue;
		}
		/* The GRES name lookup of _get_next_gres(). */
		if (*name == '\0') {
			*err = gres_msg(gpus, 3);
			return -1;
		}
		if (strchr(name, '/') != NULL) {
			*err = gres_msg(gpus,
			    strncmp(name, "gres/", 5) == 0 ? 4 : 5);
			return -1;
		}
		g = &l->items[l->n++];
		g->name = name;
		g->type = type;
		g->count = value;
		g->implicit = !numeric;
		if (numeric && plain && value >= 100 && strcmp(name, "gpu") == 0 &&
		    (gpus ? (type == NULL || strcmp(type, "gpu") == 0) :
		    type == NULL))
			g->numeric_type_trap = 1;
	}
	return 0;
}

int
jl_val_gres(struct jl_arena *a, const char *s, struct jl_gres_list *l,
    const char **err)
{
	size_t		 len, n, i, o;
	char		*buf, *out;

	memset(l, 0, sizeof(*l));
	if (s == NULL) {
		*err = "missing gres; write name[:type][:count], e.g. gpu:2";
		return -1;
	}
	/* arg_set_gres() */
	if (ci_eq(s, "help") || ci_eq(s, "list")) {
		l->help = 1;
		return 0;
	}
	if (ci_eq(s, "none")) {
		l->none = 1;
		return 0;
	}
	/* gres_prepend_tres_type(): "gres:" before every element ... */
	len = strlen(s);
	for (n = 1, i = 0; i < len; i++)
		if (s[i] == ',')
			n++;
	if ((buf = jl_arena_alloc(a, len + 5 * n + 1)) == NULL ||
	    (out = jl_arena_alloc(a, len + 5 * n + 1)) == NULL) {
		*err = "out of memory";
		return -1;
	}
	memcpy(buf, "gres:", 5);
	for (o = 5, i = 0; i < len; i++) {
		buf[o++] = s[i];
		if (s[i] == ',') {
			memcpy(buf + o, "gres:", 5);
			o += 5;
		}
	}
	buf[o] = '\0';
	/* ... then every "gres:gres:" becomes "gres:", left to right. */
	for (o = 0, i = 0; buf[i] != '\0'; ) {
		if (buf[i] == 'g' && strncmp(buf + i, "gres:gres:", 10) == 0) {
			memcpy(out + o, "gres:", 5);
			o += 5;
			i += 10;
		} else
			out[o++] = buf[i++];
	}
	out[o] = '\0';
	return gres_walk(a, out, 0, l, err);
}

int
jl_val_gpus(struct jl_arena *a, const char *s, struct jl_gres_list *l,
    const char **err)
{
	size_t		 len, n, i, o;
	char		*buf;
	int		 intok = 0;

	memset(l, 0, sizeof(*l));
	if (s == NULL) {
		*err = "missing gpu count; write [type:]count, e.g. a100:2";
		return -1;
	}
	/* xfmt_tres(): each strtok() token becomes "gres:gpu:<tok>". */
	len = strlen(s);
	for (n = 1, i = 0; i < len; i++)
		if (s[i] == ',')
			n++;
	if ((buf = jl_arena_alloc(a, len + 9 * n + 1)) == NULL) {
		*err = "out of memory";
		return -1;
	}
	for (o = 0, i = 0; i < len; i++) {
		if (s[i] == ',') {
			intok = 0;
			continue;
		}
		if (!intok) {
			if (o > 0)
				buf[o++] = ',';
			memcpy(buf + o, "gres:gpu:", 9);
			o += 9;
			intok = 1;
		}
		buf[o++] = s[i];
	}
	buf[o] = '\0';
	return gres_walk(a, buf, 1, l, err);
}

/*
 * --array: _valid_array_inx() and _parse_array_tok() in
 * src/slurmctld/job_mgr.c, throttle from _create_job_array().
 */
struct arr_tok {
	int64_t	first, last, step;
};

static int
array_tok(const char *tok, size_t len, int64_t max, struct arr_tok *t,
    const char **err)
{
	static const char junk[] = "invalid array index list; write e.g. "
	    "0-15, 1,3,5 or 0-15:4, optionally with %N";
	const char	*e = tok + len, *p = tok;
	struct num	 n;

	t->step = 1;
	if (p < e && *p == '[')
		p++;
	scan_num_n(p, (size_t)(e - p), &n);
	t->first = n.v;
	p = n.end;
	if (p < e && *p == ']')
		p++;
	if (t->first < 0) {
		*err = "array indices cannot be negative";
		return -1;
	}
	if (p < e && *p == '-') {
		p++;
		scan_num_n(p, (size_t)(e - p), &n);
		t->last = n.v;
		p = n.end;
		if (p < e && *p == ']')
			p++;
		if (p < e && *p == ':') {
			p++;
			scan_num_n(p, (size_t)(e - p), &n);
			t->step = n.v;
			p = n.end;
			if (p < e && *p == ']')
				p++;
			if (p < e && *p != '%') {
				*err = junk;
				return -1;
			}
			if (t->step <= 0 || t->step >= max) {
				*err = "array step must be at least 1 and "
				    "below MaxArraySize";
				return -1;
			}
		} else if (p < e && *p != '%') {
			*err = junk;
			return -1;
		}
		if (t->last < t->first) {
			*err = "array range ends below its start; write "
			    "START-END with START <= END";
			return -1;
		}
	} else if (p < e && *p != '%') {
		*err = junk;
		return -1;
	} else
		t->last = t->first;
	if (t->last >= max) {
		*err = "array index too large: indices must be below "
		    "MaxArraySize";
		return -1;
	}
	/* The largest index actually set. */
	t->last = t->first + (t->last - t->first) / t->step * t->step;
	return 0;
}

/* strtok(s, ","): the next non-empty token at or after *pp. */
static int
next_tok(const char **pp, const char **tok, size_t *len)
{
	const char	*p = *pp, *q;

	while (*p == ',')
		p++;
	if (*p == '\0')
		return 0;
	for (q = p; *q != '\0' && *q != ','; q++)
		;
	*tok = p;
	*len = (size_t)(q - p);
	*pp = q;
	return 1;
}

#define ARRAY_WIN	65536		/* bits per counting window (8 KiB) */
#define ARRAY_WORK	(1L << 24)	/* steps before giving up exactness */

/* Distinct indices of all tokens, counted window by window. */
static int64_t
array_count(const char *s, int64_t max, int64_t hi, int *exact)
{
	uint64_t	 bm[ARRAY_WIN / 64];
	struct arr_tok	 t;
	const char	*p, *tok, *err;
	size_t		 len, w, nw;
	int64_t		 base, top, i, lo, up, total = 0;
	long		 work = 0;

	for (base = 0; base <= hi; base += ARRAY_WIN) {
		top = base + ARRAY_WIN - 1;
		/* No index is above hi: only the words up to it are used
		 * (most arrays are small: one 8 KiB memset per array was
		 * 1.5% of jlbench). */
		nw = (size_t)(((top < hi ? top : hi) - base) / 64 + 1);
		memset(bm, 0, nw * sizeof(bm[0]));
		work += ARRAY_WIN / 64;	/* the bound as before */
		p = s;
		while (next_tok(&p, &tok, &len)) {
			(void)array_tok(tok, len, max, &t, &err);
			work += (long)len;
			if (work > ARRAY_WORK) {
				*exact = 0;
				return -1;
			}
			if (t.last < base || t.first > top)
				continue;
			if (t.step == 1) {
				lo = t.first > base ? t.first : base;
				up = t.last < top ? t.last : top;
				for (i = lo - base; i <= up - base; ) {
					if ((i & 63) == 0 && i + 63 <= up - base) {
						bm[i >> 6] = ~(uint64_t)0;
						i += 64;
					} else {
						bm[i >> 6] |= (uint64_t)1 << (i & 63);
						i++;
					}
					work++;
				}
			} else {
				lo = t.first;
				if (lo < base)
					lo += (base - lo + t.step - 1) /
					    t.step * t.step;
				for (i = lo; i <= t.last && i <= top;
				    i += t.step) {
					bm[(i - base) >> 6] |= (uint64_t)1 <<
					    ((i - base) & 63);
					work++;
				}
			}
			if (work > ARRAY_WORK) {
				*exact = 0;
				return -1;
			}
		}
		for (w = 0; w < nw; w++)
			if (bm[w] != 0)		/* most are: bench/ */
				total += __builtin_popcountll(bm[w]);
	}
	*exact = 1;
	return total;
}

int
jl_val_array(const char *s, int64_t max, struct jl_array *ar,
    const char **err)
{
	struct arr_tok	 t;
	struct num	 n;
	const char	*p, *tok, *pct;
	size_t		 len;
	int64_t		 sum = 0, lo = -1, hi = -1, c;
	int		 any = 0;

	memset(ar, 0, sizeof(*ar));
	ar->min_index = ar->max_index = -1;
	ar->exact = 1;
	if (s == NULL || *s == '\0')
		return 0;		/* no array at all */
	if (max <= 0) {
		*err = "job arrays are disabled on this cluster "
		    "(MaxArraySize=0)";
		return -1;
	}
	p = s;
	while (next_tok(&p, &tok, &len)) {
		if (array_tok(tok, len, max, &t, err) != 0)
			return -1;
		if (!any || t.first < lo)
			lo = t.first;
		if (!any || t.last > hi)
			hi = t.last;
		any = 1;
		sum += (t.last - t.first) / t.step + 1;
	}
	if (!any)
		return 0;		/* only commas: no array either */
	ar->min_index = lo;
	ar->max_index = hi;
	if ((c = array_count(s, max, hi, &ar->exact)) < 0)
		c = sum;
	ar->ntasks = c;
	/* max_run_tasks = atoi(strchr(array_inx, '%') + 1), if > 0 */
	if ((pct = strchr(s, '%')) != NULL) {
		scan_num(pct + 1, &n);
		c = as_int32(n.v);
		if (c > 0)
			ar->throttle = c;
	}
	return 0;
}

int64_t
jl_max_array_tasks(const char *sp, int64_t max_array_size)
{
	static const char	 key[] = "max_array_tasks=";
	const char		*k = NULL, *p;
	uint64_t		 v = 0;
	size_t			 i;
	uint32_t		 n;
	int			 neg = 0, big = 0;

	/* xstrcasestr(): the first match, any case. */
	for (p = sp; p != NULL && *p != '\0' && k == NULL; p++) {
		for (i = 0; key[i] != '\0' && to_lower((unsigned char)p[i]) ==
		    key[i]; i++)
			;
		if (key[i] == '\0')
			k = p + i;
	}
	if (k == NULL)
		return max_array_size;
	/* atoi(): (int)strtol(), which saturates at LONG_MIN/LONG_MAX;
	 * then stored in a uint32_t: the low 32 bits. */
	while (*k == ' ' || (*k >= '\t' && *k <= '\r'))
		k++;
	if (*k == '-' || *k == '+')
		neg = *k++ == '-';
	for (; *k >= '0' && *k <= '9'; k++) {
		if (v > (UINT64_MAX - 9) / 10)
			big = 1;
		else
			v = v * 10 + (uint64_t)(*k - '0');
	}
	if (big || v > (uint64_t)INT64_MAX)
		v = neg ? (uint64_t)1 << 63 : (uint64_t)INT64_MAX;
	else if (neg)
		v = (uint64_t)0 - v;
	n = (uint32_t)v;
	return (int64_t)n < max_array_size ? (int64_t)n : max_array_size;
}

/*
 * --signal: get_signal_opts() and sig_name2num() in proc_args.c.
 */
static const struct {
	const char	*name;
	int		 signo;
} sigtab[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ABRT", SIGABRT }, { "KILL", SIGKILL }, { "ALRM", SIGALRM },
	{ "TERM", SIGTERM }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
	{ "URG", SIGURG }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "XCPU", SIGXCPU },
};

int
jl_val_signal(const char *s, int sbatch, struct jl_signal *sg,
    const char **err)
{
	const char	*p, *at, *q, *e;
	struct num	 n;
	size_t		 len, i, nl;
	int64_t		 v;

	memset(sg, 0, sizeof(*sg));
	sg->secs = 60;
	if (s == NULL) {
		*err = "missing signal; write e.g. USR1, B:USR1@120 or 10";
		return -1;
	}
	p = s;
	if (to_lower((unsigned char)*p) == 'r') {
		sg->reservation = 1;
		p++;
	}
	if (sbatch) {
		if (to_lower((unsigned char)*p) == 'b') {
			sg->batch_only = 1;
			p++;
		}
		if (to_lower((unsigned char)*p) == 'r') {	/* "BR" */
			sg->reservation = 1;
			p++;
		}
	}
	if (*p == ':')
		p++;
	at = strchr(p, '@');
	len = at != NULL ? (size_t)(at - p) : strlen(p);
	e = p + len;

	/* sig_name2num() on the text before '@' */
	scan_num_n(p, len, &n);
	if (n.ndig > 0) {
		if (!all_space_n(n.end, (size_t)(e - n.end))) {
			*err = "signal number must be a whole number, e.g. 10 "
			    "or USR1";
			return -1;
		}
		/* (uint16_t) of the (int) of the long */
		v = (int64_t)(uint16_t)(uint64_t)n.v;
		if (v == 0) {
			*err = "signal number must be 1-65535, e.g. 10 or USR1";
			return -1;
		}
		sg->signo = (int)v;
		sg->wrapped = n.v < 1 || n.v > 65535;
		for (i = 0; i < JL_NITEMS(sigtab); i++)
			if (sigtab[i].signo == sg->signo)
				sg->name = sigtab[i].name;
	} else {
		q = p;
		while (q < e && is_space((unsigned char)*q))
			q++;
		if (ci_ncmp_n(q, (size_t)(e - q), "SIG", 3))
			q += 3;
		for (i = 0; i < JL_NITEMS(sigtab); i++) {
			nl = strlen(sigtab[i].name);
			if (ci_ncmp_n(q, (size_t)(e - q), sigtab[i].name, nl) &&
			    (size_t)(e - q) >= nl &&
			    all_space_n(q + nl, (size_t)(e - q) - nl))
				break;
		}
		if (i == JL_NITEMS(sigtab)) {
			if (!sbatch && to_lower((unsigned char)*p) == 'b')
				*err = "the B: prefix is only accepted by "
				    "sbatch";
			else if (all_space_n(p, len))
				*err = "missing signal; write e.g. USR1, "
				    "B:USR1@120 or 10";
			else
				*err = "unknown signal; use a number or one of "
				    "HUP INT QUIT ABRT KILL ALRM TERM USR1 "
				    "USR2 URG CONT STOP TSTP TTIN TTOU XCPU";
			return -1;
		}
		sg->signo = sigtab[i].signo;
		sg->name = sigtab[i].name;
	}
	if (at == NULL)
		return 0;
	/* strtol(), 0..65535, nothing after it */
	scan_num(at + 1, &n);
	if (n.v < 0 || n.v > 65535) {
		*err = "signal time must be 0-65535 seconds, e.g. USR1@120";
		return -1;
	}
	if (*n.end != '\0') {
		*err = "signal time must be a whole number of seconds, e.g. "
		    "USR1@120";
		return -1;
	}
	sg->secs = (int)n.v;
	return 0;
}

/*
 * --dependency: update_job_dependency(), _parse_dependency_jobid_new(),
 * _parse_dependency_jobid_old(), _parse_depend_state() and
 * _xlate_array_dep() in src/slurmctld/job_scheduler.c, bitfmt2int() and
 * inx2bitstr() in src/common/bitstring.c.
 *
 * Slurm first rewrites every "<jobid>_[list]" into "<jobid>_t1:<jobid>_t2
 * ..." and then parses the result.  Rather than build that string, the
 * walk below reads the original and treats such a bracket (a "region") as
 * a job id followed by its expansion; helpers that search ahead skip
 * regions, whose expansion holds no '(' or ')', and holds ':' only when it
 * has two or more tasks.
 */
/*
 * The answer of the last forward search for one character: the parse only
 * moves forward, so a search from any pos in [from, at] (or from any pos
 * >= from when nothing was found) has the same answer.  This keeps the
 * walk linear where Slurm's strchr() per job id is quadratic.
 */
struct dep_seen {
	int	valid, kind;		/* kind 0: not found */
	size_t	from, at;
};

struct dep_ctx {
	const char	*s;
	int64_t		 max;		/* MaxArraySize */
	int		 xlate;		/* regions are expanded */
	size_t		 last_rb;	/* index of the last ']', or 0 */
	struct dep_seen	 seen[3];	/* '(', ')', ':' */
	struct jl_dep	*d;
};

/*
 * bit_unfmt() of a bracket's contents [p, e) into a MaxArraySize bitmap:
 * *ntask is 0 when the expansion fails or sets no bit, else 1 or 2 (two
 * or more).
 */
static void
dep_bitfmt(const char *p, const char *e, int64_t max, int *ntask)
{
	struct num	 a, b, c;
	const char	*q;
	int64_t		 start = -1, sum = 0, lo = -1, hi = -1;
	int		 colon = 0;

	*ntask = 0;
	for (q = p; q < e; q++)
		if (*q == ':')
			colon = 1;
	if (p == e)
		return;			/* "" sets no bit */
	if (colon) {
		/* "A-B:S" exactly; tasks A, A+S, ... below B (not <= B) */
		scan_num_n(p, (size_t)(e - p), &a);
		if (a.end == e || *a.end != '-')
			return;
		scan_num_n(a.end + 1, (size_t)(e - a.end - 1), &b);
		if (b.end == e || *b.end != ':')
			return;
		scan_num_n(b.end + 1, (size_t)(e - b.end - 1), &c);
		if (c.end != e || b.v < a.v || c.v <= 0)
			return;
		if (a.v >= b.v || a.v < 0)
			return;		/* no pair, or a negative index */
		hi = a.v + (b.v - a.v - 1) / c.v * c.v;
		if (hi >= max)
			return;
		*ntask = hi > a.v ? 2 : 1;
		return;
	}
	/* "0-3,7": digits, '-' and ',' count; everything else is skipped */
	for (q = p; ; q++) {
		if (q < e && is_digit((unsigned char)*q)) {
			sum = sum * 10 + (*q - '0');
			if (sum > INT32_LIMIT)
				return;
		} else if (q < e && *q == '-') {
			start = sum;
			sum = 0;
		} else if (q == e || *q == ',') {
			if (q == p)
				break;
			if (start == -1)
				start = sum;
			if (start >= max || sum >= max)
				return;
			if (start <= sum) {
				if (lo == -1 || start < lo)
					lo = start;
				if (sum > hi)
					hi = sum;
			}
			start = -1;
			sum = 0;
			if (q == e)
				break;
		}
	}
	if (lo == -1)
		return;
	*ntask = hi > lo ? 2 : 1;
}

/*
 * If s[i] starts a region ("_[" right after a digit), its closing ']' and
 * task count; regions are only those _xlate_array_dep() would find.
 */
static int
dep_region(const struct dep_ctx *c, size_t i, size_t *close, int *ntask)
{
	const char	*s = c->s, *rb;

	if (!c->xlate || i == 0 || s[i] != '_' || s[i + 1] != '[' ||
	    !is_digit((unsigned char)s[i - 1]) || i + 2 > c->last_rb)
		return 0;
	if ((rb = strchr(s + i + 2, ']')) == NULL)
		return 0;
	*close = (size_t)(rb - s);
	dep_bitfmt(s + i + 2, rb, c->max, ntask);
	return 1;
}

/*
 * _xlate_array_dep(): returns 1 when every region expands (use the
 * expanded string), 0 when there is none or one fails (Slurm then parses
 * the original text, where any "_[" in a job id is an error).
 */
static int
dep_xlate(struct dep_ctx *c)
{
	const char	*s = c->s, *rb;
	size_t		 i, close;
	int		 ntask, any = 0;

	if (strstr(s, "_[") == NULL || (rb = strrchr(s, ']')) == NULL)
		return 0;
	c->last_rb = (size_t)(rb - s);
	c->xlate = 1;
	for (i = 0; s[i] != '\0'; i++) {
		if (dep_region(c, i, &close, &ntask)) {
			if (ntask == 0) {
				c->xlate = 0;
				return 0;
			}
			any = 1;
			i = close;
		}
	}
	c->xlate = any;
	return any;
}

/*
 * strchr(s + pos, ch) on the expanded string.  Returns 0 when there is
 * none, 1 for a real ch at *at, and, for ':', 2 when the first ':' is
 * inside the expansion of the region that ends at *at.
 */
static int
dep_search(struct dep_ctx *c, size_t pos, int ch, size_t *at)
{
	struct dep_seen	*m = &c->seen[ch == '(' ? 0 : ch == ')' ? 1 : 2];
	size_t		 i, close;
	int		 ntask;

	if (m->valid && m->from <= pos && (m->kind == 0 || pos <= m->at)) {
		*at = m->at;
		return m->kind;
	}
	m->valid = 1;
	m->from = pos;
	m->kind = 0;
	for (i = pos; c->s[i] != '\0'; i++) {
		if (dep_region(c, i, &close, &ntask)) {
			if (ch == ':' && ntask >= 2) {
				m->kind = 2;
				m->at = close;
				break;
			}
			i = close;
			continue;
		}
		if (c->s[i] == ch) {
			m->kind = 1;
			m->at = i;
			break;
		}
	}
	*at = m->at;
	return m->kind;
}

/* _parse_depend_state(): an optional "(state)" found anywhere ahead. */
static int
dep_state(struct dep_ctx *c, size_t *pos, const char **err)
{
	size_t	open, paren;

	if (!dep_search(c, *pos, '(', &open))
		return 0;
	if (!dep_search(c, *pos, ')', &paren)) {
		*err = "'(' without ')' in the dependency; write e.g. "
		    "afterok:123(failed) or drop the state";
		return -1;
	}
	if (open != *pos || paren < open)
		c->d->ignored = 1;	/* text before the '(' is skipped */
	*pos = paren + 1;
	return 0;
}

/*
 * One job id: strtol, then "_*" or "_<task>", or a region, which stands
 * for all its tasks.  *end is the position after it.
 */
static int
dep_jobid(struct dep_ctx *c, size_t pos, size_t *end, const char **err)
{
	const char	*s = c->s;
	struct num	 n, t;
	size_t		 p, close;
	int		 ntask;

	scan_num(s + pos, &n);
	p = (size_t)(n.end - s);
	if (n.ndig == 0 || (n.v & 0xffffffff) == 0) {
		*err = "not a job id; write e.g. afterok:123 or afterok:123_4";
		return -1;
	}
	if (n.ovf || n.v < 1 || n.v > 0xffffffffLL) {
		*err = "job id must be a number from 1 to 4294967295";
		return -1;
	}
	c->d->njobs++;
	if (s[p] == '_') {
		if (dep_region(c, p, &close, &ntask))
			p = close + 1;	/* "_t1:<jobid>_t2...", all valid */
		else if (s[p + 1] == '*')
			p += 2;
		else {
			scan_num(s + p + 1, &t);
			p = t.ndig > 0 ? (size_t)(t.end - s) : p + 1;
		}
	}
	*end = p;
	return 0;
}

/* _parse_dependency_jobid_new(): job ids of one type; returns the stop. */
static int
dep_new(struct dep_ctx *c, size_t pos, int expand, int resumed, size_t *stop,
    const char **err)
{
	const char	*s = c->s;
	struct num	 n;
	size_t		 p = pos;
	int		 count = 0;

	for (;;) {
		if (!resumed) {
			if (dep_jobid(c, p, &p, err) != 0)
				return -1;
		}
		resumed = 0;
		if (s[p] != '\0' && s[p] != ',' && s[p] != '?' && s[p] != ':' &&
		    s[p] != '+' && s[p] != '(') {
			*err = "unexpected text after a job id; write "
			    "type:jobid[_task][+minutes][:jobid...], e.g. "
			    "afterok:123:456";
			return -1;
		}
		if (expand && count++ > 0) {
			*err = "expand takes exactly one job id";
			return -1;
		}
		if (s[p] == '+') {
			scan_num(s + p + 1, &n);
			if (n.v <= 0) {
				*err = "+minutes must be a positive number, "
				    "e.g. afterok:123+10";
				return -1;
			}
			if (n.v > INT32_LIMIT) {
				*err = "+minutes is too large";
				return -1;
			}
			p = (size_t)(n.end - s);
		}
		if (dep_state(c, &p, err) != 0)
			return -1;
		if (s[p] != ':')
			break;
		p++;
	}
	*stop = p;
	return 0;
}

int
jl_val_dep(const char *s, int64_t max, struct jl_dep *d, const char **err)
{
	static const struct {
		const char	*prefix;
		size_t		 len;	/* as compared by Slurm */
		int		 expand;
	} types[] = {
		{ "afternotok:", 11, 0 },
		{ "aftercorr:", 10, 0 },
		{ "afterany:", 9, 0 },
		{ "afterok:", 8, 0 },
		{ "afterburstbuffer:", 11, 0 },	/* only "afterburstb" */
		{ "after:", 6, 0 },
		{ "expand:", 7, 1 },
	};
	struct dep_ctx	 c;
	size_t		 pos = 0, at, i;
	int		 k, first = 1;

	memset(d, 0, sizeof(*d));
	if (s == NULL || *s == '\0' || strcmp(s, "0") == 0) {
		d->clear = 1;
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.max = max;
	c.d = d;
	(void)dep_xlate(&c);

	for (;;) {
		if (s[pos] == '\0' && !first) {
			*err = "empty dependency after ',' or '?'; remove the "
			    "trailing separator";
			return -1;
		}
		first = 0;
		if (ci_ncmp(s + pos, "singleton", 9)) {
			d->singleton = 1;
			pos += 9;
			if (dep_state(&c, &pos, err) != 0)
				return -1;
			if (s[pos] == ',') {
				d->and_sep = 1;
				pos++;
				continue;
			}
			if (s[pos] == '?') {
				d->or_sep = 1;
				pos++;
				continue;
			}
			if (s[pos] != '\0') {
				*err = "unexpected text after singleton; write "
				    "singleton or singleton,afterok:123";
				return -1;
			}
			return 0;
		}
		k = dep_search(&c, pos, ':', &at);
		if (k == 0 && is_digit((unsigned char)s[pos])) {
			/* old format: a bare job id list */
			d->legacy = 1;
			if (dep_jobid(&c, pos, &pos, err) != 0)
				return -1;
			if (s[pos] == ',') {
				d->and_sep = 1;
				pos++;
				continue;
			}
			if (s[pos] != '\0') {
				*err = "unexpected text in a bare job id list; "
				    "write 123,456 or afterok:123:456";
				return -1;
			}
			return 0;
		}
		if (k == 0) {
			*err = "a dependency needs type:jobid, e.g. afterok:123";
			return -1;
		}
		for (i = 0; i < JL_NITEMS(types); i++)
			if (ci_ncmp(s + pos, types[i].prefix, types[i].len))
				break;
		if (i == JL_NITEMS(types)) {
			*err = "unknown dependency type; use after, afterany, "
			    "afterok, afternotok, aftercorr, afterburstbuffer, "
			    "expand or singleton, e.g. afterok:123";
			return -1;
		}
		if (types[i].expand)
			d->expand = 1;
		/* the job ids start after the first ':' */
		if (dep_new(&c, at + 1, types[i].expand, k == 2, &pos,
		    err) != 0)
			return -1;
		if (s[pos] == ',') {
			d->and_sep = 1;
			pos++;
		} else if (s[pos] == '?') {
			d->or_sep = 1;
			pos++;
		} else {
			if (s[pos] != '\0')
				d->ignored = 1;
			return 0;
		}
	}
}

int
jl_val_dependency(const char *s, const char **err)
{
	struct jl_dep	d;

	return jl_val_dep(s, 1001, &d, err);
}

/*
 * --exclusive: arg_set_exclusive() in src/common/slurm_opt.c; "topo"
 * (JOB_SHARED_TOPO) from 24.05, "allocation" (JOB_SHARED_NONE, srun's
 * difference) from 26.05.
 */
int
jl_val_exclusive_rel(const char *s, unsigned rel, int *shared,
    const char **err)
{
	*shared = 0;
	if (s == NULL || ci_eq(s, "exclusive"))
		*shared = 0;
	else if (ci_eq(s, "oversubscribe"))
		*shared = 1;
	else if (ci_eq(s, "user"))
		*shared = 2;
	else if (ci_eq(s, "mcs"))
		*shared = 3;
	else if (ci_eq(s, "topo") && rel >= 2405)
		*shared = 4;
	else if (ci_eq(s, "allocation") && rel >= 2605)
		*shared = 0;
	else {
		if (ci_eq(s, "topo"))
			*err = "--exclusive=topo needs Slurm 24.05; write "
			    "--exclusive, --exclusive=user or --exclusive=mcs";
		else if (ci_eq(s, "allocation"))
			*err = "--exclusive=allocation needs Slurm 26.05; "
			    "write --exclusive, which is the same for sbatch";
		else
			*err = "unknown --exclusive value; write --exclusive, "
			    "--exclusive=user or --exclusive=mcs";
		return JL_VAL_REFUSED;
	}
	return JL_VAL_OK;
}

/* 26.05 takes every value another release takes. */
int
jl_val_exclusive(const char *s, int *shared, const char **err)
{
	return jl_val_exclusive_rel(s, 2605, shared, err);
}

/*
 * Output patterns: fname_create(), _create_batch_fname(),
 * _batch_path_check(), fname_single_task_io() and remove_path_slashes()
 * in src/slurmd/common/fname.c.
 */
void
jl_val_pattern(const char *s, struct jl_pattern *pt)
{
	const char	*p;
	struct num	 n;

	memset(pt, 0, sizeof(*pt));
	if (s == NULL)
		return;
	if (ci_eq(s, "none")) {
		pt->none = 1;
		return;
	}
	pt->escaped = strchr(s, '\\') != NULL;
	/* fname_single_task_io(): strtoul() reads the whole string */
	scan_num(s, &n);
	if (n.ndig > 0 && *n.end == '\0' && !n.ovf && as_int32(n.v) >= 0)
		pt->task_number = 1;
	for (p = s; *p != '\0'; ) {
		if (*p != '%') {
			p++;
			continue;
		}
		if (p[1] == '%') {		/* "%%" is a literal '%' */
			p += 2;
			continue;
		}
		p++;
		if (is_digit((unsigned char)*p)) {	/* %<width><c> */
			while (is_digit((unsigned char)*p))
				p++;
			if (*p == '\0') {
				pt->unknown = 1;
				break;
			}
		}
		switch (*p) {
		case 'a':
			pt->has_a = 1;
			break;
		case 'A':
			pt->has_A = 1;
			break;
		case 'j':
		case 'J':
			pt->has_j = 1;
			break;
		case 'n':
			pt->has_n = 1;
			break;
		case 'N':
			pt->has_N = 1;
			break;
		case 's':
			pt->has_s = 1;
			break;
		case 't':
			pt->has_t = 1;
			break;
		case 'u':
			pt->has_u = 1;
			break;
		case 'x':
			pt->has_x = 1;
			break;
		default:
			/* left verbatim; the character is read again */
			pt->unknown = 1;
			continue;
		}
		p++;
	}
}

/*
 * --mail-type: parse_mail_type() in proc_args.c and arg_set_mail_type().
 */
int
jl_val_mail(const char *s, struct jl_mail *m, const char **err)
{
	static const struct {
		const char	*name;
		unsigned	 bits;
	} mt[] = {
		{ "ARRAY_TASKS", JL_MAIL_ARRAY_TASKS },
		{ "BEGIN", JL_MAIL_BEGIN },
		{ "END", JL_MAIL_END },
		{ "FAIL", JL_MAIL_FAIL },
		{ "INVALID_DEPEND", JL_MAIL_INVALID_DEPEND },
		{ "REQUEUE", JL_MAIL_REQUEUE },
		{ "ALL", JL_MAIL_ALL },
		{ "STAGE_OUT", JL_MAIL_STAGE_OUT },
		{ "TIME_LIMIT", JL_MAIL_TIME100 },
		{ "TIME_LIMIT_90", JL_MAIL_TIME90 },
		{ "TIME_LIMIT_80", JL_MAIL_TIME80 },
		{ "TIME_LIMIT_50", JL_MAIL_TIME50 },
	};
	const char	*p, *tok;
	size_t		 len, i;

	memset(m, 0, sizeof(*m));
	if (s == NULL) {
		*err = "missing mail type; write e.g. END,FAIL";
		return -1;
	}
	p = s;
	while (next_tok(&p, &tok, &len)) {
		if (m->none) {
			m->after_none++;
			continue;
		}
		if (len == 4 && ci_ncmp_n(tok, len, "NONE", 4)) {
			m->mask = 0;
			m->none = 1;
			continue;
		}
		for (i = 0; i < JL_NITEMS(mt); i++)
			if (len == strlen(mt[i].name) &&
			    ci_ncmp_n(tok, len, mt[i].name, len))
				break;
		if (i == JL_NITEMS(mt))
			m->nunknown++;
		else
			m->mask |= mt[i].bits;
	}
	if (m->mask == 0 && !m->none) {
		if (m->nunknown == 0)
			*err = "empty mail type; write e.g. END,FAIL";
		else
			*err = "unknown mail type; use NONE, BEGIN, END, FAIL, "
			    "REQUEUE, ALL, INVALID_DEPEND, STAGE_OUT, "
			    "TIME_LIMIT, TIME_LIMIT_90, TIME_LIMIT_80, "
			    "TIME_LIMIT_50 or ARRAY_TASKS";
		return -1;
	}
	return 0;
}

int
jl_val_mailtype(const char *s, int *nunknown, const char **err)
{
	struct jl_mail	m;
	int		rc;

	rc = jl_val_mail(s, &m, err);
	if (nunknown != NULL)
		*nunknown = m.nunknown;
	return rc;
}

/*
 * --open-mode: arg_set_open_mode().
 */
int
jl_val_openmode(const char *s, const char **err)
{
	if (s != NULL && strchr("aAtT", s[0]) != NULL && s[0] != '\0')
		return 0;
	*err = "unknown --open-mode; write append or truncate";
	return -1;
}

/*
 * --requeue[=ARG]: arg_set_requeue() in src/common/slurm_opt.c.  Before
 * 25.11 --requeue is a flag (no_argument: getopt refuses a value, and an
 * SBATCH_REQUEUE value only sets or resets it).  From 25.11 the argument
 * is optional: none (or an empty SBATCH_REQUEUE, which
 * slurm_process_option() turns into none) is a plain --requeue and
 * "expedite" (xstrcasecmp) also sets EXPEDITED_REQUEUE.  25.11.0 to
 * 25.11.7 and 26.05.0 take any other value and ignore it (requeue = 1
 * and nothing more; so SBATCH_REQUEUE=0, a flag set off before 25.11,
 * turns requeueing on); 26.05.1 added "Invalid --requeue specification"
 * for it, and sbatch exits.
 */
int
jl_val_requeue_rel(const char *s, unsigned rel, const char **err)
{
	if (rel < 2511) {
		*err = "--requeue takes no value before Slurm 25.11; write "
		    "--requeue or --no-requeue";
		return JL_VAL_REFUSED;
	}
	if (s == NULL || s[0] == '\0' || ci_eq(s, "expedite"))
		return JL_VAL_OK;
	if (rel < 2605) {
		*err = "sbatch 25.11 acts only on --requeue=expedite and "
		    "ignores any other value: the job is requeueable, "
		    "without expedited requeue; write --requeue=expedite, "
		    "or --requeue (--no-requeue for no requeueing)";
		return JL_VAL_IGNORED;
	}
	*err = "sbatch 26.05.1 and later reject any --requeue value but "
	    "expedite (Invalid --requeue specification), and 26.05.0 "
	    "ignores it: the job is then requeueable, without expedited "
	    "requeue; write --requeue=expedite, or --requeue (--no-requeue "
	    "for no requeueing)";
	return JL_VAL_DEPENDS;
}

/* Release unknown: 25.11 takes any value. */
int
jl_val_requeue(const char *s, const char **err)
{
	(void)s;
	(void)err;
	return 0;
}

/*
 * --begin/--deadline: parse_time(), _get_delta(), _get_time() and
 * _get_date() in src/common/parse_time.c.
 */
static const char begin_word[] = "not a time Slurm understands; write e.g. "
    "now+1hour, 16:00, tomorrow, MM/DD[/YY] or YYYY-MM-DD[THH:MM[:SS]]";
static const char begin_tod[] = "invalid time of day; write HH:MM[:SS] "
    "[AM|PM] with hour 0-23, minutes and seconds 0-59";
static const char begin_date[] = "invalid date; write MMDD[YY], "
    "MM/DD[/YY], MM.DD[.YY] or YYYY-MM-DD with month 1-12 and day 1-31";
static const char begin_now[] = "after now+ or now- write a number and an "
    "optional unit (seconds, minutes, hours, days, weeks), e.g. now+2hours";

/* _get_delta(): count and unit after "now+"; *pos ends on its last char. */
static int
begin_delta(const char *s, size_t *pos)
{
	static const struct {
		const char	*name;
		int64_t		 mult;
	} un[] = {
		{ "seconds", 1 }, { "second", 1 },
		{ "minutes", 60 }, { "minute", 60 },
		{ "hours", 3600 }, { "hour", 3600 },
		{ "days", 86400 }, { "day", 86400 },
		{ "weeks", 604800 }, { "week", 604800 },
	};
	size_t	off, i;
	int64_t	cnt = 0;
	int	digit = 0;

	for (off = *pos + 1; s[off] != '\0' && s[off] != '\n'; off++) {
		if (is_space((unsigned char)s[off]))
			continue;
		for (i = 0; i < JL_NITEMS(un); i++)
			if (ci_ncmp(s + off, un[i].name, strlen(un[i].name)))
				break;
		if (i < JL_NITEMS(un)) {
			off += strlen(un[i].name);
			if (cnt > INT64_MAX / un[i].mult)
				return -1;
			cnt *= un[i].mult;
			break;
		}
		if (!is_digit((unsigned char)s[off]))
			return -1;
		if (cnt > (INT64_MAX - 9) / 10)
			return -1;
		cnt = cnt * 10 + (s[off] - '0');
		digit++;
	}
	if (!digit)
		return -1;
	if (cnt > (int64_t)1 << 40)	/* beyond what localtime_r() takes */
		return -1;
	*pos = off - 1;
	return 0;
}

/* _get_time(): HH:MM[:SS] [AM|PM]; *pos ends on its last char. */
static int
begin_time(const char *s, size_t *pos)
{
	size_t	off = *pos;
	int	hr, min, sec;

	if (!is_digit((unsigned char)s[off]))
		return -1;
	hr = s[off++] - '0';
	if (s[off] != ':') {
		if (!is_digit((unsigned char)s[off]))
			return -1;
		hr = hr * 10 + s[off++] - '0';
	}
	if (hr > 23 || s[off] != ':')
		return -1;
	off++;
	if (!is_digit((unsigned char)s[off]) ||
	    !is_digit((unsigned char)s[off + 1]))
		return -1;
	min = (s[off] - '0') * 10 + s[off + 1] - '0';
	off += 2;
	if (min > 59)
		return -1;
	if (s[off] == ':') {
		off++;
		if (!is_digit((unsigned char)s[off]) ||
		    !is_digit((unsigned char)s[off + 1]))
			return -1;
		sec = (s[off] - '0') * 10 + s[off + 1] - '0';
		off += 2;
		if (sec > 59)
			return -1;
	}
	while (is_space((unsigned char)s[off]))
		off++;
	if (ci_ncmp(s + off, "pm", 2)) {
		if (hr + 12 > 24)
			return -1;
		off += 2;
	} else if (ci_ncmp(s + off, "am", 2)) {
		if (hr > 12)
			return -1;
		off += 2;
	}
	*pos = off - 1;
	return 0;
}

/* _get_date(): YYYY-MM-DD, MMDD[YY], MM/DD[/YY], MM.DD[.YY]. */
static int
begin_date_parse(const char *s, size_t len, size_t *pos)
{
	size_t	off = *pos, i;
	int	mon, day;

	if (len >= off + 7 && s[off + 4] == '-' && s[off + 7] == '-') {
		for (i = 0; i < 4; i++)
			if (!is_digit((unsigned char)s[off + i]))
				return -1;
		off += 5;
		/* the first month character is not checked to be a digit */
		mon = s[off++] - '0';
		if (is_digit((unsigned char)s[off]))
			mon = mon * 10 + s[off++] - '0';
		if (mon < 1 || mon > 12)
			return -1;
		off++;
		if (!is_digit((unsigned char)s[off]))
			return -1;
		day = s[off++] - '0';
		if (is_digit((unsigned char)s[off]))
			day = day * 10 + s[off++] - '0';
		if (day < 1 || day > 31)
			return -1;
		*pos = off - 1;
		return 0;
	}
	mon = s[off++] - '0';
	if (is_digit((unsigned char)s[off]))
		mon = mon * 10 + s[off++] - '0';
	if (mon < 1 || mon > 12)
		return -1;
	if (s[off] == '.' || s[off] == '/')
		off++;
	if (!is_digit((unsigned char)s[off]))
		return -1;
	day = s[off++] - '0';
	if (is_digit((unsigned char)s[off]))
		day = day * 10 + s[off++] - '0';
	if (day < 1 || day > 31)
		return -1;
	if (s[off] == '.' || s[off] == '/')
		off++;
	if (is_digit((unsigned char)s[off])) {
		off++;
		if (!is_digit((unsigned char)s[off]))
			return -1;
		off++;
	}
	*pos = off - 1;
	return 0;
}

int
jl_val_begin(const char *s, const char **err)
{
	static const struct {
		const char	*word;
		size_t		 len;
		int		 date;		/* else a time of day */
	} words[] = {
		{ "today", 5, 1 }, { "tomorrow", 8, 1 },
		{ "midnight", 8, 0 }, { "noon", 4, 0 },
		{ "fika", 4, 0 }, { "teatime", 7, 0 },
	};
	struct num	 n;
	size_t		 len, pos, i, np = 0;
	int		 have_date = 0, have_time = 0;

	if (s == NULL || *s == '\0') {
		*err = "empty time; write e.g. now+1hour, 16:00, tomorrow or "
		    "2024-05-01T08:00";
		return -1;
	}
	if (ci_ncmp(s, "uts", 3)) {
		scan_num(s + 3, &n);
		if (n.v < 1000000 || n.v == INT64_MAX || *n.end != '\0') {
			*err = "uts needs a Unix time of at least 1000000 and "
			    "nothing else, e.g. uts1700000000";
			return -1;
		}
		return 0;
	}
	len = strlen(s);
	for (pos = 0; s[pos] != '\0' && s[pos] != '\n'; pos++) {
		if (is_blank((unsigned char)s[pos]) || s[pos] == '-' ||
		    s[pos] == 'T')
			continue;
		for (i = 0; i < JL_NITEMS(words); i++)
			if (ci_ncmp(s + pos, words[i].word, words[i].len))
				break;
		if (i < JL_NITEMS(words)) {
			if (words[i].date)
				have_date = 1;
			else
				have_time = 1;
			pos += words[i].len - 1;
			continue;
		}
		if (ci_ncmp(s + pos, "now", 3)) {
			/*
			 * Slurm adds the index of the sign (or end) to pos,
			 * which is right only when "now" is at 0; later it
			 * reads past the string.
			 */
			for (i = pos + 3; ; i++) {
				if (s[i] == '+' || s[i] == '-') {
					np = pos + i;
					if (np + 1 > len) {
						*err = "\"now\" must come "
						    "first, e.g. now+1hour";
						return -1;
					}
					if (begin_delta(s, &np) != 0) {
						*err = begin_now;
						return -1;
					}
					break;
				}
				if (is_blank((unsigned char)s[i]))
					continue;
				if (s[i] == '\0' || s[i] == '\n') {
					np = pos + i - 1;
					if (np + 1 > len) {
						*err = "\"now\" must come "
						    "first, e.g. now+1hour";
						return -1;
					}
					break;
				}
				*err = begin_now;
				return -1;
			}
			pos = np;
			have_date = have_time = 1;
			continue;
		}
		if (!is_digit((unsigned char)s[pos])) {
			if (pos > 0 && s[pos - 1] == 'T' &&
			    (ci_ncmp(s + pos - 1, "today", 5) ||
			    ci_ncmp(s + pos - 1, "tomorrow", 8) ||
			    ci_ncmp(s + pos - 1, "teatime", 7)))
				*err = "write today, tomorrow and teatime with "
				    "a lowercase t: Slurm skips 'T' as a "
				    "separator";
			else
				*err = begin_word;
			return -1;
		}
		if (s[pos + 1] == ':' ||
		    (s[pos + 1] != '\0' && s[pos + 2] == ':')) {
			if (begin_time(s, &pos) != 0) {
				*err = begin_tod;
				return -1;
			}
			have_time = 1;
			continue;
		}
		if (begin_date_parse(s, len, &pos) != 0) {
			*err = begin_date;
			return -1;
		}
		have_date = 1;
	}
	if (!have_date && !have_time) {
		*err = "no date or time given; write e.g. now+1hour, 16:00 or "
		    "tomorrow";
		return -1;
	}
	return 0;
}

/*
 * --nice: arg_set_nice() (NICE_OFFSET - 3 = 2147483645).
 */
int
jl_val_nice_adj(const char *s, int64_t *adj, const char **err)
{
	struct num	n;

	*adj = 100;
	if (s == NULL)
		return 0;
	scan_num(s, &n);
	if (n.ovf || n.v > 2147483645LL || n.v < -2147483645LL) {
		*err = "nice must be between -2147483645 and 2147483645";
		return -1;
	}
	*adj = n.v;
	return 0;
}

int
jl_val_nice(const char *s, const char **err)
{
	int64_t	adj;

	return jl_val_nice_adj(s, &adj, err);
}

/*
 * yes|no: arg_set_kill_on_invalid_dep().  0|1: arg_set_wait_all_nodes(),
 * which is parse_int(..., false) and then a test for > 1.
 */
int
jl_val_yesno(const char *s, const char **err)
{
	if (s != NULL && (ci_eq(s, "yes") || ci_eq(s, "no")))
		return 0;
	*err = "write yes or no";
	return -1;
}

int
jl_val_zeroone(const char *s, const char **err)
{
	int64_t	v;

	if (jl_val_int(s, 0, &v, err) != 0)
		return -1;
	if (v > 1) {
		*err = "write 0 or 1";
		return -1;
	}
	return 0;
}

/* Case-insensitive: does s[0..n) equal w? */
static int
ci_eqn(const char *s, size_t n, const char *w)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || to_lower((unsigned char)s[i]) !=
		    to_lower((unsigned char)w[i]))
			return 0;
	return w[n] == '\0';
}

/* Is s[0..n) one of the NULL-terminated words (case-insensitive)? */
static int
ci_oneof(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (ci_eqn(s, n, *words))
			return 1;
	return 0;
}

/*
 * --distribution: verify_dist_type() of 22.05 as sbatch --test-only
 * answers it: comma tokens Pack/NoPack, plane=N alone (N > 0, nothing
 * after it, not even ",Pack"), or up to three ':' levels (empty levels
 * are skipped): node * block cyclic arbitrary, socket and core * block
 * cyclic fcyclic.  arbitrary with more levels is left alone (not all of
 * those shapes were checked).
 */
int
jl_val_distribution(const char *s, const char **err)
{
	static const char *const node[] = { "*", "block", "cyclic",
	    "arbitrary", NULL };
	static const char *const lower[] = { "*", "block", "cyclic",
	    "fcyclic", NULL };
	static const char *const pack[] = { "pack", "nopack", NULL };
	const char	*p, *e, *c, *ce;
	int		 first = 1, level, arbitrary = 0;

	if (s == NULL)
		return 0;
	if (ci_ncmp(s, "plane", 5)) {
		p = s + 5;
		if (*p == '=' && is_digit((unsigned char)p[1])) {
			int	nonzero = 0;

			for (p++; is_digit((unsigned char)*p); p++)
				nonzero |= *p != '0';
			if (*p == '\0' && nonzero)
				return 0;
		}
		*err = "invalid plane size or size not specified; write "
		    "plane=N alone, e.g. --distribution=plane=4";
		return -1;
	}
	for (p = s; ; p = e + 1, first = 0) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p || ci_oneof(p, (size_t)(e - p), pack))
			goto next;
		if (!first)
			goto bad;
		for (c = p, level = 0; c < e; c = ce + 1) {
			for (ce = c; ce < e && *ce != ':'; ce++)
				;
			if (ce > c) {
				if (level >= 3 || !ci_oneof(c, (size_t)(ce - c),
				    level == 0 ? node : lower)) {
					if (!arbitrary)
						goto bad;
				}
				if (level == 0 && ci_eqn(c, (size_t)(ce - c),
				    "arbitrary"))
					arbitrary = 1;
				level++;
			}
			if (ce >= e)
				break;
		}
next:
		if (*e == '\0')
			return 0;
	}
bad:
	*err = "not a task distribution; write block, cyclic, plane=N or "
	    "arbitrary, optionally :block|cyclic|fcyclic for sockets and "
	    "cores, and ,Pack or ,NoPack";
	return -1;
}

/*
 * --gres-flags: arg_set_gres_flags() in src/common/slurm_opt.c.
 * 22.05 to 23.11.1: one word, disable-binding or enforce-binding
 * (xstrcasecmp).  23.11.2 and later: a strtok_r(",") list (empty
 * elements skipped: "" sets nothing and is taken) of those and
 * multiple-tasks-per-sharing, one-task-per-sharing; 23.11.4 added
 * allow-task-sharing, refused outside srun ("only used with srun"), as
 * every other word is.  Then the pairs that exclude each other, and
 * one-task-per-sharing unless slurm.conf's SelectTypeParameters has
 * MULTIPLE_SHARING_GRES_PJ (sbatch reads slurm.conf): JL_VAL_DEPENDS.
 * For 23.11, what only 23.11.2 and later take is JL_VAL_DEPENDS too.
 */
#define GF_DISABLE	0x01u
#define GF_ENFORCE	0x02u
#define GF_MULT		0x04u
#define GF_ONE		0x08u

static const char gf_old_word[] = "not a GRES flag; write disable-binding or "
				  "enforce-binding";
static const char gf_list_word[] = "not a GRES flag; write disable-binding, "
				   "enforce-binding, one-task-per-sharing or "
				   "multiple-tasks-per-sharing, or a comma "
				   "list of them";

static int
gres_flags_old(const char *s)
{
	return s != NULL && (ci_eq(s, "disable-binding") ||
	    ci_eq(s, "enforce-binding"));
}

/* 23.11.2 and later: 0 with *flags, or -1 with *err. */
static int
gres_flags_list(const char *s, unsigned *flags, const char **err)
{
	static const struct {
		const char	*word;
		unsigned	 flag;
	} w[] = {
		{ "disable-binding", GF_DISABLE },
		{ "enforce-binding", GF_ENFORCE },
		{ "multiple-tasks-per-sharing", GF_MULT },
		{ "one-task-per-sharing", GF_ONE },
	};
	const char	*p;
	size_t		 len, i;

	*flags = 0;
	if (s == NULL) {
		*err = gf_old_word;
		return -1;
	}
	for (p = s; *p != '\0'; p += len) {
		p += strspn(p, ",");
		if ((len = strcspn(p, ",")) == 0)
			break;
		for (i = 0; i < JL_NITEMS(w); i++)
			if (strlen(w[i].word) == len &&
			    ci_ncmp_n(p, len, w[i].word, len))
				break;
		if (i < JL_NITEMS(w)) {
			*flags |= w[i].flag;
			continue;
		}
		if (len == strlen("allow-task-sharing") &&
		    ci_ncmp_n(p, len, "allow-task-sharing", len))
			*err = "allow-task-sharing is srun's flag (Slurm "
			    "23.11.4 and later), not sbatch's; pass "
			    "--gres-flags=allow-task-sharing to srun in the "
			    "script body (Slurm 23.11.4 and later)";
		else
			*err = gf_list_word;
		return -1;
	}
	if ((*flags & GF_DISABLE) && (*flags & GF_ENFORCE)) {
		*err = "disable-binding and enforce-binding exclude each "
		    "other; keep one of them";
		return -1;
	}
	if ((*flags & GF_MULT) && (*flags & GF_ONE)) {
		*err = "one-task-per-sharing and multiple-tasks-per-sharing "
		    "exclude each other; keep one of them";
		return -1;
	}
	return 0;
}

int
jl_val_gres_flags_rel(const char *s, unsigned rel, const char **err)
{
	unsigned	flags;

	if (gres_flags_list(s, &flags, err) != 0) {
		if (rel < 2311)
			*err = gf_old_word;
		return JL_VAL_REFUSED;
	}
	if (rel < 2311) {
		if (gres_flags_old(s))
			return JL_VAL_OK;
		*err = flags == 0 ? gf_old_word : "lists of GRES flags, "
		    "one-task-per-sharing and multiple-tasks-per-sharing "
		    "need Slurm 23.11.2; write disable-binding or "
		    "enforce-binding";
		return JL_VAL_REFUSED;
	}
	if (rel < 2405 && !gres_flags_old(s)) {
		*err = (flags & GF_ONE) ? "sbatch 23.11.0 and 23.11.1 reject "
		    "it (they take only disable-binding or enforce-binding), "
		    "and 23.11.2 and later take one-task-per-sharing only "
		    "where slurm.conf sets SelectTypeParameters="
		    "MULTIPLE_SHARING_GRES_PJ; check the cluster's patch "
		    "release and SelectTypeParameters (scontrol show config)" :
		    "sbatch 23.11.0 and 23.11.1 reject it (they take only "
		    "disable-binding or enforce-binding), 23.11.2 and later "
		    "take it; on 23.11.0 or 23.11.1 write disable-binding or "
		    "enforce-binding";
		return JL_VAL_DEPENDS;
	}
	if (flags & GF_ONE) {
		*err = "sbatch takes one-task-per-sharing only where "
		    "slurm.conf sets SelectTypeParameters="
		    "MULTIPLE_SHARING_GRES_PJ, and rejects the script "
		    "elsewhere; check the cluster's SelectTypeParameters "
		    "(scontrol show config), or drop one-task-per-sharing";
		return JL_VAL_DEPENDS;
	}
	return JL_VAL_OK;
}

/* Release unknown: 23.11.2 and later take every value another release
 * takes (the words of 22.05 among them). */
int
jl_val_gres_flags(const char *s, const char **err)
{
	unsigned	flags;

	if (gres_flags_list(s, &flags, err) == 0)
		return 0;
	if (*err == gf_list_word)
		*err = "not a GRES flag; write disable-binding or "
		    "enforce-binding (Slurm 23.11.2 and later also take "
		    "one-task-per-sharing, multiple-tasks-per-sharing and "
		    "comma lists)";
	return -1;
}

/*
 * --profile: acct_gather_profile_from_string() looks for the words as
 * substrings (case-insensitive), so "tasks" or "energy,foo" pass; only a
 * value with none of them is refused.
 */
int
jl_val_profile(const char *s, const char **err)
{
	static const char *const w[] = { "none", "all", "energy", "task",
	    "lustre", "network", NULL };
	const char	*p;
	size_t		 i, n;

	for (i = 0; s != NULL && w[i] != NULL; i++)
		for (n = strlen(w[i]), p = s; strlen(p) >= n; p++)
			if (ci_ncmp(p, w[i], n))
				return 0;
	*err = "no profile type named; write all, none, or a list of "
	    "energy, task, lustre, network";
	return -1;
}

/*
 * --mem-bind: slurm_verify_mem_bind().  Tokens split at ',' and ';',
 * case-insensitive; map_mem/mask_mem need a list after ':'.  The list
 * itself is not checked here.  *help: "help" prints the options and exits.
 */
int
jl_val_mem_bind(const char *s, int *help, const char **err)
{
	static const char *const w[] = { "none", "no", "local", "rank", "v",
	    "verbose", "q", "quiet", "p", "prefer", "sort", "nosort", NULL };
	static const char *const lists[] = { "map_mem", "mapmem", "mask_mem",
	    "maskmem", NULL };
	const char	*p, *e, *colon;

	*help = 0;
	if (s == NULL)
		return 0;
	for (p = s; ; p = e + 1) {
		for (e = p; *e != '\0' && *e != ',' && *e != ';'; e++)
			;
		colon = memchr(p, ':', (size_t)(e - p));
		if (colon != NULL && ci_oneof(p, (size_t)(colon - p), lists)) {
			if (colon + 1 == e || strchr(",;", colon[1]) != NULL) {
				*err = "map_mem/mask_mem without a list; write "
				    "e.g. map_mem:0,1";
				return -1;
			}
			/* The list runs to the end: ',' separates its items. */
			return 0;
		}
		if (ci_oneof(p, (size_t)(e - p), lists)) {
			*err = "map_mem/mask_mem without a list; write e.g. "
			    "map_mem:0,1";
			return -1;
		}
		if (ci_eqn(p, (size_t)(e - p), "help"))
			*help = 1;
		else if (e > p && !ci_oneof(p, (size_t)(e - p), w)) {
			*err = "unrecognized --mem-bind argument; write none, "
			    "local, rank, prefer, map_mem:LIST or "
			    "mask_mem:LIST (plus v, q, sort, nosort)";
			return -1;
		}
		if (*e == '\0')
			return 0;
	}
}

/*
 * --propagate: parse_rlimits() in sbatch's main(), after the options:
 * ALL, NONE, or a comma list of rlimit names, with or without RLIMIT_,
 * all case-sensitive.  A bare --propagate is ALL.
 */
int
jl_val_propagate(const char *s, const char **err)
{
	static const char *const names[] = { "AS", "CORE", "CPU", "DATA",
	    "FSIZE", "MEMLOCK", "NOFILE", "NPROC", "RSS", "STACK", NULL };
	const char	*p, *e;
	size_t		 i, n;

	if (s == NULL || strcmp(s, "ALL") == 0 || strcmp(s, "NONE") == 0)
		return 0;
	for (p = s; ; p = e + 1) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		if (e > p) {
			if (e - p > 7 && strncmp(p, "RLIMIT_", 7) == 0)
				p += 7;
			n = (size_t)(e - p);
			for (i = 0; names[i] != NULL; i++)
				if (strlen(names[i]) == n &&
				    strncmp(p, names[i], n) == 0)
					break;
			if (names[i] == NULL) {
				*err = "bad rlimit name (names are upper "
				    "case); write ALL, NONE, or a list of AS, "
				    "CORE, CPU, DATA, FSIZE, MEMLOCK, NOFILE, "
				    "NPROC, RSS, STACK";
				return -1;
			}
		}
		if (*e == '\0')
			return 0;
	}
}
