/*
 * plugbench.c: job_submit_jlint.so called in a loop outside slurmctld, to
 * see what one call costs with warm caches and where the time goes (run it
 * under valgrind --tool=callgrind).  Provides what slurmctld exports to
 * plugins (as tests/slurm/t_plugin.c does), dlopen()s the plugin and calls
 * job_submit() with the request sbatch makes for a script: the script, the
 * GPU request, time, name, output, work dir, argv and a 60-entry
 * environment like a real user's.
 *
 *   plugbench PLUGIN.so POLICY.yaml SCRIPT [CALLS [cold]]   (CALLS: 20000)
 *   plugbench PLUGIN.so POLICY.yaml @LIST [CALLS [cold]]
 *   plugbench PLUGIN.so POLICY.yaml --each SCRIPT...
 *   plugbench PLUGIN.so POLICY.yaml --trace SCRIPT...
 *
 * @LIST: a file naming one script per line; the calls go round them
 * (slurmctld's "corpus" workload: each call reads another script, so no
 * call finds the branches of the last one's bytes already learnt).
 *
 * --each: one call per script (the same request around each), printing
 * the return code, the message for the user and the AdminComment: two
 * builds of the plugin give byte-identical output when their verdicts
 * and messages agree (a differential check of a speed change).
 *
 * --trace: two calls per script, the second between two stores to a
 * marker; prints "trace base=ADDR mark=ADDR" (the plugin's load address,
 * the marker's): under valgrind --tool=lackey --trace-mem=yes, what one
 * warm call reads and runs (tools/hot-lines.py, the plugin's hot lines).
 *
 * Prints: calls=N us_per_call=X verdict=accept|reject.  The policy is
 * read once at init (the plugin stat()s it at most once a second).
 *
 * cold: each call timed alone (inside its thread, around job_submit()),
 * with what happens between two calls in slurmctld; prints the median and
 * 90th percentile of the calls and the page faults per call instead.
 * PLUGBENCH_COLD picks what happens (letters, default "tpse"):
 *   t  the call runs in a fresh thread (slurmctld 22.05: one per RPC;
 *      glibc gives the stack of the last one back with MADV_DONTNEED)
 *   p  another process runs (a pipe round trip to a child: sbatch,
 *      munged and slurmd run around every RPC)
 *   s  2 ms of sleep (the CPU goes idle, as slurmctld's does between
 *      RPCs: on a VM the host runs others meanwhile)
 *   e  64 MB of other memory is written, a store per cache line (every
 *      cache level and the TLBs lose the plugin's lines, as the RPC
 *      handling, sbatch and munged around each call do)
 *   i  8 MB of other code runs, a branch every 5 bytes (x86-64 only):
 *      the instruction caches, the branch target buffer and the
 *      predictors lose the plugin's code too, as slurmctld's RPC code,
 *      munge's crypto and the kernel between two submissions do; 'e'
 *      alone evicts only data ("tpsei" is nearer slurmctld than "tpse")
 *   n  the same 8 MB of code, but NOPs: evicts the caches as 'i' does
 *      and leaves the branch predictors and the BTB as they were ("tpsn"
 *      against "tpsi": what relearning the branches costs a call)
 *   h  as 'e', but the 64 MB on transparent huge pages: the caches lose
 *      the plugin's lines, the TLBs keep most of its pages ("h" against
 *      "e": what the page walks cost a call; about nothing on this
 *      project's VM)
 * Any other character does nothing ("-": each call timed alone, between
 * nothing: the warm floor of the same loop).
 * "tpse" matches the chain in a real slurmctld on this project's VM (80
 * us of thread CPU time per accepted twin, measured inside slurmctld
 * with CLOCK_THREAD_CPUTIME_ID: no context switch, no page fault); the
 * warm loop is the floor.
 */
#include <sys/mman.h>
#include <sys/resource.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#include "../../plugin/slurm-compat.h"	/* the job id moved in 26.05 */

void	*slurm_xcalloc_t(size_t);
char	*slurm_xstrdup(const char *);
void	 slurm_xstrfmtcat(char **, const char *, ...);
void	 slurm_xstrcat(char **, const char *);
void	 slurm_xfree(void **);
void	 slurm_info(const char *, ...);
void	 slurm_error(const char *, ...);
void	 slurm_verbose(const char *, ...);
char	*slurm_get_extra_conf_path(const char *);

slurm_conf_t	 slurm_conf;
static const char *policy;

/* xmalloc: two size_t words (magic, size) before the pointer. */
void *
slurm_xcalloc_t(size_t n)
{
	size_t	*p = calloc(1, n + 2 * sizeof(size_t));

	if (p == NULL)
		abort();
	p[0] = 0x42424242u;
	p[1] = n;
	return p + 2;
}

