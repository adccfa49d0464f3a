/*
 * t_lex.c: the script reader against sbatch 22.05 behaviour
 * (slurm-semantics.md §1.2-1.7): acceptance checks, line classification,
 * get_argument() tokenising, getopt_long emulation.  Table-driven, with
 * accepted and rejected inputs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lex.h"

struct rd {
	struct jl_arena		a;
	struct jl_script	s;
	struct jl_findings	fs;
};

static void
rd_read(struct rd *r, const char *text, size_t len, unsigned version)
{
	memset(r, 0, sizeof(*r));
	jl_arena_init(&r->a);
	assert_int_equal(jl_script_read(&r->a, &r->s, "t.sh", text, len,
	    version, &r->fs), 0);
	/* What the model builder does once the body is read. */
	jl_script_report_late(&r->a, &r->s, &r->fs);
}

static void
rd_free(struct rd *r)
{
	jl_arena_free(&r->a);
}

/* Number of findings with this slug. */
static int
nslug(const struct rd *r, const char *slug)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < r->fs.v.n; i++)
		if (strcmp(((struct jl_finding *)r->fs.v.items[i])->rule,
		    slug) == 0)
			n++;
	return n;
}

/* Tokens of all directive lines joined with '|'. */
static void
tokens_of(const struct rd *r, char *out, size_t outlen)
{
	const struct jl_directive	*d;
	const struct jl_token		*t;
	size_t				 i, j;

	out[0] = '\0';
	for (i = 0; i < r->s.lines_dir.n; i++) {
		d = r->s.lines_dir.items[i];
		if (d->kind != JL_LINE_DIRECTIVE)
			continue;
		for (j = 0; j < d->tokens.n; j++) {
			t = d->tokens.items[j];
			if (out[0] != '\0')
				strncat(out, "|", outlen - strlen(out) - 1);
			strncat(out, t->text, outlen - strlen(out) - 1);
		}
	}
}

static const struct {
	const char	*line;		/* after "#!/bin/bash\n" */
	unsigned	 version;
	const char	*tokens;	/* joined with '|' */
	const char	*slug;		/* a finding expected, or NULL for none */
} tok_cases[] = {
	{ "#SBATCH --time=10",			2205, "--time=10", NULL },
	{ "#SBATCH--time=10",			2205, "--time=10", NULL },
	{ "#SBATCH\t-t 10",			2205, "-t|10", NULL },
	{ "#SBATCH --job-name=\"a b\"",		2205, "--job-name=a b", NULL },
	{ "#SBATCH --job-name=a\" b\"",		2205, "--job-name=a b", NULL },
	{ "#SBATCH --job-name=run#1",		2205, "--job-name=run", NULL },
	{ "#SBATCH -t 10 # ten minutes",	2205, "-t|10", NULL },
	{ "#SBATCH --comment=\"a#b\"",		2205, "--comment=a#b", NULL },
	{ "#SBATCH --comment=\\#1",		2205, "--comment=#1", NULL },
	{ "#SBATCH --comment='it\\'s'",		2205, "--comment=it's", NULL },
	{ "#SBATCH --comment=\"x\\\"y\"",	2205, "--comment=x\"y", NULL },
	{ "#SBATCH --comment=\"a b\\ c\"",	2205, "--comment=a b c", NULL },
	/* T6: in 22.05 "\ " ends the argument; from 24.05 it is a space. */
	{ "#SBATCH --comment=my\\ file",	2205, "--comment=my|file",
	    "malformed-directive" },
	{ "#SBATCH --comment=my\\ file",	2405, "--comment=my file", NULL },
	{ "#SBATCH",				2205, "", NULL },
	{ "#SBATCH    ",			2205, "", NULL },
	{ "#SBATCH # only a comment",		2205, "", NULL },
	{ "#SBATCH --job-name=\"abc",		2205, "", "unmatched-quote" },
	{ "#SBATCH --job-name='abc",		2205, "", "unmatched-quote" },
	{ "#SBATCH :",				2205, "", "malformed-directive" },
	{ "#SBATCH -N1 hetjob",			2205, "-N1", "directive-no-effect" },
	{ "#SBATCH -N1 packjob -n2",		2205, "-N1",
	    "directive-no-effect" },		/* get_argument() stops */
	{ "#SBATCH \"\" -t 5",			2205, "", "directive-no-effect" },
	{ "#SBATCH -t 5 ''",			2205, "-t|5", NULL },
	{ "#SBATCH --job-name=\"\"",		2205, "--job-name=", NULL },
	{ "#SBATCH -N1 hetjobs",		2205, "-N1|hetjobs",
	    "malformed-directive" },
	{ "#SLURM --time=5",			2205, "--time=5",
	    "malformed-directive" },	/* deprecated spelling warns */
};

