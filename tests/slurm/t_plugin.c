/*
 * t_plugin.c: job_submit_jlint.so in a fake controller.  This program
 * provides what slurmctld exports to plugins (slurm_xstrcat and
 * slurm_xfree with xmalloc's hidden header, slurm_info, slurm_verbose,
 * slurm_error, slurm_get_extra_conf_path, slurm_conf), dlopen()s the
 * plugin as Slurm does and calls it directly: the allocator contract (a
 * libc string in *err_msg would fail the header check), reloads,
 * on_error, job_modify, and many threads submitting while the policy is
 * swapped underneath them (23.02+ calls job_submit concurrently).  Run
 * under valgrind by `make check-slurm` when valgrind is installed: no
 * leaks, no bad reads.
 *
 *   t_plugin PLUGIN.so SCRATCH-DIR
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slurm/slurm.h>

#include "slurm-compat.h"
#include <slurm/slurm_errno.h>

#define MAGIC	0x42424242u

/* ---- what slurmctld exports (declared here, not in public headers) ---- */
void	*slurm_xcalloc_t(size_t);
char	*slurm_xstrdup(const char *);
void	 slurm_xstrfmtcat(char **, const char *, ...);
void	 slurm_xstrcat(char **, const char *);
void	 slurm_xfree(void **);
void	 slurm_info(const char *, ...);
void	 slurm_verbose(const char *, ...);
void	 slurm_error(const char *, ...);
char	*slurm_get_extra_conf_path(const char *);

slurm_conf_t	slurm_conf;
static char	policy[4096];
static int	verbose;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char	lastlog[4096];
static char	loghist[1 << 18];	/* every line, as long as it fits */
static size_t	loghist_len;
static int	nerrors, bad_free;
static int	nwarned, nrejected;	/* "warned job", "rejected job" lines */

/* xmalloc: two size_t words (magic, size) before the pointer. */
void *
slurm_xcalloc_t(size_t n)
{
	size_t	*p = calloc(1, n + 2 * sizeof(size_t));

	if (p == NULL)
		abort();
	p[0] = MAGIC;
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

static size_t *
header(void *p)
{
	size_t	*h = (size_t *)p - 2;

	if (h[0] != MAGIC) {
		bad_free++;
		fprintf(stderr, "t_plugin: not xmalloc memory: %p\n", p);
		abort();
	}
	return h;
}

void
slurm_xstrcat(char **s, const char *add)
{
	size_t	 old = 0, len = strlen(add);
	char	*n;

	if (*s != NULL)
		old = strlen(*s), (void)header(*s);
	n = slurm_xcalloc_t(old + len + 1);
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
	char	*add, *n;
	size_t	 old = 0;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (add = malloc((size_t)len + 1)) == NULL)
		abort();
	va_start(ap, fmt);
	vsnprintf(add, (size_t)len + 1, fmt, ap);
	va_end(ap);
	if (*s != NULL)
		old = strlen(*s), (void)header(*s);
	n = slurm_xcalloc_t(old + (size_t)len + 1);
	if (*s != NULL)
		memcpy(n, *s, old);
	memcpy(n + old, add, (size_t)len + 1);
	free(add);
	slurm_xfree((void **)s);
	*s = n;
}

void
slurm_xfree(void **p)
{
	if (*p != NULL)
		free(header(*p));
	*p = NULL;
}

static void
logv(const char *pre, const char *fmt, va_list ap)
{
	pthread_mutex_lock(&log_lock);
	vsnprintf(lastlog, sizeof(lastlog), fmt, ap);
	if (loghist_len + strlen(lastlog) + 2 < sizeof(loghist))
		loghist_len += (size_t)snprintf(loghist + loghist_len,
		    sizeof(loghist) - loghist_len, "%s\n", lastlog);
	nwarned += strstr(lastlog, "warned job") != NULL;
	nrejected += strstr(lastlog, "rejected job") != NULL;
	if (verbose)
		fprintf(stderr, "%s%s\n", pre, lastlog);
	pthread_mutex_unlock(&log_lock);
}

void
slurm_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	logv("info: ", fmt, ap);
	va_end(ap);
}

/* hold.c and judge.c log the cli_filter's decisions with it (-v). */
void
slurm_verbose(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	logv("verbose: ", fmt, ap);
	va_end(ap);
}

void
slurm_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	pthread_mutex_lock(&log_lock);
	nerrors++;
	pthread_mutex_unlock(&log_lock);
	logv("error: ", fmt, ap);
	va_end(ap);
}

/*
 * The plugin writes its decision lines from a thread of its own after the
 * call (plugin/later.h): wait up to 5 s for a line with needle.
 */
static int
log_wait(const char *needle)
{
	struct timespec	ms = { 0, 10000000 };
	int		i, found = 0;

	for (i = 0; i < 500 && !found; i++) {
		pthread_mutex_lock(&log_lock);
		found = strstr(loghist, needle) != NULL;
		pthread_mutex_unlock(&log_lock);
		if (!found)
			nanosleep(&ms, NULL);
	}
	return found;
}

