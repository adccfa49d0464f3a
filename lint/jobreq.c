/*
 * jobreq.c: a job request's fields as sbatch options (jobreq.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "jobreq.h"

void
jl_req_add(struct jl_req_argv *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*w;

	va_start(ap, fmt);
	if ((w = jl_arena_vprintf(c->a, fmt, ap)) != NULL)
		jl_vec_push(c->a, c->argv, w);
	va_end(ap);
}

/*
 * The words below are built with memcpy, not printf: the job_submit
 * plugin builds them for every submission, each in a new slurmctld
 * thread with cold caches, and vfprintf's code is large.
 */

/* "--OPT=" (pre NULL: nothing), then up to three pieces; NULL pieces
 * are skipped.  The word in c's arena, pushed. */
static void
req_word(struct jl_req_argv *c, const char *opt, const char *v1,
    size_t n1, const char *v2, const char *v3)
{
	size_t	 no = opt != NULL ? strlen(opt) + 3 : 0;
	size_t	 n2 = v2 != NULL ? strlen(v2) : 0, n3 = v3 != NULL ?
		    strlen(v3) : 0;
	char	*w, *p;

	if ((w = jl_arena_alloc_raw(c->a, no + n1 + n2 + n3 + 1)) == NULL)
		return;
	p = w;
	if (opt != NULL) {
		memcpy(p, "--", 2);
		memcpy(p + 2, opt, no - 3);
		p[no - 1] = '=';
		p += no;
	}
	/* memcpy() takes no NULL source, even for 0 bytes (UBSan) */
	if (n1 > 0)
		memcpy(p, v1, n1);
	p += n1;
	if (n2 > 0)
		memcpy(p, v2, n2);
	p += n2;
	if (n3 > 0)
		memcpy(p, v3, n3);
	p[n3] = '\0';
	jl_vec_push(c->a, c->argv, w);
}

/* v in decimal, at least width digits (zeros before), ending at end
 * (not NUL-ended).  Returns the first digit. */
static char *
put_u64(char *end, uint64_t v, int width)
{
	char	*p = end;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 || end - p < width);
	return p;
}

static int
str_set(const char *s)
{
	return s != NULL && *s != '\0' && strlen(s) <= JL_REQ_MAX_STR;
}

void
jl_req_str(struct jl_req_argv *c, const char *opt, const char *s)
{
	if (str_set(s))
		req_word(c, opt, s, strlen(s), NULL, NULL);
}

void
jl_req_u32(struct jl_req_argv *c, const char *opt, uint32_t n)
{
	char	 buf[24], *p = put_u64(buf + sizeof(buf), n, 1);

	req_word(c, opt, p, (size_t)(buf + sizeof(buf) - p), NULL, NULL);
}

void
jl_req_time(struct jl_req_argv *c, const char *opt, uint32_t m)
{
	char	 buf[32], *end = buf + sizeof(buf) - 3, *p;

	if (m == JL_REQ_NO_VAL)
		return;
	if (m == JL_REQ_INFINITE) {
		req_word(c, opt, "UNLIMITED", 9, NULL, NULL);
		return;
	}
	memcpy(end, ":00", 3);		/* D-HH:MM:00 or HH:MM:00 */
	p = put_u64(end, m % 60, 2);
	*--p = ':';
	p = put_u64(p, m % 1440 / 60, 2);
	if (m >= 1440) {
		*--p = '-';
		p = put_u64(p, m / 1440, 1);
	}
	req_word(c, opt, p, (size_t)(buf + sizeof(buf) - p), NULL, NULL);
}

void
jl_req_nodes(struct jl_req_argv *c, uint32_t min, uint32_t max)
{
	char	 buf[48], *end = buf + sizeof(buf), *p = end;

	if (min == JL_REQ_NO_VAL || min == 0)
		return;
	if (max != JL_REQ_NO_VAL && max != 0 && max > min) {
		p = put_u64(p, max, 1);
		*--p = '-';
	}
	p = put_u64(p, min, 1);
	req_word(c, "nodes", p, (size_t)(end - p), NULL, NULL);
}