static void
test_tokens(void **state)
{
	struct rd	r;
	char		text[256], got[256];
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(tok_cases) / sizeof(tok_cases[0]); i++) {
		snprintf(text, sizeof(text), "#!/bin/bash\n%s\nsrun x\n",
		    tok_cases[i].line);
		rd_read(&r, text, strlen(text), tok_cases[i].version);
		tokens_of(&r, got, sizeof(got));
		if (strcmp(got, tok_cases[i].tokens) != 0)
			fail_msg("case %zu <%s>: tokens <%s>, expected <%s>", i,
			    tok_cases[i].line, got, tok_cases[i].tokens);
		if (tok_cases[i].slug != NULL &&
		    nslug(&r, tok_cases[i].slug) == 0)
			fail_msg("case %zu <%s>: no [%s]", i, tok_cases[i].line,
			    tok_cases[i].slug);
		if (tok_cases[i].slug == NULL && r.fs.v.n != 0)
			fail_msg("case %zu <%s>: unexpected [%s] %s", i,
			    tok_cases[i].line,
			    ((struct jl_finding *)r.fs.v.items[0])->rule,
			    ((struct jl_finding *)r.fs.v.items[0])->message);
		rd_free(&r);
	}
}

/* Line classification: kinds of the classified lines, one letter each:
 * D directive, L late, N near miss, M malformed, P pbs. */
static const struct {
	const char	*text;
	const char	*kinds;
	int		 first_cmd_line;	/* 0: none */
} scan_cases[] = {
	{ "#!/bin/bash\n#SBATCH -N 2\n\n# c\n#SBATCH -t 5\nsrun x\n", "DD", 6 },
	{ "#!/bin/bash\n#SBATCH -N 2\nset -e\n#SBATCH -t 5\n", "DL", 3 },
	{ "#!/bin/bash\nmodule load x\n#SBATCH -t 5\n", "L", 2 },
	{ "#!/bin/bash\n:\n#SBATCH -t 5\n", "L", 2 },
	{ "#!/bin/bash\nexport A=1\n#SBATCH -t 5\n", "L", 2 },
	{ "#!/bin/bash\n   #SBATCH -t 5\n", "N", 0 },
	{ "#!/bin/bash\n# SBATCH -t 5\n", "N", 0 },
	{ "#!/bin/bash\n#sbatch -t 5\n", "N", 0 },
	{ "#!/bin/bash\n##SBATCH -t 5\n", "", 0 },	/* switched off */
	{ "#!/bin/bash\n###SBATCH --gres=gpu:1\n", "", 0 },
	{ "#!/bin/bash\n  ##SBATCH -t 5\n", "", 0 },
	/* switched off too: an editor's comment toggle writes "# #SBATCH"
	 * (1,510 such lines in 719 public scripts, all deliberate) */
	{ "#!/bin/bash\n## SBATCH -t 5\n", "", 0 },
	{ "#!/bin/bash\n##sbatch -t 5\n", "N", 0 },
	{ "#!/bin/bash\n# #SBATCH -t 5\n", "", 0 },
	{ "#!/bin/bash\n### #SBATCH -p debug\n", "", 0 },
	/* how to submit it: a word that is not an option */
	{ "#!/bin/bash\n# sbatch --array=1-10 job.sh in.txt\n", "", 0 },
	{ "#!/bin/bash\n# sbatch --time=5 --mem=4G\n", "N", 0 },
	{ "#!/bin/bash\n#sbatch --array=1-10 job.sh\n", "N", 0 },
	{ "#!/bin/bash\n#  SBATCH --mem=4G\n", "N", 0 },
	{ "#!/bin/bash\n# SBATCH jobs run here\n", "", 0 },
	{ "#!/bin/bash\n# sbatch job.sh to submit\n", "", 0 },
	{ "#!/bin/bash\n#SBATCHX\n", "M", 0 },
	{ "#!/bin/bash\n#SBATCH_OPTS=--foo\n", "M", 0 },
	{ "#!/bin/bash\n#SLURM_JOB_ID is used below\n", "M", 0 },
	{ "#!/bin/bash\n#PBS -l walltime=1:00:00\n#SBATCH -t 5\n", "PD", 0 },
	{ "#!/bin/bash\nsrun x\n#BSUB -n 4\n", "P", 2 },
	{ "#!/bin/bash\n\t\n  \n#SBATCH -t 5\n", "D", 0 },
	{ "#!/bin/bash\r\n#SBATCH -t 5\r\nsrun x\r\n", "D", 3 },
};

