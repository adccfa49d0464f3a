/*
 * t_opt.c: the option table (lint/opt-table.c) and its lookups
 * (lint/opt.c) against Slurm 22.05.8's slurm_option_table_create() and
 * glibc 2.36 getopt_long() (posix/getopt.c:process_long_option()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "opt.h"

static const unsigned versions[] = {
	JL_SLURM_2205, JL_SLURM_2302, JL_SLURM_2311, JL_SLURM_2405,
	JL_SLURM_2411, JL_SLURM_2505, JL_SLURM_2511, JL_SLURM_2605
};
#define NVERSIONS	(sizeof(versions) / sizeof(versions[0]))

static const unsigned cmds[] = { JL_CMD_SBATCH, JL_CMD_SRUN, JL_CMD_SALLOC };
#define NCMDS		(sizeof(cmds) / sizeof(cmds[0]))

static int
ranges_overlap(const struct jl_opt *a, const struct jl_opt *b)
{
	unsigned alo = a->since, ahi = a->until ? a->until : 0xffffffffu;
	unsigned blo = b->since, bhi = b->until ? b->until : 0xffffffffu;

	return alo < bhi && blo < ahi;
}

static int
cmd_order(const struct jl_opt *a, const struct jl_opt *b)
{
	int	 c = strcmp(a->name, b->name);

	if (c != 0)
		return c;
	if (a->cmds != b->cmds)
		return a->cmds < b->cmds ? -1 : 1;
	if (a->since != b->since)
		return a->since < b->since ? -1 : 1;
	return 0;
}

/* --- the table itself ------------------------------------------------ */

static void
t_sorted(void **state)
{
	size_t	 i;

	(void)state;
	assert_true(jl_opt_count > 150);
	for (i = 1; i < jl_opt_count; i++) {
		const struct jl_opt *a = &jl_opt_table[i - 1];
		const struct jl_opt *b = &jl_opt_table[i];

		if (cmd_order(a, b) >= 0)
			fail_msg("not sorted at %s / %s", a->name, b->name);
	}
}

static void
t_rows_sane(void **state)
{
	size_t	 i, j;

	(void)state;
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		assert_non_null(o->name);
		assert_true(o->name[0] != '\0' && o->name[0] != '-');
		assert_non_null(o->doc);
		assert_true(strlen(o->doc) > 10);
		assert_true(o->id > JL_O_NONE && o->id < JL_O__COUNT);
		assert_true((o->cmds & JL_CMD_MASK) != 0);
		assert_true((o->cmds & ~JL_CMD_MASK) == 0);
		if (o->until != 0)
			assert_true(o->until > o->since);
		/* flags carry no value; required/optional do */
		if (o->arg == JL_ARG_NONE)
			assert_int_equal(o->kind, JL_V_NONE);
		else
			assert_int_not_equal(o->kind, JL_V_NONE);
		/* an alias has no letter of its own */
		if (o->flags & JL_OF_ALIAS)
			assert_int_equal(o->shortopt, 0);
		/* SPANK options are never in sbatch's own table */
		if (o->flags & JL_OF_SPANK)
			assert_int_equal(o->cmds, JL_CMD_SRUN);
		/* early pass exists only for sbatch */
		if (o->flags & JL_OF_EARLY)
			assert_true(o->cmds & JL_CMD_SBATCH);
		/* env variables only on sbatch rows, all SBATCH_ or SLURM_ */
		if (o->env != NULL) {
			assert_true(o->cmds & JL_CMD_SBATCH);
			assert_true(strncmp(o->env, "SBATCH_", 7) == 0 ||
			    strncmp(o->env, "SLURM_", 6) == 0);
		}
		for (j = i + 1; j < jl_opt_count; j++) {
			const struct jl_opt *p = &jl_opt_table[j];

			if (strcmp(o->name, p->name) != 0)
				break;
			if ((o->cmds & p->cmds) && ranges_overlap(o, p))
				fail_msg("overlapping rows for --%s", o->name);
		}
	}
}

/* How many rows available for cmd/version carry letter c? */
static int
count_short(unsigned cmd, unsigned version, int c)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (o->shortopt == c && jl_opt_available(o, cmd, version))
			n++;
	}
	return n;
}

static void
t_short_unique(void **state)
{
	size_t	 c, v, i;

	(void)state;
	for (c = 0; c < NCMDS; c++)
		for (v = 0; v < NVERSIONS; v++)
			for (i = 0; i < jl_opt_count; i++) {
				int	 s = jl_opt_table[i].shortopt;

				if (s != 0 && count_short(cmds[c], versions[v],
				    s) > 1)
					fail_msg("-%c twice", s);
			}
}

/* How many canonical rows of id are available for cmd/version? */
static int
count_canonical(unsigned cmd, unsigned version, enum jl_optid id)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (o->id == id && !(o->flags & JL_OF_ALIAS) &&
		    jl_opt_available(o, cmd, version))
			n++;
	}
	return n;
}

/* Every id used by a row has exactly one canonical row per cmd/version. */
static void
t_canonical(void **state)
{
	size_t	 c, v, i;

	(void)state;
	for (c = 0; c < NCMDS; c++)
		for (v = 0; v < NVERSIONS; v++)
			for (i = 0; i < jl_opt_count; i++) {
				const struct jl_opt *o = &jl_opt_table[i];
				const struct jl_opt *k;

				if (!jl_opt_available(o, cmds[c], versions[v]))
					continue;
				if (count_canonical(cmds[c], versions[v],
				    o->id) != 1)
					fail_msg("--%s: canonical rows != 1",
					    o->name);
				k = jl_opt_by_id_v(cmds[c], versions[v], o->id);
				assert_non_null(k);
				assert_int_equal(k->id, o->id);
				if (o->shortopt != 0)
					assert_ptr_equal(k, o);
			}
}

