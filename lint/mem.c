/*
 * mem.c: arena allocator, growable buffer and pointer vector.
 *
 * An arena is a list of chunks (4 KiB doubling to JL_ARENA_CHUNK_MAX, or a
 * block of its own for a big request) released all at once, or reset for
 * reuse.  Only jl_arena_alloc() zeroes: strings, vectors and raw blocks
 * are written by their caller anyway.  Nothing here calls abort() or exit(): failure sets a sticky
 * flag and returns NULL, so the plugin inside slurmctld can fail soft.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include "mem.h"

#define CHUNK_SIZE	4096

struct jl_chunk {
	struct jl_chunk	*next;
	size_t		 size;
	/* data follows, aligned */
};

#define CHUNK_HDR	((sizeof(struct jl_chunk) + 15) & ~(size_t)15)

void
jl_arena_init(struct jl_arena *a)
{
	memset(a, 0, sizeof(*a));
}

/* A regular chunk for the arena's next allocations: a spare one kept by
 * jl_arena_reset(), else a new one twice the size of the last (4 KiB up
 * to JL_ARENA_CHUNK_MAX; below glibc's mmap threshold, so a freed arena's
 * chunks are reused by the next one without page faults). */
static size_t
chunk_next_size(const struct jl_arena *a)
{
	if (a->used < CHUNK_SIZE)
		return CHUNK_SIZE;
	if (a->huge && a->used >= JL_ARENA_HUGE_AFTER)
		return JL_ARENA_HUGE;
	return a->used > JL_ARENA_CHUNK_MAX ? JL_ARENA_CHUNK_MAX : a->used;
}

/*
 * A regular chunk of want bytes.  A huge one (jl_arena.huge) is aligned
 * to its size and advised onto a transparent huge page: one page fault
 * instead of 512, and fewer TLB misses (a 32 MB script's model is about
 * 60 MB: a third of the CLI's time was page faults, bench/).  At most
 * one huge chunk is partly used, so resident memory grows by < 2 MiB.
 */
static struct jl_chunk *
chunk_alloc(size_t want)
{
	struct jl_chunk	*c;

	if (want != JL_ARENA_HUGE)
		return malloc(want);
	if ((c = aligned_alloc(JL_ARENA_HUGE, want)) == NULL)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(c, want, MADV_HUGEPAGE);	/* advice only */
#endif
	return c;
}

static struct jl_chunk *
chunk_new(struct jl_arena *a, size_t n)
{
	struct jl_chunk	*c;
	size_t		 want;

	if ((c = a->spare) != NULL && c->size >= n + CHUNK_HDR) {
		a->spare = c->next;
		return c;
	}
	want = chunk_next_size(a);
	if ((c = chunk_alloc(want)) == NULL)
		return NULL;
	c->size = want;
	a->total += want;
	return c;
}

/* The slow path of arena_carve(): a new chunk, or a big block. */
static void *
arena_carve_new(struct jl_arena *a, size_t n)
{
	struct jl_chunk	*c;
	size_t		 want;
	void		*p;

	if (n > SIZE_MAX / 2) {
		a->failed = 1;
		return NULL;
	}
	/*
	 * The first spare chunk (jl_arena_reset), if it holds the request,
	 * serves it, big or not (chunk_new() looks only there too): a big
	 * block under JL_ARENA_CHUNK_MAX malloc'd here is kept as a spare at
	 * the next reset, so asking malloc first added one to the spares at
	 * every reuse of a pooled arena (the plugin's grew by 4 KiB a call
	 * up to JL_ARENA_POOL_KEEP) and called malloc every time.  A spare
	 * further down the list is not searched, and the current chunk's
	 * free space is left behind, as for any new chunk.
	 */
	if ((a->spare == NULL || a->spare->size < n + CHUNK_HDR) &&
	    n > (chunk_next_size(a) - CHUNK_HDR) / 4) {
		/* Big block of its own (at most a quarter of a chunk is
		 * ever wasted): keep the current chunk's free space. */
		want = n + CHUNK_HDR;
		if ((c = malloc(want)) == NULL) {
			a->failed = 1;
			return NULL;
		}
		c->size = want;
		a->total += want;
		a->used += want;
		if (a->chunks != NULL) {
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = NULL;
			a->chunks = c;
			a->left = 0;
			a->next = NULL;
		}
		return (char *)c + CHUNK_HDR;
	}
	if ((c = chunk_new(a, n)) == NULL) {
		a->failed = 1;
		return NULL;
	}
	c->next = a->chunks;
	a->chunks = c;
	a->used += c->size;
	p = (char *)c + CHUNK_HDR;	/* 16-aligned */
	a->next = (char *)p + n;
	a->left = c->size - CHUNK_HDR - n;
	return p;
}

