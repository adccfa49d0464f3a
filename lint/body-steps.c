/*
 * body-steps.c: the steps of the body reader (body-int.h): a command's
 * words read the way the programs read their argv:
 *   srun and salloc as getopt_long() with an option string starting with
 *   '+' (src/srun/libsrun/opt.c): options stop at the first non-option
 *   word, which is the program; names come from the srun/salloc rows of
 *   lint/opt-table.c;
 *   apptainer and singularity as cobra/pflag with
 *   Flags().SetInterspersed(false) (pkg/cmdline/cmd.go): global flags
 *   before the verb, action flags only between the verb and the image,
 *   everything after the image belongs to the program; the container's
 *   GPU flags and environment (--nv, --rocm, --nvccli, APPTAINER_*), a
 *   hidden /dev, device binds and instance://NAME;
 *   mpirun/mpiexec, torchrun, python -m torch.distributed.run|launch,
 *   accelerate launch, deepspeed and horovodrun from option lists below,
 *   and the wrappers time, env, exec, nohup, command, builtin, nice,
 *   stdbuf, timeout, numactl and taskset are looked through;
 *   process, node and GPU counts, and program arguments that speak of
 *   several GPUs.
 */
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "body-int.h"
#include "lex.h"

static int
startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

#define UNSET		(-2)	/* linfo: option not given */

/* What one launcher's options say. */
struct linfo {
	int64_t		 nprocs;
	int64_t		 nnodes;
	int64_t		 per_node;
	int		 hostfile;	/* deepspeed -H, --include */
	int		 pty;
	int		 async;		/* srun --async (26.05) */
	int		 per_gpu;	/* srun --ntasks-per-gpu */
	const char	*pyxis;
	struct jl_loc	 pyxis_loc;
	const char	*v_gpus;	/* --gpus, -G */
	const char	*v_gpt;		/* --gpus-per-task */
	const char	*v_gpn;		/* --gpus-per-node */
	const char	*v_gps;		/* --gpus-per-socket */
	const char	*v_gres;	/* --gres */
	const char	*v_tpt;		/* --tres-per-task */
	int64_t		 ngpus;
	int		 gpu_req;
};

static void
linfo_init(struct linfo *li)
{
	memset(li, 0, sizeof(*li));
	li->nprocs = li->nnodes = li->per_node = UNSET;
	li->ngpus = -1;
}

static int64_t
known(int64_t v)
{
	return v == UNSET ? -1 : v;
}

static int64_t
mul(int64_t a, int64_t b)
{
	if (a == 0 || b == 0)
		return 0;
	if (a < 0 || b < 0)
		return -1;
	if (a != 0 && b > INT64_C(1000000000000) / a)
		return -1;
	return a * b;
}

static struct jl_stepopt *
stepopt_make(struct ctx *c, const char *name, size_t nlen,
    const struct jl_opt *o, const char *value, struct jl_loc loc)
{
	struct jl_stepopt	*so;

	if ((so = bd_alloc(c, sizeof(*so))) == NULL)
		return NULL;
	so->name = bd_sdup(c, name, nlen);
	so->opt = o;
	so->value = value;
	so->loc = loc;
	return so->name != NULL ? so : NULL;
}

/*
 * GPUs in a --gpus/--gpus-per-* value: [type:]count[,[type:]count...].
 * -1 when not a plain count.
 */
static int64_t
gpus_count(const char *v)
{
	const char	*end, *last, *q;
	char		 buf[24];
	int64_t		 total = 0, k;
	size_t		 len;

	if (v == NULL || *v == '\0' || strpbrk(v, "$`") != NULL)
		return -1;
	while (*v != '\0') {
		if ((end = strchr(v, ',')) == NULL)
			end = v + strlen(v);
		for (last = q = v; q < end; q++)
			if (*q == ':')
				last = q + 1;
		len = (size_t)(end - last);
		if (len == 0 || len >= sizeof(buf))
			return -1;
		memcpy(buf, last, len);
		buf[len] = '\0';
		if ((k = bd_parse_count(buf)) < 0)
			return -1;
		total += k;
		v = *end != '\0' ? end + 1 : end;
	}
	return total;
}

/*
 * GPUs in a --gres (or --tres-per-task) value: gpu[:type][:count][(S:..)]
 * items, with an optional "gres/" or "gres:" prefix.  A numeric last
 * field is a count even where a type was meant (gpu:3090), as Slurm
 * reads it.  0 for "none", -2 when no item names gpu, -1 when not plain.
 */
static int64_t
gres_gpu_count(const char *v)
{
	const char	*end, *q, *last, *paren;
	char		 buf[24];
	int64_t		 total = 0, k;
	size_t		 len, nfields;
	int		 any = 0;

	if (v == NULL || strpbrk(v, "$`") != NULL)
		return -1;
	if (bd_strcaseeq(v, "none"))
		return 0;
	while (*v != '\0') {
		if ((end = strchr(v, ',')) == NULL)
			end = v + strlen(v);
		if (startswith(v, "gres/") || startswith(v, "gres:"))
			v += 5;
		if ((size_t)(end - v) >= 3 && strncmp(v, "gpu", 3) == 0 &&
		    (v + 3 == end || v[3] == ':' || v[3] == '(' ||
		    v[3] == '=')) {
			any = 1;
			nfields = 0;
			last = NULL;
			for (q = v + 3; q < end; q++)
				if (*q == ':' || *q == '=') {
					nfields++;
					last = q + 1;
				}
			if (last == NULL) {
				k = 1;
			} else {
				paren = memchr(last, '(', (size_t)(end - last));
				len = (size_t)((paren != NULL ? paren : end) -
				    last);
				if (len == 0 || len >= sizeof(buf))
					return -1;
				memcpy(buf, last, len);
				buf[len] = '\0';
				if ((k = bd_parse_count(buf)) < 0)
					k = nfields == 1 ? 1 : -1;
			}
			if (k < 0)
				return -1;
			total += k;
		}
		v = *end != '\0' ? end + 1 : end;
	}
	return any ? total : -2;
}

/* GPU request of an srun/salloc from the collected option values. */
static void
slurm_gpus(struct linfo *li)
{
	int64_t	 cnt[6], tot[6];
	size_t	 i;
	int	 any = 0, none = 0;

	cnt[0] = li->v_gpus != NULL ? gpus_count(li->v_gpus) : -3;
	cnt[1] = li->v_gpt != NULL ? gpus_count(li->v_gpt) : -3;
	cnt[2] = li->v_gpn != NULL ? gpus_count(li->v_gpn) : -3;
	cnt[3] = li->v_gres != NULL ? gres_gpu_count(li->v_gres) : -3;
	if (cnt[3] == -2)
		cnt[3] = 0;
	cnt[4] = li->v_tpt != NULL ? gres_gpu_count(li->v_tpt) : -3;
	if (cnt[4] == -2)
		cnt[4] = -3;
	cnt[5] = li->v_gps != NULL ? gpus_count(li->v_gps) : -3;
	tot[0] = cnt[0];
	tot[1] = mul(cnt[1], known(li->nprocs));
	tot[2] = mul(cnt[2], known(li->nnodes));
	tot[3] = mul(cnt[3], known(li->nnodes));
	tot[4] = mul(cnt[4], known(li->nprocs));
	tot[5] = -1;
	li->ngpus = -1;
	for (i = 0; i < JL_NITEMS(cnt); i++) {
		if (cnt[i] == -3)
			continue;
		if (cnt[i] == 0)
			none = 1;
		else
			any = 1;
		if (li->ngpus < 0 && tot[i] >= 0)
			li->ngpus = tot[i];
	}
	li->gpu_req = any ? 1 : none ? -1 : 0;
}

/* pyxis options when the table does not know them (no SPANK rows). */
static enum jl_arg
pyxis_arg(const char *name, size_t len)
{
	static const char *const req[] = {
		"container-image", "container-mounts", "container-workdir",
		"container-name", "container-save", "container-env"
	};
	size_t	i;

	for (i = 0; i < JL_NITEMS(req); i++)
		if (strlen(req[i]) == len && memcmp(req[i], name, len) == 0)
			return JL_ARG_REQUIRED;
	return JL_ARG_NONE;
}

/*
 * The value of $NAME or ${NAME}, when every assignment of NAME read so far
 * gave the same value; otherwise v itself.  flags: R_LITERAL, a value
 * with no expansion (a count: NPROC=4; torchrun --nproc_per_node=$NPROC);
 * R_WORDS, also one whose expansions are plain parameters (LAUNCHER=
 * "torchrun --nproc_per_node $NGPU": each is read again where it
 * stands), and "${NAME[@]}" or "${NAME[*]}" of an array of plain words
 * (ARGS=(--nnodes=1 --nproc_per_node=4)), given as its words.
 */
enum { R_LITERAL, R_WORDS };
#define RESOLVE_MAX	65536	/* bytes of a value read as words */

static const char *
resolve_as(const struct ctx *c, const char *v, int flags)
{
	const struct varslot	*var;
	const char		*name, *val, *rest, *r;
	size_t			 len, i;
	int			 array = 0;

	if (v == NULL || v[0] != '$')
		return v;
	name = v + 1 + (v[1] == '{');
	len = bd_lhs_name_len(name, strlen(name));
	rest = name + len;
	if (len == 0)
		return v;
	if (v[1] == '{' && flags == R_WORDS && (strcmp(rest, "[@]}") == 0 ||
	    strcmp(rest, "[*]}") == 0))
		array = 1;
	else if (v[1] == '{' ? strcmp(rest, "}") != 0 : *rest != '\0')
		return v;
	if ((var = bd_var_find(c, name, len)) == NULL || var->varies ||
	    (val = var->value) == NULL || var->len > RESOLVE_MAX ||
	    (var->exp && (flags == R_LITERAL || !var->plain)))
		return v;
	if (!array)
		return val;
	/* (a b c): words without quotes, expansions or comments of their
	 * own. */
	len = var->len;
	if (len < 2 || val[0] != '(' ||
	    val[len - 1] != ')')
		return v;
	for (i = 1; i + 1 < len; i++)
		if (strchr("'\"\\$`()#", val[i]) != NULL)
			return v;
	return (r = jl_arena_strndup(c->a, val + 1, len - 2)) != NULL ? r : v;
}

static const char *
resolve(const struct ctx *c, const char *v)
{
	return resolve_as(c, v, R_LITERAL);
}

static void
slurm_apply(struct linfo *li, const struct jl_opt *o, const char *name,
    size_t nlen, const char *value, struct jl_loc loc)
{
	enum jl_optid	id = o != NULL ? o->id : JL_O_NONE;

	if (o == NULL && nlen == 15 && memcmp(name, "container-image", 15) == 0)
		id = JL_O_CONTAINER_IMAGE;
	switch (id) {
	case JL_O_NTASKS:
		li->nprocs = bd_parse_count(value);
		break;
	case JL_O_NODES:
		li->nnodes = bd_parse_count(value);
		break;
	case JL_O_NTASKS_PER_NODE:
		li->per_node = bd_parse_count(value);
		break;
	case JL_O_NTASKS_PER_GPU:
		li->per_gpu = 1;
		break;
	case JL_O_GPUS:
		li->v_gpus = value;
		break;
	case JL_O_GPUS_PER_TASK:
		li->v_gpt = value;
		break;
	case JL_O_GPUS_PER_NODE:
		li->v_gpn = value;
		break;
	case JL_O_GPUS_PER_SOCKET:
		li->v_gps = value;
		break;
	case JL_O_GRES:
		li->v_gres = value;
		break;
	case JL_O_TRES_PER_TASK:
		li->v_tpt = value;
		break;
	case JL_O_PTY:
		li->pty = 1;
		break;
	case JL_O_ASYNC:
		li->async = 1;
		break;
	case JL_O_CONTAINER_IMAGE:
		li->pyxis = value;
		li->pyxis_loc = loc;
		break;
	default:
		break;
	}
}

#define SPLIT_MAX	16	/* $OPTS split in one command or option list */

static int	param_word(const struct jl_word *);
static int	resolve_word(struct ctx *, struct jl_step *, size_t);

/* A word whose text is as the shell gives it: written so, or the value of
 * a variable (resolve_word()) without an expansion left in it. */
static int
literal(const struct jl_word *w)
{
	return !w->has_expansion || strpbrk(w->text, "$`") == NULL;
}

/*
 * Word j of an option list is $NAME or "${A[@]}" that the script gives a
 * value (srun $SRUN_ARGS python, torchrun "${ARGS[@]}" train.py): put
 * its words in its place, at most SPLIT_MAX times a list (*nres).
 */
static int
option_words(struct ctx *c, struct jl_step *st, size_t j, size_t *nres)
{
	const struct jl_word	*w = WORD(st, j);

	return w->has_expansion && param_word(w) && (*nres)++ < SPLIT_MAX &&
	    resolve_word(c, st, j);
}