static size_t
count_names(unsigned cmd, unsigned version)
{
	size_t	 i, n = 0;

	for (i = 0; i < jl_opt_count; i++)
		if (jl_opt_available(&jl_opt_table[i], cmd, version))
			n++;
	return n;
}

static void
t_counts(void **state)
{
	(void)state;
	/* slurm_option_table_create() for sbatch 22.05.8: 106 names */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2205), 106);
	/* + autocomplete, container-id, extra, tres-per-task */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2302), 110);
	/* - export-file, + tres-bind */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2311), 110);
	/* + export-file, segment, stepmgr, resv-ports, - power */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2405), 113);
	/* + oom-kill-step */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2411), 114);
	/* + external */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2505), 115);
	/* + consolidate-segments, spread-segments, resources */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2511), 118);
	/* + container-type (sbatch 26.05.5: every other name of 25.11 is
	 * still recognized; --power stays gone) */
	assert_int_equal(count_names(JL_CMD_SBATCH, JL_SLURM_2605), 119);
	/* SPANK rows do not count for sbatch, even with the modifier off */
	assert_int_equal(count_names(JL_CMD_SBATCH | JL_CMD_F_NOSPANK,
	    JL_SLURM_2205), 106);
	assert_int_equal(count_names(JL_CMD_SBATCH | JL_CMD_F_SPANK,
	    JL_SLURM_2205), 106 + 16);
}

/*
 * Build "letter[:[:]]" for every short option of cmd in version and
 * compare as a set with the string slurm_option_table_create() builds.
 */
static void
check_shortstring(unsigned cmd, unsigned version, const char *want)
{
	char	 got[128] = "";
	size_t	 i, n = 0;
	const char *p;

	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];

		if (o->shortopt == 0 || !jl_opt_available(o, cmd, version))
			continue;
		n++;
	}
	/* every letter of want is in the table with the same has_arg */
	for (p = want; *p != '\0'; ) {
		const struct jl_opt *o;
		enum jl_arg a = JL_ARG_NONE;
		int	 c = (unsigned char)*p++;

		if (c == '+')
			continue;
		if (*p == ':') {
			p++;
			a = JL_ARG_REQUIRED;
			if (*p == ':') {
				p++;
				a = JL_ARG_OPTIONAL;
			}
		}
		o = jl_opt_find_short(cmd, version, c);
		snprintf(got, sizeof(got), "-%c", c);
		if (o == NULL)
			fail_msg("%s missing", got);
		if (o->arg != a)
			fail_msg("%s has the wrong argument kind", got);
		n--;
	}
	assert_int_equal(n, 0);
}

static void
t_shortstrings(void **state)
{
	(void)state;
	check_shortstring(JL_CMD_SBATCH, JL_SLURM_2205,
	    "+A:a:b:D:M:C:S:c:d:m:e:x:B:G:hHi:J:L:k::F:w:N:n:o:Osp:q:Qt:vVW");
	check_shortstring(JL_CMD_SRUN, JL_SLURM_2205,
	    "+A:b:D:M:C:S:c:d:Xm:e:x:B:G:hHI::i:J:K::lL:T:Zk::F:w:N:n:o:"
	    "Osp:Eq:Qr:t:uvVW:");
	check_shortstring(JL_CMD_SALLOC, JL_SLURM_2205,
	    "+A:b:D:M:C:S:c:d:m:x:B:G:hHI::J:K::L:k::F:w:N:n:Osp:q:Qt:vV");
	check_shortstring(JL_CMD_SBATCH, JL_SLURM_2511,
	    "+A:a:b:D:M:C:S:c:d:m:e:x:B:G:hHi:J:L:k::F:w:N:n:o:Osp:q:Qt:vVW");
}