static void
test_scan(void **state)
{
	const struct jl_directive	*d;
	struct rd			 r;
	char				 kinds[32];
	size_t				 i, j;

	(void)state;
	for (i = 0; i < sizeof(scan_cases) / sizeof(scan_cases[0]); i++) {
		rd_read(&r, scan_cases[i].text, strlen(scan_cases[i].text),
		    2205);
		for (j = 0; j < r.s.lines_dir.n && j < sizeof(kinds) - 1; j++) {
			d = r.s.lines_dir.items[j];
			kinds[j] = "??????DLNMP"[d->kind < 10 ? d->kind + 3 : 0];
			switch (d->kind) {
			case JL_LINE_DIRECTIVE: kinds[j] = 'D'; break;
			case JL_LINE_LATE: kinds[j] = 'L'; break;
			case JL_LINE_NEAR_MISS: kinds[j] = 'N'; break;
			case JL_LINE_MALFORMED: kinds[j] = 'M'; break;
			case JL_LINE_PBS: kinds[j] = 'P'; break;
			default: kinds[j] = '?'; break;
			}
		}
		kinds[j] = '\0';
		if (strcmp(kinds, scan_cases[i].kinds) != 0)
			fail_msg("case %zu: kinds <%s>, expected <%s>", i, kinds,
			    scan_cases[i].kinds);
		assert_int_equal(r.s.has_command ? (int)r.s.first_command_line :
		    0, scan_cases[i].first_cmd_line);
		rd_free(&r);
	}
}

/* Acceptance checks of _get_script_buffer(). */
static const struct {
	const char	*text;
	size_t		 len;		/* 0: strlen */
	const char	*slug;		/* NULL: accepted */
} check_cases[] = {
	{ "#!/bin/bash\nsrun x\n", 0, NULL },
	{ "#! /bin/bash\nsrun x\n", 0, NULL },
	{ "#!/bin/sh", 0, NULL },		/* no final newline */
	{ "", 0, "empty-script" },
	{ " \n\t\n", 0, "empty-script" },
	{ "\xef\xbb\xbf#!/bin/bash\n", 0, "missing-shebang" },
	{ "\n#!/bin/bash\n", 0, "missing-shebang" },
	{ "  #!/bin/bash\n", 0, "missing-shebang" },
	{ "echo hi\n", 0, "missing-shebang" },
	{ "#", 0, "missing-shebang" },
	{ "#!/bin/bash\necho \0x\n", 20, "nul-byte" },
	{ "#!/bin/bash\r\necho\n", 0, "crlf-line-endings" },
	{ "#!/bin/bash\necho\r\n", 0, "crlf-line-endings" },
	{ "#!/bin/bash\necho a\rb\n", 0, NULL },	/* lone CR: accepted */
};

