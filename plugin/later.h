/*
 * later.h: the job_submit plugin's decision lines in slurmctld.log and in
 * the policy's decisions log, written by a thread of the plugin's after
 * job_submit() returns instead of under the controller's lock.
 *
 * slurm_info() formats a timestamp, writes the line and flushes the log
 * file: in bench/slurm's slurmctld a warned job held the lock about 60 us
 * longer for its one line (bench/RESULTS.md).  Lines queued here are
 * written in the order they were queued, within about 0.1 s; when the
 * queue is full, or the thread is not running (the Lua module, the
 * cli_filter plugin, before init() and after fini()), a line is written
 * at once.  What is queued is written by fini(), at exit (slurmctld
 * calls no fini() when it exits) and before the process forks (a
 * reconfigure of Slurm 23.11 or later forks a new slurmctld, then the
 * old one _exit()s); a foreground reconfigure (exec() without a fork) or
 * a kill loses the lines of the last tick.
 */
#ifndef JLP_LATER_H
#define JLP_LATER_H

/* Start the writer thread (init()); without it every line is written at
 * once.  Safe to call again. */
void	jlp_later_start(void);
/* Write what is queued and stop the thread (fini()). */
void	jlp_later_stop(void);
/* slurm_info(), now or from the writer thread. */
void	jlp_later_info(const char *fmt, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
/* line and a newline appended to the decisions log at path (one write()
 * of an O_APPEND file), now or from the writer thread. */
void	jlp_later_record(const char *path, const char *line);

#endif