/* Row facts read from common_options[] and env_vars[]. */
static void
t_row_facts(void **state)
{
	const struct jl_opt *o;

	(void)state;
	o = jl_opt_by_id(JL_CMD_SBATCH, JL_O_EXCLUSIVE);
	assert_non_null(o);
	assert_int_equal(o->arg, JL_ARG_OPTIONAL);
	assert_int_equal(o->kind, JL_V_EXCLUSIVE);
	assert_true(o->flags & JL_OF_RESET);
	assert_int_equal(o->cmds, JL_CMD_SBATCH | JL_CMD_SRUN | JL_CMD_SALLOC);

	o = jl_opt_by_id(JL_CMD_SBATCH, JL_O_WRAP);
	assert_true(o->flags & JL_OF_EARLY);
	o = jl_opt_by_id(JL_CMD_SBATCH, JL_O_VERBOSE);
	assert_true(o->flags & JL_OF_EARLY);
	assert_string_equal(o->env, "SBATCH_DEBUG");
	o = jl_opt_by_id(JL_CMD_SBATCH, JL_O_TIME);
	assert_false(o->flags & (JL_OF_EARLY | JL_OF_RESET));
	assert_int_equal(o->kind, JL_V_TIME);
	assert_int_equal(o->shortopt, 't');

	/* sbatch -W is a flag, srun -W takes seconds */
	o = jl_opt_find_short(JL_CMD_SBATCH, JL_SLURM_2205, 'W');
	assert_int_equal(o->arg, JL_ARG_NONE);
	o = jl_opt_find_short(JL_CMD_SRUN, JL_SLURM_2205, 'W');
	assert_int_equal(o->arg, JL_ARG_REQUIRED);
	assert_string_equal(o->name, "wait");
	/* -K is kill-on-bad-exit for srun, kill-command for salloc */
	assert_int_equal(jl_opt_find_short(JL_CMD_SRUN, 0, 'K')->id,
	    JL_O_KILL_ON_BAD_EXIT);
	assert_int_equal(jl_opt_find_short(JL_CMD_SALLOC, 0, 'K')->id,
	    JL_O_KILL_COMMAND);
	assert_null(jl_opt_find_short(JL_CMD_SBATCH, JL_SLURM_2205, 'K'));
	assert_null(jl_opt_find_short(JL_CMD_SBATCH, JL_SLURM_2205, 'l'));
	assert_null(jl_opt_find_short(JL_CMD_SBATCH, JL_SLURM_2205, 0));

	/* --pty became optional_argument in 23.02 */
	assert_int_equal(jl_opt_by_id_v(JL_CMD_SRUN, JL_SLURM_2205,
	    JL_O_PTY)->arg, JL_ARG_NONE);
	assert_int_equal(jl_opt_by_id_v(JL_CMD_SRUN, JL_SLURM_2302,
	    JL_O_PTY)->arg, JL_ARG_OPTIONAL);
	/* --get-user-env takes no argument in 25.05 */
	assert_int_equal(jl_opt_by_id_v(JL_CMD_SBATCH, JL_SLURM_2411,
	    JL_O_GET_USER_ENV)->arg, JL_ARG_OPTIONAL);
	assert_int_equal(jl_opt_by_id_v(JL_CMD_SBATCH, JL_SLURM_2505,
	    JL_O_GET_USER_ENV)->arg, JL_ARG_NONE);
	assert_null(jl_opt_by_id_v(JL_CMD_SALLOC, JL_SLURM_2411,
	    JL_O_GET_USER_ENV));
	/* by_id without version: the 22.05 row */
	assert_int_equal(jl_opt_by_id(JL_CMD_SRUN, JL_O_PTY)->arg, JL_ARG_NONE);
	/* ... or the only one there is */
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_EXTERNAL)->since,
	    JL_SLURM_2505);
	/* alias rows are never canonical */
	assert_string_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_CLUSTERS)->name,
	    "clusters");
	assert_string_equal(jl_opt_by_id(JL_CMD_SRUN, JL_O_CPU_BIND)->name,
	    "cpu-bind");
	assert_string_equal(jl_opt_by_id(JL_CMD_SBATCH,
	    JL_O_NTASKS_PER_NODE)->name, "ntasks-per-node");
	assert_null(jl_opt_by_id(JL_CMD_SBATCH, JL_O_CPU_BIND));
	assert_null(jl_opt_by_id(JL_CMD_SBATCH, JL_O_CONTAINER_IMAGE));
	assert_non_null(jl_opt_by_id(JL_CMD_SRUN, JL_O_CONTAINER_IMAGE));
}

/* §2.2: options sbatch 22.05 rejects that srun or salloc accept */
static const char *const not_sbatch[] = {
	"accel-bind", "bcast", "bcast-exclude", "compress", "cpu-bind",
	"cpu_bind", "debugger-test", "disable-status", "epilog", "exact",
	"het-group", "pack-group", "immediate", "interactive", "jobid",
	"kill-command", "kill-on-bad-exit", "label", "threads", "mpi",
	"msg-timeout", "multi-prog", "no-allocate", "no-shell", "bell",
	"no-bell", "overlap", "preserve-env", "prolog", "pty",
	"quit-on-interrupt", "relative", "resv-ports", "send-libs",
	"slurmd-debug", "task-epilog", "task-prolog", "unbuffered", "whole",
	"x11",
};

/* §2.2: sbatch-only options */
static const char *const sbatch_only[] = {
	"array", "batch", "export-file", "ignore-pbs", "kill-on-invalid-dep",
	"no-requeue", "parsable", "requeue", "wrap",
};

static void
t_command_sets(void **state)
{
	size_t	 i;
	struct jl_optmatch m;

	(void)state;
	for (i = 0; i < sizeof(not_sbatch) / sizeof(not_sbatch[0]); i++) {
		const char *n = not_sbatch[i];

		jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, n, strlen(n),
		    &m);
		if (m.status == JL_OPT_FOUND && m.exact)
			fail_msg("sbatch accepts --%s", n);
		if (jl_opt_other_command(JL_CMD_SBATCH, JL_SLURM_2205, n,
		    strlen(n)) == NULL)
			fail_msg("--%s: no other command", n);
	}
	for (i = 0; i < sizeof(sbatch_only) / sizeof(sbatch_only[0]); i++) {
		const char *n = sbatch_only[i];
		const struct jl_opt *o;

		jl_opt_find_long(JL_CMD_SRUN, JL_SLURM_2205, n, strlen(n), &m);
		if (m.status == JL_OPT_FOUND && m.exact)
			fail_msg("srun accepts --%s", n);
		jl_opt_find_long(JL_CMD_SALLOC, JL_SLURM_2205, n, strlen(n),
		    &m);
		if (m.status == JL_OPT_FOUND && m.exact)
			fail_msg("salloc accepts --%s", n);
		o = jl_opt_other_command(JL_CMD_SRUN, JL_SLURM_2205, n,
		    strlen(n));
		assert_non_null(o);
		assert_int_equal(o->cmds, JL_CMD_SBATCH);
	}
	/* --wait: a flag for sbatch, seconds for srun, absent for salloc */
	jl_opt_find_long(JL_CMD_SALLOC, JL_SLURM_2205, "wait", 4, &m);
	assert_int_equal(m.status, JL_OPT_FOUND);
	assert_string_equal(m.opt->name, "wait-all-nodes");
	assert_int_equal(m.exact, 0);
}