/* The same for the decisions log: wait up to 5 s for n lines in path. */
static void
file_wait(const char *path, int n)
{
	struct timespec	 ms = { 0, 10000000 };
	FILE		*fp;
	int		 i, ch, nl;

	for (i = 0; i < 500; i++) {
		nl = 0;
		if ((fp = fopen(path, "r")) != NULL) {
			while ((ch = getc(fp)) != EOF)
				nl += ch == '\n';
			fclose(fp);
		}
		if (nl >= n)
			return;
		nanosleep(&ms, NULL);
	}
}

char *
slurm_get_extra_conf_path(const char *name)
{
	(void)name;
	return slurm_xstrdup(policy);
}

/* ---- the plugin ---- */
static int	(*p_init)(void);
static int	(*p_fini)(void);
static int	(*p_submit)(job_desc_msg_t *, uint32_t, char **);
#ifdef JLP_MODIFY_ERR_MSG
static int	(*p_modify4)(job_desc_msg_t *, void *, uint32_t, char **);
static char	*modify_msg;	/* slurm_xfree()d by the fake controller */

/* job_modify() as this release's slurmctld calls it. */
#define P_MODIFY	p_modify4
static int
p_modify(job_desc_msg_t *d, void *job, uint32_t uid)
{
	int	rc;

	rc = p_modify4(d, job, uid, &modify_msg);
	slurm_xfree((void **)&modify_msg);
	return rc;
}
#else
static int	(*p_modify)(job_desc_msg_t *, void *, uint32_t);
#define P_MODIFY	p_modify
#endif

static int	failures;

