/*
 * mem.h: arenas, growable buffers and pointer vectors.
 *
 * Ownership: everything carved from an arena lives until jl_arena_free().
 * Allocation failure is sticky (arena->failed), never fatal: liblint runs
 * inside slurmctld and must not abort.
 */
#ifndef JL_MEM_H
#define JL_MEM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define JL_NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct jl_chunk;

struct jl_arena {
	struct jl_chunk	*chunks;	/* newest first */
	struct jl_chunk	*spare;		/* kept by jl_arena_reset() */
	char		*next;		/* first free byte in chunks */
	size_t		 left;		/* bytes free after next */
	size_t		 total;		/* bytes taken from malloc */
	size_t		 used;		/* bytes of chunks in use (grows the
					   next chunk: 4 KiB doubling to
					   JL_ARENA_CHUNK_MAX) */
	int		 failed;	/* sticky: some allocation failed */
	int		 huge;		/* past JL_ARENA_HUGE_AFTER in use,
					   regular chunks of JL_ARENA_HUGE on
					   transparent huge pages (the CLI on
					   big scripts; off by default, never
					   set in slurmctld) */
};

#define JL_ARENA_CHUNK_MAX	(64 * 1024)
#define JL_ARENA_HUGE		(2 * 1024 * 1024)
#define JL_ARENA_HUGE_AFTER	(4 * 1024 * 1024)

void	 jl_arena_init(struct jl_arena *);
void	*jl_arena_alloc(struct jl_arena *, size_t);	/* zeroed, or NULL */
/* The same, not zeroed: for blocks the caller fills whole. */
void	*jl_arena_alloc_raw(struct jl_arena *, size_t);
char	*jl_arena_strndup(struct jl_arena *, const char *, size_t);
char	*jl_arena_strdup(struct jl_arena *, const char *);
char	*jl_arena_printf(struct jl_arena *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
char	*jl_arena_vprintf(struct jl_arena *, const char *, va_list)
	    __attribute__((__format__(printf, 2, 0)));
void	 jl_arena_free(struct jl_arena *);
/*
 * Forget everything allocated but keep up to `keep` bytes of chunks for
 * the next use (a long-lived arena, one per thread in the plugin: no
 * malloc or page fault per call once warm).  Blocks of their own of
 * JL_ARENA_CHUNK_MAX or more are freed.
 */
void	 jl_arena_reset(struct jl_arena *, size_t keep);

/*
 * Cache lines, for a list to prefetch (jl_ruleset_prefetch() in rule.h).
 * jl_lines_add() adds the lines of [p, p + len) in order, up to max
 * entries (repeats included; the rest are dropped).  jl_lines_done()
 * drops the repeats, keeps the first keep lines in the order they were
 * added, and sorts those by address.
 */
#define JL_CACHE_LINE	64

struct jl_lines {
	const char	**v;
	size_t		  n, max;
};
void	jl_lines_add(struct jl_lines *, const void *p, size_t len);
void	jl_lines_done(struct jl_lines *, size_t keep);

/*
 * A few reset arenas kept between calls, for a long-running caller whose
 * calls each run in a new thread (slurmctld's RPC threads): a call takes
 * an arena with its chunks still allocated, so it does not grow a heap,
 * fault pages in or trim them again (glibc trims a thread arena's free
 * top above 128 KiB, bench/slurm).  At most JL_ARENA_POOL arenas of at
 * most JL_ARENA_POOL_KEEP bytes are kept; thread-safe.
 * jl_arena_take() starts an arena (kept, or empty); jl_arena_give()
 * resets it into the pool, or frees it when the pool is full;
 * jl_arena_pool_drain() frees the pool (a plugin's fini()).
 */
#define JL_ARENA_POOL		4
#define JL_ARENA_POOL_KEEP	(512 * 1024)
void	 jl_arena_take(struct jl_arena *);
void	 jl_arena_give(struct jl_arena *);
void	 jl_arena_pool_drain(void);

/* A growable byte string, malloc-backed.  data is always NUL-terminated. */
struct jl_buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	int	 failed;
};

void	 jl_buf_init(struct jl_buf *);
void	 jl_buf_add(struct jl_buf *, const void *, size_t);
void	 jl_buf_puts(struct jl_buf *, const char *);
void	 jl_buf_putc(struct jl_buf *, int);
void	 jl_buf_printf(struct jl_buf *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
/* Append s[0..len) as a JSON string literal, quotes included. */
void	 jl_buf_json(struct jl_buf *, const char *, size_t);
void	 jl_buf_json_str(struct jl_buf *, const char *);	/* NULL -> null */
void	 jl_buf_free(struct jl_buf *);

/* A vector of pointers whose storage comes from an arena. */
struct jl_vec {
	void	**items;
	size_t	  n;
	size_t	  cap;
};

int	 jl_vec_push(struct jl_arena *, struct jl_vec *, void *); /* 0 or -1 */

/*
 * Case-insensitive (ASCII) substring tests over a NUL-terminated string:
 * does hay contain needle, or any of the n needles?  One pass over hay
 * that compares only where the first byte matches (words of every script
 * go through these: bench/).
 */
int	 jl_has_ci(const char *hay, const char *needle);
int	 jl_has_ci_any(const char *hay, const char *const *needles, size_t n);
/* The same needles against many strings: set up the filter once. */
struct jl_ci_set {
	uint64_t		 pair[4];
	const char *const	*needles;
	size_t			 n;
};
void	 jl_ci_set_init(struct jl_ci_set *, const char *const *needles,
	    size_t n);
int	 jl_ci_set_find(const struct jl_ci_set *, const char *hay);
/* The same over len bytes, NUL or not; a match lies wholly inside. */
int	 jl_ci_set_findn(const struct jl_ci_set *, const char *hay,
	    size_t len);

#endif