static void
test_checks(void **state)
{
	struct rd	r;
	size_t		i, len;

	(void)state;
	for (i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++) {
		len = check_cases[i].len ? check_cases[i].len :
		    strlen(check_cases[i].text);
		rd_read(&r, check_cases[i].text, len, 2205);
		if (check_cases[i].slug == NULL) {
			if (r.fs.v.n != 0)
				fail_msg("case %zu: unexpected [%s]", i,
				    ((struct jl_finding *)r.fs.v.items[0])->rule);
		} else if (nslug(&r, check_cases[i].slug) != 1)
			fail_msg("case %zu: expected one [%s], got %zu findings",
			    i, check_cases[i].slug, r.fs.v.n);
		rd_free(&r);
	}
}

/* getopt_long emulation: option ids and values, in order, joined. */
static const struct {
	const char	*directives;	/* the #SBATCH block */
	const char	*opts;		/* "name=value|flag|..." */
	const char	*slug;		/* expected finding, NULL: none */
} getopt_cases[] = {
	{ "#SBATCH --part=debug\n", "partition=debug", NULL },
	{ "#SBATCH --mem=4G --time=10 --gpus=2 --nodes=1 --ntasks=2\n",
	    "mem=4G|time=10|gpus=2|nodes=1|ntasks=2", NULL },
	{ "#SBATCH --partition\n#SBATCH --time=5\n", "partition=--time=5",
	    "missing-argument" },
	{ "#SBATCH -J\n", "job-name", "missing-argument" },
	{ "#SBATCH -N2-4 -n4\n", "nodes=2-4|ntasks=4", NULL },
	{ "#SBATCH -N 2\n", "nodes=2", NULL },
	{ "#SBATCH -Hv\n", "hold|verbose", "directive-no-effect" },
	{ "#SBATCH --exclusive\n", "exclusive", NULL },
	{ "#SBATCH --exclusive=user\n", "exclusive=user", NULL },
	{ "#SBATCH --exclusive user\n", "exclusive", "malformed-directive" },
	{ "#SBATCH --nice 10\n", "nice", "malformed-directive" },
	{ "#SBATCH -k\n", "no-kill", NULL },
	{ "#SBATCH --mem-per=4G\n", "", "unknown-option" },
	{ "#SBATCH --cpus=4\n", "", "unknown-option" },
	{ "#SBATCH --gpu=1\n", "", "unknown-option" },
	{ "#SBATCH --ntasks-per=2\n", "", "unknown-option" },
	{ "#SBATCH --partion=gpu\n", "", "unknown-option" },
	{ "#SBATCH --pty\n", "", "unknown-option" },
	{ "#SBATCH -Z\n", "", "unknown-option" },
	{ "#SBATCH --wrap=\"srun x\"\n", "wrap=srun x", "directive-no-effect" },
	{ "#SBATCH --hold=yes\n", "hold", "invalid-value" },
	{ "#SBATCH -- -N 2\n", "nodes=2", "malformed-directive" },
	{ "#SBATCH --mem-per-c=2G\n", "mem-per-cpu=2G", NULL },
	{ "#SBATCH --tres-per-task=gres/gpu:1\n", "", "unknown-option" },
	{ "#SBATCH --clus=a\n", "", "unknown-option" }, /* cluster-constraint too */
	{ "#SBATCH --tasks-per=2\n", "tasks-per-node=2", NULL },
};

static void
test_getopt(void **state)
{
	const struct jl_optval	*ov;
	struct rd		 r;
	char			 text[512], got[512];
	size_t			 i, j;

	(void)state;
	for (i = 0; i < sizeof(getopt_cases) / sizeof(getopt_cases[0]); i++) {
		snprintf(text, sizeof(text), "#!/bin/bash\n%ssrun x\n",
		    getopt_cases[i].directives);
		rd_read(&r, text, strlen(text), 2205);
		got[0] = '\0';
		for (j = 0; j < r.s.opts.n; j++) {
			ov = r.s.opts.items[j];
			if (j)
				strncat(got, "|", sizeof(got) - strlen(got) - 1);
			strncat(got, ov->opt->name, sizeof(got) - strlen(got) - 1);
			if (ov->value != NULL) {
				strncat(got, "=", sizeof(got) - strlen(got) - 1);
				strncat(got, ov->value,
				    sizeof(got) - strlen(got) - 1);
			}
		}
		if (strcmp(got, getopt_cases[i].opts) != 0)
			fail_msg("case %zu <%s>: opts <%s>, expected <%s>", i,
			    getopt_cases[i].directives, got,
			    getopt_cases[i].opts);
		if (getopt_cases[i].slug != NULL &&
		    nslug(&r, getopt_cases[i].slug) == 0)
			fail_msg("case %zu <%s>: no [%s]", i,
			    getopt_cases[i].directives, getopt_cases[i].slug);
		if (getopt_cases[i].slug == NULL && r.fs.v.n != 0)
			fail_msg("case %zu <%s>: unexpected [%s] %s", i,
			    getopt_cases[i].directives,
			    ((struct jl_finding *)r.fs.v.items[0])->rule,
			    ((struct jl_finding *)r.fs.v.items[0])->message);
		rd_free(&r);
	}
}

