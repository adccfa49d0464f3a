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
#include <stddef.h>
#include <stdint.h>

#include "hot.h"

extern const char	 __ehdr_start[] __attribute__((visibility("hidden")));

static const uint16_t	 jlp_hot_table[JLP_HOT_MAX] = {
#ifdef JLP_HOT_FILE
#include JLP_HOT_FILE
#endif
	0
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
}
