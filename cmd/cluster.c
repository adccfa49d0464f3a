/*
 * facts.c: `jlint facts` and the live facts behind `jlint --cluster`,
 * from the running slurmctld through the public libslurm API
 * (slurm_init, slurm_load_ctl_conf, slurm_load_partitions,
 * slurm_load_node).  What the facts mean (node classes, GPU types and
 * vendor, preemptibility) is decided in lint/facts.c, which has no
 * libslurm; this file only copies libslurm's records into a struct
 * jl_facts.  Linked into the jlint command only (cluster.h).
 *
 * The bounded wait.  A Slurm client whose controller is down retries the
 * connection for MessageTimeout seconds (10 by default: sinfo takes 9 s
 * to fail), in _open_controller().  jlint lowers libslurm's loaded
 * MessageTimeout to JL_CLUSTER_TIMEOUT (2 s) for its first request only,
 * so an unreachable controller is reported after about 1-2 s (refused
 * connections: 1 s, measured; dropped packets: up to two connect
 * attempts of at most 2 s each), and restores it for everything after.
 * A controller that accepts the connection but answers slowly gets the
 * full MessageTimeout: the first request is then repeated once.  Name
 * lookups of SlurmctldHost happen in slurm_init() and are bounded by the
 * resolver, not by jlint.  libslurm's configuration is the exported
 * global slurm_conf (slurm_conf_t is public; the variable is not
 * declared in <slurm/slurm.h>, local-slurm.md lists it as exported).
 *
 * libslurm itself is dlopen()ed by jl_slurm_load() (slurm-dl.h), from
 * jl_cluster_connect(), the one way into the cluster for facts, audit
 * and --cluster: plain linting never loads it.
 */
#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#include "cluster.h"
#include "facts.h"
#include "merge.h"
#include "policy.h"
#include "slurm-dl.h"
#include "value.h"

#ifndef JL_LIBSLURM
#define JL_LIBSLURM	"libslurm.so"	/* the Makefile passes the SONAME */
#endif

#define DEFAULT_CONF	"/etc/slurm/slurm.conf"
#define CONFIGLESS_CONF	"/run/slurm/conf/slurm.conf"
#define MAX_GRES_CONF	(1024 * 1024)

static int		 slurm_started;		/* slurm_init() done */
static slurm_conf_t	*ctl;			/* the controller's config */
static char		 conf_path[4096];