/*
 * srun/salloc options as getopt_long() reads them with a '+' option
 * string: up to "--" or the first word that is not an option.  Returns
 * the index of the program.
 */
static size_t
parse_slurm(struct parse *p, struct jl_step *st, size_t j, unsigned cmd,
    struct linfo *li, int keep)
{
	struct ctx		*c = p->c;
	struct jl_optmatch	 m;
	struct jl_optrefusal	 r;
	const struct jl_opt	*o;
	const char		*a, *name, *eq, *value;
	struct jl_loc		 loc;
	enum jl_arg		 arg;
	size_t			 n = st->words.n, k, nlen, nres = 0;
	char			 sname[2];

	while (j < n) {
		if (option_words(c, st, j, &nres)) {
			n = st->words.n;
			continue;
		}
		a = WORD(st, j)->text;
		if (bd_streq(a, "--")) {
			j++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		loc = WORD(st, j)->loc;
		if (a[1] == '-') {
			name = a + 2;
			eq = strchr(name, '=');
			nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
			jl_opt_find_long(cmd, c->version, name, nlen, &m);
			o = m.status == JL_OPT_FOUND ? m.opt : NULL;
			arg = o != NULL ? o->arg : pyxis_arg(name, nlen);
			/*
			 * srun refuses an unknown or ambiguous option
			 * (srun-unknown-option); its value is the next word
			 * when the option meant takes one, as the #SBATCH
			 * reader has it, so that word is not read as the
			 * program.
			 */
			if (o == NULL && arg == JL_ARG_NONE &&
			    literal(WORD(st, j))) {
				jl_opt_refusal_sure(cmd, c->version, name,
				    nlen, &m, &r);
				if (r.arg == JL_ARG_REQUIRED)
					arg = JL_ARG_REQUIRED;
			}
			value = eq != NULL ? eq + 1 : NULL;
			if (value == NULL && arg == JL_ARG_REQUIRED &&
			    j + 1 < n) {
				j++;
				value = WORD(st, j)->text;
				loc = bd_loc_span(loc, WORD(st, j)->loc);
			}
			if (keep)
				bd_vpush(c, &st->opts, stepopt_make(c, a,
				    nlen + 2, o, value, loc));
			slurm_apply(li, o, name, nlen, resolve(c, value), loc);
			j++;
			continue;
		}
		for (k = 1; a[k] != '\0'; k++) {
			/* -$FLAG, -l$X: letters from here on are not known
			 * (-c$NCPU is -c with its value: below). */
			if (a[k] == '$' || a[k] == '`') {
				if (keep)
					bd_vpush(c, &st->opts, stepopt_make(c,
					    a, strlen(a), NULL, NULL, loc));
				break;
			}
			o = jl_opt_find_short(cmd, c->version,
			    (unsigned char)a[k]);
			sname[0] = '-';
			sname[1] = a[k];
			value = NULL;
			if (o != NULL && o->arg != JL_ARG_NONE) {
				if (a[k + 1] != '\0')
					value = a + k + 1;
				else if (o->arg == JL_ARG_REQUIRED &&
				    j + 1 < n) {
					j++;
					value = WORD(st, j)->text;
					loc = bd_loc_span(loc,
					    WORD(st, j)->loc);
				}
			}
			if (keep)
				bd_vpush(c, &st->opts, stepopt_make(c, sname,
				    2, o, value, loc));
			if (o != NULL)
				slurm_apply(li, o, o->name, strlen(o->name),
				    resolve(c, value), loc);
			if (o != NULL && o->arg != JL_ARG_NONE)
				break;
		}
		j++;
	}
	if (li->nprocs == UNSET && li->nnodes >= 0 && li->per_node >= 0)
		li->nprocs = mul(li->nnodes, li->per_node);
	slurm_gpus(li);
	return j;
}

/*
 * Option lists of the other launchers.  name: without leading dashes,
 * '-' where the program also accepts '_'; nargs: values it takes; role:
 * what its value means to jlint.
 */
enum lrole {
	R_NONE,
	R_NPROCS,
	R_NNODES,
	R_PERNODE,
	R_HOSTS
};

struct lopt {
	const char	*name;
	int		 nargs;
	enum lrole	 role;
};

struct lspec {
	const struct lopt	*opts;
	size_t			 nopts;
	int			 unknown_nargs;	/* of an unlisted --long */
	int			 lead;		/* options start with it:
						   '-' (0), '+' charmrun */
};

/* Open MPI mpirun/mpiexec, MPICH/Intel mpiexec.hydra. */
static const struct lopt mpirun_opts[] = {
	{ "am", 1, R_NONE }, { "bind-to", 1, R_NONE },
	{ "binding", 1, R_NONE }, { "bootstrap", 1, R_NONE },
	{ "bootstrap-exec", 1, R_NONE }, { "c", 1, R_NPROCS },
	{ "configfile", 1, R_NONE }, { "cpu-list", 1, R_NONE },
	{ "cpu-set", 1, R_NONE }, { "cpus-per-proc", 1, R_NONE },
	{ "cpus-per-rank", 1, R_NONE }, { "default-hostfile", 1, R_NONE },
	{ "demux", 1, R_NONE }, { "env", 2, R_NONE },
	{ "envlist", 1, R_NONE }, { "errfile-pattern", 1, R_NONE },
	{ "f", 1, R_NONE }, { "genv", 2, R_NONE },
	{ "genvlist", 1, R_NONE }, { "gmca", 2, R_NONE },
	{ "H", 1, R_NONE }, { "host", 1, R_NONE },
	{ "hostfile", 1, R_NONE }, { "hosts", 1, R_NONE },
	{ "iface", 1, R_NONE }, { "launcher", 1, R_NONE },
	{ "launcher-exec", 1, R_NONE }, { "machine", 1, R_NONE },
	{ "machinefile", 1, R_NONE }, { "map-by", 1, R_NONE },
	{ "mca", 2, R_NONE }, { "N", 1, R_PERNODE },
	{ "n", 1, R_NPROCS }, { "np", 1, R_NPROCS },
	{ "npernode", 1, R_PERNODE }, { "npersocket", 1, R_NONE },
	{ "outfile-pattern", 1, R_NONE }, { "output-filename", 1, R_NONE },
	{ "path", 1, R_NONE }, { "perhost", 1, R_PERNODE },
	{ "ppn", 1, R_PERNODE }, { "prefix", 1, R_NONE },
	{ "preload-files", 1, R_NONE }, { "rank-by", 1, R_NONE },
	{ "rankfile", 1, R_NONE }, { "rmk", 1, R_NONE },
	{ "slot-list", 1, R_NONE }, { "stdin", 1, R_NONE },
	{ "tune", 1, R_NONE }, { "wd", 1, R_NONE },
	{ "wdir", 1, R_NONE }, { "x", 1, R_NONE }
};

/* torchrun and python -m torch.distributed.run|launch (argparse). */
static const struct lopt torchrun_opts[] = {
	{ "m", 0, R_NONE }, { "module", 0, R_NONE },
	{ "nnodes", 1, R_NNODES }, { "no-python", 0, R_NONE },
	{ "nproc-per-node", 1, R_PERNODE }, { "run-path", 0, R_NONE },
	{ "standalone", 0, R_NONE }, { "use-env", 0, R_NONE },
	{ "virtual-local-rank", 0, R_NONE }
};

/* accelerate launch: store_true flags; every other --option has a value. */
static const struct lopt accelerate_opts[] = {
	{ "cpu", 0, R_NONE }, { "debug", 0, R_NONE },
	{ "downcast-bf16", 0, R_NONE }, { "dynamo-use-dynamic", 0, R_NONE },
	{ "dynamo-use-fullgraph", 0, R_NONE },
	{ "enable-cpu-affinity", 0, R_NONE }, { "h", 0, R_NONE },
	{ "help", 0, R_NONE }, { "ipex", 0, R_NONE },
	{ "m", 0, R_NONE }, { "module", 0, R_NONE },
	{ "mps", 0, R_NONE }, { "multi-gpu", 0, R_NONE },
	{ "no-python", 0, R_NONE }, { "num-machines", 1, R_NNODES },
	{ "num-processes", 1, R_NPROCS }, { "q", 0, R_NONE },
	{ "quiet", 0, R_NONE }, { "same-network", 0, R_NONE },
	{ "tpu", 0, R_NONE }, { "tpu-use-cluster", 0, R_NONE },
	{ "tpu-use-sudo", 0, R_NONE }, { "use-deepspeed", 0, R_NONE },
	{ "use-fsdp", 0, R_NONE }, { "use-megatron-lm", 0, R_NONE },
	{ "use-xpu", 0, R_NONE }
};

/* deepspeed (deepspeed/launcher/runner.py). */
static const struct lopt deepspeed_opts[] = {
	{ "bind-cores-to-rank", 0, R_NONE }, { "e", 1, R_NONE },
	{ "elastic-training", 0, R_NONE }, { "exclude", 1, R_NONE },
	{ "force-multi", 0, R_NONE }, { "H", 1, R_HOSTS },
	{ "hostfile", 1, R_HOSTS }, { "i", 1, R_HOSTS },
	{ "include", 1, R_HOSTS }, { "module", 0, R_NONE },
	{ "no-local-rank", 0, R_NONE }, { "no-python", 0, R_NONE },
	{ "no-ssh", 0, R_NONE }, { "no-ssh-check", 0, R_NONE },
	{ "num-gpus", 1, R_PERNODE }, { "num-nodes", 1, R_NNODES },
	{ "save-pid", 0, R_NONE }
};

/* horovodrun: flags listed; other --options take a value. */
static const struct lopt horovodrun_opts[] = {
	{ "autotune", 0, R_NONE }, { "blacklist-cooldown-range", 2, R_NONE },
	{ "check-build", 0, R_NONE }, { "disable-cache", 0, R_NONE },
	{ "gloo", 0, R_NONE }, { "H", 1, R_NONE },
	{ "hierarchical-allgather", 0, R_NONE },
	{ "hierarchical-allreduce", 0, R_NONE }, { "hostfile", 1, R_NONE },
	{ "i", 1, R_NONE }, { "jsrun", 0, R_NONE },
	{ "mpi", 0, R_NONE }, { "mpi-threads-disable", 0, R_NONE },
	{ "no-stall-check", 0, R_NONE }, { "np", 1, R_NPROCS },
	{ "num-proc", 1, R_NPROCS }, { "p", 1, R_NONE },
	{ "tcp", 0, R_NONE }, { "timeline-mark-cycles", 0, R_NONE },
	{ "v", 0, R_NONE }, { "verbose", 0, R_NONE },
	{ "version", 0, R_NONE }
};

/* TACC's ibrun (an mpirun wrapper): -n and -o (the offset). */
static const struct lopt ibrun_opts[] = {
	{ "n", 1, R_NPROCS }, { "np", 1, R_NPROCS }, { "o", 1, R_NONE }
};

/* Cray ALPS aprun: -n processing elements, -N per node. */
static const struct lopt aprun_opts[] = {
	{ "a", 1, R_NONE }, { "B", 0, R_NONE }, { "b", 0, R_NONE },
	{ "cc", 1, R_NONE }, { "cp", 1, R_NONE }, { "D", 1, R_NONE },
	{ "d", 1, R_NONE }, { "e", 1, R_NONE }, { "F", 1, R_NONE },
	{ "j", 1, R_NONE }, { "L", 1, R_NONE }, { "m", 1, R_NONE },
	{ "N", 1, R_PERNODE }, { "n", 1, R_NPROCS }, { "p", 1, R_NONE },
	{ "q", 0, R_NONE }, { "R", 1, R_NONE }, { "r", 1, R_NONE },
	{ "S", 1, R_NONE }, { "sl", 1, R_NONE }, { "sn", 1, R_NONE },
	{ "ss", 0, R_NONE }, { "T", 0, R_NONE }, { "t", 1, R_NONE }
};

/* IBM jsrun: -n counts resource sets, not tasks; -p/--np counts tasks. */
static const struct lopt jsrun_opts[] = {
	{ "a", 1, R_NONE }, { "b", 1, R_NONE }, { "c", 1, R_NONE },
	{ "d", 1, R_NONE }, { "E", 1, R_NONE }, { "e", 1, R_NONE },
	{ "F", 1, R_NONE }, { "g", 1, R_NONE }, { "h", 1, R_NONE },
	{ "K", 1, R_NONE }, { "k", 1, R_NONE }, { "l", 1, R_NONE },
	{ "M", 1, R_NONE }, { "m", 1, R_NONE }, { "n", 1, R_NONE },
	{ "np", 1, R_NPROCS }, { "o", 1, R_NONE }, { "p", 1, R_NPROCS },
	{ "r", 1, R_NONE }, { "S", 1, R_NONE }, { "t", 1, R_NONE },
	{ "U", 1, R_NONE }, { "X", 1, R_NONE }, { "Z", 1, R_NONE }
};

/* Charm++ charmrun: +pN (or +p N) processes, ++options with values. */
static const struct lopt charmrun_opts[] = {
	{ "debugger", 1, R_NONE }, { "n", 1, R_NPROCS },
	{ "nodegroup", 1, R_NONE }, { "nodelist", 1, R_NONE },
	{ "np", 1, R_NPROCS }, { "p", 1, R_NPROCS },
	{ "ppn", 1, R_NONE }, { "remote-shell", 1, R_NONE },
	{ "runscript", 1, R_NONE }
};

static const struct lspec spec_mpirun = {
	mpirun_opts, JL_NITEMS(mpirun_opts), 0, 0
};
static const struct lspec spec_ibrun = {
	ibrun_opts, JL_NITEMS(ibrun_opts), 0, 0
};
static const struct lspec spec_aprun = {
	aprun_opts, JL_NITEMS(aprun_opts), 0, 0
};
static const struct lspec spec_jsrun = {
	jsrun_opts, JL_NITEMS(jsrun_opts), 1, 0
};
static const struct lspec spec_charmrun = {
	charmrun_opts, JL_NITEMS(charmrun_opts), 0, '+'
};
static const struct lspec spec_torchrun = {
	torchrun_opts, JL_NITEMS(torchrun_opts), 1, 0
};
static const struct lspec spec_accelerate = {
	accelerate_opts, JL_NITEMS(accelerate_opts), 1, 0
};
static const struct lspec spec_deepspeed = {
	deepspeed_opts, JL_NITEMS(deepspeed_opts), 1, 0
};
static const struct lspec spec_horovodrun = {
	horovodrun_opts, JL_NITEMS(horovodrun_opts), 1, 0
};

/* Compare an option name with '_' read as '-'. */
static int
lname_eq(const char *tab, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (tab[i] == '\0')
			return 0;
		if (tab[i] != (name[i] == '_' ? '-' : name[i]))
			return 0;
	}
	return tab[len] == '\0';
}