#define CHECK(c, ...) do {						\
	if (!(c)) {							\
		failures++;						\
		fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #c); \
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

static const char good[] =
    "name: t\n"
    "gpu_flag: --nv\n"
    "partitions:\n"
    "  - { name: prioritized, default: true, max_time: 6-00:00:00,\n"
    "      nodes: [ { count: 1, cpus: 2, mem: 8G, gpus: { t4: 2 } } ] }\n"
    "  - { name: batch, max_time: 12:00:00,\n"
    "      nodes: [ { count: 1, cpus: 2, mem: 8G, gpus: { t4: 2 } } ] }\n"
    "rules:\n"
    "  gpu-container-no-nv: enforce\n"
    "  gpu-over-allocation: enforce\n"
    "  partition-time-limit: enforce\n"
    "  missing-time-limit: warn\n";

static const char bad_script[] =
    "#!/bin/bash\n#SBATCH --time=10\n#SBATCH --gres=gpu:1\n"
    "singularity exec img.sif python x.py\n";

static void
write_policy(const char *text)
{
	char	tmp[4200];
	FILE	*fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", policy);
	if ((fp = fopen(tmp, "w")) == NULL || fputs(text, fp) < 0 ||
	    fclose(fp) != 0 || rename(tmp, policy) != 0) {
		perror(tmp);
		exit(2);
	}
}

/* "scontrol reconfigure": the plugin reloads on its next call. */
static void
reconfigure(void)
{
	slurm_conf.last_update++;
}

static void
desc_init(job_desc_msg_t *d)
{
	memset(d, 0, sizeof(*d));
	d->time_limit = d->time_min = d->min_nodes = d->max_nodes = NO_VAL;
	d->num_tasks = d->min_cpus = d->priority = NO_VAL;
	jlp_desc_set_job_id(d, NO_VAL);
	d->cpus_per_task = d->ntasks_per_node = d->ntasks_per_tres = NO_VAL16;
	d->shared = d->requeue = d->contiguous = NO_VAL16;
	d->warn_flags = d->warn_signal = d->warn_time = NO_VAL16;
	d->pn_min_memory = NO_VAL64;
	d->het_job_offset = NO_VAL;	/* slurmctld: not a het job */
}

static void
batch_desc(job_desc_msg_t *d, const char *script)
{
	desc_init(d);
	d->script = (char *)script;
	d->time_limit = 10;
	d->tres_per_node = (char *)"gres:gpu:1";
}

static int
submit(job_desc_msg_t *d, uint32_t uid, char **msg)
{
	*msg = NULL;
	return p_submit(d, uid, msg);
}

static void
test_basic(void)
{
	job_desc_msg_t	 d;
	char		*msg;
	int		 rc;

	/* No policy file: accepted unchecked, init still succeeds. */
	unlink(policy);
	CHECK(p_init() == 0, "init without a policy");
	batch_desc(&d, bad_script);
	rc = submit(&d, 1000, &msg);
	CHECK(rc == 0 && msg == NULL, "rc %d msg %s", rc, msg);
	slurm_xfree((void **)&msg);

	write_policy(good);
	reconfigure();
	rc = submit(&d, 1000, &msg);
	CHECK(rc == ESLURM_ACCESS_DENIED, "rc %d", rc);
	CHECK(msg != NULL && strstr(msg, "jlint: gpu-container-no-nv "
	    "(line 4): ") == msg, "msg %s", msg);
	CHECK(msg != NULL && strstr(msg, "\n  more: jlint explain "
	    "gpu-container-no-nv\n") != NULL, "msg %s", msg);
	slurm_xfree((void **)&msg);

	/* root and SlurmUser bypass. */
	CHECK(submit(&d, 0, &msg) == 0 && msg == NULL, "root");
	slurm_conf.slurm_user_id = 64030;
	CHECK(submit(&d, 64030, &msg) == 0 && msg == NULL, "SlurmUser");

	/* Another plugin's message is kept; warnings follow it. */
	desc_init(&d);
	d.script = (char *)"#!/bin/sh\nsrun hostname\n";
	msg = slurm_xstrdup("earlier plugin");
	rc = p_submit(&d, 1000, &msg);
	{
		static const char want[] = "earlier plugin\njlint: warning: "
		    "missing-time-limit (line 1): ";

		CHECK(rc == 0 && msg != NULL && strncmp(msg, want,
		    sizeof(want) - 1) == 0, "rc %d msg %s", rc, msg);
	}
	slurm_xfree((void **)&msg);
	/* The decision in the job's AdminComment (slurmctld frees it). */
	CHECK(d.admin_comment != NULL && strncmp(d.admin_comment,
	    "jlint: warn=missing-time-limit (policy ", 39) == 0,
	    "admin_comment %s", d.admin_comment);
	slurm_xfree((void **)&d.admin_comment);
	/* An AdminComment set before (another plugin, the admin) is kept;
	 * an empty one, or an empty message, is not followed by a
	 * separator. */
	d.admin_comment = slurm_xstrdup("site note");
	rc = p_submit(&d, 1000, &msg);
	CHECK(rc == 0 && d.admin_comment != NULL && strncmp(d.admin_comment,
	    "site note | jlint: warn=missing-time-limit (policy ", 51) == 0,
	    "admin_comment %s", d.admin_comment);
	slurm_xfree((void **)&d.admin_comment);
	slurm_xfree((void **)&msg);
	d.admin_comment = slurm_xstrdup("");
	msg = slurm_xstrdup("");	/* another plugin's, empty */
	rc = p_submit(&d, 1000, &msg);
	CHECK(rc == 0 && d.admin_comment != NULL && strncmp(d.admin_comment,
	    "jlint: warn=missing-time-limit (policy ", 39) == 0,
	    "admin_comment %s", d.admin_comment);
	CHECK(msg != NULL && strncmp(msg, "jlint: warning: ", 16) == 0,
	    "msg %s", msg);
	slurm_xfree((void **)&d.admin_comment);
	slurm_xfree((void **)&msg);

	/* srun: no script; job rules only. */
	desc_init(&d);
	d.time_limit = 5;
	d.tres_per_node = (char *)"gres:gpu:3";
	rc = submit(&d, 1000, &msg);
	CHECK(rc == ESLURM_ACCESS_DENIED && msg != NULL &&
	    strstr(msg, "jlint: gpu-over-allocation (job request): 3 GPUs") ==
	    msg, "rc %d msg %s", rc, msg);
	slurm_xfree((void **)&msg);
	d.tres_per_node = (char *)"gres:gpu:2";
	rc = submit(&d, 1000, &msg);
	CHECK(rc == 0 && msg == NULL, "srun 2 GPUs: rc %d msg %s", rc, msg);

	/* A script over 4 MiB: job rules only, nothing read past the cap. */
	{
		size_t	 n = 5u * 1024 * 1024;
		char	*big = malloc(n + 1);

		memset(big, '#', n);
		memcpy(big, bad_script, sizeof(bad_script) - 1);
		big[n] = '\0';
		batch_desc(&d, big);
		rc = submit(&d, 1000, &msg);
		CHECK(rc == 0 && msg == NULL, "big script: rc %d", rc);
		slurm_xfree((void **)&msg);
		free(big);
	}

	/*
	 * Over the policy's script_read_kb (default 64 KiB): the script is
	 * not read (bounded time in slurmctld), the request is judged alone:
	 * line 4's container without --nv does not reject, a request over
	 * the partition's MaxTime still does; under a larger script_read_kb
	 * the same script is read and rejected.
	 */
	{
		size_t	 n = 70u * 1024, k;
		char	*big = malloc(n + 1);

		memcpy(big, bad_script, sizeof(bad_script) - 1);
		for (k = sizeof(bad_script) - 1; k < n; k++)
			big[k] = k % 64 == 63 ? '\n' : k % 64 == 0 ? '#' : 'x';
		big[n] = '\0';
		batch_desc(&d, big);
		rc = submit(&d, 1000, &msg);
		CHECK(rc == 0 && msg == NULL, "70 KiB script: rc %d msg %s", rc,
		    msg);
		CHECK(log_wait("script of 71680 bytes is over "
		    "script_read_kb (64 KiB): not read"), "log %s", lastlog);
		slurm_xfree((void **)&msg);
		d.time_limit = 7 * 1440;
		rc = submit(&d, 1000, &msg);
		CHECK(rc == ESLURM_ACCESS_DENIED && msg != NULL && strstr(msg,
		    "jlint: partition-time-limit (job request): ") == msg,
		    "70 KiB script, 7 days: rc %d msg %s", rc, msg);
		slurm_xfree((void **)&msg);
		/*
		 * On record (decisions: log) although nothing was found: the
		 * job accepted unchecked ("unchecked", "script_unread": true);
		 * a rejection of the request alone says the script was not
		 * read; a read script that passes is not on record.
		 */
		{
			char	text[sizeof(good) + 4300], log[4200];
			char	line[4096] = "";
			FILE	*fp;
			int	 nl = 0;
			struct timespec tick3 = { 0, 300000000 };

			snprintf(log, sizeof(log), "%s.decisions", policy);
			unlink(log);
			snprintf(text, sizeof(text), "%sdecisions:\n  log: %s\n",
			    good, log);
			write_policy(text);
			reconfigure();
			batch_desc(&d, big);
			rc = submit(&d, 1000, &msg);
			CHECK(rc == 0 && msg == NULL, "70 KiB, logged: rc %d",
			    rc);
			slurm_xfree((void **)&msg);
			d.time_limit = 7 * 1440;
			rc = submit(&d, 1000, &msg);
			CHECK(rc == ESLURM_ACCESS_DENIED, "70 KiB, 7 days, "
			    "logged: rc %d", rc);
			slurm_xfree((void **)&msg);
			batch_desc(&d, "#!/bin/bash\n#SBATCH --time=10\n"
			    "singularity exec --nv img.sif python x.py\n");
			rc = submit(&d, 1000, &msg);
			CHECK(rc == 0 && msg == NULL, "good, logged: rc %d", rc);
			slurm_xfree((void **)&msg);
			file_wait(log, 2);
			nanosleep(&tick3, NULL);	/* and no third */
			if ((fp = fopen(log, "r")) != NULL) {
				while (fgets(line, sizeof(line), fp) != NULL) {
					nl++;
					CHECK(strstr(line, "\"script_unread\":"
					    "true") != NULL, "record %d: %s",
					    nl, line);
					CHECK(strstr(line, nl == 1 ?
					    "\"decision\":\"unchecked\"" :
					    "\"decision\":\"reject\"") != NULL,
					    "record %d: %s", nl, line);
				}
				fclose(fp);
			}
			CHECK(nl == 2, "decisions log: %d records", nl);
			unlink(log);
		}
		{
			char	text[sizeof(good) + 40];

			snprintf(text, sizeof(text), "%sscript_read_kb: 80\n",
			    good);
			write_policy(text);
			reconfigure();
		}
		batch_desc(&d, big);
		rc = submit(&d, 1000, &msg);
		CHECK(rc == ESLURM_ACCESS_DENIED && msg != NULL && strstr(msg,
		    "jlint: gpu-container-no-nv (line 4): ") == msg,
		    "script_read_kb 80: rc %d msg %s", rc, msg);
		slurm_xfree((void **)&msg);
		write_policy(good);
		reconfigure();
		free(big);
	}

	/* A broken file keeps the last good policy. */
	write_policy("rules: [unclosed\n");
	reconfigure();
	batch_desc(&d, bad_script);
	rc = submit(&d, 1000, &msg);
	CHECK(rc == ESLURM_ACCESS_DENIED, "broken: rc %d", rc);
	slurm_xfree((void **)&msg);
	p_fini();

	/* Never loaded, on_error: reject. */
	write_policy("on_error: reject\nrules: [unclosed\n");
	CHECK(p_init() == 0, "init with a broken policy");
	rc = submit(&d, 1000, &msg);
	CHECK(rc == ESLURM_ACCESS_DENIED && msg != NULL &&
	    strstr(msg, "could not be loaded") != NULL, "rc %d msg %s", rc,
	    msg);
	slurm_xfree((void **)&msg);
	CHECK(submit(&d, 0, &msg) == 0, "root while broken");
	p_fini();
}

/*
 * slurm.conf's limits on arrays as slurmctld has them: MaxArraySize taken
 * at the first call and kept (job_mgr.c keeps it until a restart),
 * SchedulerParameters max_array_tasks read again after a reconfigure.
 */
static void
test_arrays(void)
{
	job_desc_msg_t	 d;
	char		*msg;
	int		 rc;

	/* The array from a #SBATCH line: a finding on the request alone is
	 * slurmctld's to refuse (jl_verdict()), one on a line of the script
	 * is the user's to read. */
	write_policy(good);
	desc_init(&d);
	d.script = (char *)"#!/bin/sh\n#SBATCH --time=5\n#SBATCH --array=0-5\n"
	    "srun hostname\n";
	d.time_limit = 5;
	d.array_inx = (char *)"0-5";
	slurm_conf.sched_params = (char *)"bf_continue,max_array_tasks=3";
	reconfigure();
	rc = submit(&d, 1000, &msg);
	CHECK(rc == 0 && msg != NULL && strstr(msg, "--array=0-5 makes 6 "
	    "tasks, but this") != NULL && strstr(msg, "max_array_tasks=3)") !=
	    NULL,
	    "max_array_tasks=3: rc %d msg %s", rc, msg);
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);
	/* Lowered MaxArraySize, raised max_array_tasks, a reconfigure:
	 * slurmctld still takes 0-5 (its MaxArraySize is 1001 until a
	 * restart), and so does jlint. */
	slurm_conf.max_array_sz = 2;
	slurm_conf.sched_params = (char *)"max_array_tasks=8";
	reconfigure();
	rc = submit(&d, 1000, &msg);
	CHECK(rc == 0 && msg == NULL, "max_array_tasks=8, MaxArraySize 2 "
	    "after start: rc %d msg %s", rc, msg);
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);
	d.array_inx = (char *)"0-1000";
	d.script = (char *)"#!/bin/sh\n#SBATCH --time=5\n#SBATCH "
	    "--array=0-1000\nsrun hostname\n";
	rc = submit(&d, 1000, &msg);
	CHECK(rc == 0 && msg != NULL && strstr(msg, "makes 1001 tasks") !=
	    NULL, "0-1000 over max_array_tasks=8: rc %d msg %s", rc, msg);
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);
	slurm_conf.sched_params = NULL;
	reconfigure();
}