static char *
msgf(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

/* A malloc'd message (NULL only if memory ran out). */
static char *
msgf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/*
 * The configuration a client would read (_establish_config_source() in
 * src/common/fetch_config.c): $SLURM_CONF, the default file, a configless
 * slurmd's cache.  libslurm exits the process when there is none (it
 * would try DNS SRV records and then fatal()), so jlint checks first.
 */
static int
find_conf(char **err)
{
	const char	*env = getenv("SLURM_CONF");
	struct stat	 st;

	if (env != NULL && *env != '\0') {
		if (stat(env, &st) != 0) {
			*err = msgf("SLURM_CONF=%s: %s", env, strerror(errno));
			return -1;
		}
		snprintf(conf_path, sizeof(conf_path), "%s", env);
		return 0;
	}
	if (stat(DEFAULT_CONF, &st) == 0) {
		snprintf(conf_path, sizeof(conf_path), "%s", DEFAULT_CONF);
		return 0;
	}
	if (stat(CONFIGLESS_CONF, &st) == 0) {
		snprintf(conf_path, sizeof(conf_path), "%s", CONFIGLESS_CONF);
		return 0;
	}
	*err = msgf("no Slurm configuration: SLURM_CONF is not set and "
	    "neither %s nor %s exists", DEFAULT_CONF, CONFIGLESS_CONF);
	return -1;
}

static int
is_connect_error(int e)
{
	return e == SLURMCTLD_COMMUNICATIONS_CONNECTION_ERROR ||
	    e == SLURM_COMMUNICATIONS_CONNECTION_ERROR;
}

struct jl_slurm_api	jl_slurm;

int
jl_slurm_load(char **err)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} syms[] = {
#define SYM(f, field) { #f, offsetof(struct jl_slurm_api, field) }
		SYM(slurm_init, init),
		SYM(slurm_load_ctl_conf, load_ctl_conf),
		SYM(slurm_load_partitions, load_partitions),
		SYM(slurm_load_node, load_node),
		SYM(slurm_load_jobs, load_jobs),
		SYM(slurm_job_batch_script, job_batch_script),
		SYM(slurm_free_partition_info_msg, free_partition_info_msg),
		SYM(slurm_free_node_info_msg, free_node_info_msg),
		SYM(slurm_free_job_info_msg, free_job_info_msg),
		SYM(slurm_strerror, strerror),
		SYM(slurm_conf, conf),
#undef SYM
	};
	static void	*h;
	struct jl_slurm_api api;
	const char	*e;
	void		*p;
	size_t		 i;

	*err = NULL;
	if (h != NULL)
		return 0;
	if ((h = dlopen(JL_LIBSLURM, RTLD_NOW | RTLD_GLOBAL)) == NULL) {
		e = dlerror();
		*err = msgf("cannot load %s, Slurm's client library (this jlint "
		    "was built against Slurm %d.%02d; install that release's "
		    "libslurm, Debian: the slurm-client package): %s",
		    JL_LIBSLURM, SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER),
		    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER),
		    e != NULL ? e : "?");
		return -1;
	}
	memset(&api, 0, sizeof(api));
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		if ((p = dlsym(h, syms[i].name)) == NULL) {
			e = dlerror();
			*err = msgf("%s has no %s: it is not the Slurm "
			    "%d.%02d library this jlint was built against "
			    "(%s)", JL_LIBSLURM, syms[i].name,
			    SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER),
			    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER),
			    e != NULL ? e : "?");
			dlclose(h);
			h = NULL;
			return -1;
		}
		memcpy((char *)&api + syms[i].off, &p, sizeof(p));
	}
	jl_slurm = api;
	return 0;
}

int
jl_cluster_connect(char **err)
{
	uint16_t	saved;
	int		rc, e;

	*err = NULL;
	if (ctl != NULL)
		return 0;
	if (find_conf(err) != 0 || jl_slurm_load(err) != 0)
		return -1;
	if (!slurm_started) {
		slurm_init(NULL);
		slurm_started = 1;
	}
	saved = slurm_conf.msg_timeout;
	if (saved == 0 || saved > JL_CLUSTER_TIMEOUT)
		slurm_conf.msg_timeout = JL_CLUSTER_TIMEOUT;
	rc = slurm_load_ctl_conf((time_t)0, &ctl);
	e = errno;
	slurm_conf.msg_timeout = saved;
	if (rc != 0 && !is_connect_error(e) && saved > JL_CLUSTER_TIMEOUT) {
		/* Connected, but the answer was slow: the full timeout. */
		rc = slurm_load_ctl_conf((time_t)0, &ctl);
		e = errno;
	}
	if (rc == 0)
		return 0;
	ctl = NULL;
	if (is_connect_error(e))
		*err = msgf("cannot reach slurmctld at %s:%u within %d s: %s "
		    "(configuration %s)", slurm_conf.control_cnt > 0 &&
		    slurm_conf.control_addr != NULL &&
		    slurm_conf.control_addr[0] != NULL ?
		    slurm_conf.control_addr[0] : "?",
		    (unsigned)slurm_conf.slurmctld_port, JL_CLUSTER_TIMEOUT,
		    slurm_strerror(e), conf_path);
	else
		*err = msgf("slurmctld did not answer: %s (configuration %s)",
		    slurm_strerror(e), conf_path);
	return -1;
}

const char *
jl_cluster_conf_path(void)
{
	return conf_path;
}

const slurm_conf_t *
jl_cluster_ctl_conf(void)
{
	return ctl;
}

/* --- libslurm records -> struct jl_facts ---------------------------------- */