void
jl_req_count16(struct jl_req_argv *c, const char *opt, uint16_t n)
{
	if (n != JL_REQ_NO_VAL16 && n != 0 && n != JL_REQ_INFINITE16)
		jl_req_u32(c, opt, n);
}

/* Skip a "gres:" (<= 23.02) or "gres/" (23.11+) prefix. */
static const char *
strip_gres(const char *e, size_t *len)
{
	if (*len >= 5 && strncmp(e, "gres", 4) == 0 &&
	    (e[4] == ':' || e[4] == '/')) {
		*len -= 5;
		return e + 5;
	}
	return e;
}

void
jl_req_tres(struct jl_req_argv *c, const char *opt, const char *tres,
    int gpu_only, const char *suffix)
{
	const char	*p, *q, *e;
	char		*list, *w, *q2;
	size_t		 len, n = 0;

	if (!str_set(tres))
		return;
	/* The kept elements, ',' between them: never longer than tres. */
	if ((list = jl_arena_alloc_raw(c->a, strlen(tres) + 1)) == NULL)
		return;
	for (p = tres; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		q = p + strcspn(p, ",");
		len = (size_t)(q - p);
		e = strip_gres(p, &len);
		if (len == 0)
			continue;
		if (gpu_only) {
			if (len < 4 || strncmp(e, "gpu", 3) != 0 ||
			    (e[3] != ':' && e[3] != '='))
				continue;	/* not a GPU, or no count */
			e += 4;
			len -= 4;
			if (len == 0)
				continue;
		}
		w = list + n;
		if (n > 0)
			*w++ = ',';
		memcpy(w, e, len);
		/* TRES form "gres/gpu:t4=1" (Slurm 24.11 and later send it
		 * for some requests: seen with --gpus=t4:0
		 * --gpus-per-task=t4:1 -n 2) is "gpu:t4:1" */
		for (q2 = w; q2 < w + len; q2++)
			if (*q2 == '=')
				*q2 = ':';
		n = (size_t)(w + len - list);
	}
	if (n > 0)
		req_word(c, opt, list, n, suffix, NULL);
}

void
jl_req_gpus(struct jl_req_argv *c, const char *per_job, const char *per_node,
    const char *per_task, const char *per_socket, const char *cpus_per)
{
	jl_req_tres(c, "gpus", per_job, 1, "");
	jl_req_tres(c, "gres", per_node, 0, "");
	jl_req_tres(c, "gpus-per-task", per_task, 1, "");
	jl_req_tres(c, "gpus-per-socket", per_socket, 1, "");
	jl_req_tres(c, "cpus-per-gpu", cpus_per, 1, "");
}

int
jl_req_mem(struct jl_req_argv *c, uint64_t mem)
{
	if (mem == JL_REQ_NO_VAL64)
		return 0;
	{
		char	 buf[24], *p = put_u64(buf + sizeof(buf), mem &
			    ~JL_REQ_MEM_PER_CPU, 1);

		req_word(c, (mem & JL_REQ_MEM_PER_CPU) ? "mem-per-cpu" :
		    "mem", p, (size_t)(buf + sizeof(buf) - p), "M", NULL);
	}
	return 1;
}

void
jl_req_shared(struct jl_req_argv *c, uint16_t shared)
{
	static const char *const word[] = {
		"--exclusive",		/* JOB_SHARED_NONE */
		"--oversubscribe",	/* JOB_SHARED_OK */
		"--exclusive=user",	/* JOB_SHARED_USER */
		"--exclusive=mcs"	/* JOB_SHARED_MCS */
	};

	if (shared < sizeof(word) / sizeof(word[0]))
		jl_req_flag(c, word[shared]);
}

void
jl_req_flag(struct jl_req_argv *c, const char *word)
{
	req_word(c, NULL, word, strlen(word), NULL, NULL);
}
