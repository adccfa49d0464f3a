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
static const void *const libc_fns[] = {
	(const void *)memchr, (const void *)strcasecmp,
	(const void *)strncmp, (const void *)strnlen, (const void *)strstr,
	(const void *)malloc, (const void *)memcmp,
	(const void *)strncasecmp, (const void *)free,
	(const void *)strcspn, (const void *)strcmp,
	(const void *)pthread_mutex_lock, (const void *)strlen,
	(const void *)pthread_mutex_unlock, (const void *)realloc,
	(const void *)strrchr, (const void *)strchr, (const void *)memcpy,
	(const void *)memset,
};

void
jlp_hot_prefetch(void)
{
	const uint16_t	*t = jlp_hot_table;
	size_t		 i;

	/* The compiler must not see the contents: the profile-guided build
	 * compiles this with the table empty, then again filled, and the
	 * code has to be the same both times. */
	__asm__("" : "+r" (t));
	for (i = 0; i < JLP_HOT_MAX && t[i] != 0; i++)
		__builtin_prefetch(__ehdr_start + ((size_t)t[i] << 6), 0, 3);
	for (i = 0; i < sizeof(libc_fns) / sizeof(libc_fns[0]); i++) {
		const char	*f = libc_fns[i];
		size_t		 k;

		for (k = 0; k < LIBC_LINES; k++)
			__builtin_prefetch(f + 64 * k, 0, 3);
	}
}