static const char *
mode_text(struct jl_arena *a, uint16_t m)
{
	const char	*base;

	switch (m & ~(PREEMPT_MODE_GANG | PREEMPT_MODE_WITHIN)) {
	case PREEMPT_MODE_OFF:
	case PREEMPT_MODE_COND_OFF:
		base = "OFF";
		break;
	case PREEMPT_MODE_SUSPEND:
		base = "SUSPEND";
		break;
	case PREEMPT_MODE_REQUEUE:
		base = "REQUEUE";
		break;
	case PREEMPT_MODE_CANCEL:
		base = "CANCEL";
		break;
	default:
		base = "?";
		break;
	}
	return jl_arena_printf(a, "%s%s%s", base, (m & PREEMPT_MODE_GANG) ?
	    ",GANG" : "", (m & PREEMPT_MODE_WITHIN) ? ",WITHIN" : "");
}

static enum jl_preempt_mode
mode_kind(uint16_t m)
{
	switch (m & ~(PREEMPT_MODE_GANG | PREEMPT_MODE_WITHIN)) {
	case PREEMPT_MODE_SUSPEND:
		return JL_PMODE_SUSPEND;
	case PREEMPT_MODE_REQUEUE:
		return JL_PMODE_REQUEUE;
	case PREEMPT_MODE_CANCEL:
		return JL_PMODE_CANCEL;
	default:
		return JL_PMODE_OFF;
	}
}

static int64_t
minutes(uint32_t m, int64_t none)
{
	if (m == NO_VAL)
		return none;
	if (m == INFINITE)
		return INT64_MAX;
	return (int64_t)m;
}

static const char *
list_or_all(const char *s)
{
	return s != NULL && *s != '\0' ? s : "ALL";
}

/* "DefMemPerCPU=1000" / "DefMemPerNode=UNLIMITED" (MEM_PER_CPU bit). */
static const char *
mem_text(struct jl_arena *a, const char *what, uint64_t v)
{
	if (v & MEM_PER_CPU)
		return jl_arena_printf(a, "%sMemPerCPU=%" PRIu64, what,
		    v & ~MEM_PER_CPU);
	if (v == 0 || v == INFINITE64 || v == NO_VAL64)
		return jl_arena_printf(a, "%sMemPerNode=UNLIMITED", what);
	return jl_arena_printf(a, "%sMemPerNode=%" PRIu64, what, v);
}

static const char *const *
part_notes(struct jl_arena *a, const partition_info_t *p)
{
	struct jl_buf	  lim;
	const char	**v;
	size_t		  n = 0;

	if ((v = jl_arena_alloc(a, 8 * sizeof(*v))) == NULL)
		return NULL;
	v[n++] = jl_arena_printf(a, "State=%s%s%s%s%s",
	    p->state_up == PARTITION_UP ? "UP" : p->state_up ==
	    PARTITION_DOWN ? "DOWN" : p->state_up == PARTITION_DRAIN ?
	    "DRAIN" : "INACTIVE", (p->flags & PART_FLAG_HIDDEN) ?
	    " Hidden=YES" : "", (p->flags & PART_FLAG_ROOT_ONLY) ?
	    " RootOnly=YES" : "", (p->flags & PART_FLAG_REQ_RESV) ?
	    " ReqResv=YES" : "", (p->flags & PART_FLAG_EXCLUSIVE_USER) ?
	    " ExclusiveUser=YES" : "");
	v[n++] = jl_arena_printf(a, "AllowAccounts=%s%s%s AllowGroups=%s",
	    list_or_all(p->allow_accounts), p->deny_accounts != NULL &&
	    *p->deny_accounts != '\0' ? " DenyAccounts=" : "",
	    p->deny_accounts != NULL ? p->deny_accounts : "",
	    list_or_all(p->allow_groups));
	v[n++] = jl_arena_printf(a, "AllowQos=%s%s%s QoS=%s",
	    list_or_all(p->allow_qos), p->deny_qos != NULL &&
	    *p->deny_qos != '\0' ? " DenyQos=" : "",
	    p->deny_qos != NULL ? p->deny_qos : "",
	    p->qos_char != NULL && *p->qos_char != '\0' ? p->qos_char :
	    "N/A");
	/* Limits that are set; unset memory defaults are the cluster's. */
	jl_buf_init(&lim);
	if (p->max_nodes != INFINITE && p->max_nodes != NO_VAL)
		jl_buf_printf(&lim, " MaxNodes=%" PRIu32, p->max_nodes);
	if (p->max_cpus_per_node != INFINITE &&
	    p->max_cpus_per_node != NO_VAL)
		jl_buf_printf(&lim, " MaxCPUsPerNode=%" PRIu32,
		    p->max_cpus_per_node);
	if (p->def_mem_per_cpu != 0 && p->def_mem_per_cpu != NO_VAL64)
		jl_buf_printf(&lim, " %s", mem_text(a, "Def",
		    p->def_mem_per_cpu));
	if (p->max_mem_per_cpu != 0 && p->max_mem_per_cpu != NO_VAL64)
		jl_buf_printf(&lim, " %s", mem_text(a, "Max",
		    p->max_mem_per_cpu));
	if (lim.len > 0 && !lim.failed)
		v[n++] = jl_arena_strdup(a, lim.data + 1);
	jl_buf_free(&lim);
	v[n] = NULL;
	return v;
}

