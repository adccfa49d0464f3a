/*
 * jlbench.c: in-process throughput of liblint (bench/, `make bench`).
 *
 *   jlbench [-F] [-m SECONDS] [-n PASSES] [-r] [-s] [-p POLICY] FILE...
 *
 * Reads every FILE into memory, loads the rule set once (the embedded
 * default policy, or -p POLICY) and then lints the whole in-memory corpus
 * again and again, exactly as the CLI lints one file (jl_model_build,
 * jl_lint_run, jl_findings_sort, findings rendered as text into a
 * buffer that is thrown away).  Like a long-running caller (the plugin's
 * per-thread arena), one arena is reset between scripts, keeping up to
 * KEEP bytes of chunks, and one output buffer is reused; -F: a fresh
 * arena and buffer per script instead, as one CLI process has.  Each pass is timed
 * with CLOCK_MONOTONIC; it runs at least -n passes (default 5) and at
 * least -m seconds (default 1.0) and prints the MEDIAN pass:
 *
 *   files=N bytes=B passes=P median_s=T mb_s=X scripts_s=Y us_per_script=Z
 *
 * (MB = 10^6 bytes.)  -r: reader only (jl_model_build, no rules).
 * -s: also time the start-up work once (policy + rule set load), median
 * of 50 loads: startup_us=...
 * Pin it to one core with taskset to get "one core" numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "job.h"
#include "output.h"
#include "policy.h"
#include "lint.h"
#include "rule.h"

#define KEEP	(1024 * 1024)	/* arena chunks kept between scripts */

struct file {
	const char	*name;
	char		*data;
	size_t		 len;
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dcmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, r;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (n + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 131072;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		if ((r = fread(buf + n, 1, cap - n - 1, fp)) == 0)
			break;
		n += r;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static struct jl_ruleset *
load(const char *policy)
{
	struct jl_policy	*p;
	struct jl_ruleset	*rs;
	char			*errors = NULL, *data;
	size_t			 len;

	if (policy == NULL)
		p = jl_policy_default(&errors);
	else {
		if ((data = slurp(policy, &len)) == NULL) {
			perror(policy);
			exit(2);
		}
		p = jl_policy_load(policy, data, len, &errors);
		free(data);
	}
	if (p == NULL || (rs = jl_ruleset_load(p, &errors)) == NULL) {
		fprintf(stderr, "jlbench: %s", errors ? errors : "load failed\n");
		exit(2);
	}
	return rs;
}

/* Lint one script as lint_one() in cli.c does, in arena a (reset after
 * it, or freed with -F) with output buffer b; returns findings. */
static size_t
lint(const struct jl_ruleset *rs, const struct file *f, int reader_only,
    struct jl_arena *a, struct jl_buf *b, int fresh)
{
	struct jl_model	 m;
	struct jl_input	 in;
	struct jl_who	 who;
	size_t		 n;

	memset(&in, 0, sizeof(in));
	in.name = f->name;
	in.data = f->data;
	in.len = f->len;
	in.version = JL_SLURM_DEFAULT;
	memset(&who, 0, sizeof(who));
	who.user = "bench";
	if (jl_model_build(a, &in, &m) != 0)
		abort();
	if (!reader_only && jl_lint_run(rs, a, &m, 0, &who) != 0)
		abort();
	jl_findings_sort(&m.findings);
	b->len = 0;
	jl_findings_text(&m.findings, f->name, b);
	n = m.findings.v.n + (b->len & 0);
	if (fresh) {
		jl_buf_free(b);
		jl_arena_free(a);
	} else
		jl_arena_reset(a, KEEP);
	return n;
}

int
main(int argc, char **argv)
{
	struct jl_ruleset	*rs;
	struct file		*files;
	const char		*policy = NULL;
	double			 minsec = 1.0, t0, t, total = 0, *pass;
	size_t			 nfiles, i, bytes = 0, npass = 0, cap = 64;
	size_t			 findings = 0;
	struct jl_arena		 a;
	struct jl_buf		 b;
	int			 c, minpass = 5, reader_only = 0, startup = 0;
	int			 fresh = 0;

	while ((c = getopt(argc, argv, "Fm:n:p:rs")) != -1) {
		switch (c) {
		case 'F': fresh = 1; break;
		case 'm': minsec = atof(optarg); break;
		case 'n': minpass = atoi(optarg); break;
		case 'p': policy = optarg; break;
		case 'r': reader_only = 1; break;
		case 's': startup = 1; break;
		default:
			fprintf(stderr, "usage: jlbench [-F] [-m SEC] [-n PASSES] "
			    "[-r] [-s] [-p POLICY] FILE...\n");
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return 2;
	nfiles = (size_t)argc;
	if ((files = calloc(nfiles, sizeof(*files))) == NULL)
		abort();
	for (i = 0; i < nfiles; i++) {
		files[i].name = argv[i];
		if ((files[i].data = slurp(argv[i], &files[i].len)) == NULL) {
			perror(argv[i]);
			return 2;
		}
		bytes += files[i].len;
	}
	if (startup) {
		double	st[50];

		for (i = 0; i < 50; i++) {
			t0 = now();
			rs = load(policy);
			st[i] = now() - t0;
			jl_ruleset_free(rs);
		}
		qsort(st, 50, sizeof(st[0]), dcmp);
		printf("startup_us=%.1f ", st[25] * 1e6);
	}
	rs = load(policy);
	jl_arena_init(&a);
	jl_buf_init(&b);
	/* One warm-up pass, not counted. */
	for (i = 0; i < nfiles; i++)
		findings += lint(rs, &files[i], reader_only, &a, &b, fresh);
	if ((pass = malloc(cap * sizeof(*pass))) == NULL)
		abort();
	while ((int)npass < minpass || total < minsec) {
		t0 = now();
		for (i = 0; i < nfiles; i++)
			lint(rs, &files[i], reader_only, &a, &b, fresh);
		t = now() - t0;
		total += t;
		if (npass == cap && (pass = realloc(pass,
		    (cap *= 2) * sizeof(*pass))) == NULL)
			abort();
		pass[npass++] = t;
	}
	qsort(pass, npass, sizeof(*pass), dcmp);
	t = npass % 2 ? pass[npass / 2] :
	    (pass[npass / 2 - 1] + pass[npass / 2]) / 2;
	printf("files=%zu bytes=%zu findings=%zu passes=%zu median_s=%.6f "
	    "mb_s=%.1f scripts_s=%.0f us_per_script=%.2f\n", nfiles, bytes,
	    findings, npass, t, (double)bytes / t / 1e6, (double)nfiles / t,
	    t / (double)nfiles * 1e6);
	jl_arena_free(&a);
	jl_buf_free(&b);
	jl_ruleset_free(rs);
	for (i = 0; i < nfiles; i++)
		free(files[i].data);
	free(files);
	free(pass);
	return 0;
}