/*
 * n bytes aligned to align (a power of two <= 16), not zeroed.  Blocks are
 * aligned where they are carved, not rounded up: strings take their
 * length plus one, not a multiple of 16 (the model of a big script is
 * mostly short strings and small structs: bench/).  Inline: every word
 * of every script comes through here.
 */
static inline void *
arena_carve(struct jl_arena *a, size_t n, size_t align)
{
	size_t	 pad;
	void	*p;

	if (n == 0)
		n = 1;
	pad = (size_t)(-(uintptr_t)a->next) & (align - 1);
	if (a->next == NULL || n > a->left || pad > a->left - n)
		return arena_carve_new(a, n);
	p = a->next + pad;
	a->next += pad + n;
	a->left -= pad + n;
	return p;
}

void *
jl_arena_alloc(struct jl_arena *a, size_t n)
{
	void	*p;

	if ((p = arena_carve(a, n, 16)) != NULL)
		memset(p, 0, n);
	return p;
}

void *
jl_arena_alloc_raw(struct jl_arena *a, size_t n)
{
	return arena_carve(a, n, 16);
}

char *
jl_arena_strndup(struct jl_arena *a, const char *s, size_t len)
{
	char	*p;

	if ((p = arena_carve(a, len + 1, 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
jl_arena_strdup(struct jl_arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return jl_arena_strndup(a, s, strlen(s));
}

char *
jl_arena_vprintf(struct jl_arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	*p, tmp[512];
	int	 n;

	/* Formatted once into tmp when it fits (messages mostly do; a
	 * second vsnprintf() was 2% of jlbench), else measured first. */
	va_copy(ap2, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if (n < 0 || (p = arena_carve(a, (size_t)n + 1, 1)) == NULL) {
		a->failed = 1;
		return NULL;
	}
	if ((size_t)n < sizeof(tmp))
		memcpy(p, tmp, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
jl_arena_printf(struct jl_arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = jl_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void
jl_arena_free(struct jl_arena *a)
{
	struct jl_chunk	*c, *next;

	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	for (c = a->spare; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	jl_arena_init(a);
}

void
jl_arena_reset(struct jl_arena *a, size_t keep)
{
	struct jl_chunk	*c, *next, *small = NULL;
	size_t		 kept = a->total - a->used;	/* the spare chunks */

	/*
	 * The spare chunks stay as they are (not walked: each header is a
	 * cache miss, bench/jlbench resets between scripts).  Of the chunks
	 * in use, keep regular ones up to `keep`, the largest first: a few
	 * big chunks serve the next use better than the small ones of the
	 * arena's growth from 4 KiB.  Blocks of their own (big requests) are
	 * kept the same way when smaller than JL_ARENA_CHUNK_MAX, freed
	 * otherwise.
	 */
	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		if (c->size == JL_ARENA_CHUNK_MAX && kept + c->size <= keep) {
			c->next = a->spare;
			a->spare = c;
			kept += c->size;
		} else if (c->size < JL_ARENA_CHUNK_MAX) {
			c->next = small;
			small = c;
		} else
			free(c);
	}
	for (c = small; c != NULL; c = next) {
		next = c->next;
		if (kept + c->size <= keep) {
			c->next = a->spare;
			a->spare = c;
			kept += c->size;
		} else
			free(c);
	}
	a->chunks = NULL;
	a->next = NULL;
	a->left = 0;
	a->used = 0;
	a->total = kept;
	a->failed = 0;
}

static pthread_mutex_t	 pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct jl_arena	 pool[JL_ARENA_POOL];
static size_t		 pool_n;

void
jl_arena_take(struct jl_arena *a)
{
	pthread_mutex_lock(&pool_lock);
	if (pool_n > 0)
		*a = pool[--pool_n];
	else
		jl_arena_init(a);
	pthread_mutex_unlock(&pool_lock);
}

void
jl_arena_give(struct jl_arena *a)
{
	if (a->total == 0)
		return;
	jl_arena_reset(a, JL_ARENA_POOL_KEEP);
	pthread_mutex_lock(&pool_lock);
	if (pool_n < JL_ARENA_POOL) {
		pool[pool_n++] = *a;
		jl_arena_init(a);
	}
	pthread_mutex_unlock(&pool_lock);
	jl_arena_free(a);		/* the pool was full, or a no-op */
}

void
jl_arena_pool_drain(void)
{
	pthread_mutex_lock(&pool_lock);
	while (pool_n > 0)
		jl_arena_free(&pool[--pool_n]);
	pthread_mutex_unlock(&pool_lock);
}

void
jl_buf_init(struct jl_buf *b)
{
	memset(b, 0, sizeof(*b));
}

static int
buf_grow(struct jl_buf *b, size_t more)
{
	size_t	 cap;
	char	*p;

	if (b->failed)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1) {
		if (cap > SIZE_MAX / 2) {
			b->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	if ((p = realloc(b->data, cap)) == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void
jl_buf_add(struct jl_buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) != 0)
		return;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
jl_buf_puts(struct jl_buf *b, const char *s)
{
	jl_buf_add(b, s, strlen(s));
}

void
jl_buf_putc(struct jl_buf *b, int c)
{
	char	ch = (char)c;

	jl_buf_add(b, &ch, 1);
}

void
jl_buf_printf(struct jl_buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/*
 * JSON string escaping.  Bytes that are not valid UTF-8 are written as
 * \u00XX of the byte so the output is always valid JSON.
 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t	need, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (need > n)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

void
jl_buf_json(struct jl_buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, k;

	jl_buf_putc(b, '"');
	for (i = 0; i < n; ) {
		switch (u[i]) {
		case '"':  jl_buf_puts(b, "\\\""); i++; continue;
		case '\\': jl_buf_puts(b, "\\\\"); i++; continue;
		case '\n': jl_buf_puts(b, "\\n"); i++; continue;
		case '\r': jl_buf_puts(b, "\\r"); i++; continue;
		case '\t': jl_buf_puts(b, "\\t"); i++; continue;
		default:
			break;
		}
		if (u[i] < 0x20 || u[i] == 0x7f) {
			jl_buf_printf(b, "\\u%04x", u[i]);
			i++;
			continue;
		}
		k = utf8_len(u + i, n - i);
		if (k == 0) {
			jl_buf_printf(b, "\\u%04x", u[i]);
			i++;
			continue;
		}
		jl_buf_add(b, u + i, k);
		i += k;
	}
	jl_buf_putc(b, '"');
}

void
jl_buf_json_str(struct jl_buf *b, const char *s)
{
	if (s == NULL)
		jl_buf_puts(b, "null");
	else
		jl_buf_json(b, s, strlen(s));
}

void
jl_buf_free(struct jl_buf *b)
{
	free(b->data);
	jl_buf_init(b);
}

int
jl_vec_push(struct jl_arena *a, struct jl_vec *v, void *p)
{
	void	**items;
	size_t	  cap;

	if (v->n == v->cap) {
		cap = v->cap ? v->cap * 2 : 4;
		if ((items = arena_carve(a, cap * sizeof(void *),
		    sizeof(void *))) == NULL)
			return -1;
		if (v->n > 0)
			memcpy(items, v->items, v->n * sizeof(void *));
		v->items = items;
		v->cap = cap;
	}
	v->items[v->n++] = p;
	return 0;
}

/* ASCII tolower without a branch or the locale. */
static inline unsigned
lower(unsigned char c)
{
	return c + (((unsigned)(c - 'A') < 26u) << 5);
}

/* The filter: a bit per hash of a needle's first two bytes (lowercased);
 * a one-byte needle sets the bit of every second byte. */
#define PAIR(a, b)	((unsigned)((a) * 11u + (b)) & 255u)
#define SETBIT(m, i)	((m)[(i) >> 6] |= (uint64_t)1 << ((i) & 63))
#define HASBIT(m, i)	((m)[(i) >> 6] >> ((i) & 63) & 1)

void
jl_ci_set_init(struct jl_ci_set *cs, const char *const *needles, size_t n)
{
	const unsigned char	*nd;
	unsigned		 c0, i;
	size_t			 k;

	memset(cs, 0, sizeof(*cs));
	cs->needles = needles;
	cs->n = n;
	for (k = 0; k < n; k++) {
		nd = (const unsigned char *)needles[k];
		c0 = lower(nd[0]);
		if (nd[0] != '\0' && nd[1] == '\0')
			for (i = 0; i < 256; i++)
				SETBIT(cs->pair, PAIR(c0, i));
		else
			SETBIT(cs->pair, PAIR(c0, lower(nd[1])));
	}
}

/* Does a needle of cs start at h, within room bytes? */
static int
ci_set_at(const struct jl_ci_set *cs, const unsigned char *h, size_t room)
{
	const unsigned char	*nd;
	size_t			 k, j;

	for (k = 0; k < cs->n; k++) {
		nd = (const unsigned char *)cs->needles[k];
		for (j = 0; nd[j] != '\0' && j < room &&
		    lower(h[j]) == lower(nd[j]); j++)
			;
		if (nd[j] == '\0')
			return 1;
	}
	return 0;
}

int
jl_ci_set_find(const struct jl_ci_set *cs, const char *hay)
{
	const unsigned char	*h = (const unsigned char *)hay;

	for (; *h != '\0'; h++)
		if (HASBIT(cs->pair, PAIR(lower(h[0]), lower(h[1]))) &&
		    ci_set_at(cs, h, SIZE_MAX))
			return 1;
	return 0;
}

int
jl_ci_set_findn(const struct jl_ci_set *cs, const char *hay, size_t len)
{
	const unsigned char	*h = (const unsigned char *)hay;
	size_t			 i;

	for (i = 0; i < len; i++)
		if (HASBIT(cs->pair, PAIR(lower(h[i]), i + 1 < len ?
		    lower(h[i + 1]) : 0u)) && ci_set_at(cs, h + i, len - i))
			return 1;
	return 0;
}

int
jl_has_ci_any(const char *hay, const char *const *needles, size_t n)
{
	struct jl_ci_set	cs;

	jl_ci_set_init(&cs, needles, n);
	return jl_ci_set_find(&cs, hay);
}

int
jl_has_ci(const char *hay, const char *needle)
{
	const unsigned char	*h = (const unsigned char *)hay;
	const unsigned char	*nd = (const unsigned char *)needle;
	unsigned		 c0 = lower(nd[0]);
	size_t			 j;

	if (c0 == '\0')
		return 1;
	if (c0 < 'a' || c0 > 'z') {
		/* No case: let strchr find the candidates. */
		for (; (h = (const unsigned char *)strchr((const char *)h,
		    (int)c0)) != NULL; h++) {
			for (j = 1; nd[j] != '\0' && lower(h[j]) ==
			    lower(nd[j]); j++)
				;
			if (nd[j] == '\0')
				return 1;
		}
		return 0;
	}
	for (; *h != '\0'; h++) {
		if (lower(*h) != c0)
			continue;
		for (j = 1; nd[j] != '\0' && lower(h[j]) == lower(nd[j]); j++)
			;
		if (nd[j] == '\0')
			return 1;
	}
	return 0;
}

/* ---- cache lines (mem.h) ---- */

void
jl_lines_add(struct jl_lines *l, const void *p, size_t len)
{
	uintptr_t	a, end;

	if (p == NULL || len == 0)
		return;
	a = (uintptr_t)p & ~(uintptr_t)(JL_CACHE_LINE - 1);
	end = (uintptr_t)p + len;
	for (; a < end && l->n < l->max; a += JL_CACHE_LINE)
		l->v[l->n++] = (const char *)a;
}

struct line_at {
	uintptr_t	line;
	size_t		at;		/* order added */
};

static int
by_line(const void *a, const void *b)
{
	const struct line_at	*x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int
by_at(const void *a, const void *b)
{
	const struct line_at	*x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static int
by_ptr(const void *a, const void *b)
{
	uintptr_t	x = (uintptr_t)*(const char *const *)a;
	uintptr_t	y = (uintptr_t)*(const char *const *)b;

	return x < y ? -1 : x > y;
}

void
jl_lines_done(struct jl_lines *l, size_t keep)
{
	struct line_at	*t;
	size_t		 i, k;

	if (l->n == 0)
		return;
	if ((t = malloc(l->n * sizeof(*t))) == NULL) {
		l->n = 0;	/* no list: nothing prefetched */
		return;
	}
	for (i = 0; i < l->n; i++) {
		t[i].line = (uintptr_t)l->v[i];
		t[i].at = i;
	}
	/* Each line once, where it was first added, in that order. */
	qsort(t, l->n, sizeof(*t), by_line);
	for (i = k = 1; i < l->n; i++)
		if (t[i].line != t[k - 1].line)
			t[k++] = t[i];
	qsort(t, k, sizeof(*t), by_at);
	if (k > keep)
		k = keep;
	for (i = 0; i < k; i++)
		l->v[i] = (const char *)t[i].line;
	l->n = k;
	free(t);
	qsort(l->v, l->n, sizeof(*l->v), by_ptr);
}