/*
 * One mistake, one finding (issue 10, defect 16): sbatch stops at an
 * unknown or ambiguous option, so the word after it (its value) is never
 * read; it must not become a second finding.  Real sbatch 22.05 prints
 * only "unrecognized option '--partiton'" for these.
 */
static const struct {
	const char	*directives;
	const char	*slug;		/* the one finding */
	const char	*fix;		/* its fix, or NULL */
} one_mistake_cases[] = {
	{ "#SBATCH --partiton gpu\n", "unknown-option",
	    "did you mean --partition=gpu?" },
	{ "#SBATCH --partiton gpu --time=10\n", "unknown-option",
	    "did you mean --partition=gpu?" },
	{ "#SBATCH --exlusive user\n", "unknown-option",
	    "did you mean --exclusive=user? (its value must be attached "
	    "with =)" },
	{ "#SBATCH --gpus-per 2\n", "unknown-option",
	    "write the option's full name" },
	{ "#SBATCH --mpi pmix\n", "unknown-option",
	    "pass --mpi=pmix to srun in the script body" },
	{ "#SBATCH --frobnicate bar\n", "unknown-option",
	    "check the name in man sbatch (or the site's documentation, for "
	    "a SPANK plugin's option); remove the option if nothing here "
	    "adds it" },
	/* two edits in five letters: another word, no advice (not --usage) */
	{ "#SBATCH --image bar\n", "unknown-option",
	    "check the name in man sbatch (or the site's documentation, for "
	    "a SPANK plugin's option); remove the option if nothing here "
	    "adds it" },
	{ "#SBATCH --tiem 10\n", "unknown-option", "did you mean --time=10?" },
	{ "#SBATCH -Z bar\n", "unknown-option", NULL },
	/* a flag-like guess: the word is stray on its own */
	{ "#SBATCH --exclusiv user\n", "malformed-directive",
	    "--exclusive takes an optional value, which must be attached: "
	    "--exclusive=user" },
	/* written with '=': the next word is a second mistake */
	{ "#SBATCH --partiton=gpu\n", "unknown-option",
	    "did you mean --partition?" },
};