static size_t
parse_lopts(struct parse *p, struct jl_step *st, size_t j,
    const struct lspec *ls, struct linfo *li, int keep)
{
	struct ctx		*c = p->c;
	const struct lopt	*o;
	const char		*a, *name, *eq, *value, *attached;
	struct jl_loc		 loc;
	size_t			 n = st->words.n, nlen, i, wlen, nres = 0;
	int			 nargs, dashes, lead = ls->lead ? ls->lead : '-';

	while (j < n) {
		if (option_words(c, st, j, &nres)) {
			n = st->words.n;
			continue;
		}
		a = WORD(st, j)->text;
		if (bd_streq(a, "--")) {
			j++;
			break;
		}
		if (a[0] != lead || a[1] == '\0' ||
		    bd_is_digit((unsigned char)a[1]))
			break;
		dashes = a[1] == lead ? 2 : 1;
		name = a + dashes;
		eq = strchr(name, '=');
		nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
		wlen = nlen + (size_t)dashes;
		o = NULL;
		for (i = 0; i < ls->nopts; i++)
			if (lname_eq(ls->opts[i].name, name, nlen)) {
				o = &ls->opts[i];
				break;
			}
		/* charmrun +p8: the value joined to a one-letter option. */
		attached = NULL;
		if (o == NULL && lead == '+' && eq == NULL && nlen > 1 &&
		    bd_is_digit((unsigned char)name[1]))
			for (i = 0; i < ls->nopts; i++)
				if (ls->opts[i].nargs == 1 &&
				    lname_eq(ls->opts[i].name, name, 1)) {
					o = &ls->opts[i];
					attached = name + 1;
					break;
				}
		nargs = o != NULL ? o->nargs : dashes == 2 ?
		    ls->unknown_nargs : 0;
		loc = WORD(st, j)->loc;
		value = NULL;
		j++;
		if (attached != NULL) {
			value = attached;
		} else if (eq != NULL) {
			value = eq + 1;
		} else {
			if (nargs >= 1 && j < n) {
				value = WORD(st, j)->text;
				loc = bd_loc_span(loc, WORD(st, j)->loc);
				j++;
			}
			if (nargs >= 2 && j < n) {
				loc = bd_loc_span(loc, WORD(st, j)->loc);
				j++;
			}
		}
		if (keep)
			bd_vpush(c, &st->opts, stepopt_make(c, a, wlen, NULL,
			    value, loc));
		if (o == NULL)
			continue;
		value = resolve(c, value);
		switch (o->role) {
		case R_NPROCS:
			li->nprocs = bd_parse_count(value);
			break;
		case R_NNODES:
			li->nnodes = bd_parse_count(value);
			break;
		case R_PERNODE:
			li->per_node = bd_parse_count(value);
			break;
		case R_HOSTS:
			li->hostfile = 1;
			break;
		case R_NONE:
			break;
		}
	}
	return j;
}

static int
eq(const char *s, const char *w)
{
	while (*w != '\0' && *s == *w) {
		s++;
		w++;
	}
	return *s == *w;
}

static int
prefixed(const char *s, const char *w)
{
	while (*w != '\0' && *s == *w) {
		s++;
		w++;
	}
	return *w == '\0';
}

/* What the program with base name s is (enum pcls). */
static enum pcls
bd_prog_class(const char *s)
{
	const char	*q;

	switch (s[0]) {
	case 'a':
		return eq(s, "accelerate") ? PC_ACCELERATE :
		    eq(s, "apptainer") ? PC_APPTAINER :
		    eq(s, "aprun") ? PC_APRUN : PC_OTHER;
	case 'b':
		return eq(s, "bash") ? PC_SHELL :
		    eq(s, "builtin") ? PC_BUILTIN : PC_OTHER;
	case 'c':
		return eq(s, "command") ? PC_COMMAND :
		    eq(s, "charmrun") ? PC_CHARMRUN :
		    eq(s, "colossalai") ? PC_COLOSSALAI : PC_OTHER;
	case 'd':
		return eq(s, "dash") ? PC_SHELL :
		    eq(s, "deepspeed") ? PC_DEEPSPEED :
		    eq(s, "ddt") ? PC_PROFILER : PC_OTHER;
	case 'e':
		return eq(s, "env") ? PC_ENV : eq(s, "exec") ? PC_EXEC :
		    eq(s, "eval") ? PC_EVAL : PC_OTHER;
	case 'h':
		return eq(s, "horovodrun") ? PC_HOROVODRUN : PC_OTHER;
	case 'i':
		return eq(s, "ibrun") ? PC_IBRUN : PC_OTHER;
	case 'j':
		return eq(s, "jsrun") ? PC_JSRUN : PC_OTHER;
	case 'k':
		return eq(s, "ksh") ? PC_SHELL : PC_OTHER;
	case 'l':
		return eq(s, "lightning") ? PC_LIGHTNING : PC_OTHER;
	case 'm':
		return prefixed(s, "mpirun") || prefixed(s, "mpiexec") ?
		    PC_MPIRUN : eq(s, "map") ? PC_PROFILER : PC_OTHER;
	case 'n':
		return eq(s, "nohup") ? PC_NOHUP : eq(s, "nice") ? PC_NICE :
		    eq(s, "numactl") ? PC_NUMACTL : PC_OTHER;
	case 'o':
		return eq(s, "orterun") ? PC_MPIRUN : PC_OTHER;
	case 'p':
		if (eq(s, "prterun") || eq(s, "prun"))
			return PC_MPIRUN;
		if (eq(s, "parallel"))
			return PC_PARALLEL;
		if (eq(s, "perf-report"))
			return PC_PROFILER;
		if (!prefixed(s, "python"))
			return PC_OTHER;
		for (q = s + 6; *q != '\0'; q++)
			if (!bd_is_digit((unsigned char)*q) && *q != '.')
				return PC_OTHER;
		return PC_PYTHON;
	case 's':
		switch (s[1]) {
		case 'a':
			return eq(s, "salloc") ? PC_SALLOC : PC_OTHER;
		case 'c':
			return eq(s, "scontrol") ? PC_SCONTROL : PC_OTHER;
		case 'h':
			return eq(s, "sh") ? PC_SHELL : PC_OTHER;
		case 'i':
			return eq(s, "singularity") ? PC_SINGULARITY :
			    PC_OTHER;
		case 'p':
			return eq(s, "spindle") ? PC_PROFILER : PC_OTHER;
		case 'r':
			return eq(s, "srun") ? PC_SRUN : PC_OTHER;
		case 't':
			return eq(s, "stdbuf") ? PC_STDBUF : PC_OTHER;
		default:
			return PC_OTHER;
		}
	case 't':
		return eq(s, "time") ? PC_TIME :
		    eq(s, "timeout") ? PC_TIMEOUT :
		    eq(s, "taskset") ? PC_TASKSET :
		    eq(s, "torchrun") ? PC_TORCHRUN : PC_OTHER;
	case 'x':
		return eq(s, "xargs") ? PC_XARGS : PC_OTHER;
	case 'z':
		return eq(s, "zsh") ? PC_SHELL : PC_OTHER;
	default:
		return PC_OTHER;
	}
}

/*
 * python [options] -m MODULE: the module word's index, or NONE_IDX.
 * Python's own getopt: -c ends option reading (no module), -W and -X
 * take a value.
 */
static size_t
python_module(const struct jl_step *st, size_t i, const char **mod)
{
	const char	*a;
	size_t		 j, k, n = st->words.n;

	for (j = i + 1; j < n; j++) {
		a = WORD(st, j)->text;
		if (a[0] != '-' || a[1] == '\0' || bd_streq(a, "--"))
			return NONE_IDX;
		if (a[1] == '-') {
			if (bd_streq(a, "--check-hash-based-pycs"))
				j++;
			continue;
		}
		for (k = 1; a[k] != '\0'; k++) {
			if (a[k] == 'm') {
				if (a[k + 1] != '\0') {
					*mod = a + k + 1;
					return j;
				}
				if (j + 1 < n) {
					*mod = WORD(st, j + 1)->text;
					return j + 1;
				}
				return NONE_IDX;
			}
			if (a[k] == 'c')
				return NONE_IDX;
			if (a[k] == 'W' || a[k] == 'X') {
				if (a[k + 1] == '\0')
					j++;
				break;
			}
		}
	}
	return NONE_IDX;
}

/* The python -m modules that are launchers. */
static const struct {
	const char		*mod;
	enum jl_launcher	 kind;
	const struct lspec	*spec;
} launch_mods[] = {
	{ "torch.distributed.run", JL_LAUNCH_TORCHRUN, &spec_torchrun },
	{ "torch.distributed.launch", JL_LAUNCH_TORCHRUN, &spec_torchrun },
	{ "accelerate.commands.launch", JL_LAUNCH_ACCELERATE,
	    &spec_accelerate },
	{ "deepspeed.launcher.runner", JL_LAUNCH_DEEPSPEED, &spec_deepspeed },
	{ "horovod.runner.launch", JL_LAUNCH_HOROVODRUN, &spec_horovodrun }
};

/* The launcher a program class is, and the list of its options (NULL for
 * srun and salloc, and for those whose options are not read). */
static enum jl_launcher
pc_launcher(enum pcls pc, const struct lspec **spec)
{
	*spec = NULL;
	switch (pc) {
	case PC_SRUN:
		return JL_LAUNCH_SRUN;
	case PC_SALLOC:
		return JL_LAUNCH_SALLOC;
	/* The MPI launchers of other resource managers and of Charm++
	 * start the tasks as mpirun does. */
	case PC_MPIRUN:
		*spec = &spec_mpirun;
		return JL_LAUNCH_MPIRUN;
	case PC_IBRUN:
		*spec = &spec_ibrun;
		return JL_LAUNCH_MPIRUN;
	case PC_APRUN:
		*spec = &spec_aprun;
		return JL_LAUNCH_MPIRUN;
	case PC_JSRUN:
		*spec = &spec_jsrun;
		return JL_LAUNCH_MPIRUN;
	case PC_CHARMRUN:
		*spec = &spec_charmrun;
		return JL_LAUNCH_MPIRUN;
	case PC_TORCHRUN:
		*spec = &spec_torchrun;
		return JL_LAUNCH_TORCHRUN;
	case PC_ACCELERATE:
		*spec = &spec_accelerate;
		return JL_LAUNCH_ACCELERATE;
	case PC_DEEPSPEED:
		*spec = &spec_deepspeed;
		return JL_LAUNCH_DEEPSPEED;
	case PC_HOROVODRUN:
		*spec = &spec_horovodrun;
		return JL_LAUNCH_HOROVODRUN;
	case PC_LIGHTNING:
	case PC_COLOSSALAI:
		return JL_LAUNCH_TORCHRUN;
	default:
		return JL_LAUNCH_NONE;
	}
}

