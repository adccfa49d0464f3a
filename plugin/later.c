/*
 * later.c: decision lines written after the call (later.h).
 *
 * A ring of JLP_LATER_MAX malloc'd lines (each for slurmctld.log or a
 * decisions log, in the order queued) under one mutex; the writer
 * thread takes every queued line at once and writes them outside the
 * mutex, so a submission waits at most for the mutex while the writer
 * swaps the ring; only with the ring full does a call write its line
 * itself (ahead of the queued ones).  The thread blocks every signal
 * (slurmctld handles its signals in a thread of its own) and is joined in
 * fini(), after the queue is empty, so no code of an unloaded plugin
 * runs; at exit the queue is written too (later_exit()), and before the
 * process forks (later_prefork()).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hold.h"
#include "later.h"

#define JLP_LATER_MAX	1024	/* lines queued; more are written at once */
#define JLP_LATER_NS	100000000L	/* the writer looks every 0.1 s */
#define JLP_LATER_IDLE	10		/* ticks with nothing: sleep */
#define JLP_LATER_FORK_S 1		/* a fork waits at most this for the
					   queue to be written */

static pthread_mutex_t	 later_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 later_more = PTHREAD_COND_INITIALIZER;
static pthread_cond_t	 later_done = PTHREAD_COND_INITIALIZER;	/* the
					   writer wrote all it had */
static pthread_t	 later_thread;
static int		 later_running;	/* under later_lock */
static int		 later_stopping;
struct later_line {
	char	*path;		/* a decisions log, or NULL: slurmctld.log */
	char	*text;
};
static struct later_line later_ring[JLP_LATER_MAX];
static size_t		 later_head, later_n;
static int		 later_asleep;	/* the writer waits for a line */
static int		 later_busy;	/* the writer writes lines it took */
static int		 later_flush;	/* a fork waits: write now */
static int		 later_atfork;	/* the fork handlers are registered */
static clockid_t	 later_clock = CLOCK_REALTIME;	/* later_more's */
static pid_t		 later_pid;	/* the process that loaded the plugin,
					   or started the writer */

/*
 * Append line to the decisions log at path.  One write() of an O_APPEND
 * file: concurrent writers do not interleave lines.
 */
static void
write_record(const char *path, const char *line)
{
	size_t	len = strlen(line);
	ssize_t	w;
	int	fd;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW | O_NONBLOCK, 0640)) == -1) {
		slurm_error("%s: decisions log %s: %s", jlp_hold_tag(), path,
		    strerror(errno));
		return;
	}
	if ((w = write(fd, line, len)) != (ssize_t)len)
		slurm_error("%s: decisions log %s: %s", jlp_hold_tag(), path,
		    w == -1 ? strerror(errno) : "short write");
	close(fd);
}

/* Write one line where it goes, and free it. */
static void
later_write(struct later_line *l)
{
	if (l->path != NULL)
		write_record(l->path, l->text);
	else
		slurm_info("%s", l->text);
	free(l->path);
	free(l->text);
}

/* Queue l (0), or -1: not running, or the queue is full. */
static int
later_put(const struct later_line *l)
{
	int	rc = -1;

	pthread_mutex_lock(&later_lock);
	if (later_running && !later_stopping && later_n < JLP_LATER_MAX) {
		later_ring[(later_head + later_n++) % JLP_LATER_MAX] = *l;
		rc = 0;
		if (later_asleep || later_n == JLP_LATER_MAX / 2) {
			later_asleep = 0;	/* idle, or a burst */
			pthread_cond_signal(&later_more);
		}
	}
	pthread_mutex_unlock(&later_lock);
	return rc;
}

static void *
later_main(void *arg)
{
	struct later_line	take[JLP_LATER_MAX];
	size_t			i, n;
	int			idle = 0;

	(void)arg;
	pthread_mutex_lock(&later_lock);
	for (;;) {
		/*
		 * Woken by the clock, not by each line: a wake-up per line
		 * switched the submitting thread out (bench/RESULTS.md).
		 * After a second with nothing to write it sleeps until the
		 * next line, then gathers lines for one more tick.
		 */
		if (later_n == 0 && !later_stopping && idle >= JLP_LATER_IDLE) {
			later_asleep = 1;
			while (later_asleep && !later_stopping)
				pthread_cond_wait(&later_more, &later_lock);
			idle = 0;
		}
		if (later_n < JLP_LATER_MAX / 2 && !later_stopping &&
		    !later_flush) {
			struct timespec	ts;

			clock_gettime(later_clock, &ts);
			ts.tv_nsec += JLP_LATER_NS;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&later_more, &later_lock, &ts);
		}
		if (later_n == 0 && later_stopping)
			break;
		if (later_n == 0) {
			idle++;
			continue;
		}
		idle = 0;
		for (n = 0; n < later_n; n++)
			take[n] = later_ring[(later_head + n) % JLP_LATER_MAX];
		later_head = (later_head + n) % JLP_LATER_MAX;
		later_n = 0;
		later_busy = 1;
		pthread_mutex_unlock(&later_lock);
		for (i = 0; i < n; i++)
			later_write(&take[i]);
		pthread_mutex_lock(&later_lock);
		later_busy = 0;
		if (later_n == 0)
			pthread_cond_broadcast(&later_done);
	}
	pthread_mutex_unlock(&later_lock);
	return NULL;
}

