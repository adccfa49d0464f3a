/*
 * t_value.c: table-driven tests of lint/value.c, accepted and rejected
 * input for every grammar, in the manner of Slurm's parse_time-test.c.
 * Expected results follow Slurm 22.05.8, and for the release-aware
 * parsers (jl_val_*_rel) each release's source (the _rel tables say
 * which function of which tag); the time, size, node count,
 * signal, mail type, integer and --begin tables were also checked against
 * the real libslurmfull (time_str2secs, str_to_mbytes, verify_node_count,
 * get_signal_opts, parse_mail_type, parse_int, parse_time) except where a
 * comment says jlint is deliberately stricter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "mem.h"
#include "value.h"

#define OK	0
#define BAD	(-1)
#define INF	JL_TIME_INFINITE

static const char sentinel[] = "untouched";

/* Every rejection explains itself: static text, lowercase, no period. */
static void
check_err(const char *what, const char *text, int rc, const char *err)
{
	size_t	n;

	if (rc == 0) {
		if (err != sentinel)
			fail_msg("%s \"%s\": *err changed on success", what,
			    text ? text : "(null)");
		return;
	}
	if (err == NULL || err == sentinel || *err == '\0')
		fail_msg("%s \"%s\": no error message", what,
		    text ? text : "(null)");
	n = strlen(err);
	if (err[0] >= 'A' && err[0] <= 'Z')
		fail_msg("%s \"%s\": message starts uppercase: %s", what,
		    text ? text : "(null)", err);
	if (err[n - 1] == '.')
		fail_msg("%s \"%s\": message ends with a period: %s", what,
		    text ? text : "(null)", err);
}

#define EXPECT_RC(what, text, got, want) do {				\
	if ((got) != (want))						\
		fail_msg("%s \"%s\": rc %d, want %d (%s)", (what),	\
		    (text) ? (text) : "(null)", (got), (want),		\
		    err != sentinel && err != NULL ? err : "");	\
} while (0)

#define EXPECT_EQ(what, text, field, got, want) do {			\
	if ((int64_t)(got) != (int64_t)(want))				\
		fail_msg("%s \"%s\": %s = %lld, want %lld", (what),	\
		    (text) ? (text) : "(null)", (field),		\
		    (long long)(got), (long long)(want));		\
} while (0)

#define EXPECT_STR(what, text, field, got, want) do {			\
	if (((got) == NULL) != ((want) == NULL) ||			\
	    ((got) != NULL && strcmp((got), (want)) != 0))		\
		fail_msg("%s \"%s\": %s = \"%s\", want \"%s\"", (what),	\
		    (text) ? (text) : "(null)", (field),		\
		    (got) ? (got) : "(null)", (want) ? (want) : "(null)"); \
} while (0)

/* --time */
static const struct {
	const char		*text;
	int			 rc;
	int64_t			 minutes;
	int64_t			 seconds;
	enum jl_time_form	 form;
	int			 zero, negative;
} time_cases[] = {
	{ "30",		OK, 30, 1800, JL_TF_M, 0, 0 },
	{ "12:00",	OK, 12, 720, JL_TF_MS, 0, 0 },	/* not hours */
	{ "1:30",	OK, 2, 90, JL_TF_MS, 0, 0 },	/* 90 s, rounded up */
	{ "0:30",	OK, 1, 30, JL_TF_MS, 0, 0 },
	{ "2:00:00",	OK, 120, 7200, JL_TF_HMS, 0, 0 },
	{ "1:2:3",	OK, 63, 3723, JL_TF_HMS, 0, 0 },
	{ "1-2:30",	OK, 1590, 95400, JL_TF_DHM, 0, 0 },
	{ "1-2",	OK, 1560, 93600, JL_TF_DH, 0, 0 },
	{ "1-2:3:4",	OK, 1564, 93784, JL_TF_DHMS, 0, 0 },
	{ "1-",		OK, 1440, 86400, JL_TF_DH, 0, 0 },	/* 1 day */
	{ "90",		OK, 90, 5400, JL_TF_M, 0, 0 },	/* no range check */
	{ "0:90",	OK, 2, 90, JL_TF_MS, 0, 0 },
	{ "1-30",	OK, 3240, 194400, JL_TF_DH, 0, 0 },
	{ "0",		OK, INF, 0, JL_TF_M, 1, 0 },	/* 0 means no limit */
	{ "0:0",	OK, INF, 0, JL_TF_MS, 1, 0 },
	{ "00:00:00",	OK, INF, 0, JL_TF_HMS, 1, 0 },
	{ "0-0",	OK, INF, 0, JL_TF_DH, 1, 0 },
	{ "-1",		OK, INF, 0, JL_TF_INFINITE, 0, 0 },
	{ "INFINITE",	OK, INF, 0, JL_TF_INFINITE, 0, 0 },
	{ "unlimited",	OK, INF, 0, JL_TF_INFINITE, 0, 0 },
	{ "UnLimited",	OK, INF, 0, JL_TF_INFINITE, 0, 0 },
	{ "-5",		OK, -7199, -432000, JL_TF_DH, 0, 1 },	/* -5 days */
	{ "-0",		OK, INF, 0, JL_TF_DH, 1, 1 },
	{ "35791393",	OK, 35791393, 2147483580, JL_TF_M, 0, 0 },
	{ "",		BAD, 0, 0, 0, 0, 0 },
	{ "12h",	BAD, 0, 0, 0, 0, 0 },
	{ "90m",	BAD, 0, 0, 0, 0, 0 },
	{ "1h30m",	BAD, 0, 0, 0, 0, 0 },
	{ "1.5",	BAD, 0, 0, 0, 0, 0 },
	{ "+5",		BAD, 0, 0, 0, 0, 0 },
	{ " 1:00:00 ",	BAD, 0, 0, 0, 0, 0 },
	{ "1:00:00 ",	BAD, 0, 0, 0, 0, 0 },
	{ "60:",	BAD, 0, 0, 0, 0, 0 },
	{ ":5",		BAD, 0, 0, 0, 0, 0 },
	{ "1:2:3:4",	BAD, 0, 0, 0, 0, 0 },
	{ "1--2",	BAD, 0, 0, 0, 0, 0 },
	{ "1:-2",	BAD, 0, 0, 0, 0, 0 },	/* '-' after ':' */
	{ "1::2",	BAD, 0, 0, 0, 0, 0 },
	{ "1-:2:3",	BAD, 0, 0, 0, 0, 0 },
	{ "1-2::3",	BAD, 0, 0, 0, 0, 0 },
	{ "1-2:3:",	BAD, 0, 0, 0, 0, 0 },
	{ "-1:2:3",	BAD, 0, 0, 0, 0, 0 },
	{ "-",		BAD, 0, 0, 0, 0, 0 },
	{ "::",		BAD, 0, 0, 0, 0, 0 },
	/* jlint is stricter: Slurm's int arithmetic wraps these */
	{ "35791394",	BAD, 0, 0, 0, 0, 0 },
	{ "3000000000",	BAD, 0, 0, 0, 0, 0 },
	{ "24856-0",	BAD, 0, 0, 0, 0, 0 },
};

static void
test_time(void **state)
{
	struct jl_time	 t;
	const char	*err, *w = "time";
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(time_cases); i++) {
		const char *x = time_cases[i].text;

		err = sentinel;
		rc = jl_val_time(x, &t, &err);
		EXPECT_RC(w, x, rc, time_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "minutes", t.minutes, time_cases[i].minutes);
		EXPECT_EQ(w, x, "seconds", t.seconds, time_cases[i].seconds);
		EXPECT_EQ(w, x, "form", t.form, time_cases[i].form);
		EXPECT_EQ(w, x, "zero", t.zero, time_cases[i].zero);
		EXPECT_EQ(w, x, "negative", t.negative,
		    time_cases[i].negative);
	}
	err = sentinel;
	assert_int_equal(jl_val_time(NULL, &t, &err), BAD);
	check_err(w, NULL, BAD, err);
	err = sentinel;
	(void)jl_val_time("12h", &t, &err);
	assert_string_equal(err, "\"h\" is not a time unit; write minutes, "
	    "HH:MM:SS or D-HH:MM:SS");
}

