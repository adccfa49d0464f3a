/*
 * t_mem.c: the arena (chunk growth, big blocks, jl_arena_reset() keeping
 * chunks for the next use) and the case-insensitive searches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void
test_arena(void **state)
{
	struct jl_arena	 a;
	char		*p, *q, *big;
	size_t		 i, total;

	(void)state;
	jl_arena_init(&a);
	/* Chunks grow: 1 MB of small blocks takes far fewer than 256
	 * mallocs' worth of 4 KiB headers, and every block is zeroed. */
	for (i = 0; i < 10000; i++) {
		p = jl_arena_alloc(&a, 100);
		assert_non_null(p);
		assert_int_equal(p[0] | p[99], 0);
		memset(p, 0xff, 100);
	}
	assert_true(a.total >= 10000 * 112);
	assert_true(a.total < 10000 * 112 + 2 * JL_ARENA_CHUNK_MAX);
	big = jl_arena_alloc(&a, 3 * JL_ARENA_CHUNK_MAX);
	assert_non_null(big);
	assert_int_equal(big[3 * JL_ARENA_CHUNK_MAX - 1], 0);
	/* The current chunk survives a big block. */
	p = jl_arena_alloc(&a, 16);
	q = jl_arena_alloc(&a, 16);
	assert_ptr_equal(q, p + 16);
	/* Reset keeps up to `keep` bytes of regular chunks, frees the big
	 * block, and hands out zeroed memory from the kept chunks. */
	jl_arena_reset(&a, 2 * JL_ARENA_CHUNK_MAX);
	assert_true(a.total <= 2 * JL_ARENA_CHUNK_MAX);
	assert_true(a.total > 0);
	total = a.total;
	for (i = 0; i < 1000; i++) {
		p = jl_arena_alloc(&a, 100);
		assert_non_null(p);
		assert_int_equal(p[0] | p[50] | p[99], 0);
	}
	assert_int_equal(a.total, total);	/* no new malloc */
	assert_false(a.failed);
	jl_arena_reset(&a, 0);
	assert_int_equal(a.total, 0);
	assert_non_null(jl_arena_strdup(&a, "after reset"));
	jl_arena_free(&a);
	assert_null(a.chunks);
	assert_null(a.spare);
}

/* Blocks are aligned where they are carved: a string takes its length
 * plus one, the block after it is 16-aligned again. */
static void
test_arena_align(void **state)
{
	struct jl_arena	 a;
	struct jl_vec	 v = { NULL, 0, 0 };
	char		*s1, *s2, *p;
	size_t		 i, total;

	(void)state;
	jl_arena_init(&a);
	s1 = jl_arena_strdup(&a, "abc");
	s2 = jl_arena_strdup(&a, "de");
	assert_ptr_equal(s2, s1 + 4);
	assert_string_equal(s1, "abc");
	p = jl_arena_alloc(&a, 24);
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_int_equal(p[0] | p[23], 0);
	(void)jl_arena_strdup(&a, "x");
	for (i = 0; i < 100; i++)
		assert_int_equal(jl_vec_push(&a, &v, p + i), 0);
	assert_int_equal((uintptr_t)v.items % sizeof(void *), 0);
	for (i = 0; i < 100; i++)
		assert_ptr_equal(v.items[i], p + i);
	p = jl_arena_alloc_raw(&a, 100);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 16, 0);
	/* Grow to full-size chunks, reset keeping one of them: the next
	 * use runs in it without a new malloc. */
	for (i = 0; i < 2000; i++)
		assert_non_null(jl_arena_alloc(&a, 100));
	jl_arena_reset(&a, JL_ARENA_CHUNK_MAX);
	assert_int_equal(a.total, JL_ARENA_CHUNK_MAX);
	total = a.total;
	for (i = 0; i < 400; i++)
		assert_non_null(jl_arena_alloc(&a, 100));
	assert_int_equal(a.total, total);
	jl_arena_reset(&a, JL_ARENA_CHUNK_MAX);
	assert_int_equal(a.total, JL_ARENA_CHUNK_MAX);
	jl_arena_free(&a);
}

/* jl_arena.huge: past JL_ARENA_HUGE_AFTER in use, regular chunks are
 * JL_ARENA_HUGE bytes aligned to their size (huge pages, mem.c); before
 * it, and without the flag, the 64 KiB chunks as always.  A reset frees
 * the huge chunks and the flag stays. */
