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

static int
str_set(const char *s)
{
	return s != NULL && *s != '\0' && strlen(s) <= JL_REQ_MAX_STR;
}

void
jl_req_str(struct jl_req_argv *c, const char *opt, const char *s)
{
	if (str_set(s))
		jl_req_add(c, "--%s=%s", opt, s);
}

void
jl_req_time(struct jl_req_argv *c, const char *opt, uint32_t m)
{
	if (m == JL_REQ_NO_VAL)
		return;
	if (m == JL_REQ_INFINITE)
		jl_req_add(c, "--%s=UNLIMITED", opt);
	else if (m >= 1440)
		jl_req_add(c, "--%s=%" PRIu32 "-%02" PRIu32 ":%02" PRIu32
		    ":00", opt, m / 1440, m % 1440 / 60, m % 60);
	else
		jl_req_add(c, "--%s=%02" PRIu32 ":%02" PRIu32 ":00", opt,
		    m / 60, m % 60);
}

void
jl_req_nodes(struct jl_req_argv *c, uint32_t min, uint32_t max)
{
	if (min == JL_REQ_NO_VAL || min == 0)
		return;
	if (max != JL_REQ_NO_VAL && max != 0 && max > min)
		jl_req_add(c, "--nodes=%" PRIu32 "-%" PRIu32, min, max);
	else
		jl_req_add(c, "--nodes=%" PRIu32, min);
}

void
jl_req_count16(struct jl_req_argv *c, const char *opt, uint16_t n)
{
	if (n != JL_REQ_NO_VAL16 && n != 0 && n != JL_REQ_INFINITE16)
		jl_req_add(c, "--%s=%u", opt, (unsigned)n);
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
	struct jl_buf	 b;
	const char	*p, *q, *e;
	size_t		 len;

	if (!str_set(tres))
		return;
	jl_buf_init(&b);
	for (p = tres; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		q = p + strcspn(p, ",");
		len = (size_t)(q - p);
		e = strip_gres(p, &len);
		if (len == 0)
			continue;
		if (gpu_only) {
			if (len < 4 || strncmp(e, "gpu:", 4) != 0)
				continue;	/* not a GPU, or no count */
			e += 4;
			len -= 4;
			if (len == 0)
				continue;
		}
		if (b.len > 0)
			jl_buf_putc(&b, ',');
		jl_buf_add(&b, e, len);
	}
	if (!b.failed && b.len > 0)
		jl_req_add(c, "--%s=%.*s%s", opt, (int)b.len, b.data,
		    suffix);
	jl_buf_free(&b);
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
	jl_req_add(c, "--%s=%" PRIu64 "M", (mem & JL_REQ_MEM_PER_CPU) ?
	    "mem-per-cpu" : "mem", mem & ~JL_REQ_MEM_PER_CPU);
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
		jl_req_add(c, "%s", word[shared]);
}
