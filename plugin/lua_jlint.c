/*
 * lua_jlint.c: the Lua module for a site's job_submit.lua (build/jlint.so).
 *
 *   package.cpath = "/usr/local/lib/lua/5.1/?.so;" .. package.cpath
 *   local jlint = require("jlint")
 *   function slurm_job_submit(job_desc, part_list, submit_uid)
 *       local verdict, message = jlint.check(job_desc, submit_uid)
 *       if message then slurm.log_user("%s", message) end
 *       if verdict == "reject" then return slurm.ERROR end
 *       ...the site's own checks...
 *
 * jlint.check(job_desc, submit_uid) -> verdict, message, findings
 *   verdict   "accept", "warn" (accepted, message for the user) or
 *             "reject" (an enforced finding, or on_error: reject)
 *   message   the text for the user, worded as the job_submit plugin
 *             words it (jlp_judge_desc), or nil: nothing to say
 *   findings  array of {rule, severity, mode, line, message, fix}: what
 *             the policy acted on; mode is what the finding did
 *             ("enforce", "warn", "audit"); line is nil for a finding
 *             about the request, fix nil when there is none
 * jlint.load(path) -> ok, path
 *   use this policy file instead of jlint.yaml next to slurm.conf; ok is
 *   false when no good policy is in effect (the errors are logged)
 *
 * The job_desc is read through its __index (Slurm's job_submit/lua gives a
 * table whose metatable reads the job_desc_msg_t; a site's own changes to
 * it are seen), using the names every release since 22.05 has, into a
 * job_desc_msg_t that jlp_judge_desc() (judge.h) judges exactly as the
 * job_submit plugin does: the verdicts are equal by construction.  The
 * --signal fields (warn_signal, warn_flags, warn_time) have no Lua name;
 * they are read from the table when it has them, else from the
 * job_desc_msg_t that job_submit/lua keeps in the metatable ("_job_desc")
 * once the fields both can read agree.
 *
 * Lives inside slurmctld, which provides liblua and the slurm_* symbols
 * (no -llua, no -lslurm); exports luaopen_jlint alone; stays loaded when
 * Lua closes the state (-z nodelete), so a reloaded job_submit.lua keeps
 * the held policy.  Bad arguments raise Lua errors; nothing allocated by
 * a call outlives a Lua error (the call's memory hangs off a userdata
 * with __gc).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include <slurm/slurm.h>

#include "body.h"
#include "hold.h"
#include "judge.h"
#include "slurm-compat.h"
#include "verdict.h"

#define JLL_TAG		"job_submit/lua: jlint"
#define JLL_CALL	"jlint.call"

int	luaopen_jlint(lua_State *);

static pthread_mutex_t	 init_lock = PTHREAD_MUTEX_INITIALIZER;
static int		 inited;	/* the policy is held */
static char		 held_path[4096];	/* "" = the default */

/* The policy, loaded on first use (path NULL: jlint.yaml next to
 * slurm.conf).  A new path replaces the held policy. */
static void
hold(const char *path)
{
	pthread_mutex_lock(&init_lock);
	if (!inited || (path != NULL && strcmp(path, held_path) != 0)) {
		if (inited)
			jlp_hold_fini();
		snprintf(held_path, sizeof(held_path), "%s",
		    path != NULL ? path : "");
		jlp_hold_init(JLL_TAG, path);
		inited = 1;
		slurm_info("%s: module for job_submit.lua (built for Slurm "
		    "%u.%02u.%u, %s), policy %s", JLL_TAG,
		    SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER),
		    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER),
		    SLURM_VERSION_MICRO(SLURM_VERSION_NUMBER), LUA_VERSION,
		    jlp_hold_path());
	}
	pthread_mutex_unlock(&init_lock);
}

/* ---- reading the job_desc ---- */

/* Push job_desc[name] (through __index). */
static int
field(lua_State *L, const char *name)
{
	lua_getfield(L, 1, name);
	return lua_type(L, -1);
}

static void
bad_field(lua_State *L, const char *name, const char *want)
{
	luaL_argerror(L, 1, lua_pushfstring(L, "job_desc.%s: %s expected, "
	    "got %s", name, want, luaL_typename(L, -1)));
}

/* A string field; the value stays on the stack (anchored) until the call
 * returns. */