/*
 * slurmctld calls no fini() when it exits (only builds with
 * MEMORY_LEAK_DEBUG do): what is queued is written at exit by the
 * destructor below, which joins the writer after it has written
 * everything (and writes what a writer that never ran left).  From 23.11
 * a reconfigure starts a new slurmctld and _exit()s or exec()s, which runs
 * no destructor in the old controller (and its forked copies do nothing
 * in it: later_exit()).  Under --systemd or daemonized it forks first,
 * and the fork waits for the writer (later_prefork()): in CI the old
 * controller _exit()ed within the tick, and the last records of jobs
 * rejected just before `scontrol reconfigure` were lost (tests/slurm-trust
 * section H).  In the foreground (slurmctld -D) it exec()s without a
 * fork, and a kill loses the lines of the last tick (at most 0.1 s).
 */
static void
later_drain(void)
{
	struct later_line	l;

	for (;;) {
		pthread_mutex_lock(&later_lock);
		if (later_n == 0) {
			pthread_mutex_unlock(&later_lock);
			return;
		}
		l = later_ring[later_head];
		later_head = (later_head + 1) % JLP_LATER_MAX;
		later_n--;
		pthread_mutex_unlock(&later_lock);
		later_write(&l);
	}
}

/*
 * pthread_atfork() prepare handler: the writer writes what is queued
 * before the process forks, and later_lock is held across the fork, so
 * no line is queued after it and the child's copy is not held by a thread
 * it does not have.  The writer, not this thread, writes: the lines stay
 * in order, and this thread takes no lock of Slurm's.  The writer may
 * take the log's lock (slurm_info()); Slurm's log registers its own
 * prepare handler (which takes that lock) when the log starts, before the
 * plugin is loaded, and handlers registered later run first, so that
 * lock is free here.  A handler of someone else's could hold it all the
 * same: the wait is bounded (JLP_LATER_FORK_S), and what is left is
 * written after the fork, as before.
 */
static void
later_prefork(void)
{
	struct timespec	dl;

	pthread_mutex_lock(&later_lock);
	if (!later_running ||
	    getpid() != __atomic_load_n(&later_pid, __ATOMIC_RELAXED) ||
	    (later_n == 0 && !later_busy))
		return;
	clock_gettime(later_clock, &dl);
	dl.tv_sec += JLP_LATER_FORK_S;
	later_flush = 1;
	later_asleep = 0;
	pthread_cond_signal(&later_more);
	while (later_n > 0 || later_busy)
		if (pthread_cond_timedwait(&later_done, &later_lock,
		    &dl) == ETIMEDOUT)
			break;
	later_flush = 0;
}

static void
later_postfork_parent(void)
{
	pthread_mutex_unlock(&later_lock);
}

/*
 * The child has one thread: no writer.  The queued lines are the
 * parent's to write (their copies here are left); the child's own lines,
 * if it has any, are written at once.  The lock is held by the thread
 * that forked, and this is its copy.
 */
static void
later_postfork_child(void)
{
	later_running = later_busy = later_asleep = later_flush = 0;
	later_n = later_head = 0;
	/* Their copies count waiters the child does not have (the writer):
	 * destroying one would wait for them (jlp_later_start()). */
	pthread_cond_init(&later_more, NULL);
	pthread_cond_init(&later_done, NULL);
	later_clock = CLOCK_REALTIME;
	pthread_mutex_unlock(&later_lock);
}

/* Where the plugin was loaded (jlp_later_start() sets it again). */
__attribute__((__constructor__)) static void
later_load(void)
{
	__atomic_store_n(&later_pid, getpid(), __ATOMIC_RELAXED);
}

