/*
 * cfour.c: job_submit/cfour, the floor for the chain's plugin cost: the
 * four headline rules of bench/slurm/job_submit.lua written directly in
 * C over job_desc and the script text (the same substring tests, no shell
 * parsing, no policy, no job model, no message beyond one line).  Not a
 * product: bench/slurm/run.sh times it as config "cfour" next to jlint
 * and the Lua, to say how much of jlint's cost in slurmctld any C plugin
 * that reads the script pays on cold caches, and how much is jlint's
 * own (its full policy, the sbatch-exact reader, the model).
 *
 * The partitions' MaxTime are the bench cluster's, as bench/slurm/run.sh
 * writes them into slurm.conf (parts[] below): a C job_submit plugin is
 * not handed the partition list the Lua gets.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#define EXPORT	__attribute__((__visibility__("default")))

/* bench/slurm/run.sh's partitions; the first is the default. */
static const struct {
	const char	*name;
	uint32_t	 max_minutes;
} parts[] = {
	{ "prioritized", 6 * 1440 },
	{ "batch", 12 * 60 },
};

EXPORT const char	plugin_name[] = "four headline rules in C (bench floor)";
EXPORT const char	plugin_type[] = "job_submit/cfour";
EXPORT const uint32_t	plugin_version = SLURM_VERSION_NUMBER;

EXPORT int	init(void);
EXPORT int	fini(void);
EXPORT int	job_submit(job_desc_msg_t *, uint32_t, char **);
EXPORT int	job_modify(job_desc_msg_t *, void *, uint32_t);

extern void	slurm_info(const char *, ...);
extern void	slurm_xstrfmtcat(char **, const char *, ...);

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
job_modify(job_desc_msg_t *d, void *rec, uint32_t uid)
{
	(void)d; (void)rec; (void)uid;
	return SLURM_SUCCESS;
}

/* "gres:gpu:2", "gres/gpu:t4:2", "gres:gpu" (one), summed over a list. */
static unsigned
tres_gpus(const char *t)
{
	unsigned	n = 0;
	const char	*e, *end, *c;

	for (e = t; e != NULL && *e != '\0'; e = *end ? end + 1 : end) {
		if ((end = strchr(e, ',')) == NULL)
			end = e + strlen(e);
		if (strncmp(e, "gres:", 5) == 0 || strncmp(e, "gres/", 5) == 0)
			e += 5;
		if ((size_t)(end - e) == 3 && strncmp(e, "gpu", 3) == 0)
			n++;
		else if (end - e > 4 && strncmp(e, "gpu:", 4) == 0) {
			for (c = end; c > e && isdigit((unsigned char)c[-1]); c--)
				;
			n += c < end && c[-1] == ':' ? (unsigned)atoi(c) : 1;
		}
	}
	return n;
}

/* Does [p, e) contain s? */
static int
has(const char *p, const char *e, const char *s)
{
	return memmem(p, (size_t)(e - p), s, strlen(s)) != NULL;
}

/* The same, ignoring case (the Lua lowercases the body). */
static int
has_ci(const char *p, const char *e, const char *s)
{
	size_t	n = strlen(s);
	int	c0 = tolower((unsigned char)s[0]);

	for (; (size_t)(e - p) >= n; p++)
		if (tolower((unsigned char)*p) == c0 &&
		    strncasecmp(p, s, n) == 0)
			return 1;
	return 0;
}

/* s followed by blanks then w, in [p, e) (the Lua's "s%s+w"). */
static int
has_words(const char *p, const char *e, const char *s, const char *w)
{
	const char	*q;
	size_t		 ls = strlen(s), lw = strlen(w);

	for (q = p; (q = memmem(q, (size_t)(e - q), s, ls)) != NULL; q++) {
		const char *r = q + ls, *b = r;

		while (r < e && isspace((unsigned char)*r))
			r++;
		if (r > b && (size_t)(e - r) >= lw && memcmp(r, w, lw) == 0)
			return 1;
	}
	return 0;
}

static int
is_comment(const char *p, const char *e)
{
	while (p < e && isspace((unsigned char)*p))
		p++;
	return p < e && *p == '#';
}

static int
container_line(const char *p, const char *e)
{
	static const char *const tool[] = { "singularity", "apptainer" };
	static const char *const verb[] = { "exec", "run", "shell" };
	size_t	i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 3; j++)
			if (has_words(p, e, tool[i], verb[j]))
				return 1;
	return 0;
}