static void
t_flags(void **state)
{
	static const char *const early[] = {
		"help", "quiet", "usage", "verbose", "version", "wrap"
	};
	size_t	 i, k, n = 0, spank = 0;

	(void)state;
	for (i = 0; i < jl_opt_count; i++) {
		const struct jl_opt *o = &jl_opt_table[i];
		int	 want = 0;

		for (k = 0; k < sizeof(early) / sizeof(early[0]); k++)
			if (strcmp(o->name, early[k]) == 0)
				want = 1;
		assert_int_equal(!!(o->flags & JL_OF_EARLY), want);
		if (o->flags & JL_OF_DEPRECATED)
			n++;
		if (o->flags & JL_OF_SPANK)
			spank++;
	}
	/* cpu_bind, pack-group, tasks-per-node */
	assert_int_equal(n, 3);
	assert_int_equal(spank, 16);
	/* reset_each_pass samples */
	assert_true(jl_opt_by_id(JL_CMD_SBATCH, JL_O_PARTITION)->flags &
	    JL_OF_RESET);
	assert_true(jl_opt_by_id(JL_CMD_SBATCH, JL_O_NODES)->flags &
	    JL_OF_RESET);
	assert_false(jl_opt_by_id(JL_CMD_SBATCH, JL_O_ACCOUNT)->flags &
	    JL_OF_RESET);
	assert_false(jl_opt_by_id(JL_CMD_SBATCH, JL_O_MEM)->flags &
	    JL_OF_RESET);
	assert_true(jl_opt_by_id(JL_CMD_SBATCH, JL_O_MEM_PER_CPU)->flags &
	    JL_OF_RESET);
	assert_false(jl_opt_by_id(JL_CMD_SBATCH, JL_O_OUTPUT)->flags &
	    JL_OF_RESET);
	/* value kinds the brief and the setters fix */
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_MEM)->kind,
	    JL_V_MEM);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_TMP)->kind,
	    JL_V_MEM);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_GPUS_PER_TASK)->kind,
	    JL_V_GPUS);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_CPUS_PER_GPU)->kind,
	    JL_V_POSINT);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_CORE_SPEC)->kind,
	    JL_V_INT);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_DEADLINE)->kind,
	    JL_V_BEGIN);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH, JL_O_INPUT)->kind,
	    JL_V_PATTERN);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH,
	    JL_O_KILL_ON_INVALID_DEP)->kind, JL_V_YESNO);
	assert_int_equal(jl_opt_by_id(JL_CMD_SBATCH,
	    JL_O_WAIT_ALL_NODES)->kind, JL_V_ZEROONE);
	assert_int_equal(jl_opt_by_id_v(JL_CMD_SRUN, JL_SLURM_2205,
	    JL_O_JOBID)->kind, JL_V_POSINT);
	assert_int_equal(jl_opt_by_id_v(JL_CMD_SRUN, JL_SLURM_2302,
	    JL_O_JOBID)->kind, JL_V_STRING);
}

/* --- long lookups ---------------------------------------------------- */

struct lcase {
	unsigned	 cmd;
	unsigned	 version;
	const char	*name;
	enum jl_optstatus status;
	const char	*want;		/* the row, or one candidate */
	int		 exact;
};

#define B	JL_CMD_SBATCH
#define R	JL_CMD_SRUN
#define V22	JL_SLURM_2205
#define FOUND	JL_OPT_FOUND
#define UNK	JL_OPT_UNKNOWN
#define AMB	JL_OPT_AMBIGUOUS