static void
test_one_mistake(void **state)
{
	const struct jl_finding	*f;
	struct rd		 r;
	char			 text[512];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(one_mistake_cases) /
	    sizeof(one_mistake_cases[0]); i++) {
		snprintf(text, sizeof(text), "#!/bin/bash\n%ssrun x\n",
		    one_mistake_cases[i].directives);
		rd_read(&r, text, strlen(text), 2205);
		if (r.fs.v.n != 1)
			fail_msg("case %zu <%s>: %zu findings, expected 1", i,
			    one_mistake_cases[i].directives, r.fs.v.n);
		f = r.fs.v.items[0];
		assert_string_equal(f->rule, one_mistake_cases[i].slug);
		if (one_mistake_cases[i].fix == NULL)
			assert_null(f->fix);
		else
			assert_string_equal(f->fix, one_mistake_cases[i].fix);
		rd_free(&r);
	}
	/* The command line: the value goes with the typo, the script never. */
	{
		static const char *cl1[] = { "--partiton", "gpu", "job.sh" };
		static const char *cl2[] = { "--partiton", "job.sh" };
		static const char *cl3[] = { "--partiton", "./job", "a" };
		struct jl_arena	 a;
		struct jl_vec	 out;
		struct jl_findings fs;
		struct jl_argv	 av;
		size_t		 first;

		jl_arena_init(&a);
		memset(&out, 0, sizeof(out));
		memset(&fs, 0, sizeof(fs));
		av.words = cl1;
		av.locs = NULL;
		av.glued = NULL;
		av.n = 3;
		jl_getopt(&a, NULL, JL_CMD_SBATCH, 2205, &av, 0, 0, &out,
		    &first, &fs);
		assert_int_equal(first, 2);
		assert_int_equal(fs.v.n, 1);
		assert_string_equal(((struct jl_finding *)fs.v.items[0])->fix,
		    "did you mean --partition=gpu?");
		av.words = cl2;
		av.n = 2;
		jl_getopt(&a, NULL, JL_CMD_SBATCH, 2205, &av, 0, 0, &out,
		    &first, &fs);
		assert_int_equal(first, 1);
		av.words = cl3;
		av.n = 3;
		jl_getopt(&a, NULL, JL_CMD_SBATCH, 2205, &av, 0, 0, &out,
		    &first, &fs);
		assert_int_equal(first, 1);
		jl_arena_free(&a);
	}
	/* Still two mistakes: a stray word after a value given with '='. */
	snprintf(text, sizeof(text), "#!/bin/bash\n#SBATCH --partiton=gpu x\n"
	    "srun x\n");
	rd_read(&r, text, strlen(text), 2205);
	assert_int_equal(nslug(&r, "unknown-option"), 1);
	assert_int_equal(nslug(&r, "malformed-directive"), 1);
	rd_free(&r);
}

/*
 * A UTF-8 BOM before #! (defect 17): one missing-shebang finding, then
 * the script as sbatch would read it without the BOM.
 */
static void
test_bom(void **state)
{
	static const char	 bom[] = "\xef\xbb\xbf#!/bin/bash\n"
	    "#SBATCH --time=10\n#SBATCH -N 2\nsrun x\n";
	static const char	 bom2[] = "\xef\xbb\xbf" "echo hi\n"
	    "#SBATCH --time=10\n";
	const struct jl_optval	*ov;
	struct rd		 r;

	(void)state;
	rd_read(&r, bom, sizeof(bom) - 1, 2205);
	assert_int_equal(r.fs.v.n, 1);
	assert_int_equal(nslug(&r, "missing-shebang"), 1);
	assert_int_equal(r.s.no_shebang, 1);
	assert_int_equal(r.s.bom, 1);
	assert_int_equal(r.s.opts.n, 2);
	ov = r.s.opts.items[0];
	assert_string_equal(ov->opt->name, "time");
	assert_int_equal(r.s.first_command_line, 4);
	rd_free(&r);
	/* BOM, then a command: the directive after it is late. */
	rd_read(&r, bom2, sizeof(bom2) - 1, 2205);
	assert_int_equal(nslug(&r, "missing-shebang"), 1);
	assert_int_equal(nslug(&r, "late-directive"), 1);
	assert_int_equal(r.s.first_command_line, 1);
	rd_free(&r);
}

/* Het components: the separator line belongs to the new component. */
static void
test_hetjob(void **state)
{
	/* "hetjob -N2": get_argument() never reads the -N2. */
	const char	*text = "#!/bin/bash\n#SBATCH -N1 -t 10\n"
	    "#SBATCH hetjob -N2\n#SBATCH packjob\n#SBATCH -n 3\nsrun x\n";
	const struct jl_optval	*ov;
	struct rd	 r;
	int		 comps[8];
	size_t		 i;

	(void)state;
	rd_read(&r, text, strlen(text), 2205);
	assert_int_equal(r.s.ncomponents, 3);
	assert_int_equal(r.s.opts.n, 3);
	for (i = 0; i < r.s.opts.n; i++) {
		ov = r.s.opts.items[i];
		comps[i] = ov->component;
	}
	assert_int_equal(comps[0], 0);
	assert_int_equal(comps[1], 0);
	assert_int_equal(comps[2], 2);
	assert_int_equal(nslug(&r, "directive-no-effect"), 1);
	rd_free(&r);
}

