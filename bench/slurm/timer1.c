/*
 * timer1.c: job_submit/timer1, the last plugin of a timed chain (see
 * timer0.c).  For every submission that reaches it (a plugin that rejects
 * stops the chain), it appends the nanoseconds since timer0's stamp to the
 * file named by $JLINT_TIMER_OUT in slurmctld's environment, one number a
 * line.  The write happens after the clock is read, outside the measured
 * interval.  A second file, $JLINT_TIMER_OUT.cpu, gets "cpu_ns vcsw ivcsw"
 * for the same interval: the thread's CPU time and its voluntary and
 * involuntary context switches (wall time minus CPU time is time the
 * thread waited: a lock, I/O, or another thread on its CPU).
 */
#define _GNU_SOURCE
#include <sys/resource.h>

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#define EXPORT	__attribute__((__visibility__("default")))

EXPORT const char	plugin_name[] = "chain timer (end)";
EXPORT const char	plugin_type[] = "job_submit/timer1";
EXPORT const uint32_t	plugin_version = SLURM_VERSION_NUMBER;

EXPORT int	init(void);
EXPORT int	fini(void);
EXPORT int	job_submit(job_desc_msg_t *, uint32_t, char **);

static void			*h0;
static const struct timespec	*stamp, *cpu0;
static const long		*csw0;
static FILE			*out, *cpuout;

int
init(void)
{
	const char	*path = getenv("JLINT_TIMER_OUT");

	/* timer0 is loaded first (it comes first in JobSubmitPlugins) and
	 * has the soname job_submit_timer0.so. */
	if ((h0 = dlopen("job_submit_timer0.so", RTLD_NOW | RTLD_NOLOAD))
	    != NULL) {
		stamp = dlsym(h0, "timer0_stamp");
		cpu0 = dlsym(h0, "timer0_cpu");
		csw0 = dlsym(h0, "timer0_csw");
	}
	if (path != NULL) {
		char	cpath[4096];

		out = fopen(path, "a");
		snprintf(cpath, sizeof(cpath), "%s.cpu", path);
		cpuout = fopen(cpath, "a");
	}
	return SLURM_SUCCESS;
}

int
fini(void)
{
	if (out != NULL)
		fclose(out);
	if (cpuout != NULL)
		fclose(cpuout);
	if (h0 != NULL)
		dlclose(h0);
	return SLURM_SUCCESS;
}

int
job_submit(job_desc_msg_t *d, uint32_t uid, char **err)
{
	struct timespec	now, cpu;
	struct rusage	ru;
	long long	ns;

	(void)d;
	(void)uid;
	(void)err;
	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
	if (getrusage(RUSAGE_THREAD, &ru) != 0)
		ru.ru_nvcsw = ru.ru_nivcsw = 0;
	if (stamp == NULL || out == NULL)
		return SLURM_SUCCESS;
	ns = (long long)(now.tv_sec - stamp->tv_sec) * 1000000000LL +
	    (now.tv_nsec - stamp->tv_nsec);
	fprintf(out, "%lld\n", ns);
	fflush(out);
	if (cpu0 != NULL && csw0 != NULL && cpuout != NULL) {
		fprintf(cpuout, "%lld %ld %ld\n",
		    (long long)(cpu.tv_sec - cpu0->tv_sec) * 1000000000LL +
		    (cpu.tv_nsec - cpu0->tv_nsec), ru.ru_nvcsw - csw0[0],
		    ru.ru_nivcsw - csw0[1]);
		fflush(cpuout);
	}
	return SLURM_SUCCESS;
}

#if SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(23, 2, 0)
EXPORT int	job_modify(job_desc_msg_t *, void *, uint32_t, char **);
int
job_modify(job_desc_msg_t *d, void *j, uint32_t uid, char **err)
{
	(void)d; (void)j; (void)uid; (void)err;
	return SLURM_SUCCESS;
}
#else
EXPORT int	job_modify(job_desc_msg_t *, void *, uint32_t);
int
job_modify(job_desc_msg_t *d, void *j, uint32_t uid)
{
	(void)d; (void)j; (void)uid;
	return SLURM_SUCCESS;
}
#endif
