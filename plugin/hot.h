/*
 * hot.h: the cache lines of job_submit_jlint.so that a typical call
 * touches, prefetched when a call starts (issue 15).
 *
 * slurmctld runs each submission in a new thread between RPCs, munge and
 * the kernel: the plugin's code and constants are out of every cache by
 * then, and a call that finds them one miss at a time spends most of its
 * time waiting (bench/RESULTS.md, "Cold caches").  The build traces a
 * few ordinary calls (tools/hot-trace.sh: plugbench --trace under
 * valgrind's lackey; tools/hot-lines.py) and links their lines into a
 * table; prefetching them at once lets the misses overlap, and with them
 * the first lines of the C library functions a call runs.  Without
 * valgrind or python3 at build time the table is empty and
 * jlp_hot_prefetch() does nothing.  A prefetch never faults and changes
 * nothing but timing.
 */
#ifndef JLP_HOT_H
#define JLP_HOT_H

#define JLP_HOT_MAX	4096	/* entries, the ending 0 included */
#define JLP_HOT_LINE	64	/* bytes per line number */

void	 jlp_hot_prefetch(void);

#endif
