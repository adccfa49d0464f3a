/*
 * timer0.c: job_submit/timer0, the first plugin of a timed chain
 * (JobSubmitPlugins=timer0,X,timer1; bench/slurm/run.sh).  It stores a
 * CLOCK_MONOTONIC stamp that timer1 reads, so timer1 - timer0 is the time
 * slurmctld spent in plugin X (plus two empty calls: the "empty chain"
 * configuration timer0,timer1 measures that floor).  Method of
 * ../shared/docs/local-slurm.md, section 5.
 */
#define _GNU_SOURCE
#include <sys/resource.h>

#include <stdint.h>
#include <time.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#define EXPORT	__attribute__((__visibility__("default")))

EXPORT const char	plugin_name[] = "chain timer (start)";
EXPORT const char	plugin_type[] = "job_submit/timer0";
EXPORT const uint32_t	plugin_version = SLURM_VERSION_NUMBER;

/* Read by timer1 through dlopen(RTLD_NOLOAD) + dlsym: the wall clock,
 * and the thread's CPU time and context switches (the diagnostic file). */
EXPORT struct timespec	timer0_stamp;
EXPORT struct timespec	timer0_cpu;
EXPORT long		timer0_csw[2];

EXPORT int	init(void);
EXPORT int	fini(void);
EXPORT int	job_submit(job_desc_msg_t *, uint32_t, char **);

int
init(void)
{
	return SLURM_SUCCESS;
}

int
fini(void)
{
	return SLURM_SUCCESS;
}

int
job_submit(job_desc_msg_t *d, uint32_t uid, char **err)
{
	(void)uid;
	(void)err;
	struct rusage	ru;

	(void)d;
	if (getrusage(RUSAGE_THREAD, &ru) == 0) {
		timer0_csw[0] = ru.ru_nvcsw;
		timer0_csw[1] = ru.ru_nivcsw;
	}
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &timer0_cpu);
	clock_gettime(CLOCK_MONOTONIC, &timer0_stamp);
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