static void
test_arena_huge(void **state)
{
	struct jl_arena	 a, b;
	char		*p;
	size_t		 i, before, last, nhuge = 0;

	(void)state;
	jl_arena_init(&a);
	jl_arena_init(&b);
	a.huge = 1;
	for (i = 0; a.used < JL_ARENA_HUGE_AFTER; i++) {
		assert_non_null(jl_arena_alloc(&a, 1000));
		assert_non_null(jl_arena_alloc(&b, 1000));
	}
	assert_int_equal(a.total, b.total);	/* the same 64 KiB chunks */
	before = a.total;
	for (i = 0; i < 3000; i++) {
		last = a.total;
		p = jl_arena_alloc(&a, 1000);
		assert_non_null(p);
		/* The first block of a new chunk: just past its header, at
		 * the start of a 2 MiB-aligned chunk. */
		if (a.total != last) {
			assert_int_equal(a.total - last, JL_ARENA_HUGE);
			assert_true(((uintptr_t)p & (JL_ARENA_HUGE - 1)) < 64);
			nhuge++;
		}
		assert_int_equal(p[0] | p[999], 0);
		memset(p, 0xa5, 1000);
		assert_non_null(jl_arena_alloc(&b, 1000));
	}
	/* 3 MB more: two huge chunks, each at a 2 MiB boundary. */
	assert_int_equal(a.total - before, 2 * JL_ARENA_HUGE);
	assert_int_equal(nhuge, 2);
	assert_true(b.total - before <= 3000 * 1000 + JL_ARENA_CHUNK_MAX);
	assert_true(b.total - before >= 3000 * 1000);
	jl_arena_reset(&a, JL_ARENA_CHUNK_MAX);
	assert_int_equal(a.huge, 1);
	assert_true(a.total <= JL_ARENA_CHUNK_MAX);
	assert_false(a.failed);
	jl_arena_free(&a);
	jl_arena_free(&b);
}

/* The pool of reset arenas: a given arena comes back with its chunks
 * (no malloc for the next call), at most JL_ARENA_POOL are kept, each
 * at most JL_ARENA_POOL_KEEP bytes, and drain empties it. */
static void
test_arena_pool(void **state)
{
	struct jl_arena	 a[JL_ARENA_POOL + 2], b;
	char		*p;
	size_t		 i, t, kept = 0;

	(void)state;
	jl_arena_take(&b);
	assert_int_equal(b.total, 0);		/* nothing pooled yet */
	jl_arena_give(&b);			/* empty: not pooled */
	jl_arena_take(&b);
	assert_int_equal(b.total, 0);
	for (i = 0; i < JL_NITEMS(a); i++) {
		jl_arena_take(&a[i]);
		assert_non_null(jl_arena_alloc(&a[i], 100000));	/* big */
		assert_non_null(jl_arena_alloc(&a[i], 3000));
		assert_non_null(jl_arena_alloc(&a[i], 6000));
		assert_true(a[i].total > 0);
	}
	for (i = 0; i < JL_NITEMS(a); i++) {
		jl_arena_give(&a[i]);
		assert_null(a[i].chunks);		/* handed over */
		assert_int_equal(a[i].total, 0);
	}
	for (i = 0; i < JL_NITEMS(a); i++) {
		jl_arena_take(&a[i]);
		assert_null(a[i].chunks);
		assert_int_equal(a[i].used, 0);
		assert_true(a[i].total <= JL_ARENA_POOL_KEEP);
		if ((t = a[i].total) > 0) {
			kept++;
			/* a kept chunk serves: no new malloc */
			p = jl_arena_alloc(&a[i], 1000);
			assert_non_null(p);
			assert_int_equal(p[0], 0);
			assert_int_equal(a[i].total, t);
		}
	}
	assert_int_equal(kept, JL_ARENA_POOL);	/* the rest were freed */
	for (i = 0; i < JL_NITEMS(a); i++)
		jl_arena_give(&a[i]);
	jl_arena_pool_drain();
	jl_arena_take(&b);
	assert_int_equal(b.total, 0);		/* drained */
	jl_arena_free(&b);
	jl_arena_free(&b);			/* free twice: harmless */
}

/*
 * The same calls again and again (the plugin's pattern: a pooled arena per
 * job) reach a steady state: a request of a whole chunk early in the
 * arena's life is served by the spare kept from the last round, not
 * malloc'd anew and added to the spares every round (the pooled arenas
 * grew by 4 KiB a call up to JL_ARENA_POOL_KEEP).
 */
static void
test_arena_pool_steady(void **state)
{
	struct jl_arena	 a;
	size_t		 round, total = 0;

	(void)state;
	jl_arena_pool_drain();
	for (round = 0; round < 50; round++) {
		jl_arena_take(&a);
		assert_non_null(jl_arena_alloc(&a, 228));
		assert_non_null(jl_arena_alloc(&a, 3900));
		assert_non_null(jl_arena_alloc_raw(&a, 4096));	/* big */
		assert_non_null(jl_arena_alloc(&a, 512));
		if (round == 2)
			total = a.total;
		else if (round > 2)
			assert_int_equal(a.total, total);
		jl_arena_give(&a);
	}
	assert_true(total > 0 && total < 32 * 1024);
	jl_arena_pool_drain();
}