static const struct lcase lcases[] = {
	/* §1.5 verified cases */
	{ B, V22, "part", FOUND, "partition", 0 },
	{ B, V22, "mem", FOUND, "mem", 1 },
	{ B, V22, "time", FOUND, "time", 1 },
	{ B, V22, "gpus", FOUND, "gpus", 1 },
	{ B, V22, "nodes", FOUND, "nodes", 1 },
	{ B, V22, "ntasks", FOUND, "ntasks", 1 },
	{ B, V22, "mem-per", AMB, "mem-per-gpu", 0 },
	{ B, V22, "cpus", AMB, "cpus-per-task", 0 },
	{ B, V22, "gpu", AMB, "gpus-per-node", 0 },
	{ B, V22, "ntasks-per", AMB, "ntasks-per-tres", 0 },
	/* more prefixes */
	{ B, V22, "mem-per-c", FOUND, "mem-per-cpu", 0 },
	{ B, V22, "cpus-per-t", FOUND, "cpus-per-task", 0 },
	{ B, V22, "acc", AMB, "acctg-freq", 0 },
	{ B, V22, "acco", FOUND, "account", 0 },
	{ R, V22, "acc", AMB, "accel-bind", 0 },
	{ B, V22, "wait", FOUND, "wait", 1 },
	{ B, V22, "wait-", FOUND, "wait-all-nodes", 0 },
	{ B, V22, "ti", AMB, "time-min", 0 },
	{ B, V22, "tasks", FOUND, "tasks-per-node", 0 },
	{ B, V22, "tasks-per-node", FOUND, "tasks-per-node", 1 },
	/* --cluster has val LONG_OPT_CLUSTER, --clusters 'M': glibc says
	 * ambiguous although both set the same thing */
	{ B, V22, "clus", AMB, "clusters", 0 },
	{ B, V22, "cluster", FOUND, "cluster", 1 },
	{ B, V22, "clusters", FOUND, "clusters", 1 },
	{ B, V22, "cluster-", FOUND, "cluster-constraint", 0 },
	/* cpu-bind and cpu_bind share val and has_arg: one option */
	{ R, V22, "cpu-b", FOUND, "cpu-bind", 0 },
	{ R, V22, "cpu_", FOUND, "cpu_bind", 0 },
	{ R, V22, "cpu", AMB, "cpu-freq", 0 },
	{ R, V22, "pack", FOUND, "pack-group", 0 },
	{ R, V22, "het", FOUND, "het-group", 0 },
	/* unknown */
	{ B, V22, "partitions", UNK, NULL, 0 },
	{ B, V22, "zzz", UNK, NULL, 0 },
	{ B, V22, "pty", UNK, NULL, 0 },
	{ B, V22, "exact", UNK, NULL, 0 },
	{ B, V22, "cpu-bind", UNK, NULL, 0 },
	{ B, V22, "label", UNK, NULL, 0 },
	{ B, V22, "Partition", UNK, NULL, 0 },
	{ R, V22, "array", UNK, NULL, 0 },
	{ R, V22, "wrap", UNK, NULL, 0 },
	{ R, V22, "pty", FOUND, "pty", 1 },
	{ R, V22, "exact", FOUND, "exact", 1 },
	{ R, V22, "ex", AMB, "exclude", 0 },
	/* version gates */
	{ B, V22, "tres-per-task", UNK, NULL, 0 },
	{ B, JL_SLURM_2302, "tres-per-task", FOUND, "tres-per-task", 1 },
	{ B, JL_SLURM_2302, "tres-per", FOUND, "tres-per-task", 0 },
	{ B, JL_SLURM_2311, "tres", AMB, "tres-bind", 0 },
	{ B, V22, "power", FOUND, "power", 1 },
	{ B, JL_SLURM_2405, "power", UNK, NULL, 0 },
	{ B, V22, "export-file", FOUND, "export-file", 1 },
	{ B, JL_SLURM_2311, "export-file", UNK, NULL, 0 },
	{ B, JL_SLURM_2311, "export", FOUND, "export", 1 },
	{ B, JL_SLURM_2311, "export-", UNK, NULL, 0 },
	{ B, JL_SLURM_2405, "export-file", FOUND, "export-file", 1 },
	{ B, V22, "ext", FOUND, "extra-node-info", 0 },
	{ B, JL_SLURM_2302, "ext", AMB, "extra", 0 },
	{ B, JL_SLURM_2505, "exte", FOUND, "external", 0 },
	{ B, V22, "extr", FOUND, "extra-node-info", 0 },
	{ B, JL_SLURM_2302, "extr", AMB, "extra", 0 },
	{ B, JL_SLURM_2302, "extra", FOUND, "extra", 1 },
	{ B, V22, "oom-kill-step", UNK, NULL, 0 },
	{ B, JL_SLURM_2411, "oom", FOUND, "oom-kill-step", 0 },
	{ B, JL_SLURM_2511, "resources", FOUND, "resources", 1 },
	{ B, JL_SLURM_2405, "res", AMB, "reservation", 0 },
	/* version 0: any version */
	{ B, 0, "power", FOUND, "power", 1 },
	/* pyxis: srun only (unless the caller says the site loads it) */
	{ B, V22, "container-image", UNK, NULL, 0 },
	{ R, V22, "container-image", FOUND, "container-image", 1 },
	{ R, V22, "container-im", FOUND, "container-image", 0 },
	{ R, V22, "container", FOUND, "container", 1 },
	{ R, V22, "container-", AMB, "container-image", 0 },
	{ R | JL_CMD_F_NOSPANK, V22, "container-im", UNK, NULL, 0 },
	{ R | JL_CMD_F_NOSPANK, V22, "container-", UNK, NULL, 0 },
	{ B | JL_CMD_F_SPANK, V22, "container-mounts", FOUND,
	    "container-mounts", 1 },
	{ B | JL_CMD_F_SPANK, V22, "container-m", AMB, "container-mounts", 0 },
};

static void
t_find_long(void **state)
{
	size_t	 i, k;

	(void)state;
	for (i = 0; i < sizeof(lcases) / sizeof(lcases[0]); i++) {
		const struct lcase *c = &lcases[i];
		struct jl_optmatch m;
		int	 seen = 0;

		jl_opt_find_long(c->cmd, c->version, c->name, strlen(c->name),
		    &m);
		if (m.status != c->status)
			fail_msg("--%s: status %d, want %d", c->name, m.status,
			    c->status);
		switch (c->status) {
		case JL_OPT_FOUND:
			assert_non_null(m.opt);
			if (strcmp(m.opt->name, c->want) != 0)
				fail_msg("--%s: got %s", c->name, m.opt->name);
			assert_int_equal(m.exact, c->exact);
			break;
		case JL_OPT_AMBIGUOUS:
			assert_null(m.opt);
			assert_true(m.ncands >= 2);
			for (k = 0; k < m.ncands; k++) {
				assert_non_null(m.cands[k]);
				if (strcmp(m.cands[k]->name, c->want) == 0)
					seen = 1;
			}
			if (!seen)
				fail_msg("--%s: %s not a candidate", c->name,
				    c->want);
			break;
		case JL_OPT_UNKNOWN:
			assert_null(m.opt);
			assert_int_equal(m.ncands, 0);
			break;
		}
	}
}