char *
slurm_xstrdup(const char *s)
{
	char	*p;

	if (s == NULL)
		return NULL;
	p = slurm_xcalloc_t(strlen(s) + 1);
	memcpy(p, s, strlen(s) + 1);
	return p;
}

/* As _xstrcat() appends (Slurm grows the string in place; a copy here). */
void
slurm_xstrcat(char **s, const char *add)
{
	size_t	 old = *s != NULL ? strlen(*s) : 0, len = strlen(add);
	char	*n = slurm_xcalloc_t(old + len + 1);

	if (*s != NULL)
		memcpy(n, *s, old);
	memcpy(n + old, add, len + 1);
	slurm_xfree((void **)s);
	*s = n;
}

void
slurm_xstrfmtcat(char **s, const char *fmt, ...)
{
	va_list	 ap;
	char	*n;
	size_t	 old = *s != NULL ? strlen(*s) : 0;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	n = slurm_xcalloc_t(old + (size_t)len + 1);
	if (*s != NULL)
		memcpy(n, *s, old);
	va_start(ap, fmt);
	vsnprintf(n + old, (size_t)len + 1, fmt, ap);
	va_end(ap);
	slurm_xfree((void **)s);
	*s = n;
}

void
slurm_xfree(void **p)
{
	if (*p != NULL)
		free((size_t *)*p - 2);
	*p = NULL;
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
	va_list	ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

char *
slurm_get_extra_conf_path(const char *name)
{
	(void)name;
	return slurm_xstrdup(policy);
}

static int	(*p_submit)(job_desc_msg_t *, uint32_t, char **);
static volatile int	 trace_mark;	/* --trace */
static job_desc_msg_t	 d;
static int		 cold_rc;
static double		 cold_us;
static long		 cold_faults;
static char		**list;		/* @LIST */
static long		 nlist, next;

/* The script of the next call: the one SCRIPT, or the next of @LIST. */
static void
next_script(void)
{
	if (nlist > 0)
		d.script = list[next++ % nlist];
}

static double
us_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e6 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e3;
}

static void *
cold_call(void *arg)
{
	struct timespec	 t0, t1;
	char		*msg = NULL;

	struct rusage	 r0, r1;

	(void)arg;
	next_script();
	getrusage(RUSAGE_THREAD, &r0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cold_rc = p_submit(&d, 1001, &msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_THREAD, &r1);
	cold_faults += r1.ru_minflt - r0.ru_minflt;
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);	/* slurmctld: a new job_desc */
	cold_us = us_between(&t0, &t1);
	return NULL;
}

/* 'i': size bytes of straight-line code, a conditional or direct jump to
 * the next instruction every 5 bytes (each a branch predictor and BTB
 * entry), then ret; 'n' (nops): the same size of NOPs.  NULL where it
 * cannot be made. */