/* --mem */
static const struct {
	const char	*text;
	int		 rc;
	uint64_t	 mb;
} mem_cases[] = {
	{ "16G",	OK, 16384 },
	{ "16GB",	OK, 16384 },
	{ "16gb",	OK, 16384 },
	{ "16Gb",	OK, 16384 },
	{ "16g",	OK, 16384 },
	{ "16",		OK, 16 },		/* megabytes by default */
	{ "16M",	OK, 16 },
	{ "16mb",	OK, 16 },
	{ "0",		OK, 0 },		/* all memory of the node */
	{ "-0",		OK, 0 },
	{ " 16",	OK, 16 },		/* strtoll skips blanks */
	{ "+16",	OK, 16 },
	{ "1k",		OK, 1 },		/* K rounds up to MB */
	{ "1024K",	OK, 1 },
	{ "1025K",	OK, 2 },
	{ "16KB",	OK, 1 },
	{ "2T",		OK, 2097152 },
	{ "2tb",	OK, 2097152 },
	{ "9007199254740991G", OK, 9223372036854774784ULL },
	{ "8796093022207T", OK, 9223372036853727232ULL },
	{ "9223372036854775807", OK, 9223372036854775807ULL },
	{ "1.5G",	BAD, 0 },
	{ ".5G",	BAD, 0 },
	{ "1P",		BAD, 0 },
	{ "1PB",	BAD, 0 },
	{ "-1",		BAD, 0 },
	{ "16 ",	BAD, 0 },
	{ "16G ",	BAD, 0 },
	{ "16B",	BAD, 0 },
	{ "16GiB",	BAD, 0 },
	{ "16GBB",	BAD, 0 },
	{ "16kk",	BAD, 0 },
	{ "",		BAD, 0 },
	{ "G",		BAD, 0 },
	{ "0x10",	BAD, 0 },
	{ "9223372036854775808", BAD, 0 },	/* strtoll overflows */
	{ "9007199254740992G", BAD, 0 },	/* jlint: * 1024 overflows */
	{ "8796093022208T", BAD, 0 },
	{ "9223372036854775807K", BAD, 0 },	/* jlint: + 1023 overflows */
};

static void
test_mem(void **state)
{
	const char	*err, *w = "mem";
	uint64_t	 mb;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(mem_cases); i++) {
		const char *x = mem_cases[i].text;

		err = sentinel;
		rc = jl_val_mem(x, &mb, &err);
		EXPECT_RC(w, x, rc, mem_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc == 0 && mb != mem_cases[i].mb)
			fail_msg("mem \"%s\": %llu MB, want %llu", x,
			    (unsigned long long)mb,
			    (unsigned long long)mem_cases[i].mb);
	}
	err = sentinel;
	(void)jl_val_mem("1.5G", &mb, &err);
	assert_string_equal(err, "decimal sizes are not accepted; write "
	    "1536M instead of 1.5G");
	err = sentinel;
	(void)jl_val_mem("1P", &mb, &err);
	assert_string_equal(err, "\"P\" is not a size unit (K, M, G, T)");
}

/* parse_int */
static const struct {
	const char	*text;
	int		 positive;
	int		 rc;
	int64_t		 v;
} int_cases[] = {
	{ "4",		0, OK, 4 },
	{ "4",		1, OK, 4 },
	{ "+4",		1, OK, 4 },	/* strtol takes a sign */
	{ " 4",		1, OK, 4 },	/* and leading blanks */
	{ "010",	0, OK, 10 },
	{ "0",		0, OK, 0 },
	{ "-0",		0, OK, 0 },
	{ "",		0, OK, 0 },	/* parse_int: no digits, p[0] == 0 */
	{ "2147483647",	0, OK, 2147483647 },
	{ "4 ",		0, BAD, 0 },
	{ "+",		0, BAD, 0 },
	{ "",		1, BAD, 0 },
	{ "0",		1, BAD, 0 },
	{ "-0",		1, BAD, 0 },
	{ "-1",		0, BAD, 0 },
	{ "1e3",	0, BAD, 0 },
	{ "1.5",	0, BAD, 0 },
	{ "4k",		0, BAD, 0 },
	{ "0x4",	0, BAD, 0 },
	{ "four",	1, BAD, 0 },
	{ "2147483648",	0, BAD, 0 },	/* jlint: Slurm truncates to int */
	{ "99999999999999999999", 0, BAD, 0 },
};

static void
test_int(void **state)
{
	const char	*err, *w = "int";
	int64_t		 v;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(int_cases); i++) {
		const char *x = int_cases[i].text;

		err = sentinel;
		rc = jl_val_int(x, int_cases[i].positive, &v, &err);
		EXPECT_RC(w, x, rc, int_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc == 0)
			EXPECT_EQ(w, x, "value", v, int_cases[i].v);
	}
	err = sentinel;
	assert_int_equal(jl_val_int(NULL, 0, &v, &err), BAD);
	check_err(w, NULL, BAD, err);
}

/* -N/--nodes */
static const struct {
	const char	*text;
	int		 rc;
	int64_t		 min, max;
} nodes_cases[] = {
	{ "1",		OK, 1, 1 },
	{ "2-4",	OK, 2, 4 },
	{ "3-3",	OK, 3, 3 },
	{ "-4",		OK, 1, 4 },	/* empty minimum is 1 */
	{ "0",		OK, 0, 0 },
	{ "5-0",	OK, 5, 0 },	/* max 0 skips the max < min test */
	{ "1k",		OK, 1024, 1024 },
	{ "1K",		OK, 1024, 1024 },
	{ "1m",		OK, 1048576, 1048576 },
	{ "1-2k",	OK, 1, 2048 },
	{ "3 ",		OK, 3, 3 },	/* trailing whitespace */
	{ " 3",		OK, 3, 3 },
	{ "+3",		OK, 3, 3 },
	{ "2 - 4",	OK, 2, 4 },
	{ "2-",		BAD, 0, 0 },	/* empty maximum */
	{ "2- ",	BAD, 0, 0 },
	{ "-",		BAD, 0, 0 },
	{ "4-2",	BAD, 0, 0 },
	{ "2--3",	BAD, 0, 0 },
	{ "-4-5",	BAD, 0, 0 },
	{ "",		BAD, 0, 0 },
	{ " ",		BAD, 0, 0 },
	{ "abc",	BAD, 0, 0 },
	{ "3x",		BAD, 0, 0 },
	{ "1mk",	BAD, 0, 0 },
	/* Release unknown: 23.02's grammar takes lists and steps. */
	{ "1,2,4",	OK, 1, 4 },
	{ "20-100:20",	OK, 20, 80 },	/* MAX is never in a step */
	{ "1,x",	BAD, 0, 0 },
	{ "2048k",	OK, 2097152, 2097152 },
	{ "2097152k",	BAD, 0, 0 },	/* jlint: does not fit Slurm's int */
	{ "2147483648",	BAD, 0, 0 },
};

static void
test_nodes(void **state)
{
	const char	*err, *w = "nodes";
	int64_t		 min, max;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(nodes_cases); i++) {
		const char *x = nodes_cases[i].text;

		err = sentinel;
		rc = jl_val_nodes(x, &min, &max, &err);
		EXPECT_RC(w, x, rc, nodes_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "min", min, nodes_cases[i].min);
		EXPECT_EQ(w, x, "max", max, nodes_cases[i].max);
	}
}

/*
 * -N/--nodes by release: verify_node_count() in src/common/proc_args.c
 * of slurm-22-05-11-1 (min[-max] only), slurm-23-02-0-1 (a value with ','
 * or ':' goes through bit_unfmt()/bitfmt2int() of bitstring.c) and
 * slurm-24-11-0-1 (MAX_JOB_SIZE_BITMAP, 16384); _opt_verify() of
 * sbatch/opt.c refuses min_nodes < 0 (nothing set).
 */
static const struct {
	const char	*text;
	unsigned	 rel;
	int		 rc;
	int64_t		 min, max;
} nodes_rel_cases[] = {
	{ "1-15:4",	2205, BAD, 0, 0 },
	{ "1,2,4,8",	2205, BAD, 0, 0 },
	{ "2-4",	2205, OK, 2, 4 },
	{ "1-15:4",	2302, OK, 1, 13 },	/* 1,5,9,13 */
	{ "1-17:4",	2302, OK, 1, 13 },	/* 17 is MAX: not set */
	{ "1-16:5",	2311, OK, 1, 11 },
	{ "1,2,4,8",	2302, OK, 1, 8 },
	{ "8,2,4",	2405, OK, 2, 8 },
	{ "1-4,8",	2411, OK, 1, 8 },
	{ " 2, +4",	2411, OK, 2, 4 },	/* strtol blanks and '+' */
	{ "2,4k",	2302, BAD, 0, 0 },	/* no suffix in a list */
	{ "2,,4",	2302, OK, 0, 4 },	/* an empty element is 0 */
	{ "2,4,",	2302, OK, 0, 4 },
	{ ",2,4",	2302, BAD, 0, 0 },	/* sets nothing: min -1 */
	{ "5-3,8",	2302, OK, 8, 8 },	/* 5-3 sets none */
	{ "-4,6",	2302, OK, 0, 6 },	/* "-4" is 0-4 */
	{ "2, ,4",	2302, BAD, 0, 0 },
	{ "4-4:1",	2302, BAD, 0, 0 },	/* empty step: min -1 */
	{ "4-2:1",	2302, BAD, 0, 0 },
	{ "1-15:0",	2302, BAD, 0, 0 },
	{ "1:4",	2302, BAD, 0, 0 },
	{ "1-15:4,20",	2302, BAD, 0, 0 },
	{ "1-15:4:2",	2302, BAD, 0, 0 },
	{ "-3-5:1",	2302, BAD, 0, 0 },	/* a negative count */
	{ "1,20000",	2405, OK, 1, 20000 },
	{ "1,20000",	2411, BAD, 0, 0 },	/* MAX_JOB_SIZE_BITMAP */
	{ "0-20000:10000", 2411, BAD, 0, 0 },
	{ "1,16383",	2605, OK, 1, 16383 },
	{ "1,2147483648", 2302, BAD, 0, 0 },	/* jlint: too large */
	{ "2k-4k",	2605, OK, 2048, 4096 },	/* min-max */
};