static char *
str_field(lua_State *L, const char *name)
{
	switch (field(L, name)) {
	case LUA_TNIL:
		return NULL;
	case LUA_TSTRING:
		return (char *)lua_tostring(L, -1);
	default:
		bad_field(L, name, "string or nil");
		return NULL;
	}
}

/* A whole number field in [0, max]; nil gives unset. */
static uint64_t
num_field(lua_State *L, const char *name, uint64_t max, uint64_t unset)
{
	lua_Number	n;
	uint64_t	v = 0;

	if (field(L, name) == LUA_TNIL) {
		lua_pop(L, 1);
		return unset;
	}
	if (lua_type(L, -1) != LUA_TNUMBER)
		bad_field(L, name, "number or nil");
	n = lua_tonumber(L, -1);
	if (!(n >= 0) || n > (lua_Number)max || (lua_Number)(v = (uint64_t)n)
	    != n)
		luaL_argerror(L, 1, lua_pushfstring(L, "job_desc.%s: %f is not "
		    "a whole number from 0 to %f", name, (double)n,
		    (double)max));
	lua_pop(L, 1);
	return v;
}

#define U16(name)	((uint16_t)num_field(L, name, UINT16_MAX, NO_VAL16))
#define U32(name)	((uint32_t)num_field(L, name, UINT32_MAX, NO_VAL))

/* bitflags: only JOB_CPUS_SET (bit 15) is read; a double keeps it exact
 * below 2^53, and higher flag bits must not make a valid job an error. */
static uint64_t
bitflags(lua_State *L)
{
	lua_Number	n;
	uint64_t	v = 0;

	if (field(L, "bitflags") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TNUMBER)
			bad_field(L, "bitflags", "number or nil");
		n = lua_tonumber(L, -1);
		if (n >= 0 && n < 9007199254740992.0)	/* 2^53 */
			v = (uint64_t)n;	/* else: bit 15 is unknowable */
	}
	lua_pop(L, 1);
	return v;
}

/*
 * The job_desc_msg_t that job_submit/lua stores in the metatable, once the
 * fields both read give the same values (so it is the request being
 * judged, in the layout this module was built for); NULL otherwise (a
 * plain table: tests, another caller).
 */
static const job_desc_msg_t *
raw_desc(lua_State *L, const job_desc_msg_t *d)
{
	const job_desc_msg_t	*s;

	if (!lua_getmetatable(L, 1))
		return NULL;
	lua_getfield(L, -1, "_job_desc");
	s = lua_type(L, -1) == LUA_TLIGHTUSERDATA ? lua_touserdata(L, -1) :
	    NULL;
	lua_pop(L, 2);
	if (s != NULL && s->time_limit == d->time_limit &&
	    s->time_min == d->time_min && s->min_nodes == d->min_nodes &&
	    s->max_nodes == d->max_nodes && s->num_tasks == d->num_tasks &&
	    s->cpus_per_task == d->cpus_per_task &&
	    s->requeue == d->requeue && s->shared == d->shared &&
	    s->pn_min_memory == d->pn_min_memory)
		return s;
	return NULL;
}

/* The --signal fields: the table's, or those of raw_desc(). */
static void
signal_fields(lua_State *L, job_desc_msg_t *d, const job_desc_msg_t *s)
{
	if (field(L, "warn_signal") != LUA_TNIL) {
		lua_pop(L, 1);
		d->warn_signal = U16("warn_signal");
		d->warn_flags = (uint16_t)num_field(L, "warn_flags",
		    UINT16_MAX, 0);
		d->warn_time = U16("warn_time");
		return;
	}
	lua_pop(L, 1);
	if (s != NULL) {
		d->warn_signal = s->warn_signal;
		d->warn_flags = s->warn_flags;
		d->warn_time = s->warn_time;
	}
}

/*
 * The environment the batch script starts with (the container flag's
 * APPTAINER_NV, srun's SLURM_EXPORT_ENV: jl_body_env_var()): raw_desc()'s
 * own, as the C plugin reads it; else from a plain job_desc.environment
 * table, by name (job_submit/lua's own answers only by name, and logs
 * each miss for a job without a script).  env: JLL_ENV_MAX slots, the
 * strings anchored on the Lua stack until the call returns.
 */