static void
test_has_ci(void **state)
{
	static const char *const keys[] = { "gpu", "tensor-parallel",
	    "--devices", "nproc", "x" };

	(void)state;
	assert_true(jl_has_ci("/opt/ROCm/bin", "rocm"));
	assert_true(jl_has_ci("rocm", "ROCM"));
	assert_false(jl_has_ci("/opt/roc/m", "rocm"));
	assert_false(jl_has_ci("roc", "rocm"));
	assert_false(jl_has_ci("", "rocm"));
	assert_true(jl_has_ci("python t.py --Tensor-Parallel-size 4", keys[1]));
	assert_true(jl_has_ci_any("--num_GPUs=2", keys, 4));
	assert_true(jl_has_ci_any("--DEVICES", keys, 4));
	assert_true(jl_has_ci_any("NPROC_PER_NODE", keys, 4));
	assert_false(jl_has_ci_any("--lr 0.1 --epochs 3 --tensor", keys, 4));
	assert_false(jl_has_ci_any("--nproc", keys, 0));
	/* A one-byte needle. */
	assert_true(jl_has_ci_any("abcX", keys + 4, 1));
	assert_false(jl_has_ci_any("abc", keys + 4, 1));
}

/* jl_ci_set_findn: only what lies wholly inside the len bytes counts. */
static void
test_ci_set_findn(void **state)
{
	static const char *const keys[] = { "ckpt_path", "--resume", "x" };
	static const char	 text[] = "a = CKPT_Path\nb --resume";
	struct jl_ci_set	 cs, one;

	(void)state;
	jl_ci_set_init(&cs, keys, 2);
	jl_ci_set_init(&one, keys + 2, 1);
	assert_true(jl_ci_set_findn(&cs, text, sizeof(text) - 1));
	assert_true(jl_ci_set_findn(&cs, text, 13));	/* ends the span */
	assert_false(jl_ci_set_findn(&cs, text, 12));	/* crosses its end */
	assert_true(jl_ci_set_findn(&cs, text + 14, 10));
	assert_false(jl_ci_set_findn(&cs, text + 14, 9));
	assert_false(jl_ci_set_findn(&cs, text, 0));
	/* NUL bytes are text here, not an end. */
	assert_true(jl_ci_set_findn(&cs, "\0--RESUME", 9));
	assert_true(jl_ci_set_findn(&one, "abX", 3));	/* the last byte */
	assert_false(jl_ci_set_findn(&one, "abX", 2));
	assert_true(jl_ci_set_find(&cs, "--resume"));
	assert_false(jl_ci_set_find(&cs, "--resum"));
	/* A buffer of exactly the span: nothing past it is read (ASan). */
	{
		char	*b = malloc(8);

		assert_non_null(b);
		memcpy(b, "--resume", 8);
		assert_true(jl_ci_set_findn(&cs, b, 8));
		assert_false(jl_ci_set_findn(&cs, b, 7));
		b[7] = 'x';
		assert_true(jl_ci_set_findn(&one, b + 7, 1));
		assert_false(jl_ci_set_findn(&cs, b, 8));
		free(b);
	}
}

/* jl_lines: whole lines; repeats dropped; past keep, the first added kept;
 * the result sorted. */
static void
test_lines(void **state)
{
	static char	 buf[16 * JL_CACHE_LINE] __attribute__((aligned(64)));
	const char	*v[32];
	struct jl_lines	 l = { v, 0, 32 };

	(void)state;
	jl_lines_add(&l, buf + 9 * JL_CACHE_LINE + 5, 1);	/* line 9 */
	jl_lines_add(&l, buf + 2 * JL_CACHE_LINE, 2 * JL_CACHE_LINE); /* 2, 3 */
	jl_lines_add(&l, buf + 9 * JL_CACHE_LINE, JL_CACHE_LINE);	/* 9 again */
	jl_lines_add(&l, buf + 12 * JL_CACHE_LINE - 1, 2);	/* 11, 12 */
	jl_lines_add(&l, NULL, 100);
	assert_int_equal(l.n, 6);
	jl_lines_done(&l, 3);		/* 9, 2, 3 first added */
	assert_int_equal(l.n, 3);
	assert_ptr_equal(v[0], buf + 2 * JL_CACHE_LINE);
	assert_ptr_equal(v[1], buf + 3 * JL_CACHE_LINE);
	assert_ptr_equal(v[2], buf + 9 * JL_CACHE_LINE);
	l.n = 0;
	l.max = 2;			/* the rest dropped */
	jl_lines_add(&l, buf, 4 * JL_CACHE_LINE);
	assert_int_equal(l.n, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_align),
		cmocka_unit_test(test_arena_huge),
		cmocka_unit_test(test_arena_pool),
		cmocka_unit_test(test_arena_pool_steady),
		cmocka_unit_test(test_has_ci),
		cmocka_unit_test(test_ci_set_findn),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
