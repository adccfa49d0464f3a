/*
 * t_wrap.c: messages inside slurmctld stay within 100 columns (issue
 * 17.7): jlp_wrap() (plugin/judge.c), the one place every front end's
 * message for the user goes through (jlp_judge(), desc_say(), job_modify),
 * without a slurmctld.  Slurm prints each line after its own prefix
 * ("sbatch: error: 1: "), so a line of the text has at most JLP_WRAP (80)
 * columns; a cut line goes on JLP_WRAP_INDENT further in.  Then the whole
 * judge: a rejection with long findings comes out cut.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge.h"
#include "policy-load.h"

/* What judge.c takes from hold.c and slurmctld. */
const char *jlp_hold_tag(void);
const char *jlp_hold_path(void);
const char *jlp_user_name(uint32_t, char *, size_t);
void	slurm_info(const char *, ...);
void	slurm_verbose(const char *, ...);
void	slurm_error(const char *, ...);

const char *
jlp_hold_tag(void)
{
	return "t_wrap";
}

const char *
jlp_hold_path(void)
{
	return "/etc/slurm/jlint.yaml";
}

const char *
jlp_user_name(uint32_t uid, char *buf, size_t len)
{
	snprintf(buf, len, "user%u", uid);
	return buf;
}

void
slurm_info(const char *fmt, ...)
{
	(void)fmt;
}

void
slurm_verbose(const char *fmt, ...)
{
	(void)fmt;
}

void
slurm_error(const char *fmt, ...)
{
	(void)fmt;
}

/* Every line of s within w columns (UTF-8 characters). */
static int
max_cols(const char *s)
{
	int	c = 0, m = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			c = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++c > m)
			m = c;
	}
	return m;
}

static void
wrap_is(const char *in, size_t w, const char *want)
{
	char	*got = jlp_wrap(in, w);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_wrap(void **state)
{
	char	 big[400], *got;

	(void)state;
	/* Short lines and empty lines are left alone. */
	wrap_is("", 20, "");
	wrap_is("a b\n\n  c", 20, "a b\n\n  c");
	/* Cut at the last space that fits; the rest 4 columns in. */
	wrap_is("jlint: one two three four five", 16,
	    "jlint: one two\n    three four\n    five");
	/* Exactly the width fits; the spaces at the cut are dropped. */
	wrap_is("aaaa bbbb   cccc", 9, "aaaa bbbb\n    cccc");
	/* An indented line ("  fix: ...") goes on further in. */
	wrap_is("  fix: add --nv right after it", 16,
	    "  fix: add --nv\n      right\n      after it");
	/* A word longer than a line is cut where the line ends. */
	wrap_is("see /a/very/long/path/name.sif now", 12,
	    "see\n    /a/very/\n    long/pat\n    h/name.s\n    if now");
	/* UTF-8: columns are characters, not bytes. */
	wrap_is("\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9", 6,
	    "\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9");
	/* ... and a narrow line goes on at most half its width in. */
	wrap_is("\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9", 5,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\n  \xc3\xa9\xc3\xa9");
	assert_null(jlp_wrap(NULL, 80));
	/* A long message at the real width: nothing over 80. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (size_t i = 5; i < sizeof(big) - 1; i += 7)
		big[i] = ' ';
	got = jlp_wrap(big, JLP_WRAP);
	assert_non_null(got);
	assert_true(max_cols(got) <= JLP_WRAP);
	free(got);
}

static const char policy[] =
    "name: t\n"
    "gpu_flag: --nv\n"
    "partitions:\n"
    "  - { name: batch, default: true, max_time: 12:00:00 }\n"
    "rules:\n"
    "  gpu-container-no-nv: enforce\n"
    "  partition-time-limit: enforce\n"
    "  missing-time-limit: warn\n";

static const char script[] =
    "#!/bin/bash\n"
    "#SBATCH --time=13:00:00\n"
    "#SBATCH --gres=gpu:1\n"
    "singularity exec /ceph/container/a-rather-long-image-name.sif "
    "python train.py\n";

/* The judge's whole message: findings, fixes, warnings, the closing
 * line, all cut to JLP_WRAP. */
static void
test_judge(void **state)
{
	struct jl_policy_set	*set;
	const struct jl_ruleset	*rs;
	char			*errors = NULL;
	struct jlp_req		 req;
	struct jlp_judged	 j;
	char			 path[] = "/tmp/t_wrap.XXXXXX";
	FILE			*fp;
	int			 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs(policy, fp);
	fclose(fp);
	set = jl_policy_open(path, NULL, &errors, NULL);
	unlink(path);
	if (set == NULL)
		fprintf(stderr, "%s\n", errors != NULL ? errors : "?");
	assert_non_null(set);
	rs = set->rs;
	memset(&req, 0, sizeof(req));
	req.in.name = "job script";
	req.in.data = script;
	req.in.len = strlen(script);
	req.in.jobdesc = 0;	/* the directives are the request */
	req.quiet = 1;
	assert_int_equal(jlp_judge(rs, &req, &j), 0);
	if (j.nreject < 2 && j.text != NULL)
		fprintf(stderr, "%s\n", j.text);
	assert_true(j.nreject >= 2);
	assert_non_null(j.text);
	assert_true(max_cols(j.text) <= JLP_WRAP);
	/* Cut (the findings are longer than a line), nothing lost. */
	assert_non_null(strstr(j.text, "\n    "));
	assert_non_null(strstr(j.text, "jlint: gpu-container-no-nv (line 4): "));
	assert_non_null(strstr(j.text, "jlint --policy /etc/slurm/"));
	jlp_judged_free(&j);
	jl_policy_set_free(set);
	free(errors);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_judge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