/* glibc's "possibilities:" list: the first match and what differs. */
static void
t_cands(void **state)
{
	struct jl_optmatch m;

	(void)state;
	jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, "mem-per", 7, &m);
	assert_int_equal(m.status, JL_OPT_AMBIGUOUS);
	assert_int_equal(m.ncands, 2);
	assert_string_equal(m.cands[0]->name, "mem-per-cpu");
	assert_string_equal(m.cands[1]->name, "mem-per-gpu");

	/* cpu-bind and cpu_bind count once */
	jl_opt_find_long(JL_CMD_SRUN, JL_SLURM_2205, "cpu", 3, &m);
	assert_int_equal(m.status, JL_OPT_AMBIGUOUS);
	assert_int_equal(m.ncands, 4);
	assert_string_equal(m.cands[0]->name, "cpu-bind");
	assert_string_equal(m.cands[1]->name, "cpu-freq");
	assert_string_equal(m.cands[2]->name, "cpus-per-gpu");
	assert_string_equal(m.cands[3]->name, "cpus-per-task");

	jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, "clus", 4, &m);
	assert_int_equal(m.ncands, 3);
	assert_string_equal(m.cands[0]->name, "cluster");
	assert_string_equal(m.cands[1]->name, "cluster-constraint");
	assert_string_equal(m.cands[2]->name, "clusters");
	/* the alias alone: --cluster= differs from --clusters only in val */
	jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, "clusterx", 7, &m);
	assert_int_equal(m.status, JL_OPT_FOUND);
	assert_string_equal(m.opt->name, "cluster");

	/* "--=x": every option is a prefix match; the list is capped */
	jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, "", 0, &m);
	assert_int_equal(m.status, JL_OPT_AMBIGUOUS);
	assert_int_equal(m.ncands, JL_OPT_MAXCANDS);

	/* not NUL-terminated input: only len bytes count */
	jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, "partition=debug", 9,
	    &m);
	assert_int_equal(m.status, JL_OPT_FOUND);
	assert_int_equal(m.exact, 1);
	assert_int_equal(m.opt->id, JL_O_PARTITION);
	jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, "memory", 3, &m);
	assert_int_equal(m.status, JL_OPT_FOUND);
	assert_int_equal(m.opt->id, JL_O_MEM);

	jl_opt_find_long(JL_CMD_SBATCH, JL_SLURM_2205, NULL, 0, &m);
	assert_int_equal(m.status, JL_OPT_UNKNOWN);
}

/* --- env ------------------------------------------------------------- */

struct ecase {
	unsigned	 version;
	const char	*var;
	enum jl_optid	 id;	/* JL_O_NONE: no row */
};

static const struct ecase ecases[] = {
	{ V22, "SBATCH_PARTITION", JL_O_PARTITION },
	{ V22, "SBATCH_TIMELIMIT", JL_O_TIME },
	{ V22, "SBATCH_MEM_PER_NODE", JL_O_MEM },
	{ V22, "SBATCH_ARRAY_INX", JL_O_ARRAY },
	{ V22, "SBATCH_CLUSTERS", JL_O_CLUSTERS },
	{ V22, "SLURM_CLUSTERS", JL_O_CLUSTERS },
	{ V22, "SBATCH_HINT", JL_O_HINT },
	{ V22, "SLURM_HINT", JL_O_HINT },
	{ V22, "SBATCH_REQ_SWITCH", JL_O_SWITCHES },
	{ V22, "SBATCH_WAIT4SWITCH", JL_O_SWITCHES },
	{ V22, "SBATCH_DEBUG", JL_O_VERBOSE },
	{ V22, "SBATCH_IGNORE_PBS", JL_O_IGNORE_PBS },
	{ V22, "SBATCH_CPU_FREQ_REQ", JL_O_CPU_FREQ },
	{ V22, "SBATCH_BURST_BUFFER", JL_O_BB },
	{ V22, "SBATCH_GET_USER_ENV", JL_O_GET_USER_ENV },
	{ JL_SLURM_2505, "SBATCH_GET_USER_ENV", JL_O_GET_USER_ENV },
	{ V22, "SBATCH_POWER", JL_O_POWER },
	{ JL_SLURM_2405, "SBATCH_POWER", JL_O_NONE },
	{ V22, "SBATCH_TRES_PER_TASK", JL_O_NONE },
	{ JL_SLURM_2302, "SBATCH_TRES_PER_TASK", JL_O_TRES_PER_TASK },
	{ JL_SLURM_2302, "SBATCH_CONTAINER_ID", JL_O_CONTAINER_ID },
	{ JL_SLURM_2311, "SBATCH_TRES_BIND", JL_O_TRES_BIND },
	{ JL_SLURM_2405, "SBATCH_SEGMENT_SIZE", JL_O_NONE },
	{ JL_SLURM_2511, "SBATCH_SEGMENT_SIZE", JL_O_SEGMENT },
	{ V22, "SBATCH_NODES", JL_O_NONE },
	{ V22, "SBATCH_CPUS_PER_TASK", JL_O_NONE },
	{ V22, "SBATCH_", JL_O_NONE },
	{ V22, "SBATCH_PARTITIO", JL_O_NONE },
	{ V22, "", JL_O_NONE },
	{ V22, "SLURM_PARTITION", JL_O_NONE },
};