/*
 * The environment the script starts with is the request's (sbatch built it
 * by --export): APPTAINER_NV there gives the container --nv, and
 * SLURM_GET_USER_ENV=1 (--export=NONE) adds a login environment jlint
 * cannot see.  env_size counts the entries: the list need not end in NULL.
 */
static void
test_env(void)
{
	job_desc_msg_t	 d;
	char		*msg;
	char		*nv[] = { (char *)"HOME=/home/u",
			    (char *)"APPTAINER_NV=1", (char *)"PATH=/bin",
			    (char *)"SINGULARITY_NV=1" };
	char		*off[] = { (char *)"APPTAINER_NV=0",
			    (char *)"USER=u" };
	char		*login[] = { (char *)"SLURM_GET_USER_ENV=1",
			    (char *)"SLURM_EXPORT_ENV=NONE" };
	int		 rc;

	write_policy(good);
	reconfigure();
	batch_desc(&d, bad_script);
	d.environment = nv;
	d.env_size = 2;		/* SINGULARITY_NV is past the end */
	rc = submit(&d, 1000, &msg);
	CHECK(rc == 0 && msg == NULL, "APPTAINER_NV=1: rc %d msg %s", rc,
	    msg);
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);
	d.environment = off;
	d.env_size = 2;
	rc = submit(&d, 1000, &msg);
	CHECK(rc == ESLURM_ACCESS_DENIED, "APPTAINER_NV=0: rc %d", rc);
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);
	/* An entry past env_size is not read (nv[3] would give --nv). */
	d.environment = nv + 2;
	d.env_size = 1;
	rc = submit(&d, 1000, &msg);
	CHECK(rc == ESLURM_ACCESS_DENIED, "env_size 1: rc %d", rc);
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);
	/* A login environment: a warning, never a rejection. */
	d.environment = login;
	d.env_size = 2;
	rc = submit(&d, 1000, &msg);
	CHECK(rc == 0 && msg != NULL && strstr(msg, "jlint: warning: "
	    "gpu-container-no-nv (line 4): ") == msg && strstr(msg,
	    "unless your login environment") != NULL, "login: rc %d msg %s",
	    rc, msg);
	slurm_xfree((void **)&msg);
	slurm_xfree((void **)&d.admin_comment);
}