/* The launcher module mod is (python -m MOD), or JL_LAUNCH_NONE. */
static enum jl_launcher
mod_launcher(const char *mod, const struct lspec **spec)
{
	size_t	k;

	for (k = 0; k < JL_NITEMS(launch_mods); k++)
		if (bd_streq(mod, launch_mods[k].mod)) {
			*spec = launch_mods[k].spec;
			return launch_mods[k].kind;
		}
	*spec = NULL;
	return JL_LAUNCH_NONE;
}

enum jl_launcher
jl_launcher_word(const char *w)
{
	const struct lspec	*spec;
	const char		*base = strrchr(w, '/');
	enum jl_launcher	 kind;

	kind = pc_launcher(bd_prog_class(base != NULL ? base + 1 : w),
	    &spec);
	return kind != JL_LAUNCH_NONE ? kind : mod_launcher(w, &spec);
}

/*
 * Is words[i] a launcher?  Sets the index where its options start, its
 * name and the option list (NULL for srun and salloc).
 */
static enum jl_launcher
launcher_at(const struct jl_step *st, size_t i, const char *name,
    enum pcls pc, size_t *optstart, const char **lname, struct jl_loc *lloc,
    const struct lspec **spec)
{
	const char	*mod = NULL;
	enum jl_launcher kind;
	size_t		 mi;

	*optstart = i + 1;
	*lname = name;
	*lloc = WORD(st, i)->loc;
	kind = pc_launcher(pc, spec);
	if (pc == PC_ACCELERATE) {
		/* accelerate launch: the other verbs start nothing */
		if (i + 1 < st->words.n &&
		    bd_streq(WORD(st, i + 1)->text, "launch")) {
			*optstart = i + 2;
			*lloc = bd_loc_span(*lloc, WORD(st, i + 1)->loc);
			return kind;
		}
	} else if (kind != JL_LAUNCH_NONE && pc != PC_LIGHTNING &&
	    pc != PC_COLOSSALAI)
		return kind;
	if (pc == PC_PYTHON && (mi = python_module(st, i, &mod)) != NONE_IDX) {
		*optstart = mi + 1;
		*lname = mod;
		*lloc = bd_loc_span(*lloc, WORD(st, mi)->loc);
		if ((kind = mod_launcher(mod, spec)) != JL_LAUNCH_NONE)
			return kind;
	}
	*spec = NULL;
	*lname = NULL;
	return JL_LAUNCH_NONE;
}

/* Process counts from what the launcher's options said. */
static void
launcher_counts(enum jl_launcher kind, struct linfo *li)
{
	int64_t	per = li->per_node, nodes = li->nnodes;

	switch (kind) {
	case JL_LAUNCH_TORCHRUN:
		/* Defaults: --nnodes 1, --nproc-per-node 1. */
		if (per == UNSET)
			per = li->per_node = 1;
		if (nodes == UNSET)
			nodes = 1;
		li->nprocs = mul(per, nodes);
		break;
	case JL_LAUNCH_DEEPSPEED:
		/* Without a hostfile deepspeed runs on the local node. */
		if (nodes == UNSET && !li->hostfile)
			nodes = 1;
		li->nprocs = mul(known(per), known(nodes));
		break;
	case JL_LAUNCH_MPIRUN:
		if (li->nprocs == UNSET && per >= 0 && nodes >= 0)
			li->nprocs = mul(per, nodes);
		break;
	default:
		break;
	}
}

/*
 * Options of wrapper programs, skipped to reach the program they run.
 * args: short letters that take a value; largs: long options that take
 * a value as the next word.
 */
static size_t
skip_opts(const struct jl_step *st, size_t j, const char *args,
    const char *const *largs)
{
	const char	*a;
	size_t		 n = st->words.n, k;

	while (j < n) {
		a = WORD(st, j)->text;
		if (bd_streq(a, "--"))
			return j + 1;
		if (a[0] != '-' || a[1] == '\0')
			return j;
		if (a[1] == '-') {
			j++;
			if (strchr(a, '=') == NULL && largs != NULL)
				for (k = 0; largs[k] != NULL; k++)
					if (bd_streq(a + 2, largs[k])) {
						j++;
						break;
					}
			continue;
		}
		for (k = 1; a[k] != '\0'; k++)
			if (strchr(args, a[k]) != NULL) {
				if (a[k + 1] == '\0')
					j++;
				break;
			}
		j++;
	}
	return j;
}

static int	split_known(struct ctx *, struct jl_step *, size_t);
static int	split_words(struct ctx *, struct jl_step *, size_t,
		    const char *, int, int);

static const char *const time_largs[] = { "format", "output", NULL };
static const char *const env_largs[] = {
	"unset", "chdir", "split-string", "default-signal", "ignore-signal",
	"block-signal", NULL
};
static const char *const nice_largs[] = { "adjustment", NULL };
static const char *const stdbuf_largs[] = {
	"input", "output", "error", NULL
};
static const char *const timeout_largs[] = {
	"signal", "kill-after", NULL
};
static const char *const xargs_largs[] = {
	"arg-file", "delimiter", "max-args", "max-procs", "max-chars",
	"process-slot-var", NULL
};
/* GNU parallel's options that take a value as the next word. */
static const char *const parallel_largs[] = {
	"arg-file", "arg-file-sep", "arg-sep", "basefile", "bf", "colsep",
	"delay", "delimiter", "env", "halt", "halt-on-error", "jobs",
	"joblog", "load", "max-args", "max-chars", "max-line-length-allowed",
	"max-procs", "memfree", "memsuspend", "nice", "results", "res",
	"retries", "return", "sshdelay", "sshlogin", "sshloginfile", "slf",
	"tagstring", "termseq", "timeout", "tmpdir", "transferfile", "tf",
	"wd", "workdir", NULL
};
/* Linaro Forge (map, ddt, perf-report) and spindle: their options that
 * take a value as the next word; the rest are flags or --name=value. */
static const char *const profiler_largs[] = {
	"np", "nodes", "procs-per-node", "output", "log", "session",
	"mpi", "openmp-threads", "start-after", "stop-after", "trace-at",
	"break-at", "mem-debug", "config", "location", NULL
};
static const char *const numactl_largs[] = {
	"interleave", "preferred", "preferred-many", "membind", "cpunodebind",
	"physcpubind", "weighted-interleave", "shm", "file", "offset",
	"length", "shmmode", "shmid", "mode", NULL
};

/* Does a word list contain an option (long or short letter)? */
static int
has_opt(const struct jl_step *st, size_t j, const char *lopt, int sopt)
{
	const char	*a;

	for (; j < st->words.n; j++) {
		a = WORD(st, j)->text;
		if (a[0] != '-' || bd_streq(a, "--"))
			return 0;
		if (a[1] == '-' ? bd_streq(a + 2, lopt) :
		    strchr(a + 1, sopt) != NULL)
			return 1;
	}
	return 0;
}

/*
 * How many commands xargs -P or parallel -j runs at once, from its option
 * words [j, end): short letter (-P 4, -P4) or long name (--jobs 4,
 * --jobs=4), the last one given; dflt when not given, 0 when the value is
 * not a plain count.  Only 1 means one at a time.
 */
static int64_t
procs_opt(const struct jl_step *st, size_t j, size_t end, int sopt,
    const char *lopt, int64_t dflt)
{
	const char	*a, *v;
	size_t		 llen = strlen(lopt);
	int64_t		 n = dflt, k;

	if (end > st->words.n)
		end = st->words.n;	/* skip_opts() may step past it */
	for (; j < end; j++) {
		a = WORD(st, j)->text;
		v = NULL;
		if (a[0] == '-' && a[1] == sopt)
			v = a[2] != '\0' ? a + 2 : j + 1 < end ?
			    WORD(st, j + 1)->text : NULL;
		else if (a[0] == '-' && a[1] == '-' &&
		    strncmp(a + 2, lopt, llen) == 0 &&
		    (a[2 + llen] == '=' || a[2 + llen] == '\0'))
			v = a[2 + llen] == '=' ? a + 3 + llen : j + 1 < end ?
			    WORD(st, j + 1)->text : NULL;
		else
			continue;
		n = v != NULL && (k = bd_parse_count(v)) >= 0 ? k : 0;
	}
	return n;
}

/*
 * Skip wrappers (time, env, nohup, exec, command, builtin, nice, stdbuf,
 * timeout, numactl, taskset) and their options.  env's NAME=value words
 * join st->prefix.  Returns the index of the wrapped program, or n when
 * the wrapper runs none (command -v, numactl --show, taskset -p).
 */
static size_t
skip_wrappers(struct parse *p, struct jl_step *st, size_t i,
    const char **namep, enum pcls *pcp)
{
	struct jl_word	*w;
	const char	*eq;
	size_t		 n = st->words.n, j;
	enum pcls	 pc;

	while (i < n) {
		*namep = bd_base_name(WORD(st, i)->text);
		*pcp = pc = bd_prog_class(*namep);
		switch (pc) {
		case PC_TIME:
			i = skip_opts(st, i + 1, "fo", time_largs);
			break;
		case PC_ENV:
			i = skip_opts(st, i + 1, "uCS", env_largs);
			for (; i < n; i++) {
				w = WORD(st, i);
				if ((eq = strchr(w->text, '=')) == NULL ||
				    !bd_valid_lhs(w->text,
				    (size_t)(eq - w->text)))
					break;
				bd_vpush(p->c, &st->prefix, bd_assign_make(p->c,
				    w->text, strlen(w->text),
				    (size_t)(eq - w->text), w->loc, 1, 1,
				    w->has_expansion));
			}
			break;
		case PC_XARGS:
			/* xargs [options] command [initial-arguments]: the
			 * command runs once per batch of input items, several
			 * at once with -P (not 1). */
			j = skip_opts(st, i + 1, "adEILnPs", xargs_largs);
			st->more_args = 1;
			if (procs_opt(st, i + 1, j, 'P', "max-procs", 1) != 1)
				st->background = 1;
			i = j;
			break;
		case PC_PARALLEL:
			/* parallel [options] command ::: args: as many at
			 * once as the node has cores unless -j 1; with no
			 * command, each input line is a command (unknown). */
			j = skip_opts(st, i + 1, "adEIjLnNPsS", parallel_largs);
			st->more_args = 1;
			if (procs_opt(st, i + 1, j, 'j', "jobs",
			    procs_opt(st, i + 1, j, 'P', "max-procs", 0)) != 1)
				st->background = 1;
			i = j;
			if (i < n && startswith(WORD(st, i)->text, ":::")) {
				st->program_unknown = 1;
				return n;
			}
			if (i >= n) {
				st->program_unknown = 1;
				return n;
			}
			/* A quoted command line: its words, as the shell
			 * parallel starts would split them ($INPUT in it is
			 * the outer shell's, one word here). */
			if (strpbrk(WORD(st, i)->text, " \t") != NULL)
				split_words(p->c, st, i,
				    WORD(st, i)->text, 1,
				    WORD(st, i)->has_expansion);
			n = st->words.n;
			break;
		case PC_NOHUP:
		case PC_BUILTIN:
			i++;
			if (i < n && bd_streq(WORD(st, i)->text, "--"))
				i++;
			break;
		case PC_EXEC:
			i = skip_opts(st, i + 1, "a", NULL);
			break;
		case PC_COMMAND:
			if (has_opt(st, i + 1, "", 'v') ||
			    has_opt(st, i + 1, "", 'V'))
				return n;
			i = skip_opts(st, i + 1, "", NULL);
			break;
		case PC_NICE:
			i = skip_opts(st, i + 1, "n", nice_largs);
			break;
		case PC_STDBUF:
			i = skip_opts(st, i + 1, "ioe", stdbuf_largs);
			break;
		case PC_TIMEOUT:
			i = skip_opts(st, i + 1, "sk", timeout_largs);
			if (i < n)
				i++;	/* the duration */
			break;
		case PC_NUMACTL:
			if (has_opt(st, i + 1, "show", 's') ||
			    has_opt(st, i + 1, "hardware", 'H'))
				return n;
			i = skip_opts(st, i + 1, "ipmNCPwSfLMIo",
			    numactl_largs);
			break;
		case PC_PROFILER:
			/* map --profile srun ./app: what it is given runs. */
			i = skip_opts(st, i + 1, "no", profiler_largs);
			break;
		case PC_TASKSET:
			if (has_opt(st, i + 1, "pid", 'p'))
				return n;
			i = skip_opts(st, i + 1, "", NULL);
			if (i < n)
				i++;	/* the mask or list */
			break;
		default:
			return i;
		}
	}
	return i;
}

