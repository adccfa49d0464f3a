/*
 * user.h: the name of a user id, looked up once for every front end: the
 * job_submit plugin (the job's uid), jlint (its real uid, as sbatch sends
 * getuid()) and jlint audit (each job's uid).  Exemptions name users
 * (jl_who in rule.h); never $USER, which is unset under cron and CI and
 * stale after su.
 */
#ifndef JL_USER_H
#define JL_USER_H

#include <stddef.h>
#include <stdint.h>

/* The passwd name of uid, in buf (getpwuid_r: thread-safe), or NULL
 * when the uid has none or buf is too small. */
const char *jl_user_name(uint32_t uid, char *buf, size_t len);

#endif