/* gres.conf next to slurm.conf: the GPU vendor, if it says. */
static const char *
gres_conf_vendor(struct jl_arena *a)
{
	char		*dir, *path, *buf;
	const char	*v = NULL;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd;

	if ((dir = jl_arena_strdup(a, conf_path)) == NULL ||
	    (path = jl_arena_printf(a, "%s/gres.conf", dirname(dir))) ==
	    NULL)
		return NULL;
	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	if ((buf = malloc(MAX_GRES_CONF)) != NULL) {
		while (len < MAX_GRES_CONF && (n = read(fd, buf + len,
		    MAX_GRES_CONF - len)) > 0)
			len += (size_t)n;
		v = jl_gres_conf_vendor(buf, len);
		free(buf);
	}
	close(fd);
	return v;
}

static enum jl_preempt_type
preempt_type(const char *s)
{
	if (s == NULL || *s == '\0' || strcmp(s, "preempt/none") == 0)
		return JL_PREEMPT_NONE;
	if (strcmp(s, "preempt/partition_prio") == 0)
		return JL_PREEMPT_PARTITION_PRIO;
	if (strcmp(s, "preempt/qos") == 0)
		return JL_PREEMPT_QOS;
	return JL_PREEMPT_OTHER;
}

static void
fill_nodes(struct jl_arena *a, const node_info_msg_t *nm,
    struct jl_facts *f)
{
	struct jl_facts_node	*v;
	const node_info_t	*n;
	uint32_t		 i;

	if ((v = jl_arena_alloc(a, (nm->record_count + 1) * sizeof(*v))) ==
	    NULL)
		return;
	for (i = 0; i < nm->record_count; i++) {
		n = &nm->node_array[i];
		v[i].name = n->name != NULL ? jl_arena_strdup(a, n->name) :
		    NULL;
		v[i].cpus = n->cpus_efctv > 0 && n->cpus_efctv <= n->cpus ?
		    n->cpus_efctv : n->cpus;
		v[i].mem_mb = (int64_t)(n->mem_spec_limit < n->real_memory ?
		    n->real_memory - n->mem_spec_limit : n->real_memory);
		v[i].gres = n->gres != NULL ? jl_arena_strdup(a, n->gres) :
		    NULL;
	}
	f->nodes = v;
	f->nnodes = nm->record_count;
}