/*
 * apptainer/singularity flags (cmd/internal/cli/action_flags.go, Apptainer
 * 1.5.3, and the root command).  value: the flag takes a value; what:
 * which field of struct jl_container it sets.
 */
enum cwhat {
	CF_NONE,
	CF_NV,
	CF_ROCM,
	CF_CLEANENV,
	CF_CONTAINALL,
	CF_NVCCLI,
	CF_CONTAIN,	/* -c; --boot infers it too */
	CF_COMPAT,	/* infers --containall */
	CF_BIND,	/* -B/--bind SRC[:DST[:OPTS]],... */
	CF_MOUNT,	/* --mount type=bind,src=...,dst=... */
	CF_NO_MOUNT,	/* --no-mount dev,tmp,... */
	CF_DEVICE	/* --device nvidia.com/gpu=all: CDI devices */
};

struct cflag {
	const char	*name;
	int		 shortc;
	int		 value;
	enum cwhat	 what;
};

/* Sorted by name (strcmp): cflag_find(). */
static const struct cflag ctr_flags[] = {
	{ "add-caps", 0, 1, CF_NONE },
	{ "allow-setuid", 0, 0, CF_NONE },
	{ "app", 0, 1, CF_NONE },
	{ "apply-cgroups", 0, 1, CF_NONE },
	{ "authfile", 0, 1, CF_NONE },
	{ "bind", 'B', 1, CF_BIND },
	{ "blkio-weight", 0, 1, CF_NONE },
	{ "blkio-weight-device", 0, 1, CF_NONE },
	{ "boot", 0, 0, CF_CONTAIN },
	{ "cdi-dirs", 0, 1, CF_NONE },
	{ "cleanenv", 'e', 0, CF_CLEANENV },
	{ "compat", 0, 0, CF_COMPAT },
	{ "compat32", 0, 0, CF_NONE },
	{ "contain", 'c', 0, CF_CONTAIN },
	{ "containall", 'C', 0, CF_CONTAINALL },
	{ "containlibs", 0, 1, CF_NONE },
	{ "cpu-shares", 0, 1, CF_NONE },
	{ "cpus", 0, 1, CF_NONE },
	{ "cpuset-cpus", 0, 1, CF_NONE },
	{ "cpuset-mems", 0, 1, CF_NONE },
	{ "cwd", 0, 1, CF_NONE },
	{ "device", 0, 1, CF_DEVICE },
	{ "disable-cache", 0, 0, CF_NONE },
	{ "dmtcp-launch", 0, 1, CF_NONE },
	{ "dmtcp-restart", 0, 1, CF_NONE },
	{ "dns", 0, 1, CF_NONE },
	{ "docker-host", 0, 1, CF_NONE },
	{ "docker-login", 0, 0, CF_NONE },
	{ "docker-password", 0, 1, CF_NONE },
	{ "docker-username", 0, 1, CF_NONE },
	{ "drop-caps", 0, 1, CF_NONE },
	{ "env", 0, 1, CF_NONE },
	{ "env-file", 0, 1, CF_NONE },
	{ "fakeroot", 'f', 0, CF_NONE },
	{ "fusemount", 0, 1, CF_NONE },
	{ "home", 'H', 1, CF_NONE },
	{ "hostname", 0, 1, CF_NONE },
	{ "ignore-fakeroot-command", 0, 0, CF_NONE },
	{ "ignore-subuid", 0, 0, CF_NONE },
	{ "ignore-userns", 0, 0, CF_NONE },
	{ "intel-hpu", 0, 0, CF_NONE },
	{ "ipc", 'i', 0, CF_NONE },
	{ "keep-privs", 0, 0, CF_NONE },
	{ "memory", 0, 1, CF_NONE },
	{ "memory-reservation", 0, 1, CF_NONE },
	{ "memory-swap", 0, 1, CF_NONE },
	{ "mount", 0, 1, CF_MOUNT },
	{ "net", 'n', 0, CF_NONE },
	{ "netns-path", 0, 1, CF_NONE },
	{ "network", 0, 1, CF_NONE },
	{ "network-args", 0, 1, CF_NONE },
	{ "no-env", 0, 1, CF_NONE },
	{ "no-eval", 0, 0, CF_NONE },
	{ "no-home", 0, 0, CF_NONE },
	{ "no-https", 0, 0, CF_NONE },
	{ "no-init", 0, 0, CF_NONE },
	{ "no-mount", 0, 1, CF_NO_MOUNT },
	{ "no-nv", 0, 0, CF_NONE },
	{ "no-pid", 0, 0, CF_NONE },
	{ "no-privs", 0, 0, CF_NONE },
	{ "no-rocm", 0, 0, CF_NONE },
	{ "no-umask", 0, 0, CF_NONE },
	{ "nohttps", 0, 0, CF_NONE },
	{ "nv", 0, 0, CF_NV },
	{ "nvccli", 0, 0, CF_NVCCLI },
	{ "oom-kill-disable", 0, 0, CF_NONE },
	{ "overlay", 'o', 1, CF_NONE },
	{ "passphrase", 0, 0, CF_NONE },
	{ "pem-path", 0, 1, CF_NONE },
	{ "pid", 'p', 0, CF_NONE },
	{ "pids-limit", 0, 1, CF_NONE },
	{ "pwd", 0, 1, CF_NONE },
	{ "rocm", 0, 0, CF_ROCM },
	{ "runscript-timeout", 0, 1, CF_NONE },
	{ "scratch", 'S', 1, CF_NONE },
	{ "security", 0, 1, CF_NONE },
	{ "sharens", 0, 0, CF_NONE },
	{ "shell", 's', 1, CF_NONE },
	{ "syos", 0, 0, CF_NONE },
	{ "tmpdir", 0, 1, CF_NONE },
	{ "underlay", 0, 0, CF_NONE },
	{ "unsquash", 0, 0, CF_NONE },
	{ "userns", 'u', 0, CF_NONE },
	{ "uts", 0, 0, CF_NONE },
	{ "vm", 0, 0, CF_NONE },
	{ "vm-cpu", 0, 1, CF_NONE },
	{ "vm-err", 0, 0, CF_NONE },
	{ "vm-ip", 0, 1, CF_NONE },
	{ "vm-ram", 0, 1, CF_NONE },
	{ "workdir", 'W', 1, CF_NONE },
	{ "writable", 'w', 0, CF_NONE },
	{ "writable-tmpfs", 0, 0, CF_NONE }
};

/* Flags of the root command, before the verb; sorted as ctr_flags. */
static const struct cflag ctr_global_flags[] = {
	{ "build-config", 0, 0, CF_NONE },
	{ "config", 'c', 1, CF_NONE },
	{ "debug", 'd', 0, CF_NONE },
	{ "help", 'h', 0, CF_NONE },
	{ "nocolor", 0, 0, CF_NONE },
	{ "quiet", 'q', 0, CF_NONE },
	{ "silent", 's', 0, CF_NONE },
	{ "verbose", 'v', 0, CF_NONE },
	{ "version", 0, 0, CF_NONE }
};

/*
 * The flag of tab with the short letter shortc, or (shortc 0) named
 * name[0, len).  Names are looked up by halves of the sorted table
 * (tests/t_body.c test_steps reads both ends): a strlen() per name with
 * the same first byte, over the whole table, was most of what a
 * container step cost (bench/).
 */
static const struct cflag *
cflag_find(const struct cflag *tab, size_t ntab, const char *name,
    size_t len, int shortc)
{
	const char	*t;
	size_t		 i, k, lo = 0, hi = ntab;
	int		 d;

	if (shortc != 0) {
		for (i = 0; i < ntab; i++)
			if (tab[i].shortc == shortc)
				return &tab[i];
		return NULL;
	}
	while (lo < hi) {
		i = lo + (hi - lo) / 2;
		t = tab[i].name;
		for (k = 0; k < len && t[k] == name[k]; k++)
			;
		d = k < len ? (unsigned char)t[k] - (unsigned char)name[k] :
		    (unsigned char)t[len];
		if (d == 0)
			return &tab[i];
		if (d < 0)
			lo = i + 1;
		else
			hi = i;
	}
	return NULL;
}

/* pflag's strconv.ParseBool: "1", "t", "T", "TRUE", "true", "True". */
static int
go_true(const char *v)
{
	static const char *const t[] = {
		"1", "t", "T", "TRUE", "true", "True"
	};
	size_t	i;

	for (i = 0; i < JL_NITEMS(t); i++)
		if (bd_streq(v, t[i]))
			return 1;
	return 0;
}

/*
 * A -B/--bind or --mount value: 1 when it binds /dev/kfd (or all of
 * /dev), -1 when it has an expansion jlint cannot read, else 0.
 */
static int
binds_amd_dev(const char *v, int mount)
{
	const char	*item, *end;
	size_t		 len;

	if (v == NULL)
		return 0;
	if (strpbrk(v, "$`") != NULL)
		return -1;
	if (mount)
		return strstr(v, "/dev/kfd") != NULL ||
		    strstr(v, "src=/dev,") != NULL ||
		    strstr(v, "source=/dev,") != NULL;
	for (item = v; *item != '\0'; item = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(item, ',')) == NULL)
			end = item + strlen(item);
		len = strcspn(item, ":,");
		while (len > 1 && item[len - 1] == '/')
			len--;
		if ((len == 8 && memcmp(item, "/dev/kfd", 8) == 0) ||
		    (len == 4 && memcmp(item, "/dev", 4) == 0))
			return 1;
	}
	return 0;
}

/* --no-mount LIST: 1 when it names dev, -1 when it has an expansion. */
static int
no_mount_dev(const char *v)
{
	const char	*item, *end;

	if (v == NULL)
		return 0;
	if (strpbrk(v, "$`") != NULL)
		return -1;
	for (item = v; *item != '\0'; item = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(item, ',')) == NULL)
			end = item + strlen(item);
		if (end - item == 3 && memcmp(item, "dev", 3) == 0)
			return 1;
	}
	return 0;
}

static void
cflag_set(struct jl_container *ctr, const struct cflag *f, const char *name,
    const char *value)
{
	int	on = value == NULL || go_true(value), k;

	switch (f->what) {
	case CF_NVCCLI:
		ctr->nvccli = on;
		break;
	case CF_CONTAIN:
	case CF_COMPAT:
		if (on) {
			ctr->dev_hidden = 1;
			ctr->dev_why = name;
		}
		if (f->what == CF_COMPAT)
			ctr->containall = on;
		break;
	case CF_BIND:
	case CF_MOUNT:
		if ((k = binds_amd_dev(value, f->what == CF_MOUNT)) != 0 &&
		    ctr->amd_binds != 1)
			ctr->amd_binds = k;
		break;
	case CF_NO_MOUNT:
		if ((k = no_mount_dev(value)) != 0 && ctr->dev_hidden != 1) {
			ctr->dev_hidden = k;
			ctr->dev_why = "--no-mount dev";
		}
		break;
	case CF_NV:
		ctr->nv = on;
		break;
	case CF_DEVICE:
		/* CDI names the vendor's GPUs: the container gets them. */
		if (value != NULL && strstr(value, "nvidia.com/gpu") != NULL)
			ctr->nv = 1;
		if (value != NULL && strstr(value, "amd.com/gpu") != NULL)
			ctr->rocm = 1;
		break;
	case CF_ROCM:
		ctr->rocm = on;
		break;
	case CF_CLEANENV:
		ctr->cleanenv = on;
		break;
	case CF_CONTAINALL:
		ctr->containall = on;
		if (on) {
			ctr->dev_hidden = 1;
			ctr->dev_why = name;
		}
		break;
	case CF_NONE:
		break;
	}
}

/*
 * One flag word (and its value) as pflag reads it: --name, --name=value,
 * --name value, -x, -xyz (booleans), -Bvalue, -B=value, -B value.
 * Returns the index after it.  apply: set the container's fields.
 */