static void
test_nodes_rel(void **state)
{
	const char	*err, *w = "nodes (release)";
	int64_t		 min, max;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(nodes_rel_cases); i++) {
		const char *x = nodes_rel_cases[i].text;

		err = sentinel;
		rc = jl_val_nodes_rel(x, nodes_rel_cases[i].rel, &min, &max,
		    &err);
		EXPECT_RC(w, x, rc, nodes_rel_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "min", min, nodes_rel_cases[i].min);
		EXPECT_EQ(w, x, "max", max, nodes_rel_cases[i].max);
	}
	err = sentinel;
	assert_int_equal(jl_val_nodes_rel(NULL, 2605, &min, &max, &err), BAD);
	check_err(w, NULL, BAD, err);
}

/* --gres and --gpus: up to two elements are checked */
struct gres_want {
	const char	*name, *type;
	int64_t		 count;
	int		 implicit, trap;
};
struct gres_case {
	const char		*text;
	int			 rc;
	size_t			 n;
	int			 none, help;
	size_t			 ndropped, nempty;
	struct gres_want	 it[2];
};

static const struct gres_case gres_cases[] = {
	{ "gpu:a10:1", OK, 1, 0, 0, 0, 0, { { "gpu", "a10", 1, 0, 0 } } },
	{ "gpu:2", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 2, 0, 0 } } },
	{ "gpu", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 1, 1, 0 } } },
	{ "gpu:a100", OK, 1, 0, 0, 0, 0, { { "gpu", "a100", 1, 1, 0 } } },
	{ "gpu:3090", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 3090, 0, 1 } } },
	{ "gpu:1080", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 1080, 0, 1 } } },
	{ "gpu:3090:1", OK, 1, 0, 0, 0, 0, { { "gpu", "3090", 1, 0, 0 } } },
	{ "gpu:a100:3090", OK, 1, 0, 0, 0, 0,
	    { { "gpu", "a100", 3090, 0, 0 } } },
	{ "mps:100", OK, 1, 0, 0, 0, 0, { { "mps", NULL, 100, 0, 0 } } },
	{ "gpu:a100:1,shard:2", OK, 2, 0, 0, 0, 0,
	    { { "gpu", "a100", 1, 0, 0 }, { "shard", NULL, 2, 0, 0 } } },
	{ "gpu:2k", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 2048, 0, 0 } } },
	{ "gpu:1kb", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 1000, 0, 0 } } },
	{ "gpu:1KiB", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 1024, 0, 0 } } },
	{ "gpu:t4:1M", OK, 1, 0, 0, 0, 0,
	    { { "gpu", "t4", 1048576, 0, 0 } } },
	{ "gpu:k80", OK, 1, 0, 0, 0, 0, { { "gpu", "k80", 1, 1, 0 } } },
	{ "gpu:1.5", OK, 1, 0, 0, 0, 0, { { "gpu", "1.5", 1, 1, 0 } } },
	{ "GPU:1", OK, 1, 0, 0, 0, 0, { { "GPU", NULL, 1, 0, 0 } } },
	{ "gres:gpu:1", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 1, 0, 0 } } },
	{ "none", OK, 0, 1, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "NONE", OK, 0, 1, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "help", OK, 0, 0, 1, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "List", OK, 0, 0, 1, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:0", OK, 0, 0, 0, 1, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:k", OK, 0, 0, 0, 1, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gres/gpu:0", OK, 0, 0, 0, 1, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:a100:0,mps:2", OK, 1, 0, 0, 1, 0,
	    { { "mps", NULL, 2, 0, 0 } } },
	{ "gpu:1,,mps:1", OK, 2, 0, 0, 0, 1,
	    { { "gpu", NULL, 1, 0, 0 }, { "mps", NULL, 1, 0, 0 } } },
	{ "gpu:1,", OK, 1, 0, 0, 0, 1, { { "gpu", NULL, 1, 0, 0 } } },
	{ "gres/gpu:1", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu/a100:1", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu::1", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:a100:", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ ":1", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:a100:x", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:a100:1:2", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:a100:1.5", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:-2", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:1,gpu:", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:99999999999999999999", BAD, 0, 0, 0, 0, 0,
	    { { NULL, NULL, 0, 0, 0 } } },
	{ "gpu:9999999999P", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
};

static const struct gres_case gpus_cases[] = {
	{ "2", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 2, 0, 0 } } },
	{ "a100", OK, 1, 0, 0, 0, 0, { { "gpu", "a100", 1, 1, 0 } } },
	{ "a100:2", OK, 1, 0, 0, 0, 0, { { "gpu", "a100", 2, 0, 0 } } },
	{ "gpu:2", OK, 1, 0, 0, 0, 0, { { "gpu", "gpu", 2, 0, 0 } } },
	{ "gpu:3090", OK, 1, 0, 0, 0, 0, { { "gpu", "gpu", 3090, 0, 1 } } },
	{ "3090", OK, 1, 0, 0, 0, 0, { { "gpu", NULL, 3090, 0, 1 } } },
	{ "a100:128", OK, 1, 0, 0, 0, 0, { { "gpu", "a100", 128, 0, 0 } } },
	{ "a100:2,v100:1", OK, 2, 0, 0, 0, 0,
	    { { "gpu", "a100", 2, 0, 0 }, { "gpu", "v100", 1, 0, 0 } } },
	{ "1,,2", OK, 2, 0, 0, 0, 0,
	    { { "gpu", NULL, 1, 0, 0 }, { "gpu", NULL, 2, 0, 0 } } },
	{ "0", OK, 0, 0, 0, 1, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "a100:0", OK, 0, 0, 0, 1, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "", OK, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ ",", OK, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "none", OK, 1, 0, 0, 0, 0, { { "gpu", "none", 1, 1, 0 } } },
	{ "a100:x", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ ":2", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "a100:", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "1:2:3", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "a100:-1", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
	{ "gres:gpu:2", BAD, 0, 0, 0, 0, 0, { { NULL, NULL, 0, 0, 0 } } },
};

static void
run_gres(const struct gres_case *tab, size_t ntab, int gpus)
{
	struct jl_arena		 a;
	struct jl_gres_list	 l;
	const char		*err, *w = gpus ? "gpus" : "gres";
	size_t			 i, k;
	int			 rc;

	jl_arena_init(&a);
	for (i = 0; i < ntab; i++) {
		const char *x = tab[i].text;

		err = sentinel;
		rc = gpus ? jl_val_gpus(&a, x, &l, &err) :
		    jl_val_gres(&a, x, &l, &err);
		EXPECT_RC(w, x, rc, tab[i].rc);
		check_err(w, x, rc, err);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "n", l.n, tab[i].n);
		EXPECT_EQ(w, x, "none", l.none, tab[i].none);
		EXPECT_EQ(w, x, "help", l.help, tab[i].help);
		EXPECT_EQ(w, x, "ndropped", l.ndropped, tab[i].ndropped);
		EXPECT_EQ(w, x, "nempty", l.nempty, tab[i].nempty);
		for (k = 0; k < l.n && k < 2; k++) {
			const struct gres_want *g = &tab[i].it[k];

			EXPECT_STR(w, x, "name", l.items[k].name, g->name);
			EXPECT_STR(w, x, "type", l.items[k].type, g->type);
			EXPECT_EQ(w, x, "count", l.items[k].count, g->count);
			EXPECT_EQ(w, x, "implicit", l.items[k].implicit,
			    g->implicit);
			EXPECT_EQ(w, x, "trap", l.items[k].numeric_type_trap,
			    g->trap);
		}
	}
	err = sentinel;
	rc = gpus ? jl_val_gpus(&a, NULL, &l, &err) :
	    jl_val_gres(&a, NULL, &l, &err);
	assert_int_equal(rc, BAD);
	check_err(w, NULL, rc, err);
	jl_arena_free(&a);
}