/* Spans point at the option as written. */
static void
test_spans(void **state)
{
	const char	*text = "#!/bin/bash\n#SBATCH --time=10  -p gpu\n";
	const struct jl_optval	*ov;
	struct rd	 r;
	unsigned	 line, col;

	(void)state;
	rd_read(&r, text, strlen(text), 2205);
	assert_int_equal(r.s.opts.n, 2);
	ov = r.s.opts.items[0];
	jl_src_linecol(&r.s.src, ov->loc.off, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 9);
	jl_src_linecol(&r.s.src, ov->vloc.off, &line, &col);
	assert_int_equal(col, 16);
	assert_int_equal(ov->vloc.len, 2);
	ov = r.s.opts.items[1];
	jl_src_linecol(&r.s.src, ov->vloc.off, &line, &col);
	assert_int_equal(col, 23);
	rd_free(&r);
}

/*
 * The line index (src.c reads 32 bytes a step with SSE2, 8 elsewhere,
 * and guesses the size) against a byte-by-byte reading: lines shorter
 * and longer than the guess, no final newline, bytes that differ from
 * '\n' in one bit only.
 */
static void
test_src_lines(void **state)
{
	static const char *const units[] = { "\n", "a\n", "\x8a\n\x0b",
	    "#SBATCH -N 2\n", "\r\n", "x", "\n\n\n\x8a", "1234567\n" };
	struct jl_arena	 a;
	struct jl_src	 src;
	char		 buf[4096];
	size_t		 len, i, k, n, off, llen, start;
	unsigned	 seed = 1, line, col;

	(void)state;
	for (k = 0; k < 300; k++) {
		len = 0;
		while (len < (k % 50) * 40) {
			seed = seed * 1103515245u + 12345u;
			i = (seed >> 16) % JL_NITEMS(units);
			memcpy(buf + len, units[i], strlen(units[i]));
			len += strlen(units[i]);
		}
		buf[len] = '\0';
		jl_arena_init(&a);
		assert_int_equal(jl_src_init(&src, &a, "t", buf, len), 0);
		/* The reference: a line starts at 0 and after every '\n'
		 * but a final one. */
		n = 1;
		start = 0;
		for (i = 0; i <= len; i++) {
			if (i < len && buf[i] != '\n')
				continue;
			if (i == len || i + 1 == len) {
				/* the last line: [start, len) without '\n' */
				assert_int_equal(jl_src_line(&src,
				    (unsigned)n, &off, &llen), 0);
				assert_int_equal(off, start);
				assert_int_equal(llen, i - start);
				break;
			}
			assert_int_equal(jl_src_line(&src, (unsigned)n, &off,
			    &llen), 0);
			assert_int_equal(off, start);
			assert_int_equal(llen, i - start);
			jl_src_linecol(&src, i + 1, &line, &col);
			assert_int_equal(line, n + 1);
			assert_int_equal(col, 1);
			start = i + 1;
			n++;
		}
		assert_int_equal(src.nlines, n);
		assert_int_not_equal(jl_src_line(&src, (unsigned)n + 1, &off,
		    &llen), 0);
		jl_arena_free(&a);
	}
}

/*
 * Values whose grammar changed between Slurm releases (jl_value_release(),
 * value.h jl_val_*_rel()): refused by the release given, an error; by
 * jlint's default release (assumed) while a later one takes it, a
 * warning; taken but ignored, or depending on the patch release or on
 * slurm.conf, a warning; taken, nothing.  After sbatch took the script
 * (the plugins) only an ignored value is said.  What no release takes
 * is job.c's (tests/t_job.c, fixtures): nothing here.
 */