static size_t
ctr_flag(struct parse *p, struct jl_step *st, struct jl_container *ctr,
    size_t j, const struct cflag *tab, size_t ntab, struct jl_vec *out,
    int apply)
{
	struct ctx		*c = p->c;
	const struct cflag	*f;
	const char		*a = WORD(st, j)->text, *name, *eq, *value;
	struct jl_loc		 loc = WORD(st, j)->loc;
	size_t			 n = st->words.n, nlen, k;
	char			 sname[2];

	if (a[1] == '-') {
		name = a + 2;
		eq = strchr(name, '=');
		nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
		f = cflag_find(tab, ntab, name, nlen, 0);
		value = eq != NULL ? eq + 1 : NULL;
		if (value == NULL && f != NULL && f->value && j + 1 < n) {
			j++;
			value = WORD(st, j)->text;
			loc = bd_loc_span(loc, WORD(st, j)->loc);
		}
		if (out != NULL)
			bd_vpush(c, out, stepopt_make(c, a, nlen + 2, NULL,
			    value, loc));
		if (apply && f != NULL)
			cflag_set(ctr, f, bd_sdup(c, a, nlen + 2), value);
		return j + 1;
	}
	for (k = 1; a[k] != '\0'; k++) {
		f = cflag_find(tab, ntab, NULL, 0, (unsigned char)a[k]);
		sname[0] = '-';
		sname[1] = a[k];
		value = NULL;
		if (f != NULL && f->value) {
			if (a[k + 1] == '=')
				value = a + k + 2;
			else if (a[k + 1] != '\0')
				value = a + k + 1;
			else if (j + 1 < n) {
				j++;
				value = WORD(st, j)->text;
				loc = bd_loc_span(loc, WORD(st, j)->loc);
			}
		} else if (a[k + 1] == '=') {
			value = a + k + 2;
		}
		if (out != NULL)
			bd_vpush(c, out, stepopt_make(c, sname, 2, NULL, value,
			    loc));
		if (apply && f != NULL)
			cflag_set(ctr, f, bd_sdup(c, sname, 2), value);
		if (value != NULL)
			break;
	}
	return j + 1;
}

/* Is a word after the image one of the container's flags? */
static int
is_ctr_flag(const char *a)
{
	const char	*eq;
	size_t		 len;

	if (a[0] != '-' || a[1] == '\0')
		return 0;
	if (a[1] == '-') {
		eq = strchr(a + 2, '=');
		len = eq != NULL ? (size_t)(eq - a - 2) : strlen(a + 2);
		return len > 0 && cflag_find(ctr_flags, JL_NITEMS(ctr_flags),
		    a + 2, len, 0) != NULL;
	}
	return cflag_find(ctr_flags, JL_NITEMS(ctr_flags), NULL, 0,
	    (unsigned char)a[1]) != NULL;
}

/* Go's strings.TrimSpace, then ParseBool; -1 for a value with $ or `. */
static int
env_truth(const char *v, int exp)
{
	char	buf[8];
	size_t	len;

	if (exp)
		return -1;
	if (v == NULL)
		return 0;
	while (*v == ' ' || (*v >= '\t' && *v <= '\r'))
		v++;
	len = strlen(v);
	while (len > 0 && (v[len - 1] == ' ' ||
	    (v[len - 1] >= '\t' && v[len - 1] <= '\r')))
		len--;
	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return go_true(buf);
}

/* Variable idx of bd_env_names[] as a step sees it (env_look()). */
struct envlook {
	int		 set;
	const char	*value;
	int		 expansion;
	const char	*from;		/* struct envvar.from */
	const char	*maybe;		/* struct envvar.maybe */
};

/*
 * Variable idx as the script has it where st starts, before any srun:
 * the command's own NAME=value, else the script so far (with the
 * environment it started with).
 */
static void
env_here(const struct ctx *c, const struct jl_step *st, int idx,
    struct envlook *out)
{
	const struct jl_assign	*as;
	size_t			 i;

	memset(out, 0, sizeof(*out));
	for (i = st->prefix.n; i > 0; i--) {
		as = st->prefix.items[i - 1];
		if (bd_streq(as->name, bd_env_names[idx])) {
			out->set = 1;
			out->value = as->value;
			out->expansion = as->has_expansion;
			return;
		}
	}
	out->set = c->env[idx].set;
	out->value = c->env[idx].value;
	out->expansion = c->env[idx].expansion;
	out->from = c->env[idx].from;
	out->maybe = c->env[idx].maybe;
}

/* "APPTAINER_CONTAIN=1", with where it was set when not by the script. */
static const char *
env_why(const struct ctx *c, const char *name, const char *v,
    const char *from)
{
	return from == NULL ? jl_arena_printf(c->a, "%s=%s", name, v) :
	    jl_arena_printf(c->a, "%s=%s, from %s", name, v, from);
}

/* How an srun got its --export (srun_export_text()). */
struct srunexp {
	const struct jl_step	*srun;	/* the step whose srun reads it */
	const char		*text;	/* the value; NULL: ALL */
	const char		*how;	/* "--export=NONE", "SLURM_EXPORT_ENV=
					   NONE, from sbatch's --export=NONE
					   on line 3" */
	int			 own;	/* srun's own option */
	const char		*maybe;	/* what out of sight may have set
					   or unset the variable it came
					   from, or NULL */
};

/*
 * The --export the srun of st (or the srun it runs under) reads: its own
 * last --export, else SRUN_EXPORT_ENV, else SLURM_EXPORT_ENV, which
 * sbatch sets to its own --export other than ALL (srun's option table
 * reads the two variables in that order, the command line after them:
 * opt.c env_vars[] in 22.05 to 26.05).  0 and e->text NULL: no srun,
 * or srun takes ALL; -1: a variable jlint cannot read ($X, or something
 * out of sight may have set it: e->maybe).
 */
static int
srun_export_text(const struct ctx *c, const struct jl_step *st,
    struct srunexp *e)
{
	const struct jl_stepopt	*o;
	struct envlook		 l;
	size_t			 i;
	int			 k;

	memset(e, 0, sizeof(*e));
	for (; st != NULL; st = st->parent) {
		if (st->launcher != JL_LAUNCH_SRUN)
			continue;
		e->srun = st;
		for (i = 0; i < st->opts.n; i++) {
			o = st->opts.items[i];
			if (o->opt != NULL && o->opt->id == JL_O_EXPORT &&
			    o->value != NULL)
				e->text = o->value;
		}
		if (e->text != NULL) {
			e->own = 1;
			e->how = jl_arena_printf(c->a, "--export=%s", e->text);
			return 0;
		}
	}
	if (e->srun == NULL || !c->env_any)
		return 0;
	for (k = 0; k < 2; k++) {
		env_here(c, e->srun, EV_SRUN_EXPORT + k, &l);
		if (l.maybe != NULL && e->maybe == NULL)
			e->maybe = l.maybe;
		/* In a function the variables are the caller's, where it is
		 * called: the script may change them before. */
		if (l.set && e->srun->in_function && e->maybe == NULL)
			e->maybe = "the script before the function is called";
		if (!l.set)
			continue;
		if (l.value == NULL || l.expansion)
			return -1;
		e->text = l.value;
		e->how = jl_arena_printf(c->a, "%s=%s, %s%s",
		    bd_env_names[EV_SRUN_EXPORT + k], l.value,
		    l.from == NULL ? "set in the script" :
		    strncmp(l.from, "set by ", 7) == 0 ? "" : "from ",
		    l.from == NULL ? "" : l.from);
		break;
	}
	if (e->text != NULL && strcasecmp(e->text, "ALL") == 0)
		e->text = NULL;
	return e->maybe != NULL ? -1 : 0;
}

/*
 * srun --export as srun's _build_user_env() reads it (22.05 to 26.05;
 * srun_export_text()): the words up to NONE; NAME=value sets, NAME takes
 * the environment's; the environment then goes over them all with ALL,
 * or only its SLURM_* without.  For the variable idx: -1 the environment
 * decides (no --export, ALL, the bare NAME, or an --export jlint cannot
 * read), 0 the step does not get it, 1 it gets *v, 2 it gets *v unless
 * the environment sets it (ALL and NAME=value).
 */
static int
srun_export(const struct ctx *c, const struct jl_step *st, int idx,
    const char **v)
{
	struct srunexp	 e;
	const char	*t, *end, *name = bd_env_names[idx];
	size_t		 n, len = strlen(name);
	int		 all = 0, r = 0;

	if (srun_export_text(c, st, &e) != 0 || e.text == NULL)
		return -1;
	for (t = e.text; ; t = end + 1) {
		end = t + strcspn(t, ",");
		n = (size_t)(end - t);
		if (n == 3 && strncasecmp(t, "ALL", 3) == 0)
			all = 1;
		if (n == 4 && strncasecmp(t, "NONE", 4) == 0)
			break;
		if (n > len && t[len] == '=' && strncmp(t, name, len) == 0) {
			*v = jl_arena_strndup(c->a, t + len + 1, n - len - 1);
			r = *v != NULL;
		} else if (n == len && strncmp(t, name, len) == 0)
			r = -1;
		if (*end == '\0')
			break;
	}
	return all ? (r == 1 ? 2 : -1) : r;
}

/*
 * Variable idx as step st sees it: srun's --export, else the command's
 * own NAME=value, else the script so far (with the environment it
 * started with).
 */
static void
env_look(const struct ctx *c, const struct jl_step *st, int idx,
    struct envlook *out)
{
	const char	*v = NULL;
	int		 r;

	if ((r = srun_export(c, st, idx, &v)) == 0 || r == 1) {
		memset(out, 0, sizeof(*out));
		out->set = r;
		out->value = v;
		return;
	}
	env_here(c, st, idx, out);
	/* ALL and NAME=value: the value, unless the environment has one. */
	if (r == 2 && !out->set) {
		out->set = 1;
		out->value = v;
	}
}

/*
 * APPTAINER_x, else SINGULARITY_x (the legacy prefix is read only when
 * the first is unset: updateCmdFlagFromEnv() in pkg/cmdline/flag.go),
 * as env_look() finds them.
 */
static int
env_effective(const struct ctx *c, const struct jl_step *st, int ev)
{
	struct envlook	l;
	int		k;

	for (k = 0; k < 2; k++) {
		env_look(c, st, ev + k, &l);
		if (l.set)
			return env_truth(l.value, l.expansion);
	}
	return 0;
}

/*
 * What may have set APPTAINER_x or SINGULARITY_x out of jlint's sight
 * (struct envvar.maybe), when the one apptainer reads is not known: NULL
 * when srun's --export, the command itself or the script after it sets it.
 */
static const char *
env_maybe(const struct ctx *c, const struct jl_step *st, int ev)
{
	struct envlook	l;
	int		k;

	for (k = 0; k < 2; k++) {
		env_look(c, st, ev + k, &l);
		if (l.maybe != NULL)
			return l.maybe;
		if (l.set)
			return NULL;
	}
	return NULL;
}

/*
 * The value of APPTAINER_x, else SINGULARITY_x, as env_effective() finds
 * it; *name is the variable's name, *from where it was set when not by
 * the script (struct envvar.from).  NULL when neither is set.
 */
static const char *
env_text(const struct ctx *c, const struct jl_step *st, int ev, int *exp,
    const char **name, const char **from)
{
	struct envlook	l;
	int		k;

	for (k = 0; k < 2; k++) {
		env_look(c, st, ev + k, &l);
		*name = bd_env_names[ev + k];
		if (l.set && l.value != NULL) {
			*exp = l.expansion;
			*from = l.from;
			return l.value;
		}
	}
	return NULL;
}


/* What the environment adds to the container's flags: --nvccli, a hidden
 * /dev, binds of /dev/kfd, what may set the GPU flag out of sight. */
static void
ctr_env(const struct ctx *c, const struct jl_step *st,
    struct jl_container *ctr)
{
	static const int hide[] = { EV_A_CONTAIN, EV_A_CONTAINALL,
	    EV_A_COMPAT };
	const char	*v, *name, *from;
	size_t		 i;
	int		 k, exp;

	/* No APPTAINER_x or SINGULARITY_x anywhere: the usual case, and
	 * seven searches of the command's and the script's (bench/). */
	if (!c->env_any && st->prefix.n == 0)
		return;
	if (!ctr->nvccli)
		ctr->nvccli = env_effective(c, st, EV_A_NVCCLI);
	for (i = 0; i < JL_NITEMS(hide) && ctr->dev_hidden != 1; i++) {
		if ((v = env_text(c, st, hide[i], &exp, &name, &from)) ==
		    NULL || (k = env_truth(v, exp)) == 0)
			continue;
		ctr->dev_hidden = k;
		ctr->dev_why = env_why(c, name, v, from);
	}
	if (ctr->dev_hidden != 1 &&
	    (v = env_text(c, st, EV_A_NO_MOUNT, &exp, &name, &from)) !=
	    NULL && (k = exp ? -1 : no_mount_dev(v)) != 0) {
		ctr->dev_hidden = k;
		ctr->dev_why = env_why(c, name, v, from);
	}
	if (ctr->amd_binds != 1 &&
	    (v = env_text(c, st, EV_A_BIND, &exp, &name, &from)) != NULL &&
	    (k = exp ? -1 : binds_amd_dev(v, 0)) != 0)
		ctr->amd_binds = k;
	if (ctr->amd_binds != 1 &&
	    (v = env_text(c, st, EV_A_BINDPATH, &exp, &name, &from)) !=
	    NULL && (k = exp ? -1 : binds_amd_dev(v, 0)) != 0)
		ctr->amd_binds = k;
	if (!ctr->nv && ctr->nv_env == 0 && ctr->nvccli == 0)
		ctr->env_maybe = env_maybe(c, st, EV_A_NV) != NULL ?
		    env_maybe(c, st, EV_A_NV) : env_maybe(c, st, EV_A_NVCCLI);
	if (ctr->env_maybe == NULL && !ctr->rocm && ctr->rocm_env == 0)
		ctr->env_maybe = env_maybe(c, st, EV_A_ROCM);
}