static void
t_env(void **state)
{
	const struct jl_opt	*row;
	size_t			 i, n = 0, k;

	(void)state;
	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++) {
		const struct jl_opt *o = jl_opt_by_env(ecases[i].version,
		    ecases[i].var);

		if (ecases[i].id == JL_O_NONE) {
			if (o != NULL)
				fail_msg("%s: unexpected --%s", ecases[i].var,
				    o->name);
			continue;
		}
		if (o == NULL)
			fail_msg("%s: no row", ecases[i].var);
		assert_int_equal(o->id, ecases[i].id);
		assert_false(o->flags & JL_OF_ALIAS);
	}
	assert_null(jl_opt_by_env(V22, NULL));

	/* §1.10: 60 variable names in 22.05's env tables */
	for (i = 0; i < jl_opt_count; i++) {
		const char *p = jl_opt_table[i].env;

		if (p == NULL || !jl_opt_available(&jl_opt_table[i],
		    JL_CMD_MASK, V22))
			continue;
		for (k = 0; p[k] != '\0'; k++)
			if (k == 0 || (p[k - 1] == ' ' && p[k] != ' '))
				n++;
	}
	assert_int_equal(n, 60);

	/* a row's variables stand in sbatch's env_vars[] order, which
	 * lint/job.c env_order() applies: the later wins */
	assert_int_equal(jl_opt_env_index("SLURM_HINT SBATCH_HINT",
	    "SBATCH_HINT"), 1);
	assert_int_equal(jl_opt_env_index("SLURM_HINT SBATCH_HINT",
	    "SLURM_HINT"), 0);
	assert_int_equal(jl_opt_env_index("SLURM_HINT SBATCH_HINT",
	    "SBATCH"), -1);
	assert_int_equal(jl_opt_env_index("SLURM_HINT ", "HINT"), -1);
	assert_int_equal(jl_opt_env_index("SLURM_HINT", ""), -1);
	row = jl_opt_by_env(V22, "SLURM_CLUSTERS");
	assert_int_equal(jl_opt_env_index(row->env, "SBATCH_CLUSTERS"), 0);
	assert_int_equal(jl_opt_env_index(row->env, "SLURM_CLUSTERS"), 1);
	row = jl_opt_by_env(V22, "SBATCH_HINT");
	assert_int_equal(jl_opt_env_index(row->env, "SLURM_HINT"), 0);
	assert_int_equal(jl_opt_env_index(row->env, "SBATCH_HINT"), 1);
	assert_true(jl_opt_by_env(V22, "SBATCH_NO_REQUEUE") <
	    jl_opt_by_env(V22, "SBATCH_REQUEUE"));
	assert_true(jl_opt_by_env(V22, "SBATCH_WAIT4SWITCH")->flags &
	    JL_OF_ENV_PARTS);
}

/* --- did-you-mean and friends ---------------------------------------- */

struct scase {
	unsigned	 cmd;
	unsigned	 version;
	const char	*name;
	const char	*want;	/* NULL: no suggestion */
};

static const struct scase scases[] = {
	{ B, V22, "partion", "partition" },
	{ B, V22, "partiton", "partition" },
	{ B, V22, "cpus_per_task", "cpus-per-task" },
	{ B, V22, "CPUS-PER-TASK", "cpus-per-task" },
	{ B, V22, "gpus-per-nod", "gpus-per-node" },
	{ B, V22, "tiem", "time" },
	{ B, V22, "acount", "account" },
	{ B, V22, "mem_per_cpu", "mem-per-cpu" },
	{ B, V22, "ntask", "ntasks" },
	{ B, V22, "job_name", "job-name" },
	{ B, V22, "output_file", NULL },
	{ B, V22, "zzzzzzzz", NULL },
	{ B, V22, "x", NULL },
	{ B, V22, "ptyy", NULL },
	{ R, V22, "ptyy", "pty" },
	{ R, V22, "cpu_bnid", "cpu-bind" },
	{ B, JL_SLURM_2302, "tres_per_task", "tres-per-task" },
	/* 3 edits away, within len/3: callers ask jl_opt_other_version()
	 * first to say "needs 23.02" instead */
	{ B, V22, "tres_per_task", "cpus-per-task" },
	{ B, V22, "", NULL },
	{ B, V22, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL },
};

static void
t_suggest(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(scases) / sizeof(scases[0]); i++) {
		const struct scase *c = &scases[i];
		const char *s = jl_opt_suggest(c->cmd, c->version, c->name,
		    strlen(c->name));

		if (c->want == NULL) {
			if (s != NULL)
				fail_msg("--%s: unexpected %s", c->name, s);
			continue;
		}
		if (s == NULL || strcmp(s, c->want) != 0)
			fail_msg("--%s: got %s, want %s", c->name,
			    s ? s : "(null)", c->want);
	}
	assert_null(jl_opt_suggest(B, V22, NULL, 3));
}

