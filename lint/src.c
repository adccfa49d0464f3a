/*
 * src.c: line index over a script buffer.  Lines are split on '\n' only,
 * as sbatch's next_line() does; '\r' stays part of the line.
 */
#include <string.h>

#include "mem.h"
#include "src.h"

int
jl_src_init(struct jl_src *src, struct jl_arena *a, const char *name,
    const char *data, size_t len)
{
	const char	*p;
	size_t		 i, n;

	memset(src, 0, sizeof(*src));
	src->name = name;
	src->data = data;
	src->len = len;
	/* memchr, not a byte loop: this was 6% of linting (bench/). */
	n = 1;
	for (i = 0; i < len && (p = memchr(data + i, '\n', len - i)) != NULL;
	    i = (size_t)(p - data) + 1)
		n++;
	if ((src->lines = jl_arena_alloc(a, n * sizeof(size_t))) == NULL)
		return -1;
	src->lines[0] = 0;
	n = 1;
	for (i = 0; i < len && (p = memchr(data + i, '\n', len - i)) != NULL;
	    i = (size_t)(p - data) + 1)
		src->lines[n++] = (size_t)(p - data) + 1;
	/* A final '\n' does not open a new line. */
	if (n > 1 && src->lines[n - 1] == len)
		n--;
	src->nlines = n;
	return 0;
}

void
jl_src_linecol(const struct jl_src *src, size_t off, unsigned *line,
    unsigned *col)
{
	size_t	lo = 0, hi = src->nlines, mid;

	if (src->nlines == 0) {
		*line = 1;
		*col = (unsigned)off + 1;
		return;
	}
	/* Largest i with lines[i] <= off. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (src->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo + 1;
	*col = (unsigned)(off - src->lines[lo]) + 1;
}

int
jl_src_line(const struct jl_src *src, unsigned line, size_t *off, size_t *len)
{
	size_t	s, e;

	if (line == 0 || line > src->nlines)
		return -1;
	s = src->lines[line - 1];
	e = line < src->nlines ? src->lines[line] - 1 : src->len;
	if (e > s && e == src->len && src->len > 0 && src->data[e - 1] == '\n')
		e--;
	*off = s;
	*len = e - s;
	return 0;
}