static void
test_modify(void)
{
	job_desc_msg_t	d;

	write_policy(good);
	CHECK(p_init() == 0, "init");
	desc_init(&d);
	d.job_id_str = (char *)"42";
	CHECK(p_modify(&d, NULL, 1000) == 0, "nothing changed");
	d.time_limit = 7 * 1440;
	CHECK(p_modify(&d, NULL, 1000) == ESLURM_INVALID_TIME_LIMIT, "7 days");
	CHECK(log_wait("job 42 uid=1000"), "log %s", lastlog);
	CHECK(p_modify(&d, NULL, 0) == 0, "root");
	d.time_limit = 2 * 1440;
	CHECK(p_modify(&d, NULL, 1000) == 0, "2 days, no partition");
	d.partition = (char *)"batch";
	CHECK(p_modify(&d, NULL, 1000) == ESLURM_INVALID_TIME_LIMIT,
	    "2 days in batch");
	d.partition = (char *)"nosuch";
	CHECK(p_modify(&d, NULL, 1000) == 0, "unknown partition: Slurm's");
	p_fini();
}

/*
 * A het job as slurmctld 22.05 submits it (_slurm_rpc_submit_batch_het_job:
 * job_submit per component, offsets 0, 1, ... in one thread, the script
 * with component 0 only): each step judged in its component, once.
 */