/*
 * A forked copy of the process runs this too when it calls exit(): from
 * 23.11, `scontrol reconfigure` under `slurmctld --systemd` forks, and
 * the middle child exit()s while the old controller waits for it
 * (controller.c _try_to_reconfig()).  That copy has one thread, a copy
 * of the queue (the controller writes the real one) and perhaps a copy
 * of later_lock taken by a writer it does not have: it does nothing.
 */
__attribute__((__destructor__)) static void
later_exit(void)
{
	if (getpid() != __atomic_load_n(&later_pid, __ATOMIC_RELAXED))
		return;
	jlp_later_stop();
	later_drain();
}

void
jlp_later_start(void)
{
	pthread_condattr_t	ca;
	sigset_t		all, old;
	int			failed = 0, mono, reg;

	pthread_mutex_lock(&later_lock);
	if (!later_running) {
		later_stopping = later_asleep = 0;
		/* Nobody waits on it now: its clock becomes the monotonic
		 * one, so a step of the wall clock delays no line. */
		if (pthread_condattr_init(&ca) == 0) {
			if (pthread_condattr_setclock(&ca,
			    CLOCK_MONOTONIC) == 0) {
				pthread_cond_destroy(&later_more);
				pthread_cond_destroy(&later_done);
				mono = pthread_cond_init(&later_more, &ca) == 0;
				if (mono && pthread_cond_init(&later_done,
				    &ca) != 0) {
					pthread_cond_destroy(&later_more);
					mono = 0;
				}
				if (!mono) {
					pthread_cond_init(&later_more, NULL);
					pthread_cond_init(&later_done, NULL);
				}
				later_clock = mono ? CLOCK_MONOTONIC :
				    CLOCK_REALTIME;
			}
			pthread_condattr_destroy(&ca);
		}
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		later_running = pthread_create(&later_thread, NULL,
		    later_main, NULL) == 0;
		__atomic_store_n(&later_pid, getpid(), __ATOMIC_RELAXED);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		failed = !later_running;
	}
	reg = later_running && !later_atfork;
	later_atfork |= reg;
	pthread_mutex_unlock(&later_lock);
	if (failed)
		slurm_error("%s: no thread for log lines: they are written "
		    "during the call", jlp_hold_tag());
	/*
	 * Not under later_lock: a fork in another thread runs the prepare
	 * handlers holding glibc's lock of them, and later_prefork() takes
	 * later_lock.  glibc forgets the handlers when the plugin is
	 * unloaded (__cxa_finalize()), and the next load registers them
	 * again.
	 */
	if (reg && pthread_atfork(later_prefork, later_postfork_parent,
	    later_postfork_child) != 0) {
		pthread_mutex_lock(&later_lock);
		later_atfork = 0;	/* the next start tries again */
		pthread_mutex_unlock(&later_lock);
		slurm_error("%s: no fork handler: a reconfigure may lose the "
		    "lines of the last 0.1 s", jlp_hold_tag());
	}
}

void
jlp_later_stop(void)
{
	pthread_mutex_lock(&later_lock);
	if (!later_running) {
		pthread_mutex_unlock(&later_lock);
		return;
	}
	later_stopping = 1;
	pthread_cond_signal(&later_more);
	pthread_mutex_unlock(&later_lock);
	pthread_join(later_thread, NULL);
	pthread_mutex_lock(&later_lock);
	later_running = 0;
	pthread_mutex_unlock(&later_lock);
}

void
jlp_later_info(const char *fmt, ...)
{
	va_list			 ap, ap2;
	struct later_line	 l;
	char			 buf[1024], *line;
	int			 n;

	buf[0] = '\0';
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(buf))
		line = strdup(buf);
	else if (n >= 0 && (line = malloc((size_t)n + 1)) != NULL)
		vsnprintf(line, (size_t)n + 1, fmt, ap2);
	else
		line = NULL;
	va_end(ap2);
	if (line == NULL) {	/* no memory: what fits, now */
		slurm_info("%s", buf);
		return;
	}
	l.path = NULL;
	l.text = line;
	if (later_put(&l) != 0)
		later_write(&l);
}

void
jlp_later_record(const char *path, const char *line)
{
	struct later_line	l;
	size_t			n = strlen(line);

	l.path = strdup(path);
	if ((l.text = malloc(n + 2)) != NULL) {
		memcpy(l.text, line, n);
		memcpy(l.text + n, "\n", 2);
	}
	if (l.path == NULL || l.text == NULL) {
		free(l.path);
		free(l.text);
		slurm_error("%s: decisions log %s: out of memory",
		    jlp_hold_tag(), path);
		return;
	}
	if (later_put(&l) != 0)
		later_write(&l);
}
