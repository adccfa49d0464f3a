/*
 * src.c: line index over a script buffer.  Lines are split on '\n' only,
 * as sbatch's next_line() does; '\r' stays part of the line.
 */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "mem.h"
#include "src.h"

/*
 * Newlines eight bytes at a time: bit 7 of each byte of the result is set
 * exactly where the byte is '\n' (no carries between bytes).  Scripts
 * have short lines: one memchr() call per line cost more than the scan
 * (bench/).
 */
#define ONES	UINT64_C(0x0101010101010101)
#define LOW7	UINT64_C(0x7f7f7f7f7f7f7f7f)

static inline uint64_t
nl_mask(const char *p)
{
	uint64_t	x;

	memcpy(&x, p, sizeof(x));
	x ^= ONES * '\n';
	return ~(((x & LOW7) + LOW7) | x | LOW7);
}

static size_t
nl_count(const char *data, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i + 8 <= len; i += 8)
		n += (size_t)(((nl_mask(data + i) >> 7) * ONES) >> 56);
	for (; i < len; i++)
		n += data[i] == '\n';
	return n;
}

/*
 * lines[0..n) are filled and no room is left for the newlines of
 * data[from..len): an array of exactly the size needed, the old part
 * copied (at most once per script: the first guess is one line per 16
 * bytes).
 */
static uint32_t *
lines_grow(struct jl_arena *a, uint32_t *lines, size_t n, size_t *cap,
    const char *data, size_t from, size_t len)
{
	uint32_t	*nl;

	*cap = n + nl_count(data + from, len - from) + 1;
	if ((nl = jl_arena_alloc_raw(a, *cap * sizeof(*nl))) == NULL)
		return NULL;
	memcpy(nl, lines, n * sizeof(*nl));
	return nl;
}

int
jl_src_init(struct jl_src *src, struct jl_arena *a, const char *name,
    const char *data, size_t len)
{
	uint32_t	*lines;
	uint64_t	 m;
	size_t		 i, n, cap;
	int		 exact = 0;

	memset(src, 0, sizeof(*src));
	src->name = name;
	src->data = data;
	src->len = len;
	if (len >= UINT32_MAX) {
		a->failed = 1;
		return -1;
	}
	/* One pass with a guess of the size; most lines are longer.  At
	 * least a 32-byte step's worth (below): a short script is counted
	 * once. */
	cap = len / 16 + 48;
	if ((lines = jl_arena_alloc_raw(a, cap * sizeof(*lines))) == NULL)
		return -1;
	lines[0] = 0;
	n = 1;
	i = 0;
#if defined(__SSE2__)
	/*
	 * 32 bytes a step: one bit per byte that is '\n' (SSE2 is part of
	 * x86-64; a third of the instructions of the 8-byte scan below).
	 */
	{
		const __m128i	nlv = _mm_set1_epi8('\n');
		uint32_t	m32;

		for (; i + 32 <= len; i += 32) {
			m32 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(data + i)), nlv)) |
			    (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(data + i + 16)),
			    nlv)) << 16;
			if (m32 == 0)
				continue;
			if (!exact && n + 32 > cap) {
				if ((lines = lines_grow(a, lines, n, &cap, data,
				    i, len)) == NULL)
					return -1;
				exact = 1;
			}
			for (; m32 != 0; m32 &= m32 - 1)
				lines[n++] = (uint32_t)(i +
				    (size_t)__builtin_ctz(m32) + 1);
		}
	}
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= len; i += 8) {
		if ((m = nl_mask(data + i)) == 0)
			continue;
		if (!exact && n + 8 > cap) {
			if ((lines = lines_grow(a, lines, n, &cap, data, i,
			    len)) == NULL)
				return -1;
			exact = 1;	/* room for every line left */
		}
		for (; m != 0; m &= m - 1)
			lines[n++] = (uint32_t)(i +
			    (size_t)(__builtin_ctzll(m) >> 3) + 1);
	}
#else
	(void)m;
#endif
	for (; i < len; i++)
		if (data[i] == '\n') {
			if (!exact && n == cap) {
				if ((lines = lines_grow(a, lines, n, &cap, data,
				    i, len)) == NULL)
					return -1;
				exact = 1;
			}
			lines[n++] = (uint32_t)(i + 1);
		}
	/* A final '\n' does not open a new line. */
	if (n > 1 && lines[n - 1] == len)
		n--;
	src->lines = lines;
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

	if (line - 1u >= src->nlines)	/* also line 0 */
		return -1;
	s = src->lines[line - 1];
	if (line < src->nlines)
		e = src->lines[line] - 1;
	else if ((e = src->len) > s && src->data[e - 1] == '\n')
		e--;
	*off = s;
	*len = e - s;
	return 0;
}