static const char het_script[] =
    "#!/bin/bash\n"
    "#SBATCH --time=10\n"
    "#SBATCH hetjob\n"
    "#SBATCH --time=10 --gres=gpu:1\n"
    "srun --het-group=0 singularity exec img.sif python prep.py\n"
    "srun --het-group=1 singularity exec img.sif python train.py\n";

/* Submit components 0..n-1 (GPUs: tres_per_node of each); the message of
 * each in msgs[] (caller frees); returns the first non-zero rc. */
static int
het_submit(const char *script, const char *const *gpus, size_t n,
    char **msgs)
{
	job_desc_msg_t	d;
	size_t		i;
	int		rc = 0;

	for (i = 0; i < n; i++) {
		msgs[i] = NULL;
		if (rc != 0)
			continue;	/* slurmctld stops at a rejection */
		desc_init(&d);
		d.het_job_offset = (uint32_t)i;
		d.script = i == 0 ? (char *)script : NULL;
		d.time_limit = 10;
		d.tres_per_node = (char *)gpus[i];
		rc = submit(&d, 1000, &msgs[i]);
		slurm_xfree((void **)&d.admin_comment);
	}
	return rc;
}

static void
test_het(void)
{
	static const char *const gpu1[] = { NULL, "gres:gpu:1" };
	static const char *const gpu0[] = { "gres:gpu:1", NULL };
	char	*m[3], *nv, *p;
	int	 rc;

	write_policy(good);
	CHECK(p_init() == 0, "init");
	/* GPUs in component 1, its container without --nv: rejected in
	 * component 1, the step of component 0 (no GPU) not at all. */
	rc = het_submit(het_script, gpu1, 2, m);
	CHECK(rc == ESLURM_ACCESS_DENIED && m[0] == NULL && m[1] != NULL &&
	    strstr(m[1], "jlint: gpu-container-no-nv (line 6): ") == m[1] &&
	    strstr(m[1] + 8, "gpu-container-no-nv (line") == NULL,
	    "het: rc %d msgs [%s] [%s]", rc, m[0], m[1]);
	slurm_xfree((void **)&m[0]);
	slurm_xfree((void **)&m[1]);
	/* The clean twin. */
	nv = malloc(sizeof(het_script) + 8);
	snprintf(nv, sizeof(het_script) + 8, "%s", het_script);
	p = strstr(nv, "exec img.sif python train");
	memmove(p + 9, p + 4, strlen(p + 4) + 1);
	memcpy(p + 4, " --nv", 5);
	rc = het_submit(nv, gpu1, 2, m);
	CHECK(rc == 0 && m[0] == NULL && m[1] == NULL, "het --nv: rc %d [%s]",
	    rc, m[1]);
	free(nv);
	/* GPUs in component 0: component 1's step does not borrow them, and
	 * component 0's container without --nv is component 0's finding. */
	rc = het_submit(het_script, gpu0, 2, m);
	CHECK(rc == ESLURM_ACCESS_DENIED && m[0] != NULL &&
	    strstr(m[0], "jlint: gpu-container-no-nv (line 5): ") == m[0] &&
	    strstr(m[0], "(line 6)") == NULL, "het gpu0: rc %d [%s]", rc,
	    m[0]);
	slurm_xfree((void **)&m[0]);
	/* The batch script's own commands run in component 0: their
	 * findings are component 0's only. */
	rc = het_submit("#!/bin/bash\n#SBATCH --time=10\n#SBATCH hetjob\n"
	    "#SBATCH --time=10 --gres=gpu:1\nexport CUDA_VISIBLE_DEVICES=0\n"
	    "srun --het-group=1 singularity exec --nv img.sif python t.py\n",
	    gpu1, 2, m);
	CHECK(rc == 0 && m[0] != NULL && strstr(m[0],
	    "cuda-visible-devices-override (line 5)") != NULL &&
	    (m[1] == NULL || strstr(m[1], "cuda-visible") == NULL),
	    "het body: rc %d [%s] [%s]", rc, m[0], m[1]);
	slurm_xfree((void **)&m[0]);
	slurm_xfree((void **)&m[1]);
	/* A later component never preceded here by its first (another
	 * plugin rejected it, a restart): its request alone, accepted. */
	{
		job_desc_msg_t	d;
		char		*msg;

		desc_init(&d);
		d.het_job_offset = 1;
		d.time_limit = 10;
		d.tres_per_node = (char *)"gres:gpu:1";
		rc = submit(&d, 1000, &msg);
		CHECK(rc == 0 && msg == NULL, "lone component 1: rc %d", rc);
	}
	p_fini();
}