static void
test_gres(void **state)
{
	(void)state;
	run_gres(gres_cases, JL_NITEMS(gres_cases), 0);
}

static void
test_gpus(void **state)
{
	(void)state;
	run_gres(gpus_cases, JL_NITEMS(gpus_cases), 1);
}

/* --array */
static const struct {
	const char	*text;
	int64_t		 max;
	int		 rc;
	int64_t		 ntasks, lo, hi, throttle;
	int		 exact;
} array_cases[] = {
	{ "0-15:4%2",	1001, OK, 4, 0, 12, 2, 1 },
	{ "0-15",	1001, OK, 16, 0, 15, 0, 1 },
	{ "1,3,5",	1001, OK, 3, 1, 5, 0, 1 },
	{ "1-5,3-7",	1001, OK, 7, 1, 7, 0, 1 },	/* overlap */
	{ "0-15:4,0-15:2", 1001, OK, 8, 0, 14, 0, 1 },
	{ "[1-3]",	1001, OK, 3, 1, 3, 0, 1 },
	{ "[1-3,5]",	1001, OK, 4, 1, 5, 0, 1 },
	{ "1-2]",	1001, OK, 2, 1, 2, 0, 1 },
	{ "0-1000",	1001, OK, 1001, 0, 1000, 0, 1 },
	{ "1000",	1001, OK, 1, 1000, 1000, 0, 1 },
	{ "1-5:1000",	1001, OK, 1, 1, 1, 0, 1 },
	{ "1-3%",	1001, OK, 3, 1, 3, 0, 1 },
	{ "1-3%0",	1001, OK, 3, 1, 3, 0, 1 },
	{ "1-3%abc",	1001, OK, 3, 1, 3, 0, 1 },
	{ "1-3%2,5%4",	1001, OK, 4, 1, 5, 2, 1 },	/* first % wins */
	{ "1-3% 7",	1001, OK, 3, 1, 3, 7, 1 },	/* atoi skips blanks */
	{ "%5",		1001, OK, 1, 0, 0, 5, 1 },	/* index 0 */
	{ "-",		1001, OK, 1, 0, 0, 0, 1 },	/* strtol reads 0-0 */
	{ " 1",		1001, OK, 1, 1, 1, 0, 1 },
	{ "+3",		1001, OK, 1, 3, 3, 0, 1 },
	{ "",		1001, OK, 0, -1, -1, 0, 1 },	/* no array */
	{ ",,,",	1001, OK, 0, -1, -1, 0, 1 },
	{ "0-99999",	100001, OK, 100000, 0, 99999, 0, 1 },
	/* the last window counted up to the highest index only */
	{ "0-64,65535-65600", 100001, OK, 131, 0, 65600, 0, 1 },
	{ "65600,63-64,65536", 100001, OK, 4, 63, 65600, 0, 1 },
	{ "0-4000000:2,1-4000000:2", 4000001, OK, 4000001, 0, 4000000, 0, 1 },
	{ "0-999999999", 1000000000, OK, 1000000000, 0, 999999999, 0, 0 },
	{ "0-1001",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "1001",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "5-",		1001, BAD, 0, 0, 0, 0, 0 },
	{ "-5",		1001, BAD, 0, 0, 0, 0, 0 },
	{ "3-1",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "1-5:0",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "1-5:-1",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "1-5:1001",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "1x",		1001, BAD, 0, 0, 0, 0, 0 },
	{ "1 ",		1001, BAD, 0, 0, 0, 0, 0 },
	{ "1-5x",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "1-5:2x",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "1:2",	1001, BAD, 0, 0, 0, 0, 0 },
	{ "a",		1001, BAD, 0, 0, 0, 0, 0 },
	{ "1",		0, BAD, 0, 0, 0, 0, 0 },	/* arrays disabled */
};

static void
test_array(void **state)
{
	struct jl_array	 ar;
	const char	*err, *w = "array";
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(array_cases); i++) {
		const char *x = array_cases[i].text;

		err = sentinel;
		rc = jl_val_array(x, array_cases[i].max, &ar, &err);
		EXPECT_RC(w, x, rc, array_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "ntasks", ar.ntasks, array_cases[i].ntasks);
		EXPECT_EQ(w, x, "min_index", ar.min_index, array_cases[i].lo);
		EXPECT_EQ(w, x, "max_index", ar.max_index, array_cases[i].hi);
		EXPECT_EQ(w, x, "throttle", ar.throttle,
		    array_cases[i].throttle);
		EXPECT_EQ(w, x, "exact", ar.exact, array_cases[i].exact);
	}
}

/* SchedulerParameters max_array_tasks, as _valid_array_inx() reads it. */
static void
test_max_array_tasks(void **state)
{
	static const struct {
		const char	*sp;
		int64_t		 size, want;
	} cs[] = {
		{ NULL, 1001, 1001 },
		{ "", 1001, 1001 },
		{ "bf_continue", 1001, 1001 },
		{ "max_array_tasks=100", 1001, 100 },
		{ "bf_continue,MAX_ARRAY_TASKS=250,defer", 1001, 250 },
		{ "max_array_tasks=5000", 1001, 1001 },	/* not below */
		{ "max_array_tasks=1001", 1001, 1001 },
		{ "max_array_tasks=", 1001, 0 },	/* atoi("") */
		{ "max_array_tasks=x", 1001, 0 },
		{ "max_array_tasks= 7", 1001, 7 },	/* atoi skips blanks */
		{ "max_array_tasks=+9", 1001, 9 },
		{ "max_array_tasks=-5", 1001, 1001 },	/* 4294967291 */
		{ "max_array_tasks=4294967306", 1001, 10 }, /* low 32 bits */
		{ "max_array_tasks=99999999999999999999", 4000001, 4000001 },
		{ "max_array_tasks=-99999999999999999999", 1001, 0 },
		/* the first match, even inside another name */
		{ "xmax_array_tasks=3,max_array_tasks=9", 1001, 3 },
		{ "max_array_tasks=3", 0, 0 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cs); i++)
		if (jl_max_array_tasks(cs[i].sp, cs[i].size) != cs[i].want)
			fail_msg("\"%s\" %lld: %lld, want %lld", cs[i].sp ?
			    cs[i].sp : "(null)", (long long)cs[i].size,
			    (long long)jl_max_array_tasks(cs[i].sp,
			    cs[i].size), (long long)cs[i].want);
}

/* --signal */
static const struct {
	const char	*text;
	int		 sbatch;
	int		 rc;
	int		 signo;
	const char	*name;
	int		 secs, batch, resv, wrapped;
} signal_cases[] = {
	{ "B:USR1@120",	1, OK, 10, "USR1", 120, 1, 0, 0 },
	{ "R:SIGTERM",	1, OK, 15, "TERM", 60, 0, 1, 0 },
	{ "USR1",	1, OK, 10, "USR1", 60, 0, 0, 0 },
	{ "usr1",	0, OK, 10, "USR1", 60, 0, 0, 0 },
	{ "sigusr2@30",	1, OK, 12, "USR2", 30, 0, 0, 0 },
	{ "SigXcpu",	1, OK, 24, "XCPU", 60, 0, 0, 0 },
	{ "HUP@0",	1, OK, 1, "HUP", 0, 0, 0, 0 },
	{ "10",		1, OK, 10, "USR1", 60, 0, 0, 0 },
	{ "15@5",	0, OK, 15, "TERM", 5, 0, 0, 0 },
	{ "64",		1, OK, 64, NULL, 60, 0, 0, 0 },
	{ "65535",	1, OK, 65535, NULL, 60, 0, 0, 0 },
	{ "65537",	1, OK, 1, "HUP", 60, 0, 0, 1 },	/* (uint16_t) */
	{ "-1",		1, OK, 65535, NULL, 60, 0, 0, 1 },
	{ "USR1@",	1, OK, 10, "USR1", 0, 0, 0, 0 },
	{ "USR1@ 5",	1, OK, 10, "USR1", 5, 0, 0, 0 },
	{ "USR1@+5",	1, OK, 10, "USR1", 5, 0, 0, 0 },
	{ "USR1@65535",	1, OK, 10, "USR1", 65535, 0, 0, 0 },
	{ " USR1 ",	1, OK, 10, "USR1", 60, 0, 0, 0 },
	{ " 10 @7",	1, OK, 10, "USR1", 7, 0, 0, 0 },
	{ "b:usr1",	1, OK, 10, "USR1", 60, 1, 0, 0 },
	{ "r:usr1",	0, OK, 10, "USR1", 60, 0, 1, 0 },
	{ "RB:USR1",	1, OK, 10, "USR1", 60, 1, 1, 0 },
	{ "BR:USR1",	1, OK, 10, "USR1", 60, 1, 1, 0 },
	{ "RUSR1",	1, OK, 10, "USR1", 60, 0, 1, 0 },
	{ ":USR1",	1, OK, 10, "USR1", 60, 0, 0, 0 },
	{ "SIGBUS",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "USR1@70000",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "USR1@-1",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "USR1@5 ",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "USR1@5x",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "USR1@1@2",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "B:USR1",	0, BAD, 0, NULL, 0, 0, 0, 0 },	/* srun/salloc */
	{ "0",		1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "65536",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "10x",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "USR",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "USR1X",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "SIGSIGUSR1",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "::USR1",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "B::USR1",	1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "R",		1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "",		1, BAD, 0, NULL, 0, 0, 0, 0 },
	{ "@5",		1, BAD, 0, NULL, 0, 0, 0, 0 },
};