/* instance://NAME: the latest instance started as NAME, or NULL. */
static const struct jl_container *
instance_find(const struct ctx *c, const char *image)
{
	const struct jl_container	*ic;
	size_t				 i;

	if (!startswith(image, "instance://"))
		return NULL;
	for (i = c->instances.n; i > 0; i--) {
		ic = c->instances.items[i - 1];
		if (bd_streq(ic->instance_name, image + 11))
			return ic;
	}
	return NULL;
}

/*
 * Can word w become several words, or none?  "$@" and "${NAME[@]}"
 * (quoted or not), and an unquoted word that is one expansion: $NAME,
 * ${...}, $*, $1, $(...), `...`.  A word with text around its expansion
 * ($DIR/x.sif) is taken as one word.
 */
static int
may_split(const struct jl_word *w)
{
	const char	*t = w->text;
	size_t		 len;

	if (!w->has_expansion || (len = strlen(t)) < 2)
		return 0;
	if (bd_streq(t, "$@") || (t[0] == '$' && t[1] == '{' && len > 5 &&
	    strcmp(t + len - 4, "[@]}") == 0))
		return 1;
	if (w->quoted)
		return 0;
	if (t[0] == '`')
		return t[len - 1] == '`' && strchr(t + 1, '`') == t + len - 1;
	if (t[0] != '$')
		return 0;
	if (t[1] == '{')
		return strchr(t, '}') == t + len - 1;
	if (t[1] == '(')
		return t[len - 1] == ')';
	if (len == 2 && (t[1] == '*' || bd_is_digit(t[1])))
		return 1;
	return bd_lhs_name_len(t + 1, len - 1) == len - 1;
}

/*
 * Is w ($NAME or ${NAME}) a path the script names, one word whatever the
 * variables in it hold?  Every assignment of NAME gives it a value with
 * a '/', no blank, no glob and no leading '-' (IMG=$HOME/x.sif): the
 * image, not flags.
 */
static int
path_var(const struct ctx *c, const struct jl_word *w)
{
	const struct jl_assign	*as;
	const char		*t = w->text, *name;
	size_t			 len, i, n = 0;

	if (w->quoted || t[0] != '$')
		return 0;
	name = t + 1 + (t[1] == '{');
	len = bd_lhs_name_len(name, strlen(name));
	if (len == 0)
		return 0;
	for (i = 0; i < c->body->assigns.n; i++) {
		as = c->body->assigns.items[i];
		if (as->prefix || strlen(as->name) != len ||
		    strncmp(as->name, name, len) != 0)
			continue;
		if (as->value == NULL || as->value[0] == '-' ||
		    as->value[0] == '(' || strchr(as->value, '/') == NULL ||
		    strpbrk(as->value, " \t\n*?[") != NULL)
			return 0;
		n++;
	}
	return n > 0;
}

/*
 * Word j of st is an unquoted $NAME or ${NAME} whose value the script
 * shows (resolve()): put the words the shell splits it into (blanks and
 * newlines) in its place.  0 when the value is not known.
 */
static int
split_known(struct ctx *c, struct jl_step *st, size_t j)
{
	const struct jl_word	*w = WORD(st, j);
	const char		*val = resolve(c, w->text);

	/* NAME=(a b) is an array: $NAME is its first element. */
	if (val == w->text || val[0] == '(')
		return 0;
	return split_words(c, st, j, val, 0, 0);
}

/*
 * Put the words val splits into (blanks and newlines) in the place of
 * word j of st, each with the span of word j and quoted and
 * has_expansion as given (their text is not the script's under that
 * span).  0 when it cannot.
 */
static int
split_words(struct ctx *c, struct jl_step *st, size_t j, const char *val,
    int quoted, int exp)
{
	const struct jl_word	*w = WORD(st, j);
	struct jl_word		*nw;
	struct jl_vec		 v;
	const char		*q;
	size_t			 i, len;

	/* Within the caps, before anything is allocated: one split, and
	 * all a script's splits (split_left: a script that names a wide
	 * variable on every line). */
	if ((len = strlen(val)) > RESOLVE_MAX || len + 1 > c->split_left)
		return 0;
	c->split_left -= len + 1;
	q = val + strspn(val, " \t\n");
	len = strcspn(q, " \t\n");
	if (len > 0 && q[len + strspn(q + len, " \t\n")] == '\0') {
		/* One word: in its place. */
		if ((nw = bd_alloc(c, sizeof(*nw))) == NULL ||
		    (nw->text = bd_sdup(c, q, len)) == NULL)
			return 0;
		nw->loc = w->loc;
		nw->quoted = (unsigned char)quoted;
		nw->has_expansion = (unsigned char)exp;
		st->words.items[j] = nw;
		return 1;
	}

	for (q = val, i = st->words.n - 1; *q != '\0'; q += len, i++) {
		q += strspn(q, " \t\n");
		if ((len = strcspn(q, " \t\n")) == 0)
			break;
	}
	if (i > JL_BODY_MAX_WORDS)
		return 0;
	memset(&v, 0, sizeof(v));
	for (i = 0; i < j; i++)
		bd_vpush(c, &v, st->words.items[i]);
	for (q = val; *q != '\0'; q += len) {
		q += strspn(q, " \t\n");
		if ((len = strcspn(q, " \t\n")) == 0)
			break;
		if ((nw = bd_alloc(c, sizeof(*nw))) == NULL)
			return 0;
		nw->text = bd_sdup(c, q, len);
		nw->loc = w->loc;
		nw->quoted = (unsigned char)quoted;
		nw->has_expansion = (unsigned char)exp;
		bd_vpush(c, &v, nw);
	}
	for (i = j + 1; i < st->words.n; i++)
		bd_vpush(c, &v, st->words.items[i]);
	if (c->failed || v.n > JL_BODY_MAX_WORDS)
		return 0;
	st->words = v;
	return 1;
}

/*
 * The image as the shell gives it (struct jl_container): each $NAME or
 * ${NAME} the script gives one literal value (resolve()) is replaced by
 * it.  Another expansion is kept as written when text comes before it
 * (/scratch/$USER/x.sif is under /scratch whatever $USER is), and so is
 * an image in $HOME (the user's home directory, whatever its path); an
 * image that starts with another one ($DIR/x.sif, "$1") is not known:
 * NULL.
 */
#define IMAGE_MAX	4096	/* bytes of a resolved image */
#define IMAGE_REFS	16	/* $NAME resolved in one image */

static const char *
image_resolved(struct ctx *c, const struct jl_container *ctr,
    const struct jl_word *w)
{
	const char	*t = ctr->image, *name, *v, *ref;
	char		 out[IMAGE_MAX];
	size_t		 len, nlen, o = 0, refs = 0;

	if (startswith(t, "instance://"))
		return ctr->instance != NULL ? ctr->instance->image_resolved :
		    NULL;
	if (!w->has_expansion)
		return t;
	/* In the home directory, wherever that is: kept as written. */
	if (startswith(t, "$HOME/") || startswith(t, "${HOME}/"))
		return t;
	/* Bounded: a longer image, or more references, is not known. */
	while (*t != '\0') {
		len = strcspn(t, "$`");
		if (len == 0) {
			name = t + 1 + (t[1] == '{');
			nlen = bd_lhs_name_len(name, strlen(name));
			v = NULL;
			if (t[0] == '$' && nlen > 0 && (t[1] != '{' ||
			    name[nlen] == '}') && refs++ < IMAGE_REFS) {
				len = (size_t)(name - t) + nlen + (t[1] == '{');
				if ((ref = bd_sdup(c, t, len)) != NULL &&
				    (v = resolve(c, ref)) == ref)
					v = NULL;
			}
			if (v == NULL || v[0] == '(') {
				/* Not known: what follows is kept as
				 * written, unless nothing comes before. */
				if (o == 0)
					return NULL;
				v = t;
				len = strlen(t);
			}
		} else
			v = t;
		nlen = v == t ? len : strlen(v);
		if (nlen >= sizeof(out) - o)
			return NULL;
		memcpy(out + o, v, nlen);
		o += nlen;
		t += len;
	}
	return bd_sdup(c, out, o);
}

/*
 * apptainer|singularity [global flags] VERB [flags] IMAGE [args].
 * Returns the index of the program for exec and run (after any container
 * flags misplaced behind the image), n for shell/test/instance, or
 * NONE_IDX when the verb does not run a container (build, pull, ...).
 */