static void
fill_parts(struct jl_arena *a, const partition_info_msg_t *pm,
    const slurm_conf_t *c, struct jl_facts *f)
{
	struct jl_facts_part	*v;
	const partition_info_t	*p;
	size_t			*idx, n, cap;
	uint32_t		 i;
	int32_t			 j, k;
	uint16_t		 mode;

	if ((v = jl_arena_alloc(a, (pm->record_count + 1) * sizeof(*v))) ==
	    NULL)
		return;
	for (i = 0; i < pm->record_count; i++) {
		p = &pm->partition_array[i];
		v[i].name = p->name != NULL ? jl_arena_strdup(a, p->name) :
		    NULL;
		v[i].is_default = (p->flags & PART_FLAG_DEFAULT) != 0;
		v[i].max_time = minutes(p->max_time, INT64_MAX);
		v[i].default_time = minutes(p->default_time, JL_UNSET);
		mode = p->preempt_mode != NO_VAL16 ? p->preempt_mode :
		    c->preempt_mode;
		v[i].preempt_mode = mode_kind(mode);
		v[i].preempt_text = mode_text(a, mode);
		v[i].priority_tier = p->priority_tier;
		v[i].notes = part_notes(a, p);
		/* node_inx: index pairs into slurm_load_node()'s array. */
		n = cap = 0;
		idx = NULL;
		for (j = 0; p->node_inx != NULL && p->node_inx[j] >= 0;
		    j += 2) {
			for (k = p->node_inx[j]; k <= p->node_inx[j + 1] &&
			    (size_t)k < f->nnodes; k++) {
				if (n == cap) {
					size_t	*nv;

					cap = cap ? cap * 2 : 16;
					if ((nv = jl_arena_alloc(a, cap *
					    sizeof(*nv))) == NULL)
						return;
					if (n > 0)
						memcpy(nv, idx, n *
						    sizeof(*nv));
					idx = nv;
				}
				idx[n++] = (size_t)k;
			}
		}
		v[i].nodes = idx;
		v[i].nnodes = n;
	}
	f->parts = v;
	f->nparts = pm->record_count;
}

/* The facts as policy YAML in out; 0, or -1 with *err. */
static int
facts_yaml(struct jl_buf *out, char **err)
{
	partition_info_msg_t	*pm = NULL;
	node_info_msg_t		*nm = NULL;
	const slurm_conf_t	*c;
	struct jl_arena		 a;
	struct jl_facts		 f;
	const char		**notes;
	char			 when[64];
	time_t			 now;
	struct tm		 tm;
	int			 rc = -1;

	if (jl_cluster_connect(err) != 0)
		return -1;
	c = ctl;
	if (slurm_load_partitions((time_t)0, &pm, SHOW_ALL) != 0) {
		*err = msgf("slurm_load_partitions: %s",
		    slurm_strerror(errno));
		return -1;
	}
	if (slurm_load_node((time_t)0, &nm, SHOW_ALL) != 0) {
		*err = msgf("slurm_load_node: %s", slurm_strerror(errno));
		slurm_free_partition_info_msg(pm);
		return -1;
	}
	jl_arena_init(&a);
	memset(&f, 0, sizeof(f));
	f.cluster = c->cluster_name;
	f.version = c->version != NULL ? c->version : jl_arena_printf(&a,
	    "%02d.%02d.%d", SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER),
	    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER),
	    SLURM_VERSION_MICRO(SLURM_VERSION_NUMBER));
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(when, sizeof(when), "?");
	f.source = jl_arena_printf(&a, "Slurm %s, %s, %s.", f.version,
	    conf_path, when);
	f.preempt_type = preempt_type(c->preempt_type);
	f.preempt_type_text = c->preempt_type;
	f.gres_conf_vendor = gres_conf_vendor(&a);
	f.enforce_part_limits = c->enforce_part_limits ==
	    PARTITION_ENFORCE_ALL ? "ALL" : c->enforce_part_limits ==
	    PARTITION_ENFORCE_ANY ? "ANY" : "NO";
	f.gres_types = c->gres_plugins;
	f.max_array_size = (int64_t)c->max_array_sz;
	f.max_array_tasks = jl_max_array_tasks(c->sched_params,
	    f.max_array_size);
	f.max_array_size_known = 1;
	if ((notes = jl_arena_alloc(&a, 6 * sizeof(*notes))) != NULL) {
		notes[0] = jl_arena_printf(&a, "SelectType=%s "
		    "EnforcePartLimits=%s JobRequeue=%u",
		    c->select_type != NULL ? c->select_type : "?",
		    c->enforce_part_limits == PARTITION_ENFORCE_ALL ? "ALL" :
		    c->enforce_part_limits == PARTITION_ENFORCE_ANY ? "ANY" :
		    "NO", (unsigned)c->job_requeue);
		notes[1] = jl_arena_printf(&a, "PreemptType=%s PreemptMode=%s",
		    c->preempt_type != NULL ? c->preempt_type : "preempt/none",
		    mode_text(&a, c->preempt_mode));
		notes[2] = jl_arena_printf(&a, "JobSubmitPlugins=%s %s",
		    c->job_submit_plugins != NULL && *c->job_submit_plugins !=
		    '\0' ? c->job_submit_plugins : "(none)",
		    mem_text(&a, "Def", c->def_mem_per_cpu));
		notes[3] = NULL;
	}
	f.notes = notes;
	fill_nodes(&a, nm, &f);
	fill_parts(&a, pm, c, &f);
	if (a.failed) {
		*err = msgf("out of memory");
		goto out;
	}
	jl_facts_yaml(&f, out);
	if (out->failed) {
		*err = msgf("out of memory");
		goto out;
	}
	rc = 0;