static const struct {
	const char	*line;
	unsigned	 version;
	int		 assumed, took;
	int		 sev;		/* -1: no finding */
	const char	*has;		/* in the message */
} release_cases[] = {
	{ "#SBATCH --nodes=1-15:4\n", 2302, 0, 0, -1, NULL },
	{ "#SBATCH -N 1,2,4,8\n", 2411, 0, 0, -1, NULL },
	{ "#SBATCH -N1-15:4\n", 2205, 0, 0, JL_SEV_ERROR,
	    "this cluster runs 22.05; sbatch rejects the script" },
	{ "#SBATCH --nodes 1,2\n", 2205, 1, 0, JL_SEV_WARNING,
	    "(jlint's default release: none was given)" },
	{ "#SBATCH --nodes=1,20000\n", 2411, 0, 0, JL_SEV_ERROR, "16384" },
	{ "#SBATCH --nodes=1,20000\n", 2405, 0, 0, -1, NULL },
	{ "#SBATCH --nodes=x,2\n", 2411, 0, 0, -1, NULL },	/* job.c's */
	{ "#SBATCH --gres-flags=enforce-binding,multiple-tasks-per-sharing\n",
	    2405, 0, 0, -1, NULL },
	{ "#SBATCH --gres-flags=multiple-tasks-per-sharing\n", 2311, 0, 0,
	    JL_SEV_WARNING, "23.11.0 and 23.11.1 reject it" },
	{ "#SBATCH --gres-flags=one-task-per-sharing\n", 2605, 0, 0,
	    JL_SEV_WARNING, "MULTIPLE_SHARING_GRES_PJ" },
	{ "#SBATCH --gres-flags=one-task-per-sharing\n", 2605, 0, 1, -1,
	    NULL },
	{ "#SBATCH --gres-flags=enforce-binding,one-task-per-sharing\n",
	    2302, 0, 0, JL_SEV_ERROR, "need Slurm 23.11.2" },
	{ "#SBATCH --gres-flags=allow-task-sharing\n", 2605, 0, 0, -1,
	    NULL },					/* job.c's */
	{ "#SBATCH --exclusive=topo\n", 2405, 0, 0, -1, NULL },
	{ "#SBATCH --exclusive=topo\n", 2311, 0, 0, JL_SEV_ERROR,
	    "needs Slurm 24.05" },
	{ "#SBATCH --exclusive=topo\n", 2311, 0, 1, -1, NULL },
	{ "#SBATCH --exclusive=allocation\n", 2205, 1, 0, JL_SEV_WARNING,
	    "in Slurm 22.05 (jlint's default release" },
	{ "#SBATCH --requeue=expedite\n", 2511, 0, 0, -1, NULL },
	{ "#SBATCH --requeue=expedited\n", 2511, 0, 0, JL_SEV_WARNING,
	    "ignores any other value" },
	{ "#SBATCH --requeue=expedited\n", 2511, 0, 1, JL_SEV_WARNING,
	    "ignores any other value" },
	{ "#SBATCH --requeue=expedited\n", 2605, 0, 0, JL_SEV_WARNING,
	    "26.05.1 and later reject" },
};

static void
test_release_values(void **state)
{
	const struct jl_finding	*f;
	struct rd		 r;
	char			 text[512];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(release_cases) / sizeof(release_cases[0]);
	    i++) {
		snprintf(text, sizeof(text), "#!/bin/bash\n%ssrun x\n",
		    release_cases[i].line);
		memset(&r, 0, sizeof(r));
		jl_arena_init(&r.a);
		r.fs.release_assumed = release_cases[i].assumed;
		r.fs.sbatch_took = release_cases[i].took;
		assert_int_equal(jl_script_read(&r.a, &r.s, "t.sh", text,
		    strlen(text), release_cases[i].version, &r.fs), 0);
		if (release_cases[i].sev < 0) {
			if (r.fs.v.n != 0)
				fail_msg("case %zu <%s>: unexpected %s", i,
				    release_cases[i].line,
				    ((struct jl_finding *)
				    r.fs.v.items[0])->message);
			rd_free(&r);
			continue;
		}
		if (r.fs.v.n != 1)
			fail_msg("case %zu <%s>: %zu findings, want 1", i,
			    release_cases[i].line, r.fs.v.n);
		f = r.fs.v.items[0];
		assert_string_equal(f->rule, "invalid-value");
		if ((int)f->sev != release_cases[i].sev ||
		    strstr(f->message, release_cases[i].has) == NULL)
			fail_msg("case %zu <%s>: sev %d <%s>", i,
			    release_cases[i].line, (int)f->sev, f->message);
		rd_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_src_lines),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_getopt),
		cmocka_unit_test(test_one_mistake),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_hetjob),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_release_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