static void
t_other(void **state)
{
	const struct jl_opt *o;

	(void)state;
	o = jl_opt_other_command(B, V22, "pty", 3);
	assert_non_null(o);
	assert_int_equal(o->id, JL_O_PTY);
	assert_int_equal(o->cmds, JL_CMD_SRUN);
	o = jl_opt_other_command(B, V22, "exact", 5);
	assert_int_equal(o->id, JL_O_EXACT);
	o = jl_opt_other_command(B, V22, "cpu_bind", 8);
	assert_int_equal(o->id, JL_O_CPU_BIND);
	o = jl_opt_other_command(B, V22, "no-shell", 8);
	assert_int_equal(o->cmds, JL_CMD_SALLOC);
	o = jl_opt_other_command(B, V22, "container-image", 15);
	assert_non_null(o);
	assert_true(o->flags & JL_OF_SPANK);
	assert_null(jl_opt_other_command(B | JL_CMD_F_NOSPANK, V22,
	    "container-image", 15));
	o = jl_opt_other_command(R, V22, "array", 5);
	assert_int_equal(o->cmds, JL_CMD_SBATCH);
	/* a name the command has is not "another command's" */
	assert_null(jl_opt_other_command(B, V22, "wait", 4));
	assert_null(jl_opt_other_command(B, V22, "partition", 9));
	/* an abbreviation is not a name */
	assert_null(jl_opt_other_command(B, V22, "pt", 2));
	assert_null(jl_opt_other_command(B, V22, "zzz", 3));
	/* version window */
	assert_null(jl_opt_other_command(B, V22, "treewidth", 9));
	assert_non_null(jl_opt_other_command(B, JL_SLURM_2311, "treewidth",
	    9));

	o = jl_opt_other_version(B, V22, "tres-per-task", 13);
	assert_non_null(o);
	assert_int_equal(o->since, JL_SLURM_2302);
	o = jl_opt_other_version(B, JL_SLURM_2405, "power", 5);
	assert_non_null(o);
	assert_int_equal(o->until, JL_SLURM_2405);
	o = jl_opt_other_version(B, JL_SLURM_2311, "export-file", 11);
	assert_int_equal(o->since, JL_SLURM_2405);
	assert_null(jl_opt_other_version(B, V22, "partition", 9));
	assert_null(jl_opt_other_version(B, V22, "pty", 3));
	assert_null(jl_opt_other_version(B, V22, "zzz", 3));
}

static void
t_available(void **state)
{
	const struct jl_opt *o = jl_opt_by_id(JL_CMD_SBATCH, JL_O_POWER);

	(void)state;
	assert_false(jl_opt_available(NULL, JL_CMD_SBATCH, V22));
	assert_true(jl_opt_available(o, JL_CMD_SBATCH, V22));
	assert_true(jl_opt_available(o, JL_CMD_SBATCH, JL_SLURM_2311));
	assert_false(jl_opt_available(o, JL_CMD_SBATCH, JL_SLURM_2405));
	assert_true(jl_opt_available(o, JL_CMD_SBATCH, 0));
	assert_false(jl_opt_available(o, 0, V22));
	o = jl_opt_by_id(JL_CMD_SBATCH, JL_O_TRES_PER_TASK);
	assert_false(jl_opt_available(o, JL_CMD_SBATCH, V22));
	assert_true(jl_opt_available(o, JL_CMD_SBATCH, JL_SLURM_2302));
	assert_true(jl_opt_available(o, JL_CMD_SBATCH, 9999));
}

/*
 * The indexes behind jl_opt_find_long() (exact names: a hash) and
 * jl_opt_find_short() (a row list per letter) give what a scan of the
 * table in order gives, for every name, letter, command set and version.
 */
static void
t_index_equals_scan(void **state)
{
	static const unsigned icmds[] = { JL_CMD_SBATCH, JL_CMD_SRUN,
	    JL_CMD_SALLOC, JL_CMD_SRUN | JL_CMD_F_SPANK,
	    JL_CMD_SBATCH | JL_CMD_F_NOSPANK, JL_CMD_MASK };
	static const unsigned vers[] = { 0, JL_SLURM_2205, JL_SLURM_2302,
	    JL_SLURM_2311, JL_SLURM_2405, JL_SLURM_2411, JL_SLURM_2505,
	    JL_SLURM_2511, JL_SLURM_2605, 9999 };
	const struct jl_opt	*want;
	struct jl_optmatch	 m;
	size_t			 i, k, c, v, len;
	int			 ch;

	(void)state;
	for (c = 0; c < sizeof(icmds) / sizeof(icmds[0]); c++)
		for (v = 0; v < sizeof(vers) / sizeof(vers[0]); v++) {
			for (i = 0; i < jl_opt_count; i++) {
				const char *name = jl_opt_table[i].name;

				len = strlen(name);
				for (want = NULL, k = 0; k < jl_opt_count &&
				    want == NULL; k++)
					if (strcmp(jl_opt_table[k].name,
					    name) == 0 && jl_opt_available(
					    &jl_opt_table[k], icmds[c], vers[v]))
						want = &jl_opt_table[k];
				jl_opt_find_long(icmds[c], vers[v], name, len,
				    &m);
				if (want != NULL) {
					assert_int_equal(m.status,
					    JL_OPT_FOUND);
					assert_ptr_equal(m.opt, want);
					assert_int_equal(m.exact, 1);
				} else
					assert_false(m.status ==
					    JL_OPT_FOUND && m.exact);
			}
			for (ch = 1; ch < 256; ch++) {
				for (want = NULL, k = 0; k < jl_opt_count &&
				    want == NULL; k++)
					if (jl_opt_table[k].shortopt == ch &&
					    jl_opt_available(&jl_opt_table[k],
					    icmds[c], vers[v]))
						want = &jl_opt_table[k];
				assert_ptr_equal(jl_opt_find_short(icmds[c],
				    vers[v], ch), want);
			}
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_index_equals_scan),
		cmocka_unit_test(t_sorted),
		cmocka_unit_test(t_rows_sane),
		cmocka_unit_test(t_short_unique),
		cmocka_unit_test(t_canonical),
		cmocka_unit_test(t_counts),
		cmocka_unit_test(t_shortstrings),
		cmocka_unit_test(t_row_facts),
		cmocka_unit_test(t_command_sets),
		cmocka_unit_test(t_flags),
		cmocka_unit_test(t_find_long),
		cmocka_unit_test(t_cands),
		cmocka_unit_test(t_env),
		cmocka_unit_test(t_suggest),
		cmocka_unit_test(t_other),
		cmocka_unit_test(t_available),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