out:
	jl_arena_free(&a);
	slurm_free_node_info_msg(nm);
	slurm_free_partition_info_msg(pm);
	return rc;
}

/* Load the YAML as a policy; a failure is a bug in lint/facts.c. */
static struct jl_policy *
facts_load(const struct jl_buf *y, char **err)
{
	struct jl_policy	*p;
	char			*errors = NULL;

	p = jl_policy_load("(live facts)", y->data, y->len, &errors);
	if (p == NULL) {
		*err = msgf("internal error: the live facts do not load as a "
		    "policy: %s", errors != NULL ? errors : "out of memory");
		free(errors);
	}
	return p;
}

struct jl_policy *
jl_cluster_facts(char **err)
{
	struct jl_policy	*p = NULL;
	struct jl_buf		 y;

	*err = NULL;
	jl_buf_init(&y);
	if (facts_yaml(&y, err) == 0)
		p = facts_load(&y, err);
	jl_buf_free(&y);
	return p;
}

int
jl_cluster_merge(struct jl_policy *p, struct jl_vec *notes, char **err)
{
	struct jl_policy	*live;
	int			 rc;

	if ((live = jl_cluster_facts(err)) == NULL)
		return -1;
	rc = jl_policy_merge(p, live, notes);
	jl_policy_free(live);
	if (rc != 0)
		*err = msgf("out of memory merging the live facts");
	return rc;
}

static void
facts_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: jlint facts\n"
	    "\n"
	    "Print the facts of the running cluster as a jlint policy (YAML):\n"
	    "Slurm version, GPU flag, partitions with their time limits,\n"
	    "preemption and node classes.  Write rules in a policy that\n"
	    "extends the result, or merge live facts at lint time with\n"
	    "`jlint --cluster`.  The cluster is the one $SLURM_CONF (or\n"
	    "/etc/slurm/slurm.conf) names.\n"
	    "\n"
	    "Exit status: 0 printed, 2 no controller (after about %d s) or\n"
	    "other errors.\n", JL_CLUSTER_TIMEOUT);
}

int
jl_cmd_facts(int argc, char **argv)
{
	struct jl_policy	*p;
	struct jl_buf		 y;
	char			*err = NULL;
	int			 i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			facts_usage(stdout);
			return 0;
		}
		fprintf(stderr, "jlint: facts: unexpected argument \"%s\"\n",
		    argv[i]);
		facts_usage(stderr);
		return 2;
	}
	jl_buf_init(&y);
	if (facts_yaml(&y, &err) != 0 || (p = facts_load(&y, &err)) == NULL) {
		fprintf(stderr, "jlint: %s\n", err != NULL ? err :
		    "out of memory");
		free(err);
		jl_buf_free(&y);
		return 2;
	}
	jl_policy_free(p);
	if (fwrite(y.data, 1, y.len, stdout) != y.len || fflush(stdout) != 0) {
		fprintf(stderr, "jlint: facts: cannot write: %s\n",
		    strerror(errno));
		jl_buf_free(&y);
		return 2;
	}
	jl_buf_free(&y);
	return 0;
}