/* The n of "-n N", "--ntasks=N", "--ntasks-per-node=N" on the line. */
static int
srun_many(const char *p, const char *e)
{
	static const char *const key[] = { "-n", "--ntasks=",
	    "--ntasks-per-node=" };
	const char	*q, *r;
	size_t		 i;

	if (!has(p, e, "srun"))
		return 0;
	/* The Lua's "a or b or c": the first key with digits after one of
	 * its occurrences decides. */
	for (i = 0; i < 3; i++)
		for (q = p; (q = memmem(q, (size_t)(e - q), key[i],
		    strlen(key[i]))) != NULL; q++) {
			r = q + strlen(key[i]);
			while (i == 0 && r < e && isspace((unsigned char)*r))
				r++;
			if (r < e && isdigit((unsigned char)*r))
				return atoi(r) > 1;
		}
	return 0;
}

int
job_submit(job_desc_msg_t *d, uint32_t uid, char **err)
{
	const char	*s = d->script, *p, *e, *end, *nxt, *bad = NULL;
	unsigned	 gpus;
	int		 nonv = 0, multi = 0, ckpt = 0;

	if (uid == 0)
		return SLURM_SUCCESS;
	gpus = tres_gpus(d->tres_per_job) + tres_gpus(d->tres_per_node) +
	    tres_gpus(d->tres_per_socket) + tres_gpus(d->tres_per_task);
	if (s != NULL) {
		end = s + strlen(s);
		for (p = s; p < end; p = e + 1) {
			if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
				e = end;
			if (is_comment(p, e))
				continue;
			if (gpus > 0 && !nonv && container_line(p, e) &&
			    !has(p, e, "--nv") && !has(p, e, "--rocm")) {
				/* a continued line may carry --nv on the
				 * next line */
				const char *t = e, *ne;

				nxt = e < end ? e + 1 : end;
				if ((ne = memchr(nxt, '\n',
				    (size_t)(end - nxt))) == NULL)
					ne = end;
				while (t > p && isspace((unsigned char)t[-1]))
					t--;
				if (!(t > p && t[-1] == '\\' &&
				    has(nxt, ne, "--nv")))
					nonv = 1;
			}
			if (!multi && (has(p, e, "torchrun") ||
			    has(p, e, "mpirun") || has(p, e, "mpiexec") ||
			    has_words(p, e, "accelerate", "launch") ||
			    has(p, e, "deepspeed") ||
			    has(p, e, "nproc_per_node") || srun_many(p, e)))
				multi = 1;
			if (!ckpt && (has_ci(p, e, "trap") ||
			    has_ci(p, e, "scontrol requeue") ||
			    has_ci(p, e, "resume") ||
			    has_ci(p, e, "checkpoint") ||
			    has_ci(p, e, "ckpt") || has_ci(p, e, "restart")))
				ckpt = 1;
		}
		if (nonv)
			bad = "gpu-container-no-nv: the job requests GPUs but "
			    "a container runs without --nv";
		else if (gpus > 1 && !multi)
			bad = "gpu-over-allocation: more than one GPU but no "
			    "step starts more than one process";
		else if (d->requeue == 1 && !ckpt)
			bad = "requeue-without-checkpoint: --requeue but "
			    "nothing in the script resumes";
	}
	if (bad == NULL && d->time_limit != NO_VAL &&
	    d->time_limit != INFINITE) {
		size_t	i, n = 0, k = 0;	/* no partition: the default */

		if (d->partition != NULL)	/* the first of a list */
			n = strcspn(d->partition, ",");
		for (i = 0; n > 0 && i < sizeof(parts) / sizeof(parts[0]); i++)
			if (strlen(parts[i].name) == n &&
			    strncmp(parts[i].name, d->partition, n) == 0)
				break;
		if (n > 0)
			k = i;		/* past the end: unknown, no limit */
		if (k < sizeof(parts) / sizeof(parts[0]) &&
		    d->time_limit > parts[k].max_minutes)
			bad = "partition-time-limit: --time is over the limit "
			    "of the partition";
	}
	if (bad == NULL)
		return SLURM_SUCCESS;
	slurm_xstrfmtcat(err, "site: %s", bad);
	slurm_info("site: rejected job from uid %u: %s", uid, bad);
	return ESLURM_ACCESS_DENIED;
}