static void
test_signal(void **state)
{
	struct jl_signal sg;
	const char	*err, *w = "signal";
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(signal_cases); i++) {
		const char *x = signal_cases[i].text;

		err = sentinel;
		rc = jl_val_signal(x, signal_cases[i].sbatch, &sg, &err);
		EXPECT_RC(w, x, rc, signal_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "signo", sg.signo, signal_cases[i].signo);
		EXPECT_STR(w, x, "name", sg.name, signal_cases[i].name);
		EXPECT_EQ(w, x, "secs", sg.secs, signal_cases[i].secs);
		EXPECT_EQ(w, x, "batch_only", sg.batch_only,
		    signal_cases[i].batch);
		EXPECT_EQ(w, x, "reservation", sg.reservation,
		    signal_cases[i].resv);
		EXPECT_EQ(w, x, "wrapped", sg.wrapped,
		    signal_cases[i].wrapped);
	}
	err = sentinel;
	assert_int_equal(jl_val_signal(NULL, 1, &sg, &err), BAD);
	check_err(w, NULL, BAD, err);
}

/* --dependency */
static const struct {
	const char	*text;
	int		 rc;
	int		 clear, legacy, and_sep, or_sep, singleton, expand;
	int		 ignored;
	int64_t		 njobs;
} dep_cases[] = {
	{ "",			OK, 1, 0, 0, 0, 0, 0, 0, 0 },
	{ "0",			OK, 1, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "AfterOK:123",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterok:123:456",	OK, 0, 0, 0, 0, 0, 0, 0, 2 },
	{ "after:1",		OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterany:1",		OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afternotok:1",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "aftercorr:1",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterburstbuffer:5",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterburstbXYZ:5",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },	/* n = 11 */
	{ "afterany:1,afterok:2", OK, 0, 0, 1, 0, 0, 0, 0, 2 },
	{ "afterany:1?afterok:2", OK, 0, 0, 0, 1, 0, 0, 0, 2 },
	{ "afterany:1,afterok:2?after:3", OK, 0, 0, 1, 1, 0, 0, 0, 3 },
	{ "123",		OK, 0, 1, 0, 0, 0, 0, 0, 1 },
	{ "123,456",		OK, 0, 1, 1, 0, 0, 0, 0, 2 },
	{ "afterok:5,123",	OK, 0, 1, 1, 0, 0, 0, 0, 2 },
	{ "123_4",		OK, 0, 1, 0, 0, 0, 0, 0, 1 },
	{ "123_[4]",		OK, 0, 1, 0, 0, 0, 0, 0, 1 },
	{ "singleton",		OK, 0, 0, 0, 0, 1, 0, 0, 0 },
	{ "SINGLETON",		OK, 0, 0, 0, 0, 1, 0, 0, 0 },
	{ "singleton,afterok:1", OK, 0, 0, 1, 0, 1, 0, 0, 1 },
	{ "afterok:1?singleton", OK, 0, 0, 0, 1, 1, 0, 0, 1 },
	{ "afterok:123+10",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterok:123+10:456",	OK, 0, 0, 0, 0, 0, 0, 0, 2 },
	{ "afterok:123(failed)", OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterok:123_4",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterok:123_*",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterok:123_[1-3]",	OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "afterok:123_[1-5:2]:7", OK, 0, 0, 0, 0, 0, 0, 0, 2 },
	{ "afterok:1_[1-3]:2",	OK, 0, 0, 0, 0, 0, 0, 0, 2 },
	{ "expand:123",		OK, 0, 0, 0, 0, 0, 1, 0, 1 },
	{ "afterok:123+5x",	OK, 0, 0, 0, 0, 0, 0, 1, 1 },
	{ "afterok:1(failed)junk", OK, 0, 0, 0, 0, 0, 0, 1, 1 },
	/* the '(' search swallows the second element */
	{ "afterok:1,afterany:2(failed)", OK, 0, 0, 0, 0, 0, 0, 1, 1 },
	{ "afterburstb1_[1-2]:5", OK, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "123?456",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "123,afterok:5",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "123_[4-5]",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "singletonx",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123+0",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123+",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123+x",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123(",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123_[]",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123_[1-2000]", BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123_[3-3:1]", BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:0",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:abc",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123x",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:123,",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:1?",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "123,",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterfoo:1",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "expand:1:2",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:4294967296",	BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "afterok:-5",		BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "00",			BAD, 0, 0, 0, 0, 0, 0, 0, 0 },
};

static void
test_dependency(void **state)
{
	struct jl_dep	 d;
	const char	*err, *w = "dependency";
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(dep_cases); i++) {
		const char *x = dep_cases[i].text;

		err = sentinel;
		rc = jl_val_dep(x, 1001, &d, &err);
		EXPECT_RC(w, x, rc, dep_cases[i].rc);
		check_err(w, x, rc, err);
		err = sentinel;
		assert_int_equal(jl_val_dependency(x, &err), rc);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "clear", d.clear, dep_cases[i].clear);
		EXPECT_EQ(w, x, "legacy", d.legacy, dep_cases[i].legacy);
		EXPECT_EQ(w, x, "and_sep", d.and_sep, dep_cases[i].and_sep);
		EXPECT_EQ(w, x, "or_sep", d.or_sep, dep_cases[i].or_sep);
		EXPECT_EQ(w, x, "singleton", d.singleton,
		    dep_cases[i].singleton);
		EXPECT_EQ(w, x, "expand", d.expand, dep_cases[i].expand);
		EXPECT_EQ(w, x, "ignored", d.ignored, dep_cases[i].ignored);
		EXPECT_EQ(w, x, "njobs", d.njobs, dep_cases[i].njobs);
	}
	err = sentinel;
	assert_int_equal(jl_val_dep(NULL, 1001, &d, &err), OK);
	assert_int_equal(d.clear, 1);
}

/* --exclusive */
static const struct {
	const char	*text;
	int		 rc;
	int		 shared;
} excl_cases[] = {
	{ NULL,			OK, 0 },	/* bare --exclusive */
	{ "exclusive",		OK, 0 },
	{ "OverSubscribe",	OK, 1 },
	{ "user",		OK, 2 },
	{ "USER",		OK, 2 },
	{ "mcs",		OK, 3 },
	{ "",			BAD, 0 },
	{ "yes",		BAD, 0 },
	{ "users",		BAD, 0 },
	{ " user",		BAD, 0 },
	/* Release unknown: 26.05's words. */
	{ "topo",		OK, 4 },
	{ "Allocation",		OK, 0 },
};

/* By release: arg_set_exclusive() of slurm_opt.c, "topo" from
 * slurm-24-05-0-1, "allocation" from slurm-26-05-0-1. */
static const struct {
	const char	*text;
	unsigned	 rel;
	int		 rc;
	int		 shared;
} excl_rel_cases[] = {
	{ "topo",		2205, BAD, 0 },
	{ "topo",		2311, BAD, 0 },
	{ "topo",		2405, OK, 4 },
	{ "TOPO",		2511, OK, 4 },
	{ "allocation",		2511, BAD, 0 },
	{ "allocation",		2605, OK, 0 },
	{ "user",		2205, OK, 2 },
	{ NULL,			2205, OK, 0 },
	{ "node",		2605, BAD, 0 },
};

static void
test_exclusive(void **state)
{
	const char	*err, *w = "exclusive";
	size_t		 i;
	int		 rc, shared;

	(void)state;
	for (i = 0; i < JL_NITEMS(excl_cases); i++) {
		const char *x = excl_cases[i].text;

		err = sentinel;
		rc = jl_val_exclusive(x, &shared, &err);
		EXPECT_RC(w, x, rc, excl_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc == 0)
			EXPECT_EQ(w, x, "shared", shared,
			    excl_cases[i].shared);
	}
	for (i = 0; i < JL_NITEMS(excl_rel_cases); i++) {
		const char *x = excl_rel_cases[i].text;

		err = sentinel;
		rc = jl_val_exclusive_rel(x, excl_rel_cases[i].rel, &shared,
		    &err);
		EXPECT_RC(w, x, rc, excl_rel_cases[i].rc);
		check_err(w, x, rc, err);
		if (rc == 0)
			EXPECT_EQ(w, x, "shared", shared,
			    excl_rel_cases[i].shared);
	}
}

/* --output patterns */
static const struct {
	const char	*text;
	int		 none, escaped, j, A, a, x, u, N, n, t, s;
	int		 unknown, task;
} pat_cases[] = {
	{ "none",		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "NONE",		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "slurm-%j.out",	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "%x-%J.out",		0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 },
	{ "slurm-%A_%a.out",	0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "out-%4a.log",	0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "%010j",		0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "%u/%N.log",		0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0 },
	{ "%n-%t-%s",		0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0 },
	{ "100%%j",		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "%%%j",		0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "run-%q.out",		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
	{ "50%",		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
	{ "x%10",		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
	{ "%4%j",		0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
	{ "out\\%j",		0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "a\\b",		0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "3",			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "03",			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "3.out",		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "",			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "/scratch/%u/%x_%j.err", 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0 },
};

static void
test_pattern(void **state)
{
	struct jl_pattern p;
	const char	*w = "pattern";
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(pat_cases); i++) {
		const char *x = pat_cases[i].text;

		jl_val_pattern(x, &p);
		EXPECT_EQ(w, x, "none", p.none, pat_cases[i].none);
		EXPECT_EQ(w, x, "escaped", p.escaped, pat_cases[i].escaped);
		EXPECT_EQ(w, x, "has_j", p.has_j, pat_cases[i].j);
		EXPECT_EQ(w, x, "has_A", p.has_A, pat_cases[i].A);
		EXPECT_EQ(w, x, "has_a", p.has_a, pat_cases[i].a);
		EXPECT_EQ(w, x, "has_x", p.has_x, pat_cases[i].x);
		EXPECT_EQ(w, x, "has_u", p.has_u, pat_cases[i].u);
		EXPECT_EQ(w, x, "has_N", p.has_N, pat_cases[i].N);
		EXPECT_EQ(w, x, "has_n", p.has_n, pat_cases[i].n);
		EXPECT_EQ(w, x, "has_t", p.has_t, pat_cases[i].t);
		EXPECT_EQ(w, x, "has_s", p.has_s, pat_cases[i].s);
		EXPECT_EQ(w, x, "unknown", p.unknown, pat_cases[i].unknown);
		EXPECT_EQ(w, x, "task_number", p.task_number,
		    pat_cases[i].task);
	}
	jl_val_pattern(NULL, &p);
	assert_int_equal(p.none + p.escaped + p.unknown, 0);
}

/* --mail-type */
static const struct {
	const char	*text;
	int		 rc;
	unsigned	 mask;
	int		 nunknown, none, after_none;
} mail_cases[] = {
	{ "END",		OK, JL_MAIL_END, 0, 0, 0 },
	{ "END,FAIL",		OK, JL_MAIL_END | JL_MAIL_FAIL, 0, 0, 0 },
	{ "begin",		OK, JL_MAIL_BEGIN, 0, 0, 0 },
	{ "ALL",		OK, JL_MAIL_ALL, 0, 0, 0 },
	{ "all,array_tasks",	OK, JL_MAIL_ALL | JL_MAIL_ARRAY_TASKS, 0, 0,
	    0 },
	{ "TIME_LIMIT,time_limit_90,TIME_LIMIT_80,TIME_LIMIT_50", OK,
	    JL_MAIL_TIME100 | JL_MAIL_TIME90 | JL_MAIL_TIME80 |
	    JL_MAIL_TIME50, 0, 0, 0 },
	{ "STAGE_OUT,INVALID_DEPEND,REQUEUE", OK, JL_MAIL_STAGE_OUT |
	    JL_MAIL_INVALID_DEPEND | JL_MAIL_REQUEUE, 0, 0, 0 },
	{ "foo,END",		OK, JL_MAIL_END, 1, 0, 0 },
	{ "BEGIN, END",		OK, JL_MAIL_BEGIN, 1, 0, 0 },
	{ ",END,,",		OK, JL_MAIL_END, 0, 0, 0 },
	{ "NONE",		OK, 0, 0, 1, 0 },
	{ "foo,none",		OK, 0, 1, 1, 0 },
	{ "END,NONE",		OK, 0, 0, 1, 0 },
	{ "NONE,BEGIN",		OK, 0, 0, 1, 1 },	/* never read */
	{ "foo",		BAD, 0, 0, 0, 0 },
	{ "TIME_LIMIT_70",	BAD, 0, 0, 0, 0 },
	{ "",			BAD, 0, 0, 0, 0 },
	{ ",,,",		BAD, 0, 0, 0, 0 },
};

static void
test_mail(void **state)
{
	struct jl_mail	 m;
	const char	*err, *w = "mail";
	size_t		 i;
	int		 rc, nu;

	(void)state;
	for (i = 0; i < JL_NITEMS(mail_cases); i++) {
		const char *x = mail_cases[i].text;

		err = sentinel;
		rc = jl_val_mail(x, &m, &err);
		EXPECT_RC(w, x, rc, mail_cases[i].rc);
		check_err(w, x, rc, err);
		err = sentinel;
		nu = -1;
		assert_int_equal(jl_val_mailtype(x, &nu, &err), rc);
		assert_int_equal(jl_val_mailtype(x, NULL, &err), rc);
		if (rc != 0)
			continue;
		EXPECT_EQ(w, x, "mask", m.mask, mail_cases[i].mask);
		EXPECT_EQ(w, x, "nunknown", m.nunknown,
		    mail_cases[i].nunknown);
		EXPECT_EQ(w, x, "mailtype nunknown", nu,
		    mail_cases[i].nunknown);
		EXPECT_EQ(w, x, "none", m.none, mail_cases[i].none);
		EXPECT_EQ(w, x, "after_none", m.after_none,
		    mail_cases[i].after_none);
	}
}

/* --begin/--deadline: validity only (parse_time) */
static const struct {
	const char	*text;
	int		 rc;
} begin_cases[] = {
	{ "now",		OK },
	{ "now+1hour",		OK },
	{ "now+1hours",		OK },
	{ "now+1 hour",		OK },
	{ "now + 1",		OK },		/* seconds by default */
	{ "now-1day",		OK },
	{ "now+60minutes",	OK },
	{ "now+2weeks",		OK },
	{ "NOW+1HOUR",		OK },
	{ "now+1hourtoday",	OK },
	{ "today",		OK },
	{ "tODAY",		OK },
	{ "tomorrow",		OK },
	{ "midnight",		OK },
	{ "noon",		OK },
	{ "fika",		OK },
	{ "teatime",		OK },
	{ "today noon",		OK },
	{ "noon tomorrow",	OK },
	{ "16:00",		OK },
	{ "16:00:30",		OK },
	{ "4:00pm",		OK },
	{ "4:00 pm",		OK },
	{ "12:00am",		OK },
	{ "12:00pm",		OK },
	{ "0105",		OK },
	{ "010524",		OK },
	{ "01/05",		OK },
	{ "1/5/24",		OK },
	{ "1.5.24",		OK },
	{ "105",		OK },		/* MDD: October 5 */
	{ "2024-01-05",		OK },
	{ "2024-01-5",		OK },
	{ "2024-01-05T10:00",	OK },
	{ "2024-01-05T10:00:00", OK },
	{ "2024-01-05 10:00",	OK },
	{ "01/05-10:00",	OK },
	{ "01/05/24-10:00:00",	OK },
	{ "uts1700000000",	OK },
	{ "UTS1700000000",	OK },
	{ "uts 1700000000",	OK },
	{ "",			BAD },
	{ " ",			BAD },
	{ "-",			BAD },
	{ "T",			BAD },
	{ "Today",		BAD },		/* 'T' is a separator */
	{ "Tomorrow",		BAD },
	{ "TODAY",		BAD },
	{ "now+5min",		BAD },
	{ "now+1h",		BAD },
	{ "now+",		BAD },
	{ "now+hour",		BAD },
	{ "now+1week3",		BAD },
	{ "nowhere",		BAD },
	{ "todayx",		BAD },
	{ "todaynow",		BAD },		/* jlint: Slurm reads past */
	{ "13:00pm",		BAD },
	{ "13:00am",		BAD },
	{ "24:00",		BAD },
	{ "23:60",		BAD },
	{ "23:59:60",		BAD },
	{ "1:5",		BAD },
	{ "1:00xyz",		BAD },
	{ "13/01",		BAD },
	{ "12/32",		BAD },
	{ "1/5/2024",		BAD },
	{ "2024-13-05",		BAD },
	{ "2024-1-05",		BAD },
	{ "2024-00-05",		BAD },
	{ "2024-01-32",		BAD },
	{ "5",			BAD },
	{ "15",			BAD },
	{ "uts999999",		BAD },
	{ "uts1700000000x",	BAD },
	{ "uts",		BAD },
};

static void
test_begin(void **state)
{
	const char	*err, *w = "begin";
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(begin_cases); i++) {
		const char *x = begin_cases[i].text;

		err = sentinel;
		rc = jl_val_begin(x, &err);
		EXPECT_RC(w, x, rc, begin_cases[i].rc);
		check_err(w, x, rc, err);
	}
	err = sentinel;
	assert_int_equal(jl_val_begin(NULL, &err), BAD);
	check_err(w, NULL, BAD, err);
}

/* --open-mode, --nice, yes|no, 0|1 */
static const struct {
	const char	*text;
	int		 rc;
} openmode_cases[] = {
	{ "append", OK }, { "truncate", OK }, { "A", OK }, { "Truncate", OK },
	{ "apple", OK },		/* only the first character counts */
	{ "x", BAD }, { "", BAD }, { " append", BAD }, { NULL, BAD },
};

/* --requeue[=VAL], release unknown: 25.11 takes any value. */
static const struct {
	const char	*text;
	int		 rc;
} requeue_cases[] = {
	{ NULL, OK }, { "", OK }, { "expedite", OK }, { "EXPEDITE", OK },
	{ "0", OK }, { "expedited", OK }, { "later", OK },
};

/* By release: arg_set_requeue() of slurm_opt.c, slurm-25-11-0-1 to
 * slurm-26-05-0-1 (any value, only expedite acts), slurm-26-05-1-1 and
 * later ("Invalid --requeue specification"); a flag before 25.11. */
#define IGN	JL_VAL_IGNORED
#define DEP	JL_VAL_DEPENDS
static const struct {
	const char	*text;
	unsigned	 rel;
	int		 rc;
} requeue_rel_cases[] = {
	{ "expedite", 2505, BAD }, { "", 2411, BAD },
	{ NULL, 2511, OK }, { "", 2511, OK }, { "expedite", 2511, OK },
	{ "Expedite", 2605, OK }, { "", 2605, OK },
	{ "expedited", 2511, IGN }, { "0", 2511, IGN }, { "later", 2511, IGN },
	{ " expedite", 2511, IGN },
	{ "expedited", 2605, DEP }, { "0", 2605, DEP },
};

static const struct {
	const char	*text;
	int		 rc;
	int64_t		 adj;
} nice_cases[] = {
	{ NULL, OK, 100 },		/* bare --nice */
	{ "10", OK, 10 },
	{ "-10", OK, -10 },
	{ "", OK, 0 },
	{ "abc", OK, 0 },		/* strtoll: no digits is 0 */
	{ "10abc", OK, 10 },		/* trailing junk ignored */
	{ "2147483645", OK, 2147483645 },
	{ "-2147483645", OK, -2147483645 },
	{ "2147483646", BAD, 0 },
	{ "-2147483646", BAD, 0 },
	{ "99999999999999999999", BAD, 0 },
	{ "-99999999999999999999", BAD, 0 },
};

static const struct {
	const char	*text;
	int		 yesno, zeroone;
} flag_cases[] = {
	{ "yes", OK, BAD }, { "No", OK, BAD }, { "YES", OK, BAD },
	{ "y", BAD, BAD }, { "yes ", BAD, BAD }, { "true", BAD, BAD },
	{ "0", BAD, OK }, { "1", BAD, OK }, { "01", BAD, OK },
	{ "+1", BAD, OK }, { " 1", BAD, OK },
	{ "", BAD, OK },		/* parse_int reads "" as 0 */
	{ "2", BAD, BAD }, { "-1", BAD, BAD }, { "1 ", BAD, BAD },
	{ "65536", BAD, BAD },		/* jlint: Slurm's uint16_t wraps */
	{ NULL, BAD, BAD },
};

static void
test_small(void **state)
{
	const char	*err;
	int64_t		 adj;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < JL_NITEMS(openmode_cases); i++) {
		const char *x = openmode_cases[i].text;

		err = sentinel;
		rc = jl_val_openmode(x, &err);
		EXPECT_RC("open-mode", x, rc, openmode_cases[i].rc);
		check_err("open-mode", x, rc, err);
	}
	for (i = 0; i < JL_NITEMS(requeue_cases); i++) {
		const char *x = requeue_cases[i].text;

		err = sentinel;
		rc = jl_val_requeue(x, &err);
		EXPECT_RC("requeue", x, rc, requeue_cases[i].rc);
		check_err("requeue", x, rc, err);
	}
	for (i = 0; i < JL_NITEMS(requeue_rel_cases); i++) {
		const char *x = requeue_rel_cases[i].text;

		err = sentinel;
		rc = jl_val_requeue_rel(x, requeue_rel_cases[i].rel, &err);
		EXPECT_RC("requeue (release)", x, rc, requeue_rel_cases[i].rc);
		check_err("requeue (release)", x, rc, err);
	}
	for (i = 0; i < JL_NITEMS(nice_cases); i++) {
		const char *x = nice_cases[i].text;

		err = sentinel;
		rc = jl_val_nice_adj(x, &adj, &err);
		EXPECT_RC("nice", x, rc, nice_cases[i].rc);
		check_err("nice", x, rc, err);
		err = sentinel;
		assert_int_equal(jl_val_nice(x, &err), rc);
		if (rc == 0)
			EXPECT_EQ("nice", x, "adj", adj, nice_cases[i].adj);
	}
	for (i = 0; i < JL_NITEMS(flag_cases); i++) {
		const char *x = flag_cases[i].text;

		err = sentinel;
		rc = jl_val_yesno(x, &err);
		EXPECT_RC("yesno", x, rc, flag_cases[i].yesno);
		check_err("yesno", x, rc, err);
		err = sentinel;
		rc = jl_val_zeroone(x, &err);
		EXPECT_RC("zeroone", x, rc, flag_cases[i].zeroone);
		check_err("zeroone", x, rc, err);
	}
}

/* Long and hostile input must finish quickly and not read out of bounds. */
static void
test_bounded(void **state)
{
	static char		 big[200001];
	struct jl_arena		 a;
	struct jl_gres_list	 l;
	struct jl_array		 ar;
	struct jl_time		 t;
	struct jl_pattern	 p;
	const char		*err;
	uint64_t		 mb;
	int64_t			 x, y;
	size_t			 i;

	(void)state;
	jl_arena_init(&a);
	for (i = 0; i + 13 < sizeof(big); i += 13)
		memcpy(big + i, "0-1000:1,0-3,", 13);
	big[i] = '\0';
	err = sentinel;
	assert_int_equal(jl_val_array(big, 1001, &ar, &err), OK);
	assert_int_equal(ar.ntasks, 1001);
	/* 16000 full-range tokens over 4M indices: the work bound trips */
	for (i = 0; i + 12 < sizeof(big); i += 12)
		memcpy(big + i, "0-3999999:2,", 12);
	big[i - 1] = '\0';
	err = sentinel;
	assert_int_equal(jl_val_array(big, 4000001, &ar, &err), OK);
	assert_int_equal(ar.exact, 0);
	assert_true(ar.ntasks >= 2000000);

	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(jl_val_time(big, &t, &err), BAD);
	assert_int_equal(jl_val_mem(big, &mb, &err), BAD);
	assert_int_equal(jl_val_int(big, 0, &x, &err), BAD);
	assert_int_equal(jl_val_nodes(big, &x, &y, &err), BAD);
	assert_int_equal(jl_val_array(big, 1001, &ar, &err), BAD);
	assert_int_equal(jl_val_dependency(big, &err), BAD);
	assert_int_equal(jl_val_begin(big, &err), BAD);

	memset(big, ',', sizeof(big) - 1);
	assert_int_equal(jl_val_nodes(big, &x, &y, &err), BAD);
	assert_int_equal(jl_val_gres_flags(big, &err), OK);
	assert_int_equal(jl_val_gres(&a, big, &l, &err), OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(jl_val_gpus(&a, big, &l, &err), OK);
	assert_int_equal(jl_val_array(big, 1001, &ar, &err), OK);
	assert_int_equal(jl_val_mailtype(big, NULL, &err), BAD);

	memset(big, '%', sizeof(big) - 1);
	jl_val_pattern(big, &p);
	assert_int_equal(p.unknown, 0);

	/* one look-ahead per job id must not make these quadratic */
	memcpy(big, "afterok:1", 9);
	for (i = 9; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, ":7", 2);
	big[i] = '\0';
	assert_int_equal(jl_val_dependency(big, &err), OK);
	for (i = 0; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "7,", 2);
	big[i - 1] = '\0';
	assert_int_equal(jl_val_dependency(big, &err), OK);
	for (i = 0; i + 3 < sizeof(big); i += 3)
		memcpy(big + i, "1_[", 3);
	big[i] = '\0';
	assert_int_equal(jl_val_dependency(big, &err), BAD);
	big[i - 1] = ']';
	assert_int_equal(jl_val_dependency(big, &err), BAD);
	jl_arena_free(&a);
}

/*
 * Words checked with sbatch 22.05 --test-only on a real slurmctld
 * (tests/slurm-diff/run.sh with JLINT_DIFF_EXPLORE): every OK here was
 * accepted and every BAD refused by sbatch.
 */
static const struct { const char *s; int rc; } dist_cases[] = {
	{ "block", OK }, { "cyclic", OK }, { "arbitrary", OK },
	{ "plane=2", OK }, { "block:cyclic", OK }, { "cyclic:fcyclic", OK },
	{ "block:block:fcyclic", OK }, { "*:*:*", OK }, { "*", OK },
	{ "block,pack", OK }, { "block,nopack", OK }, { "BLOCK", OK },
	{ "pack", OK }, { "Pack", OK }, { "block:cyclic,Pack", OK },
	{ "block:", OK }, { ":block", OK }, { "block::cyclic", OK },
	{ "cyclic:block:block:", OK }, { "block:block,", OK },
	{ "blok", BAD }, { "plane", BAD }, { "plane=x", BAD },
	{ "fcyclic", BAD }, { "block:arbitrary", BAD },
	{ "block:cyclic:cyclic:cyclic", BAD }, { "block:plane", BAD },
	{ "plane=2,pack", BAD }, { "block,foo", BAD }, { "plane=0", BAD },
	{ "plane=2:block", BAD },
};
/* Release unknown: 23.11.2's list grammar. */
static const struct { const char *s; int rc; } gflag_cases[] = {
	{ "disable-binding", OK }, { "enforce-binding", OK },
	{ "Enforce-Binding", OK }, { "ENFORCE-BINDING", OK },
	{ "enforce", BAD }, { "foo", BAD },
	{ "enforce-binding,one-task-per-sharing", OK },
	{ "multiple-tasks-per-sharing", OK }, { "one-task-per-sharing", OK },
	{ "", OK }, { ",enforce-binding,", OK },
	{ "allow-task-sharing", BAD }, { "enforce-binding,foo", BAD },
	{ "disable-binding,enforce-binding", BAD },
	{ "one-task-per-sharing,multiple-tasks-per-sharing", BAD },
	{ "enforce-binding ", BAD },
};

/* By release: arg_set_gres_flags() of slurm_opt.c, slurm-22-05-11-1 to
 * slurm-23-11-1-1 (one word), slurm-23-11-2-1 (lists, *-per-sharing;
 * one-task-per-sharing needs MULTIPLE_SHARING_GRES_PJ in slurm.conf),
 * slurm-23-11-4-1 (allow-task-sharing: srun only). */
static const struct { const char *s; unsigned rel; int rc; } gflag_rel[] = {
	{ "enforce-binding", 2205, OK }, { "disable-binding", 2311, OK },
	{ "enforce-binding,disable-binding", 2205, BAD },
	{ "enforce-binding,one-task-per-sharing", 2205, BAD },
	{ "multiple-tasks-per-sharing", 2302, BAD },
	{ "", 2205, BAD },
	{ "multiple-tasks-per-sharing", 2311, DEP },	/* 23.11.2 and on */
	{ "enforce-binding,one-task-per-sharing", 2311, DEP },
	{ "multiple-tasks-per-sharing", 2405, OK },
	{ "Enforce-Binding,Multiple-Tasks-Per-Sharing", 2605, OK },
	/* one-task-per-sharing: SelectTypeParameters of slurm.conf */
	{ "enforce-binding,one-task-per-sharing", 2411, DEP },
	{ "one-task-per-sharing", 2605, DEP },
	{ "allow-task-sharing", 2405, BAD },
	{ "allow-task-sharing", 2605, BAD },
	{ "disable-binding,enforce-binding", 2405, BAD },
	{ "foo", 2605, BAD }, { "foo", 2311, BAD },
	{ "", 2411, OK },
};
static const struct { const char *s; int rc; } profile_cases[] = {
	{ "none", OK }, { "all", OK }, { "Task", OK }, { "tasky", OK },
	{ "ball", OK }, { "energy,task", OK }, { "lustre", OK },
	{ "network", OK }, { "task,foo", OK }, { "foo", BAD }, { "", BAD },
};
static const struct { const char *s; int rc; int help; } membind_cases[] = {
	{ "none", OK, 0 }, { "no", OK, 0 }, { "local", OK, 0 },
	{ "rank", OK, 0 }, { "help", OK, 1 }, { "v", OK, 0 },
	{ "verbose", OK, 0 }, { "q", OK, 0 }, { "quiet", OK, 0 },
	{ "p", OK, 0 }, { "prefer", OK, 0 }, { "sort", OK, 0 },
	{ "nosort", OK, 0 }, { "map_mem:0", OK, 0 }, { "mapmem:0", OK, 0 },
	{ "mask_mem:0x1", OK, 0 }, { "maskmem:1", OK, 0 },
	{ "map_mem:0,1", OK, 0 }, { "local,v", OK, 0 }, { "NONE", OK, 0 },
	{ "Local", OK, 0 }, { "verbose;local", OK, 0 },
	{ "map_mem:", BAD, 0 }, { "local,foo", BAD, 0 }, { "mapmem", BAD, 0 },
	{ "foo", BAD, 0 },
};
static const struct { const char *s; int rc; } prop_cases[] = {
	{ "ALL", OK }, { "NONE", OK }, { "CORE", OK }, { "RLIMIT_CORE", OK },
	{ "NOFILE,CORE", OK }, { "AS", OK }, { "CPU", OK }, { "DATA", OK },
	{ "FSIZE", OK }, { "MEMLOCK", OK }, { "NOFILE", OK }, { "NPROC", OK },
	{ "RSS", OK }, { "STACK", OK }, { "CORE,", OK }, { NULL, OK },
	{ "core", BAD }, { "CORE,FOO", BAD }, { "all", BAD }, { "none", BAD },
	{ "ALL,CORE", BAD }, { "FOO", BAD },
};

static void
test_words(void **state)
{
	const char	*err;
	size_t		 i;
	int		 rc, help;

	(void)state;
	for (i = 0; i < sizeof(dist_cases) / sizeof(dist_cases[0]); i++) {
		err = sentinel;
		rc = jl_val_distribution(dist_cases[i].s, &err);
		EXPECT_RC("distribution", dist_cases[i].s, rc,
		    dist_cases[i].rc);
		check_err("distribution", dist_cases[i].s, rc, err);
	}
	for (i = 0; i < sizeof(gflag_cases) / sizeof(gflag_cases[0]); i++) {
		err = sentinel;
		rc = jl_val_gres_flags(gflag_cases[i].s, &err);
		EXPECT_RC("gres-flags", gflag_cases[i].s, rc,
		    gflag_cases[i].rc);
		check_err("gres-flags", gflag_cases[i].s, rc, err);
	}
	for (i = 0; i < sizeof(gflag_rel) / sizeof(gflag_rel[0]); i++) {
		err = sentinel;
		rc = jl_val_gres_flags_rel(gflag_rel[i].s, gflag_rel[i].rel,
		    &err);
		EXPECT_RC("gres-flags (release)", gflag_rel[i].s, rc,
		    gflag_rel[i].rc);
		check_err("gres-flags (release)", gflag_rel[i].s, rc, err);
	}
	for (i = 0; i < sizeof(profile_cases) / sizeof(profile_cases[0]); i++) {
		err = sentinel;
		rc = jl_val_profile(profile_cases[i].s, &err);
		EXPECT_RC("profile", profile_cases[i].s, rc,
		    profile_cases[i].rc);
		check_err("profile", profile_cases[i].s, rc, err);
	}
	for (i = 0; i < sizeof(membind_cases) / sizeof(membind_cases[0]); i++) {
		err = sentinel;
		rc = jl_val_mem_bind(membind_cases[i].s, &help, &err);
		EXPECT_RC("mem-bind", membind_cases[i].s, rc,
		    membind_cases[i].rc);
		check_err("mem-bind", membind_cases[i].s, rc, err);
		assert_int_equal(help, membind_cases[i].help);
	}
	for (i = 0; i < sizeof(prop_cases) / sizeof(prop_cases[0]); i++) {
		err = sentinel;
		rc = jl_val_propagate(prop_cases[i].s, &err);
		EXPECT_RC("propagate", prop_cases[i].s, rc,
		    prop_cases[i].rc);
		check_err("propagate", prop_cases[i].s, rc, err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_nodes_rel),
		cmocka_unit_test(test_gres),
		cmocka_unit_test(test_gpus),
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_max_array_tasks),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_dependency),
		cmocka_unit_test(test_exclusive),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_mail),
		cmocka_unit_test(test_begin),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