/* ---- many submitters while the policy is swapped ---- */
#define NTHREADS	4

static int	iters = 300;
static volatile int stop;

struct tres {
	int	rejected, warned, accepted, wrong;
};

static void *
submitter(void *arg)
{
	struct tres	*r = arg;
	job_desc_msg_t	 d;
	char		*msg;
	int		 i, rc;

	for (i = 0; i < iters; i++) {
		batch_desc(&d, bad_script);
		msg = NULL;
		rc = p_submit(&d, 1000 + (uint32_t)i % 3, &msg);
		if (rc == ESLURM_ACCESS_DENIED && msg != NULL &&
		    strstr(msg, "gpu-container-no-nv") != NULL)
			r->rejected++;
		else if (rc == 0 && msg != NULL &&
		    strstr(msg, "warning: gpu-container-no-nv") != NULL)
			r->warned++;
		else
			r->wrong++;
		slurm_xfree((void **)&msg);
		slurm_xfree((void **)&d.admin_comment);	/* as slurmctld */
	}
	return NULL;
}

static void
test_threads(void)
{
	pthread_t	 t[NTHREADS];
	struct tres	 r[NTHREADS];
	char		*enf, *warn, dlog[4200], line[8192];
	size_t		 n;
	int		 i, k, tot_rej = 0, tot_warn = 0, nrec = 0;
	struct timespec	 ms = { 0, 2000000 };
	FILE		*fp;

	/* Both policies keep a decisions log. */
	snprintf(dlog, sizeof(dlog), "%s.decisions", policy);
	unlink(dlog);
	n = strlen(good) + strlen(dlog) + 64;
	enf = malloc(n);
	warn = malloc(n);
	snprintf(enf, n, "%sdecisions:\n  log: %s\n", good, dlog);
	snprintf(warn, n, "%s", enf);
	memcpy(strstr(warn, "gpu-container-no-nv: enforce") + 21, "warn   ",
	    7);
	write_policy(enf);
	CHECK(p_init() == 0, "init");
	pthread_mutex_lock(&log_lock);
	nwarned = nrejected = 0;
	pthread_mutex_unlock(&log_lock);
	memset(r, 0, sizeof(r));
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, submitter, &r[i]);
	/* Swap enforce / warn / broken under them, forcing reloads. */
	for (k = 0; k < 60; k++) {
		write_policy(k % 3 == 0 ? enf : k % 3 == 1 ? warn :
		    "rules: [unclosed\n");
		reconfigure();
		nanosleep(&ms, NULL);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		CHECK(r[i].wrong == 0, "thread %d: %d unexpected results", i,
		    r[i].wrong);
		tot_rej += r[i].rejected;
		tot_warn += r[i].warned;
	}
	CHECK(tot_rej + tot_warn == NTHREADS * iters, "%d + %d", tot_rej,
	    tot_warn);
	if (verbose)
		fprintf(stderr, "threads: %d rejected, %d warned\n", tot_rej,
		    tot_warn);
	p_fini();
	/* Every decision has its line once fini() returns: none dropped,
	 * whether written by the plugin's thread or, with its queue full,
	 * during the call. */
	CHECK(nrejected == tot_rej && nwarned == tot_warn, "log lines: %d "
	    "rejected, %d warned; decisions: %d, %d", nrejected, nwarned,
	    tot_rej, tot_warn);
	/* And its record, one whole line each. */
	if ((fp = fopen(dlog, "r")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL)
			nrec += line[0] == '{' &&
			    strstr(line, "}\n") == line + strlen(line) - 2;
		fclose(fp);
	}
	CHECK(nrec == tot_rej + tot_warn, "decisions log: %d records for "
	    "%d decisions", nrec, tot_rej + tot_warn);
	unlink(dlog);
	free(enf);
	free(warn);
}

/* The plugin's log writer (plugin/later.c) sleeps between its ticks: an
 * idle plugin costs the controller no CPU. */
static void
test_idle(void)
{
	struct timespec	c0, c1, t = { 1, 200000000 }, one = { 1, 0 };
	double		used;

	write_policy(good);
	CHECK(p_init() == 0, "init");
	nanosleep(&t, NULL);	/* past the writer's idle second */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	nanosleep(&one, NULL);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	used = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) /
	    1e9;
	CHECK(used < 0.01, "idle for 1 s: %.4f s of CPU", used);
	p_fini();
}

/* Records with "decision":"reject" in path. */
static int
count_rejects(const char *path)
{
	char	 line[8192];
	FILE	*fp;
	int	 nrec = 0;

	if ((fp = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL)
			nrec += strstr(line, "\"decision\":\"reject\"") != NULL;
		fclose(fp);
	}
	return nrec;
}