static size_t
parse_container(struct parse *p, struct jl_step *st, size_t i, enum pcls pc)
{
	struct ctx		*c = p->c;
	struct jl_container	*ctr;
	const char		*a, *verb;
	size_t			 n = st->words.n, j, k, nsplit = 0;
	int			 late_short;

	for (j = i + 1; j < n; ) {
		a = WORD(st, j)->text;
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (bd_streq(a, "--")) {
			j++;
			break;
		}
		j = ctr_flag(p, st, NULL, j, ctr_global_flags,
		    JL_NITEMS(ctr_global_flags), NULL, 0);
	}
	if (j >= n)
		return NONE_IDX;
	verb = WORD(st, j)->text;
	if ((ctr = bd_alloc(c, sizeof(*ctr))) == NULL)
		return NONE_IDX;
	ctr->runtime = pc == PC_APPTAINER ? JL_CTR_APPTAINER :
	    JL_CTR_SINGULARITY;
	ctr->verb_loc = WORD(st, j)->loc;
	if (bd_streq(verb, "instance")) {
		if (j + 1 >= n || (!bd_streq(WORD(st, j + 1)->text, "start") &&
		    !bd_streq(WORD(st, j + 1)->text, "run")))
			return NONE_IDX;
		ctr->verb = verb;
		ctr->verb_loc = bd_loc_span(ctr->verb_loc,
		    WORD(st, j + 1)->loc);
		j += 2;
	} else if (bd_streq(verb, "exec") || bd_streq(verb, "run") ||
	    bd_streq(verb, "shell") || bd_streq(verb, "test")) {
		ctr->verb = verb;
		j++;
	} else
		return NONE_IDX;
	while (j < n) {
		a = WORD(st, j)->text;
		if (bd_streq(a, "--")) {
			j++;
			break;
		}
		if (may_split(WORD(st, j)) && !path_var(c, WORD(st, j))) {
			if (nsplit++ < SPLIT_MAX && split_known(c, st, j)) {
				n = st->words.n;
				continue;
			}
			ctr->opaque = 1;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		j = ctr_flag(p, st, ctr, j, ctr_flags, JL_NITEMS(ctr_flags),
		    &ctr->flags, 1);
	}
	if (ctr->opaque) {
		/* The image and the program are somewhere in [j, n). */
		for (k = j; k < n; k++)
			bd_vpush(c, &ctr->args, WORD(st, k));
		ctr->nv_env = env_effective(c, st, EV_A_NV);
		ctr->rocm_env = env_effective(c, st, EV_A_ROCM);
		ctr_env(c, st, ctr);
		st->ctr = ctr;
		return n;
	}
	if (j < n) {
		ctr->image = WORD(st, j)->text;
		ctr->image_loc = WORD(st, j)->loc;
		ctr->instance = instance_find(c, ctr->image);
		ctr->image_resolved = image_resolved(c, ctr, WORD(st, j));
		j++;
		if (bd_streq(ctr->verb, "instance") && j < n) {
			ctr->instance_name = WORD(st, j)->text;
			bd_vpush(c, &c->instances, ctr);
		}
	}
	for (k = j; k < n; k++)
		bd_vpush(c, &ctr->args, WORD(st, k));
	/*
	 * SetInterspersed(false): these reach the program, not apptainer.
	 * run hands them to the image's runscript and shell to the shell
	 * (/.singularity.d/actions/shell: exec /bin/bash --norc "$@"), whose
	 * own short options they may well be (an app's -c config.yaml, bash
	 * -c "cmd" or -e): only a long container flag is taken for a slip.
	 */
	late_short = !bd_streq(ctr->verb, "run") && !bd_streq(ctr->verb,
	    "shell");
	for (k = j; k < n && is_ctr_flag(WORD(st, k)->text) && (late_short ||
	    WORD(st, k)->text[1] == '-'); )
		k = ctr_flag(p, st, ctr, k, ctr_flags, JL_NITEMS(ctr_flags),
		    &ctr->late_flags, 0);
	ctr->nv_env = env_effective(c, st, EV_A_NV);
	ctr->rocm_env = env_effective(c, st, EV_A_ROCM);
	ctr_env(c, st, ctr);
	st->ctr = ctr;
	/* run hands its arguments to the image's runscript, which in most
	 * images (and every Docker-derived one without an ENTRYPOINT) runs
	 * them as a command: read them as one when they look like one. */
	if (bd_streq(ctr->verb, "run") && k < n && WORD(st, k)->text[0] != '-')
		return k;
	return bd_streq(ctr->verb, "exec") ? k : n;
}

/*
 * Do words [i, n) speak of several GPUs?  A program told how many GPUs
 * or devices to use, or to split a model across them, may use them all
 * from one process (vllm --tensor-parallel-size, Lightning --devices or
 * Hydra's trainer.devices=4, NAMD's +devices 0,1,2,3, device_map=auto,
 * --num-gpus $SLURM_GPUS_ON_NODE, DataParallel's --device_ids 0,1,2,3),
 * or starts a rank per GPU itself (GROMACS gmx mdrun: thread-MPI ranks
 * for every GPU it finds, -ntmpi; fairseq-train: a process per GPU it
 * sees, its distributed_world_size defaulting to the device count).
 * Hugging Face's text-generation-launcher shards over every GPU it sees
 * (--num-shard), LLaMA-Factory's llamafactory-cli starts torchrun over
 * them, MosaicML's composer a process per GPU; lm_eval's
 * parallelize=True and use_accelerate=True spread a model over them;
 * python -m paddle.distributed.launch starts a process per GPU.
 */
static const char *const per_gpu_progs[] = {
	"fairseq-train", "fairseq-hydra-train", "text-generation-launcher",
	"llamafactory-cli", "composer"
};
static const char *const gpu_keys[] = {
	"gpu", "tensor-parallel", "tensor_parallel",
	"pipeline-parallel", "pipeline_parallel", "model-parallel",
	"model_parallel", "device_map", "device-map", "--devices",
	".devices=", "+devices", "world_size", "world-size", "nproc",
	"-ntmpi", "device_ids", "device-ids", "dataparallel"
};
/* The needles are constant: their filter is set up once per process. */
static struct jl_ci_set	 gpu_keys_set;
static pthread_once_t	 gpu_keys_once = PTHREAD_ONCE_INIT;

static void
gpu_keys_init(void)
{
	jl_ci_set_init(&gpu_keys_set, gpu_keys, JL_NITEMS(gpu_keys));
}

static int
gpu_args(const struct jl_cmd *st, size_t i)
{
	const char	*w;
	size_t		 k;

	(void)pthread_once(&gpu_keys_once, gpu_keys_init);
	/* gmx mdrun, thread-MPI GROMACS (not gmx_mpi: a rank per MPI task) */
	if (i > 0 && i < st->words.n && bd_streq(WORD(st, i)->text,
	    "mdrun") && (bd_streq(bd_base_name(WORD(st, i - 1)->text),
	    "gmx") || bd_streq(bd_base_name(WORD(st, i - 1)->text), "gmx_d")))
		return 1;
	if (i > 0 && i <= st->words.n) {
		w = bd_base_name(WORD(st, i - 1)->text);
		for (k = 0; k < JL_NITEMS(per_gpu_progs); k++)
			if (w[0] == per_gpu_progs[k][0] &&
			    bd_streq(w, per_gpu_progs[k]))
				return 1;
	}
	for (; i < st->words.n; i++) {
		w = WORD(st, i)->text;
		if ((w[0] == '-' && (bd_streq(w, "-tp") ||
		    bd_streq(w, "--tp") || prefixed(w, "--tp=") ||
		    prefixed(w, "-tp="))) ||
		    jl_ci_set_find(&gpu_keys_set, w))
			return 1;
		/* lm_eval's --model_args pretrained=X,parallelize=True
		 * (the words with "=" only), python -m paddle... */
		if ((strchr(w, '=') != NULL && (jl_has_ci(w,
		    "parallelize=true") || jl_has_ci(w,
		    "use_accelerate=true"))) ||
		    bd_streq(w, "paddle.distributed.launch"))
			return 1;
	}
	return 0;
}

/*
 * A command that is not a step (vllm serve --tensor-parallel-size 4):
 * do the arguments of its program speak of several GPUs?  Read only
 * when a check asks (bd_step_analyze() reads them for steps).
 */
int
jl_cmd_gpu_args(const struct jl_cmd *cmd)
{
	size_t	i = jl_cmd_program_at(cmd);

	return i < cmd->words.n ? gpu_args(cmd, i + 1) : 0;
}

/* The index of cmd's program among its words (its arguments follow), or
 * words.n when it has none. */
size_t
jl_cmd_program_at(const struct jl_cmd *cmd)
{
	size_t	i;

	for (i = 0; cmd->program != NULL && i < cmd->words.n; i++)
		if (WORD(cmd, i)->text == cmd->program)
			return i;
	return cmd->words.n;
}

/* Launchers, wrappers and containers of one simple command. */
/*
 * A word that is one parameter expansion and nothing else: $NAME,
 * ${...}, $1, $@, $*, quoted or not ("$RUN").  Not $(...) or `...`.
 */
static int
param_word(const struct jl_word *w)
{
	const char	*t = w->text;
	size_t		 len = strlen(t);

	if (len < 2 || t[0] != '$')
		return 0;
	if (t[1] == '{')
		return len > 3 && strchr(t, '}') == t + len - 1;
	if (len == 2 && (t[1] == '@' || t[1] == '*' || bd_is_digit(t[1])))
		return 1;
	return bd_lhs_name_len(t + 1, len - 1) == len - 1;
}

/*
 * Command word i is a parameter expansion: replace it by the value the
 * script gives it (resolve_as(), R_WORDS), split as the shell splits it
 * when the word is unquoted or an array's "${A[@]}"; another quoted one
 * must be one word.  0 when not known.
 */
static int
resolve_word(struct ctx *c, struct jl_step *st, size_t i)
{
	const struct jl_word	*w = WORD(st, i);
	const char		*val = resolve_as(c, w->text, R_WORDS);

	if (val == w->text || val[0] == '(')
		return 0;
	/* Unquoted, or "${A[@]}": a word per element. */
	if (!w->quoted || strstr(w->text, "[@]}") != NULL)
		return split_words(c, st, i, val, 0, 1);
	if (val[0] == '\0' || strpbrk(val, " \t\n") != NULL)
		return 0;
	return split_words(c, st, i, val, 1, 1);
}

/*
 * srun st runs the program w: does it give the tasks no PATH to find w in
 * (struct jl_step's nopath)?  Not for a path (/bin/x, ./x, bin/x: looked
 * up from the working directory) or a word jlint cannot read, nor with
 * --multi-prog or --bcast, whose programs srun looks up itself
 * (search_path() in its own environment).
 */
static void
srun_path(const struct ctx *c, struct jl_step *st, const struct jl_word *w)
{
	const struct jl_stepopt	*o;
	struct srunexp		 e;
	const char		*t, *end;
	size_t			 i, n;

	if (w->has_expansion || w->text[0] == '\0' || w->text[0] == '~' ||
	    strchr(w->text, '/') != NULL)
		return;
	for (i = 0; i < st->opts.n; i++) {
		o = st->opts.items[i];
		if (o->opt != NULL && (o->opt->id == JL_O_MULTI_PROG ||
		    o->opt->id == JL_O_BCAST))
			return;
	}
	if (srun_export_text(c, st, &e) != 0 && e.maybe == NULL)
		return;
	if (e.text == NULL || e.text[0] == '\0')
		return;
	/* _build_user_env(): the words up to NONE. */
	for (t = e.text; ; t = end + 1) {
		end = t + strcspn(t, ",");
		n = (size_t)(end - t);
		if ((n == 3 && strncasecmp(t, "ALL", 3) == 0) ||
		    (n == 4 && strncmp(t, "PATH", 4) == 0) ||
		    (n > 4 && strncmp(t, "PATH=", 5) == 0))
			return;
		if (n == 4 && strncasecmp(t, "NONE", 4) == 0)
			break;
		/* NIL (sbatch's, 23.02 on) is a name to srun: unset. */
		if (!(n == 3 && strncasecmp(t, "NIL", 3) == 0))
			st->nopath_named = 1;
		if (*end == '\0')
			break;
	}
	st->nopath = e.how;
	st->nopath_prog = w->text;
	st->nopath_maybe = e.maybe;
	st->nopath_own = (unsigned char)e.own;
}

enum pcls
bd_step_analyze(struct parse *p, struct jl_step *st)
{
	const struct lspec	*spec;
	struct linfo		 li;
	const char		*lname, *name = NULL;
	struct jl_loc		 lloc;
	enum jl_launcher	 kind;
	enum pcls		 pc = PC_NONE;
	size_t			 n = st->words.n, i = 0, optstart, next;
	int			 round, keep, nres = 0;

	for (round = 0; i < n && round < 16; round++) {
		i = skip_wrappers(p, st, i, &name, &pc);
		n = st->words.n;	/* parallel "cmd args" split */
		if (i >= n)
			break;
		kind = launcher_at(st, i, name, pc, &optstart, &lname, &lloc,
		    &spec);
		if (kind != JL_LAUNCH_NONE) {
			linfo_init(&li);
			keep = st->launcher == JL_LAUNCH_NONE;
			if (kind == JL_LAUNCH_SRUN || kind == JL_LAUNCH_SALLOC)
				i = parse_slurm(p, st, optstart,
				    kind == JL_LAUNCH_SRUN ? JL_CMD_SRUN :
				    JL_CMD_SALLOC, &li, keep);
			else
				i = parse_lopts(p, st, optstart, spec, &li,
				    keep);
			n = st->words.n;	/* $SRUN_ARGS split */
			launcher_counts(kind, &li);
			if (keep) {
				st->launcher = kind;
				st->launcher_name = lname;
				st->launcher_loc = lloc;
				st->nprocs = known(li.nprocs);
				st->nnodes = known(li.nnodes);
				st->nprocs_per_node = known(li.per_node);
				/* Given, but not a number jlint has (UNSET is
				 * not given). */
				st->tasks_unknown = (kind == JL_LAUNCH_SRUN ||
				    kind == JL_LAUNCH_SALLOC) &&
				    (li.nprocs == -1 || li.nnodes == -1 ||
				    li.per_node == -1 || (li.per_gpu &&
				    li.nprocs == UNSET));
				st->ngpus = li.ngpus;
				st->gpu_req = li.gpu_req;
				st->pty = li.pty;
				/* srun --async returns once the step is queued:
				 * the step runs alongside what follows, as with
				 * & (the step manager starts it later). */
				if (li.async)
					st->background = 1;
				st->pyxis_image = li.pyxis;
				st->pyxis_loc = li.pyxis_loc;
				if (kind == JL_LAUNCH_SRUN &&
				    i < st->words.n)
					srun_path(p->c, st, WORD(st, i));
			} else if (st->inner_launcher == JL_LAUNCH_NONE) {
				st->inner_launcher = kind;
				st->inner_launcher_name = lname;
				st->inner_nprocs = known(li.nprocs);
				st->inner_per_node = known(li.per_node);
			}
			continue;
		}
		if (st->ctr == NULL && (pc == PC_APPTAINER ||
		    pc == PC_SINGULARITY)) {
			next = parse_container(p, st, i, pc);
			n = st->words.n;	/* $OPTS split in place */
			if (next != NONE_IDX) {
				i = next;
				continue;
			}
		}
		/* $MPIRUN ./app: the value the script gives it, else a
		 * program jlint cannot know. */
		if (WORD(st, i)->has_expansion && param_word(WORD(st, i))) {
			if (nres++ < SPLIT_MAX && resolve_word(p->c, st, i)) {
				n = st->words.n;
				continue;
			}
			st->program_unknown = 1;
		}
		/* $RUN whose value starts with another expansion
		 * (${HOME}/run/$1.sh): not known either. */
		if (nres > 0 && !literal(WORD(st, i)))
			st->program_unknown = 1;
		st->program = WORD(st, i)->text;
		st->program_loc = WORD(st, i)->loc;
		/* bash -c STRING: the string is read as commands.  Only a
		 * step, or a command that tells its parent, has any use for
		 * gpu_args (every word is read: bench/). */
		if ((st->launcher != JL_LAUNCH_NONE || st->ctr != NULL ||
		    (st->parent != NULL && !st->in_trap)) && pc != PC_SHELL)
			st->gpu_args = gpu_args(&st->cmd, i + 1);
		/* srun bash -c 'python t.py --num-gpus 4': the step's. */
		if (st->gpu_args && st->parent != NULL && !st->in_trap)
			st->parent->gpu_args = 1;
		return pc;
	}
	return PC_NONE;
}