#define JLL_ENV_MAX	32

static void
env_fields(lua_State *L, job_desc_msg_t *d, const job_desc_msg_t *s,
    char **env)
{
	const char *const	*names;
	const char		*name;
	size_t			 i, n, k = 0;

	if (d->script == NULL)
		return;
	if (s != NULL) {
		d->environment = s->environment;
		d->env_size = s->env_size;
		return;
	}
	if (field(L, "environment") != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	names = jl_body_env_names(&n);
	for (i = 0; i <= n && k + 1 < JLL_ENV_MAX; i++) {
		/* and the login environment's mark (job.c body_vars()) */
		name = i < n ? names[i] : "SLURM_GET_USER_ENV";
		lua_getfield(L, -1, name);
		if (lua_type(L, -1) == LUA_TSTRING) {
			env[k++] = (char *)lua_pushfstring(L, "%s=%s",
			    name, lua_tostring(L, -1));
			lua_insert(L, -3);	/* below the table */
		}
		lua_pop(L, 1);
	}
	env[k] = NULL;
	d->environment = env;
	d->env_size = (uint32_t)k;
}

/* job_desc (argument 1) -> d, env its environment's slots (env_fields()).
 * Raises a Lua error on a bad field. */
static void
read_desc(lua_State *L, job_desc_msg_t *d, char **env)
{
	const job_desc_msg_t	*raw;
	uint64_t		 mem;

	memset(d, 0, sizeof(*d));
	jlp_desc_set_job_id(d, NO_VAL);
	luaL_checkstack(L, 40 + JLL_ENV_MAX, "jlint.check");
	d->script = str_field(L, "script");
	d->partition = str_field(L, "partition");
	d->array_inx = str_field(L, "array_inx");
	d->std_out = str_field(L, "std_out");
	d->std_err = str_field(L, "std_err");
	d->name = str_field(L, "name");
	d->account = str_field(L, "account");
	d->qos = str_field(L, "qos");
	d->reservation = str_field(L, "reservation");
	d->dependency = str_field(L, "dependency");
	d->features = str_field(L, "features");
	d->licenses = str_field(L, "licenses");
	d->container = str_field(L, "container");
	d->work_dir = str_field(L, "work_dir");
	d->mem_per_tres = str_field(L, "mem_per_tres");
	d->tres_per_job = str_field(L, "tres_per_job");
	d->tres_per_node = str_field(L, "tres_per_node");
	d->tres_per_task = str_field(L, "tres_per_task");
	d->tres_per_socket = str_field(L, "tres_per_socket");
	d->cpus_per_tres = str_field(L, "cpus_per_tres");

	d->time_limit = U32("time_limit");
	d->time_min = U32("time_min");
	d->min_nodes = U32("min_nodes");
	d->max_nodes = U32("max_nodes");
	d->num_tasks = U32("num_tasks");
	d->bitflags = bitflags(L);
	d->cpus_per_task = U16("cpus_per_task");
	d->ntasks_per_node = U16("ntasks_per_node");
	d->ntasks_per_tres = U16("ntasks_per_tres");
	d->requeue = U16("requeue");
	/* NO_VAL but for a het job's components (judge-desc.c). */
	d->het_job_offset = U32("het_job_offset");
	d->shared = U16("shared");
	/* pn_min_memory itself is a 64-bit number Lua cannot carry
	 * (NO_VAL64); job_submit/lua splits it into these two. */
	d->pn_min_memory = NO_VAL64;
	if ((mem = num_field(L, "min_mem_per_node", INT64_MAX, NO_VAL64)) !=
	    NO_VAL64)
		d->pn_min_memory = mem;
	else if ((mem = num_field(L, "min_mem_per_cpu", INT64_MAX,
	    NO_VAL64)) != NO_VAL64)
		d->pn_min_memory = mem | MEM_PER_CPU;
	raw = raw_desc(L, d);
	signal_fields(L, d, raw);
	env_fields(L, d, raw, env);
}

/* ---- one call's memory, freed by __gc if a Lua error cuts it short ---- */

struct call {
	struct jl_arena		a;
	struct jlp_judged	j;
	int			judged;
};

static int
call_gc(lua_State *L)
{
	struct call	*c = luaL_checkudata(L, 1, JLL_CALL);

	if (c->judged) {
		jlp_judged_free(&c->j);
		c->judged = 0;
	}
	jl_arena_give(&c->a);
	return 0;
}

static void
set_str(lua_State *L, const char *k, const char *v)
{
	if (v == NULL)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

/* The findings the policy acted on, as a Lua array. */
static void
push_findings(lua_State *L, const struct jlp_judged *j)
{
	static const char *const acts[] = {
		[JL_ACT_LOG] = "audit", [JL_ACT_WARN] = "warn",
		[JL_ACT_REJECT] = "enforce"
	};
	const struct jl_finding	*f;
	size_t			 i;
	int			 n = 0;
	unsigned		 line;

	lua_newtable(L);
	for (i = 0; i < j->n; i++) {
		if (j->act[i] == JL_ACT_NONE)
			continue;
		f = j->f[i];
		lua_createtable(L, 0, 6);
		set_str(L, "rule", f->rule);
		set_str(L, "severity", jl_sev_name(f->sev));
		set_str(L, "mode", acts[j->act[i]]);
		if ((line = jlp_finding_line(j, f)) > 0) {
			lua_pushinteger(L, (lua_Integer)line);
			lua_setfield(L, -2, "line");
		}
		set_str(L, "message", f->message);
		set_str(L, "fix", f->fix != NULL && *f->fix != '\0' ? f->fix :
		    NULL);
		lua_rawseti(L, -2, ++n);
	}
}

/* jlint.check(job_desc, submit_uid) -> verdict, message, findings */
static int
l_check(lua_State *L)
{
	job_desc_msg_t	 d;
	char		*env[JLL_ENV_MAX];
	struct call	*c;
	lua_Number	 u;
	uint32_t	 uid = 0;
	int		 reject;

	if (!lua_istable(L, 1) && !lua_isuserdata(L, 1))
		luaL_typerror(L, 1, "job_desc (table)");
	u = luaL_checknumber(L, 2);
	if (!(u >= 0) || u > (lua_Number)UINT32_MAX ||
	    (lua_Number)(uid = (uint32_t)u) != u)
		luaL_argerror(L, 2, "submit_uid: a uid (whole number) expected");
	read_desc(L, &d, env);	/* may raise; nothing allocated yet */

	c = lua_newuserdata(L, sizeof(*c));
	memset(c, 0, sizeof(*c));
	jl_arena_take(&c->a);
	luaL_getmetatable(L, JLL_CALL);
	lua_setmetatable(L, -2);
	hold(NULL);
	reject = jlp_judge_desc(&c->a, &d, uid, &c->j);
	c->judged = 1;

	lua_pushstring(L, reject ? "reject" : c->j.nwarn > 0 ? "warn" :
	    "accept");
	if (c->j.text != NULL)
		lua_pushstring(L, c->j.text);
	else
		lua_pushnil(L);
	push_findings(L, &c->j);
	/* Free now rather than at the next collection. */
	lua_pushcfunction(L, call_gc);
	lua_pushvalue(L, -5);
	lua_call(L, 1, 0);
	return 3;
}

/* jlint.load(path) -> ok, path */
static int
l_load(lua_State *L)
{
	const struct jl_ruleset	*rs;
	struct jlp_held		*h;
	const char		*path;
	size_t			 len;
	int			 reject;

	path = luaL_checklstring(L, 1, &len);
	if (len == 0 || len >= sizeof(held_path) || strlen(path) != len)
		luaL_argerror(L, 1, "a policy file path expected");
	hold(path);
	h = jlp_hold_acquire(&rs, &reject);
	lua_pushboolean(L, h != NULL);
	jlp_hold_release(h);
	lua_pushstring(L, jlp_hold_path());
	return 2;
}

static const luaL_Reg jlint_fns[] = {
	{ "check", l_check },
	{ "load", l_load },
	{ NULL, NULL }
};

int
luaopen_jlint(lua_State *L)
{
	if (luaL_newmetatable(L, JLL_CALL)) {
		lua_pushcfunction(L, call_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_pop(L, 1);
	luaL_register(L, "jlint", jlint_fns);
	lua_pushstring(L, "jlint module for job_submit.lua");
	lua_setfield(L, -2, "_DESCRIPTION");
	return 1;
}