/*
 * Records written at exit.  A child (the controller) loads the plugin,
 * has 50 jobs rejected and exits at once, well within the writer's tick:
 *
 *   - slurmctld calls no fini() when it exits: the records still queued
 *     are written at exit all the same (plugin/later.c's destructor);
 *   - middle: first a forked copy of it exits.  From 23.11 `scontrol
 *     reconfigure` under `slurmctld --systemd` forks, and the middle
 *     child (one thread, a copy of the plugin's queue, no writer thread)
 *     calls exit(0) while the old controller waits for it (controller.c
 *     _try_to_reconfig()).  Its exit must neither write the copied queue
 *     a second time nor wait for a writer it does not have.
 *   - middle 2: and then the controller _exit()s, as the old controller
 *     does once the new one is up: no destructor runs.  The records
 *     queued before the fork are written before it (plugin/later.c
 *     later_prefork()); without that, all 50 were lost.
 *
 * Each way the log has every record once.
 */
static void
exit_records(const char *what, int middle)
{
	job_desc_msg_t	 d;
	struct timespec	 tick = { 0, 10000000 };
	char		 dlog[4200], *msg, *text;
	size_t		 n;
	pid_t		 pid, mid = 0, w = 0;
	int		 i, st = 0, nrec;

	snprintf(dlog, sizeof(dlog), "%s.decisions", policy);
	unlink(dlog);
	n = strlen(good) + strlen(dlog) + 64;
	text = malloc(n);
	snprintf(text, n, "%sdecisions:\n  log: %s\n", good, dlog);
	write_policy(text);
	free(text);
	if ((pid = fork()) == 0) {
		if (p_init() != 0)
			_exit(3);
		for (i = 0; i < 50; i++) {
			batch_desc(&d, bad_script);
			if (submit(&d, 1000, &msg) != ESLURM_ACCESS_DENIED)
				_exit(4);
			slurm_xfree((void **)&msg);
		}
		if (middle && (mid = fork()) == 0)
			exit(0);	/* the middle child */
		/* Up to 5 s for it, as the old controller waits. */
		for (i = 0; middle && i < 500; i++) {
			if ((w = waitpid(mid, &st, WNOHANG)) != 0)
				break;
			nanosleep(&tick, NULL);
		}
		if (middle && w == 0) {
			kill(mid, SIGKILL);
			(void)waitpid(mid, &st, 0);
			_exit(5);
		}
		if (middle && (w != mid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0))
			_exit(6);
		if (middle == 2)
			_exit(0);	/* the old controller */
		exit(0);	/* no fini() */
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "%s: status %d (5: the forked copy hung in "
	    "its exit)", what, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	nrec = count_rejects(dlog);
	CHECK(nrec == 50, "%s: %d records of 50 (more: written twice)", what,
	    nrec);
	unlink(dlog);
}

int
main(int argc, char **argv)
{
	void	*h;

	if (argc != 3) {
		fprintf(stderr, "usage: t_plugin PLUGIN.so DIR\n");
		return 2;
	}
	verbose = getenv("T_PLUGIN_VERBOSE") != NULL;
	if (getenv("T_PLUGIN_ITERS") != NULL)
		iters = atoi(getenv("T_PLUGIN_ITERS"));
	snprintf(policy, sizeof(policy), "%s/jlint.yaml", argv[2]);
	slurm_conf.slurm_user_id = 64030;
	slurm_conf.max_array_sz = 1001;		/* Slurm's default */
	if ((h = dlopen(argv[1], RTLD_LAZY | RTLD_GLOBAL)) == NULL) {
		fprintf(stderr, "t_plugin: %s\n", dlerror());
		return 2;
	}
	*(void **)&p_init = dlsym(h, "init");
	*(void **)&p_fini = dlsym(h, "fini");
	*(void **)&p_submit = dlsym(h, "job_submit");
	*(void **)&P_MODIFY = dlsym(h, "job_modify");
	if (!p_init || !p_fini || !p_submit || !P_MODIFY ||
	    !dlsym(h, "plugin_version") ||
	    *(const uint32_t *)dlsym(h, "plugin_version") !=
	    SLURM_VERSION_NUMBER || dlsym(h, "jl_model_build") != NULL) {
		fprintf(stderr, "t_plugin: wrong exports\n");
		return 1;
	}
	test_basic();
	test_arrays();
	test_env();
	test_modify();
	test_het();
	test_threads();
	test_idle();
	exit_records("exit without fini", 0);
	exit_records("a forked copy exits first", 1);
	exit_records("a forked copy exits, then the controller _exit()s", 2);
	dlclose(h);
	unlink(policy);
	if (failures == 0 && bad_free == 0)
		printf("t_plugin: all passed (%d threads x %d submissions)\n",
		    NTHREADS, iters);
	return failures == 0 && bad_free == 0 ? 0 : 1;
}
