/*
 * hot.c: the table of hot lines and its prefetch (hot.h).
 *
 * The table has a fixed size whatever it holds, so the build can link
 * the plugin, trace it, and link it again with the table filled and
 * every other byte in the same place (the Makefile checks that); the
 * lines are 64-byte line numbers from the start of the .so (its ELF
 * header, __ehdr_start), in the order a call first touches them, ended
 * by 0.  JLP_HOT_FILE names the generated initialiser (the Makefile's
 * PLUGIN_HOT_INC).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hot.h"
#include "mem.h"

/* One line size: the rule set's list (jl_ruleset_prefetch(), lint/mem.h)
 * and this table's (a literal in hot.h: tools/hot-lines.py reads it). */
_Static_assert(JLP_HOT_LINE == JL_CACHE_LINE,
    "plugin/hot.h JLP_HOT_LINE and lint/mem.h JL_CACHE_LINE differ");

extern const char	 __ehdr_start[] __attribute__((visibility("hidden")));

static const uint16_t	 jlp_hot_table[JLP_HOT_MAX] = {
#ifdef JLP_HOT_FILE
#include JLP_HOT_FILE
#endif
	0
};

/*
 * The C library's functions an ordinary call runs (callgrind, one warm
 * call: 80 lines of libc, 2-8 from each), as the dynamic linker resolved
 * them: for the string functions, the variant chosen for this CPU.  Their
 * first lines are prefetched with the rest.
 */
#define LIBC_LINES	4
typedef void	(*libc_fn)(void);	/* any function pointer type (ISO C) */
static const libc_fn	 libc_fns[] = {
	(libc_fn)memchr, (libc_fn)strcasecmp, (libc_fn)strncmp,
	(libc_fn)strnlen, (libc_fn)strstr, (libc_fn)malloc, (libc_fn)memcmp,
	(libc_fn)strncasecmp, (libc_fn)free, (libc_fn)strcspn,
	(libc_fn)strcmp, (libc_fn)pthread_mutex_lock, (libc_fn)strlen,
	(libc_fn)pthread_mutex_unlock, (libc_fn)realloc, (libc_fn)strrchr,
	(libc_fn)strchr, (libc_fn)memcpy, (libc_fn)memset,
};

void
jlp_hot_prefetch(void)
{
	const uint16_t	*t = jlp_hot_table;
	uintptr_t	 base = (uintptr_t)__ehdr_start, f;
	size_t		 i, k;

	/* The compiler must not see the contents: the profile-guided build
	 * compiles this with the table empty, then again filled, and the
	 * code has to be the same both times. */
	__asm__("" : "+r" (t));
	if (t[0] == 0)
		return;		/* no table: no prefetch at all */
	for (i = 0; i < JLP_HOT_MAX && t[i] != 0; i++)
		__builtin_prefetch((const void *)(base +
		    (uintptr_t)t[i] * JLP_HOT_LINE), 0, 3);
	for (i = 0; i < sizeof(libc_fns) / sizeof(libc_fns[0]); i++)
		for (f = (uintptr_t)libc_fns[i], k = 0; k < LIBC_LINES; k++)
			__builtin_prefetch((const void *)(f +
			    k * JLP_HOT_LINE), 0, 3);
}