static void (*
other_code(size_t size, int nops))(void)
{
#if defined(__x86_64__)
	static const unsigned char jumps[5] = { 0x74, 0x00, 0xeb, 0x00, 0x90 };
	static const unsigned char nop5[5] = { 0x90, 0x90, 0x90, 0x90, 0x90 };
	const unsigned char	*blk = nops ? nop5 : jumps;
	unsigned char	*p;
	size_t		 i;

	p = mmap(NULL, size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (i = 0; i + sizeof(jumps) <= size; i += sizeof(jumps))
		memcpy(p + i, blk, sizeof(jumps));
	p[i] = 0xc3;		/* ret */
	if (mprotect(p, size + 1, PROT_READ | PROT_EXEC) != 0)
		return NULL;
	return (void (*)(void))(void *)p;
#else
	(void)size;
	return NULL;
#endif
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char *
slurp(const char *path)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	if ((buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, fp) != (size_t)n)
		exit(2);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

int
main(int argc, char **argv)
{
	static char	*env[61], *args[2];
	int		(*p_init)(void), (*p_fini)(void);
	struct timespec	 t0, t1;
	void		*h;
	char		*msg = NULL, *script;
	long		 i, calls = argc > 4 ? atol(argv[4]) : 20000;
	int		 rc = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: plugbench PLUGIN POLICY "
		    "SCRIPT|@LIST [CALLS [cold]]\n"
		    "       plugbench PLUGIN POLICY --each|--trace "
		    "SCRIPT...\n");
		return 2;
	}
	policy = argv[2];
	int		 trace = strcmp(argv[3], "--trace") == 0;

	if (argv[3][0] == '@') {	/* @LIST */
		FILE	*fp = fopen(argv[3] + 1, "r");
		char	 name[4096];

		if (fp == NULL) {
			perror(argv[3] + 1);
			return 2;
		}
		while (fgets(name, sizeof(name), fp) != NULL) {
			name[strcspn(name, "\n")] = '\0';
			if (name[0] == '\0')
				continue;
			if ((list = realloc(list, (size_t)(nlist + 1) *
			    sizeof(*list))) == NULL)
				return 2;
			list[nlist++] = slurp(name);
		}
		fclose(fp);
		if (nlist == 0)
			return 2;
		script = strdup(list[0]);	/* not NULL: not --each */
	} else
		script = trace || strcmp(argv[3], "--each") == 0 ? NULL :
		    slurp(argv[3]);
	if ((h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL)) == NULL) {
		fprintf(stderr, "%s\n", dlerror());
		return 2;
	}
	p_init = (int (*)(void))dlsym(h, "init");
	p_fini = (int (*)(void))dlsym(h, "fini");
	p_submit = (int (*)(job_desc_msg_t *, uint32_t, char **))dlsym(h,
	    "job_submit");
	if (p_init == NULL || p_submit == NULL || p_init() != SLURM_SUCCESS)
		return 2;

	memset(&d, 0, sizeof(d));
	d.time_limit = d.time_min = d.min_nodes = d.max_nodes = NO_VAL;
	d.num_tasks = d.min_cpus = d.priority = NO_VAL;
	jlp_desc_set_job_id(&d, NO_VAL);
	d.cpus_per_task = d.ntasks_per_node = d.ntasks_per_tres = NO_VAL16;
	d.shared = d.requeue = d.contiguous = NO_VAL16;
	d.warn_flags = d.warn_signal = d.warn_time = NO_VAL16;
	d.pn_min_memory = NO_VAL64;
	d.het_job_offset = NO_VAL;	/* not a het job, as slurmctld's */
	d.script = script;
	d.time_limit = 10;
	d.name = (char *)"gpu-nv";
	d.tres_per_node = (char *)"gres:gpu:t4:1";
	d.work_dir = (char *)"/home/user/work";
	d.std_out = (char *)"/home/user/work/slurm-%j.out";
	d.std_in = (char *)"/dev/null";
	d.user_id = 1001;
	d.group_id = 1001;
	d.submit_line = (char *)"sbatch --hold job.sh";
	args[0] = (char *)"/home/user/work/job.sh";
	d.argv = args;
	d.argc = 1;
	for (i = 0; i < 60; i++) {
		char	buf[96];

		snprintf(buf, sizeof(buf), "VAR_%ld=some value of a user's "
		    "environment %ld", i, i);
		env[i] = strdup(buf);
	}
	d.environment = env;
	d.env_size = 60;

	if (script == NULL) {		/* --each, --trace */
		Dl_info		 di;

		if (trace) {
			if (dladdr((void *)p_submit, &di) == 0)
				return 2;
			printf("trace base=%p mark=%p\n", di.dli_fbase,
			    (void *)&trace_mark);
		}
		for (i = 4; i < argc; i++) {
			d.script = slurp(argv[i]);
			if (trace) {	/* a first call, then the traced one */
				p_submit(&d, 1001, &msg);
				slurm_xfree((void **)&msg);
				slurm_xfree((void **)&d.admin_comment);
				trace_mark = 1;
			}
			rc = p_submit(&d, 1001, &msg);
			if (trace)
				trace_mark = 2;
			else
				printf("== %s rc=%d\n%s\n-- comment: %s\n",
				    argv[i], rc, msg != NULL ? msg : "(none)",
				    d.admin_comment != NULL ? d.admin_comment :
				    "(none)");
			slurm_xfree((void **)&msg);
			slurm_xfree((void **)&d.admin_comment);
			free(d.script);
		}
		goto done;
	}
	if (argc > 5 && strcmp(argv[5], "cold") == 0) {
		size_t		 big = 64u << 20, k;
		char		*junk = NULL;		/* 'e', 'h' */
		double		*us = calloc((size_t)calls, sizeof(*us));
		pthread_t	 t;

		const char	*how = getenv("PLUGBENCH_COLD") != NULL ?
		    getenv("PLUGBENCH_COLD") : "tpse";

		/* 'h': the 64 MB on transparent huge pages (32 TLB entries
		 * instead of 16384): the caches lose the plugin's lines, the
		 * TLBs keep most of its pages ('e' against 'h': what the page
		 * walks cost a call). */
		if (strchr(how, 'h') != NULL) {
			if (posix_memalign((void **)&junk, 2u << 20, big) != 0)
				junk = NULL;
			else if (madvise(junk, big, MADV_HUGEPAGE) != 0) {
				fprintf(stderr, "plugbench: no huge pages "
				    "for 'h' here\n");
				return 2;
			}
		} else
			junk = malloc(big);
		if (junk == NULL || us == NULL || calls < 1)
			return 2;
		memset(junk, 0, big);
		/* madvise() succeeds with THP off too: 'h' only if the kernel
		 * gave huge pages (AnonHugePages in smaps_rollup). */
		if (strchr(how, 'h') != NULL) {
			FILE	*fp = fopen("/proc/self/smaps_rollup", "r");
			char	 line[256];
			long	 kb = 0;

			while (fp != NULL && fgets(line, sizeof(line), fp) !=
			    NULL)
				if (sscanf(line, "AnonHugePages: %ld", &kb) == 1)
					break;
			if (fp != NULL)
				fclose(fp);
			if (kb < (long)(big >> 11)) {	/* half of it, in KiB */
				fprintf(stderr, "plugbench: 'h': %ld KiB of huge "
				    "pages, not the 64 MB asked for\n", kb);
				return 2;
			}
		}
		int		 ping[2], pong[2];
		char		 byte = 0;
		void		(*code)(void) = NULL;

		if ((strchr(how, 'i') != NULL || strchr(how, 'n') != NULL) &&
		    (code = other_code(8u << 20,
		    strchr(how, 'i') == NULL)) == NULL) {
			fprintf(stderr, "plugbench: no 'i' or 'n' on this "
			    "machine\n");
			return 2;
		}

		/* 'p': another process runs between calls (sbatch, munged and
		 * slurmd do around each RPC): a pipe round trip to a child. */
		if (strchr(how, 'p') != NULL) {
			if (pipe(ping) != 0 || pipe(pong) != 0)
				return 2;
			if (fork() == 0) {
				close(ping[1]);
				close(pong[0]);
				while (read(ping[0], &byte, 1) == 1)
					if (write(pong[1], &byte, 1) != 1)
						_exit(0);
				_exit(0);
			}
		}

		for (i = 0; i < calls; i++) {
			/* One ordinary store per cache line (memset of a
			 * big block uses non-temporal stores, which leave
			 * the caches as they were). */
			if (strchr(how, 'e') != NULL ||
			    strchr(how, 'h') != NULL)
				for (k = 0; k < big; k += 64)
					junk[k] = (char)(junk[k] + 1);
			if (code != NULL)
				code();
			if (strchr(how, 'p') != NULL &&
			    (write(ping[1], &byte, 1) != 1 ||
			    read(pong[0], &byte, 1) != 1))
				return 2;
			if (strchr(how, 's') != NULL)
				usleep(2000);
			if (strchr(how, 't') == NULL) {
				cold_call(NULL);
				us[i] = cold_us;
				continue;
			}
			if (pthread_create(&t, NULL, cold_call, NULL) != 0)
				return 2;
			pthread_join(t, NULL);
			us[i] = cold_us;
		}
		qsort(us, (size_t)calls, sizeof(*us), cmp_double);
		printf("calls=%ld cold_median_us=%.2f cold_p90_us=%.2f "
		    "faults_per_call=%.1f verdict=%s\n", calls, us[calls / 2],
		    us[calls * 9 / 10], (double)cold_faults / (double)calls,
		    cold_rc == SLURM_SUCCESS ? "accept" : "reject");
		free(junk);
		free(us);
		if (strchr(how, 'p') != NULL)
			close(ping[1]);
		goto done;
	}
	/* Warm up, then time. */
	for (i = 0; i < 100; i++) {
		next_script();
		rc = p_submit(&d, 1001, &msg);
		slurm_xfree((void **)&msg);
		slurm_xfree((void **)&d.admin_comment);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < calls; i++) {
		next_script();
		rc = p_submit(&d, 1001, &msg);
		slurm_xfree((void **)&msg);
		/* each job_desc in slurmctld is new: the AdminComment the
		 * plugin appends to must not grow from call to call */
		slurm_xfree((void **)&d.admin_comment);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("calls=%ld us_per_call=%.2f verdict=%s\n", calls,
	    ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / (double)calls,
	    rc == SLURM_SUCCESS ? "accept" : "reject");
done:
	if (p_fini != NULL)
		p_fini();
	dlclose(h);
	for (i = 0; i < 60; i++)
		free(env[i]);
	free(script);
	for (i = 0; i < nlist; i++)
		free(list[i]);
	free(list);
	return 0;
}
