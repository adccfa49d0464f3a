/*
 * t_body.c: the shell-aware body reader (lint/body.c) against bash's
 * grammar, srun's POSIX '+' option parsing, apptainer's
 * SetInterspersed(false) flags and the launchers' options
 * (slurm-semantics.md §4, traps T24-T29).  Table-driven: each case is a
 * script and "key=value" expectations on one step, one command or the
 * body; negative cases expect no step at all.  Also: spans point at
 * the words they describe, limits hold, and time grows linearly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "body.h"

#define NWANT	16

struct rd {
	struct jl_arena	a;
	struct jl_src	src;
	struct jl_body	b;
};

static void
rd_read(struct rd *r, const char *text, size_t len)
{
	memset(r, 0, sizeof(*r));
	jl_arena_init(&r->a);
	assert_int_equal(jl_src_init(&r->src, &r->a, "t.sh", text, len), 0);
	assert_int_equal(jl_body_read(&r->a, &r->src, JL_SLURM_2205, &r->b),
	    0);
}

static void
rd_free(struct rd *r)
{
	jl_arena_free(&r->a);
}

static const char *
launcher_str(enum jl_launcher l)
{
	switch (l) {
	case JL_LAUNCH_NONE:
		return "none";
	case JL_LAUNCH_SRUN:
		return "srun";
	case JL_LAUNCH_MPIRUN:
		return "mpirun";
	case JL_LAUNCH_TORCHRUN:
		return "torchrun";
	case JL_LAUNCH_ACCELERATE:
		return "accelerate";
	case JL_LAUNCH_DEEPSPEED:
		return "deepspeed";
	case JL_LAUNCH_HOROVODRUN:
		return "horovodrun";
	case JL_LAUNCH_SALLOC:
		return "salloc";
	}
	return "?";
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "(null)";
}

/* "name=value" of a struct jl_stepopt, "name" for a flag. */
static void
opt_str(const struct jl_vec *v, size_t i, char *out, size_t len)
{
	const struct jl_stepopt	*o;

	if (i >= v->n) {
		snprintf(out, len, "(none)");
		return;
	}
	o = v->items[i];
	if (o->value != NULL)
		snprintf(out, len, "%s=%s", o->name, o->value);
	else
		snprintf(out, len, "%s", o->name);
}

static const char *
word_at(const struct jl_vec *v, size_t i)
{
	return i < v->n ? ((const struct jl_word *)v->items[i])->text :
	    "(none)";
}

/* Split "key3" into "key" and 3. */
static size_t
key_index(const char *key, char *stem, size_t len)
{
	size_t	n = strcspn(key, "0123456789");

	snprintf(stem, len, "%.*s", (int)n, key);
	return (size_t)strtoul(key + n, NULL, 10);
}

/*
 * The value of key for a step or command, as text.  Keys: L, lname, np,
 * nn, ppn, gpus, greq, prog, bg, fn, loop, trap, pty, pyxis, inner, inp,
 * rq, stdin, unk, parent, words, wN, opts, optN, optN.known, prefix, ctr, verb, img, nv,
 * rocm, nv_env, rocm_env, ce, ca, flags, flagN, late, lateN, args, argN.
 */
/* The keys every command has (struct jl_cmd); 0 for any other key. */
static int
cmd_field(const struct jl_cmd *cmd, const char *key, char *out, size_t len)
{
	char	stem[32];
	size_t	i;

	i = key_index(key, stem, sizeof(stem));
	out[0] = '\0';
	if (strcmp(key, "prog") == 0)
		snprintf(out, len, "%s", nz(cmd->program));
	else if (strcmp(key, "bg") == 0)
		snprintf(out, len, "%d", cmd->background);
	else if (strcmp(key, "fn") == 0)
		snprintf(out, len, "%d", cmd->in_function);
	else if (strcmp(key, "loop") == 0)
		snprintf(out, len, "%d", cmd->in_loop);
	else if (strcmp(key, "trap") == 0)
		snprintf(out, len, "%d", cmd->in_trap);
	else if (strcmp(key, "rq") == 0)
		snprintf(out, len, "%d", cmd->requeue);
	else if (strcmp(key, "stdin") == 0)
		snprintf(out, len, "%d", cmd->stdin_redir);
	else if (strcmp(key, "unk") == 0)
		snprintf(out, len, "%d", cmd->program_unknown);
	else if (strcmp(key, "parent") == 0)
		snprintf(out, len, "%s", cmd->parent == NULL ? "(null)" :
		    word_at(&cmd->parent->words, 0));
	else if (strcmp(key, "words") == 0)
		snprintf(out, len, "%zu", cmd->words.n);
	else if (strcmp(stem, "w") == 0)
		snprintf(out, len, "%s", word_at(&cmd->words, i));
	else if (strcmp(key, "prefix") == 0)
		snprintf(out, len, "%zu", cmd->prefix.n);
	else
		return 0;
	return 1;
}

static void
step_field(const struct jl_step *st, const char *key, char *out, size_t len)
{
	const struct jl_container	*c = st->ctr;
	const struct jl_stepopt		*o;
	char				 stem[32];
	size_t				 i;

	if (cmd_field(&st->cmd, key, out, len))
		return;
	i = key_index(key, stem, sizeof(stem));
	out[0] = '\0';
	if (strcmp(key, "L") == 0)
		snprintf(out, len, "%s", launcher_str(st->launcher));
	else if (strcmp(key, "lname") == 0)
		snprintf(out, len, "%s", nz(st->launcher_name));
	else if (strcmp(key, "np") == 0)
		snprintf(out, len, "%lld", (long long)st->nprocs);
	else if (strcmp(key, "nn") == 0)
		snprintf(out, len, "%lld", (long long)st->nnodes);
	else if (strcmp(key, "ppn") == 0)
		snprintf(out, len, "%lld", (long long)st->nprocs_per_node);
	else if (strcmp(key, "gpus") == 0)
		snprintf(out, len, "%lld", (long long)st->ngpus);
	else if (strcmp(key, "greq") == 0)
		snprintf(out, len, "%d", st->gpu_req);
	else if (strcmp(key, "pty") == 0)
		snprintf(out, len, "%d", st->pty);
	else if (strcmp(key, "pyxis") == 0)
		snprintf(out, len, "%s", nz(st->pyxis_image));
	else if (strcmp(key, "inner") == 0)
		snprintf(out, len, "%s", launcher_str(st->inner_launcher));
	else if (strcmp(key, "inp") == 0)
		snprintf(out, len, "%lld", (long long)st->inner_nprocs);
	else if (strcmp(key, "inpn") == 0)
		snprintf(out, len, "%lld", (long long)st->inner_per_node);
	else if (strcmp(key, "gargs") == 0)
		snprintf(out, len, "%d", st->gpu_args);
	else if (strcmp(key, "opts") == 0)
		snprintf(out, len, "%zu", st->opts.n);
	else if (strcmp(stem, "opt") == 0 && strstr(key, ".known") != NULL) {
		o = i < st->opts.n ? st->opts.items[i] : NULL;
		snprintf(out, len, "%d", o != NULL && o->opt != NULL);
	} else if (strcmp(stem, "opt") == 0)
		opt_str(&st->opts, i, out, len);
	else if (strcmp(key, "ctr") == 0)
		snprintf(out, len, "%s", c == NULL ? "none" :
		    c->runtime == JL_CTR_APPTAINER ? "apptainer" :
		    "singularity");
	else if (c == NULL)
		snprintf(out, len, "(no container)");
	else if (strcmp(key, "verb") == 0)
		snprintf(out, len, "%s", nz(c->verb));
	else if (strcmp(key, "img") == 0)
		snprintf(out, len, "%s", nz(c->image));
	else if (strcmp(key, "nv") == 0)
		snprintf(out, len, "%d", c->nv);
	else if (strcmp(key, "rocm") == 0)
		snprintf(out, len, "%d", c->rocm);
	else if (strcmp(key, "nv_env") == 0)
		snprintf(out, len, "%d", c->nv_env);
	else if (strcmp(key, "rocm_env") == 0)
		snprintf(out, len, "%d", c->rocm_env);
	else if (strcmp(key, "nvccli") == 0)
		snprintf(out, len, "%d", c->nvccli);
	else if (strcmp(key, "devh") == 0)
		snprintf(out, len, "%d", c->dev_hidden);
	else if (strcmp(key, "devwhy") == 0)
		snprintf(out, len, "%s", nz(c->dev_why));
	else if (strcmp(key, "amdb") == 0)
		snprintf(out, len, "%d", c->amd_binds);
	else if (strcmp(key, "inst") == 0)
		snprintf(out, len, "%s", nz(c->instance_name));
	else if (strcmp(key, "instof") == 0)
		snprintf(out, len, "%s", c->instance == NULL ? "(null)" :
		    nz(c->instance->image));
	else if (strcmp(key, "ce") == 0)
		snprintf(out, len, "%d", c->cleanenv);
	else if (strcmp(key, "ca") == 0)
		snprintf(out, len, "%d", c->containall);
	else if (strcmp(key, "flags") == 0)
		snprintf(out, len, "%zu", c->flags.n);
	else if (strcmp(stem, "flag") == 0)
		opt_str(&c->flags, i, out, len);
	else if (strcmp(key, "late") == 0)
		snprintf(out, len, "%zu", c->late_flags.n);
	else if (strcmp(stem, "late") == 0)
		opt_str(&c->late_flags, i, out, len);
	else if (strcmp(key, "args") == 0)
		snprintf(out, len, "%zu", c->args.n);
	else if (strcmp(stem, "arg") == 0)
		snprintf(out, len, "%s", word_at(&c->args, i));
	else
		fail_msg("unknown step key %s", key);
}

static void
check_wants(const char *script, const char *const *want,
    void (*field)(const void *, const char *, char *, size_t),
    const void *obj)
{
	char		 key[64], got[512];
	const char	*eq;
	size_t		 i;

	for (i = 0; i < NWANT && want[i] != NULL; i++) {
		eq = strchr(want[i], '=');
		assert_non_null(eq);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - want[i]),
		    want[i]);
		field(obj, key, got, sizeof(got));
		if (strcmp(got, eq + 1) != 0)
			fail_msg("script:\n%s\nkey %s: want \"%s\", got \"%s\"",
			    script, key, eq + 1, got);
	}
}

static void
step_field_v(const void *obj, const char *key, char *out, size_t len)
{
	step_field(obj, key, out, len);
}

/* A command of a body: a step's fields when it is a step, else the
 * fields every command has ("L" is "none": nothing is launched). */
struct cmdref {
	const struct jl_body	*b;
	const struct jl_cmd	*cmd;
};

static void
cmd_field_v(const void *obj, const char *key, char *out, size_t len)
{
	const struct cmdref	*cr = obj;
	const struct jl_step	*st;
	size_t			 k;

	for (k = 0; k < cr->b->steps.n; k++) {
		st = cr->b->steps.items[k];
		if (&st->cmd == cr->cmd) {
			step_field(st, key, out, len);
			return;
		}
	}
	if (cmd_field(cr->cmd, key, out, len))
		return;
	if (strcmp(key, "L") == 0)
		snprintf(out, len, "%s", launcher_str(JL_LAUNCH_NONE));
	else
		fail_msg("key %s: the command is not a step", key);
}

/* ------------------------------------------------------------------ */
/* Steps: launchers, options, containers, and what is not a step. */

static const struct {
	const char	*script;
	size_t		 nsteps;
	size_t		 idx;		/* step checked */
	const char	*want[NWANT];
} step_cases[] = {
	/* Launchers behind xargs, GNU parallel, eval, a variable; the
	 * MPI launchers of other systems. */
	{ "xargs -P 4 -I{} srun -n1 ./a {}\n", 1, 0,
	    { "L=srun", "np=1", "prog=./a", "bg=1" } },
	{ "xargs -I{} srun -n1 ./a {}\n", 1, 0, { "L=srun", "bg=0" } },
	{ "xargs --max-procs=1 srun ./a\n", 1, 0, { "bg=0" } },
	{ "xargs -P0 srun ./a\n", 1, 0, { "bg=1" } },
	{ "xargs -P\n", 0, 0, { NULL } },
	{ "xargs --max-procs\n", 0, 0, { NULL } },
	{ "parallel -j\n", 0, 0, { NULL } },
	{ "parallel -j4 srun -n1 ./a {} ::: x y\n", 1, 0,
	    { "L=srun", "prog=./a", "bg=1" } },
	{ "parallel srun ./a ::: x y\n", 1, 0, { "bg=1" } },
	{ "parallel -j 1 srun ./a ::: x y\n", 1, 0, { "bg=0" } },
	{ "parallel --jobs=1 srun ./a ::: x y\n", 1, 0, { "bg=0" } },
	{ "parallel --joblog l \"srun -n2 ./a {}\" ::: x\n", 1, 0,
	    { "L=srun", "np=2", "prog=./a" } },
	{ "eval \"srun -n2 ./a\"\n", 1, 0,
	    { "L=srun", "np=2", "prog=./a", "parent=eval" } },
	{ "eval srun -n2 ./a\n", 1, 0, { "L=srun", "np=2", "prog=./a" } },
	{ "M=\"mpirun -np 4\"\n$M ./a\n", 1, 0,
	    { "L=mpirun", "np=4", "prog=./a" } },
	{ "M=mpirun\n\"$M\" -np 4 ./a\n", 1, 0, { "L=mpirun", "np=4" } },
	{ "charmrun +p8 ++local ./namd2 x\n", 1, 0,
	    { "L=mpirun", "lname=charmrun", "np=8", "prog=./namd2" } },
	{ "aprun -n 16 -N 8 -d 2 ./a\n", 1, 0,
	    { "L=mpirun", "np=16", "ppn=8", "prog=./a" } },
	{ "jsrun -n 2 -a 4 -g 1 ./a\n", 1, 0, { "np=-1", "prog=./a" } },
	{ "ibrun -n 4 -o 0 ./a\n", 1, 0, { "np=4", "prog=./a" } },
	{ "prun -n 4 ./a\n", 1, 0, { "L=mpirun", "np=4" } },
	/* srun: getopt_long with "+": options until the program. */
	{ "srun -n4 ./a.out\n", 1, 0,
	    { "L=srun", "np=4", "prog=./a.out", "opts=1", "opt0=-n=4",
	      "opt0.known=1" } },
	{ "srun --ntasks=8 --cpus-per-task 2 ./a\n", 1, 0,
	    { "np=8", "opts=2", "opt1=--cpus-per-task=2", "prog=./a" } },
	{ "srun -n 4 -c2 -l ./a arg -n 9\n", 1, 0,
	    { "np=4", "opts=3", "opt1=-c=2", "opt2=-l", "prog=./a" } },
	{ "srun -lN2 -n8 hostname\n", 1, 0,
	    { "opts=3", "opt0=-l", "opt1=-N=2", "nn=2", "np=8",
	      "prog=hostname" } },
	{ "srun --cpus-per-t=2 x\n", 1, 0,		/* abbreviation */
	    { "opt0=--cpus-per-t=2", "opt0.known=1", "prog=x" } },
	{ "srun --ntas=3 x\n", 1, 0,			/* ambiguous */
	    { "np=-1", "opt0=--ntas=3", "opt0.known=0", "prog=x" } },
	{ "srun --ntasks 4 -- python x.py\n", 1, 0,
	    { "np=4", "prog=python" } },
	{ "srun --frobnicate -n2 x\n", 1, 0,		/* unknown: kept */
	    { "opts=2", "opt0=--frobnicate", "opt0.known=0", "np=2",
	      "prog=x" } },
	{ "srun --exclusive x\n", 1, 0,		/* optional arg */
	    { "prog=x", "opts=1" } },
	{ "srun -N2 --ntasks-per-node=4 ./a\n", 1, 0,
	    { "np=8", "nn=2", "ppn=4" } },
	{ "srun ./a\n", 1, 0,
	    { "np=-1", "gpus=-1", "greq=0", "prog=./a", "pty=0" } },
	{ "srun\n", 1, 0, { "prog=(null)" } },
	{ "/opt/slurm/bin/srun -n2 x\n", 1, 0, { "L=srun", "np=2" } },
	{ "'srun' -n2 x\n", 1, 0, { "L=srun", "np=2" } },
	{ "srun\t-n2\tx\n", 1, 0, { "np=2", "prog=x" } },
	{ "srun -n $N x\n", 1, 0, { "np=-1", "opt0=-n=$N", "prog=x" } },
	{ "srun --pty bash\n", 1, 0, { "pty=1", "prog=bash" } },
	{ "srun --container-image=nvcr.io/nvidia/pytorch:24.01-py3 python "
	    "t.py\n", 1, 0,
	    { "pyxis=nvcr.io/nvidia/pytorch:24.01-py3", "prog=python" } },
	{ "srun --container-image ./img.sqsh --container-mounts=/a:/b t\n",
	    1, 0, { "pyxis=./img.sqsh", "prog=t", "opts=2" } },
	/* GPUs the step asks for. */
	{ "srun --gpus=4 x\n", 1, 0, { "gpus=4", "greq=1" } },
	{ "srun -G a100:2,v100:1 x\n", 1, 0, { "gpus=3", "greq=1" } },
	{ "srun --gres=gpu:2 -N2 x\n", 1, 0, { "gpus=4", "greq=1" } },
	{ "srun --gres=gpu:a100:2 x\n", 1, 0, { "gpus=-1", "greq=1" } },
	{ "srun -N1 --gres=gpu x\n", 1, 0, { "gpus=1", "greq=1" } },
	{ "srun -N1 --gres=gpu:3090 x\n", 1, 0, { "gpus=3090" } },
	{ "srun -n4 --gpus-per-task=1 x\n", 1, 0, { "gpus=4", "greq=1" } },
	{ "srun --gpus-per-node=2 x\n", 1, 0, { "gpus=-1", "greq=1" } },
	{ "srun --gres=none x\n", 1, 0, { "gpus=0", "greq=-1" } },
	{ "srun --gpus=0 x\n", 1, 0, { "gpus=0", "greq=-1" } },
	{ "srun --gres=mps:50 x\n", 1, 0, { "greq=-1" } },
	{ "srun --gpus=$NG x\n", 1, 0, { "gpus=-1", "greq=1" } },
	/* srun then a container: one step (T27). */
	{ "srun -n4 apptainer exec --nv img.sif python x.py\n", 1, 0,
	    { "L=srun", "np=4", "ctr=apptainer", "verb=exec", "img=img.sif",
	      "nv=1", "late=0", "prog=python", "args=2", "arg1=x.py",
	      "flags=1", "flag0=--nv" } },
	{ "srun -n2 \\\n  apptainer exec --nv img.sif python x.py\n", 1, 0,
	    { "np=2", "nv=1", "prog=python" } },
	{ "srun \\\n  apptainer exec \\\n  --nv \\\n  img.sif python\n", 1, 0,
	    { "nv=1", "img=img.sif" } },
	{ "apptainer exec img.sif --nv python\n", 1, 0,
	    { "L=none", "ctr=apptainer", "nv=0", "late=1", "late0=--nv",
	      "prog=python", "arg0=--nv" } },
	{ "apptainer exec img.sif -B /a:/b --rocm python\n", 1, 0,
	    { "rocm=0", "late=2", "late0=-B=/a:/b", "late1=--rocm",
	      "prog=python" } },
	{ "apptainer exec img.sif python --nv\n", 1, 0,
	    { "late=0", "nv=0", "prog=python" } },
	{ "singularity --debug exec -B /a:/b -e --containall img.sif x\n",
	    1, 0,
	    { "ctr=singularity", "flags=3", "flag0=-B=/a:/b", "ce=1", "ca=1",
	      "img=img.sif", "prog=x" } },
	{ "apptainer -s exec -Ce img.sif x\n", 1, 0,
	    { "flags=2", "ce=1", "ca=1", "img=img.sif" } },
	{ "apptainer exec -c --bind=/x --nv=false img x\n", 1, 0,
	    { "nv=0", "flags=3", "flag1=--bind=/x", "img=img" } },
	{ "apptainer exec -B/x:/y -W /tmp --env A=1 img x\n", 1, 0,
	    { "flags=3", "flag0=-B=/x:/y", "flag2=--env=A=1", "img=img" } },
	/* Flags from each end and the middle of the sorted tables
	 * (cflag_find() halves them): a flag found takes its value. */
	{ "apptainer --config f exec --add-caps c img x\n", 1, 0,
	    { "verb=exec", "flags=1", "flag0=--add-caps=c", "img=img",
	      "prog=x" } },
	{ "apptainer exec --workdir /w --vm-ram 1 --nv img x\n", 1, 0,
	    { "flags=3", "flag1=--vm-ram=1", "nv=1", "img=img" } },
	/* run: the runscript gets the words; most run them as a command. */
	{ "apptainer run --rocm docker://rocm/pytorch a b\n", 1, 0,
	    { "verb=run", "rocm=1", "prog=a",
	      "img=docker://rocm/pytorch", "args=2" } },
	{ "apptainer shell -s /bin/zsh img.sif\n", 1, 0,
	    { "verb=shell", "flags=1", "flag0=-s=/bin/zsh", "img=img.sif" } },
	{ "apptainer instance start --nv img.sif inst1\n", 1, 0,
	    { "verb=instance", "nv=1", "img=img.sif", "args=1" } },
	{ "apptainer exec -- img.sif x\n", 1, 0, { "img=img.sif" } },
	{ "apptainer exec\n", 1, 0, { "img=(null)", "prog=(null)" } },
	{ "mpirun -np 8 apptainer exec img.sif ./a.out\n", 1, 0,
	    { "L=mpirun", "np=8", "ctr=apptainer", "prog=./a.out" } },
	{ "srun singularity run --nv img.sif\n", 1, 0,
	    { "L=srun", "ctr=singularity", "nv=1", "prog=(null)" } },
	{ "apptainer exec --nv img.sif torchrun --nproc_per_node=4 t.py\n",
	    1, 0, { "L=torchrun", "np=4", "ctr=apptainer", "prog=t.py" } },
	/* APPTAINER_NV / SINGULARITY_NV (T28). */
	{ "export APPTAINER_NV=1\napptainer exec img.sif python\n", 1, 0,
	    { "nv=0", "nv_env=1" } },
	{ "APPTAINER_NV=1 apptainer exec img.sif python\n", 1, 0,
	    { "nv_env=1" } },
	{ "env APPTAINER_NV=true srun apptainer exec i x\n", 1, 0,
	    { "L=srun", "nv_env=1" } },
	{ "export APPTAINER_NV=0\napptainer exec img.sif python\n", 1, 0,
	    { "nv_env=0" } },
	{ "export APPTAINER_NV=yes\napptainer exec img.sif python\n", 1, 0,
	    { "nv_env=0" } },			/* ParseBool rejects */
	{ "export APPTAINER_NV=' True '\napptainer exec i x\n", 1, 0,
	    { "nv_env=1" } },				/* TrimSpace */
	{ "APPTAINER_NV=1\nunset APPTAINER_NV\napptainer exec i x\n", 1, 0,
	    { "nv_env=0" } },
	{ "export SINGULARITY_NV=1\nsingularity exec img.sif x\n", 1, 0,
	    { "nv_env=1" } },
	/* /dev hidden or shown, --nvccli, device binds, instances. */
	{ "apptainer exec --nvccli i x\n", 1, 0,
	    { "nvccli=1", "nv=0", "devh=0", "amdb=0" } },
	{ "export APPTAINER_NVCCLI=1\napptainer exec i x\n", 1, 0,
	    { "nvccli=1" } },
	{ "singularity exec -c i x\n", 1, 0, { "devh=1", "devwhy=-c" } },
	{ "singularity exec -eC i x\n", 1, 0,
	    { "devh=1", "devwhy=-C", "ca=1", "ce=1" } },
	{ "apptainer exec --compat i x\n", 1, 0,
	    { "devh=1", "devwhy=--compat", "ca=1" } },
	{ "apptainer exec --boot i x\n", 1, 0, { "devh=1" } },
	{ "apptainer exec --no-mount tmp,dev i x\n", 1, 0,
	    { "devh=1", "devwhy=--no-mount dev" } },
	{ "apptainer exec --no-mount tmp,devpts i x\n", 1, 0,
	    { "devh=0" } },
	{ "apptainer exec --no-mount $NM i x\n", 1, 0, { "devh=-1" } },
	{ "export SINGULARITY_CONTAINALL=1\nsingularity exec i x\n", 1, 0,
	    { "devh=1", "devwhy=SINGULARITY_CONTAINALL=1" } },
	{ "APPTAINER_CONTAIN=$C apptainer exec i x\n", 1, 0,
	    { "devh=-1" } },
	{ "apptainer exec -c -B /dev/kfd,/dev/dri i x\n", 1, 0,
	    { "devh=1", "amdb=1" } },
	{ "apptainer exec -B/dev:/dev -C i x\n", 1, 0, { "amdb=1" } },
	{ "apptainer exec -B /dev/dri -c i x\n", 1, 0, { "amdb=0" } },
	{ "apptainer exec -B $B -c i x\n", 1, 0, { "amdb=-1" } },
	{ "apptainer exec --mount type=bind,src=/dev/kfd,dst=/dev/kfd i x\n",
	    1, 0, { "amdb=1" } },
	{ "export APPTAINER_BINDPATH=/scratch,/dev/kfd\napptainer exec i x\n",
	    1, 0, { "amdb=1" } },
	{ "apptainer instance start --nv i.sif web\n"
	    "apptainer exec instance://web x\n", 2, 1,
	    { "verb=exec", "instof=i.sif", "nv=0" } },
	{ "apptainer instance start --nv i.sif web\n", 1, 0,
	    { "inst=web", "nv=1" } },
	{ "apptainer exec instance://none x\n", 1, 0,
	    { "instof=(null)" } },
	/* Counts from variables the script assigns one literal value. */
	{ "N=4\ntorchrun --nproc_per_node=$N t.py\n", 1, 0,
	    { "L=torchrun", "ppn=4", "np=4" } },
	{ "N=4\nN=2\ntorchrun --nproc_per_node=${N} t.py\n", 1, 0,
	    { "ppn=-1" } },
	{ "N=$X\ntorchrun --nproc_per_node=$N t.py\n", 1, 0,
	    { "ppn=-1" } },
	{ "srun -n1 torchrun --nproc_per_node=2 t.py\n", 1, 0,
	    { "inner=torchrun", "inpn=2" } },
	/* Programs told to use several GPUs. */
	{ "srun vllm serve m --tensor-parallel-size 4\n", 1, 0,
	    { "gargs=1" } },
	{ "srun python t.py --lr 3\n", 1, 0, { "gargs=0" } },
	{ "srun bash -c 'python t.py --num-gpus 2'\n", 1, 0,
	    { "gargs=1" } },
	{ "export APPTAINER_NV=\nexport SINGULARITY_NV=1\n"
	    "apptainer exec i x\n", 1, 0, { "nv_env=0" } },
	{ "export APPTAINER_NV=$USE_GPU\napptainer exec i x\n", 1, 0,
	    { "nv_env=-1" } },
	{ "apptainer exec i x\nexport APPTAINER_NV=1\n", 1, 0,
	    { "nv_env=0" } },				/* set too late */
	{ "echo APPTAINER_NV=1\napptainer exec i x\n", 1, 0,
	    { "nv_env=0" } },
	{ "export APPTAINER_ROCM=1\napptainer exec i x\n", 1, 0,
	    { "rocm_env=1", "nv_env=0" } },
	/* Other launchers. */
	{ "torchrun --nproc_per_node=4 train.py\n", 1, 0,
	    { "L=torchrun", "np=4", "ppn=4", "prog=train.py" } },
	{ "torchrun --nnodes=2 --nproc-per-node 4 t.py\n", 1, 0,
	    { "np=8", "nn=2" } },
	{ "torchrun --nproc_per_node=gpu t.py\n", 1, 0, { "np=-1" } },
	{ "torchrun --nnodes=1:4 --nproc_per_node=2 t.py\n", 1, 0,
	    { "np=-1" } },
	{ "torchrun --standalone t.py --nproc_per_node 8\n", 1, 0,
	    { "np=1", "prog=t.py" } },
	{ "python -m torch.distributed.run --nproc_per_node 2 t.py\n", 1, 0,
	    { "L=torchrun", "lname=torch.distributed.run", "np=2",
	      "prog=t.py" } },
	{ "python3 -u -m torch.distributed.launch --use_env "
	    "--nproc_per_node=4 t.py\n", 1, 0, { "L=torchrun", "np=4" } },
	{ "python3.11 -mtorch.distributed.run t.py\n", 1, 0,
	    { "L=torchrun", "np=1" } },
	{ "accelerate launch --num_processes 2 t.py\n", 1, 0,
	    { "L=accelerate", "np=2", "prog=t.py" } },
	{ "accelerate launch --multi_gpu --mixed_precision fp16 "
	    "--num-processes=8 t.py --lr 1\n", 1, 0,
	    { "np=8", "prog=t.py" } },
	{ "deepspeed --num_gpus 2 t.py --deepspeed\n", 1, 0,
	    { "L=deepspeed", "np=2", "prog=t.py" } },
	{ "deepspeed --num_gpus=4 --num_nodes=2 t.py\n", 1, 0, { "np=8" } },
	{ "deepspeed --hostfile hf --num_gpus 4 t.py\n", 1, 0,
	    { "np=-1", "prog=t.py" } },
	{ "mpirun -np 8 ./a.out\n", 1, 0, { "L=mpirun", "np=8" } },
	{ "mpiexec -n 16 -ppn 4 ./a\n", 1, 0, { "np=16", "prog=./a" } },
	{ "mpiexec.hydra -genv A 1 -n 2 ./a\n", 1, 0,
	    { "np=2", "prog=./a" } },
	{ "mpirun --mca btl self,tcp -x LD_LIBRARY_PATH --np 4 ./a\n", 1, 0,
	    { "np=4", "prog=./a" } },
	{ "mpirun ./a\n", 1, 0, { "np=-1", "prog=./a" } },
	{ "horovodrun -np 4 -H localhost:4 python t.py\n", 1, 0,
	    { "L=horovodrun", "np=4", "prog=python" } },
	{ "salloc -N1 -n2 srun x\n", 1, 0,
	    { "L=salloc", "np=2", "inner=srun", "prog=x" } },
	{ "srun -N2 --ntasks-per-node=4 torchrun --nproc_per_node=4 t.py\n",
	    1, 0, { "L=srun", "np=8", "inner=torchrun", "inp=4",
	      "prog=t.py" } },
	/* Wrappers are looked through. */
	{ "time srun -n2 x\n", 1, 0, { "L=srun", "np=2" } },
	{ "time -p srun x\n", 1, 0, { "L=srun", "prog=x" } },
	{ "env -u B A=1 srun x\n", 1, 0, { "L=srun", "prefix=1" } },
	{ "exec srun x\n", 1, 0, { "L=srun" } },
	{ "nohup srun x &\n", 1, 0, { "L=srun", "bg=1" } },
	{ "command srun x\n", 1, 0, { "L=srun" } },
	{ "stdbuf -oL -e L srun x\n", 1, 0, { "L=srun", "prog=x" } },
	{ "timeout -s INT 10m srun x\n", 1, 0, { "L=srun", "prog=x" } },
	{ "nice -n 10 srun x\n", 1, 0, { "L=srun" } },
	{ "srun numactl -N 0 --membind=0 ./a\n", 1, 0, { "prog=./a" } },
	{ "srun taskset -c 0-3 ./a\n", 1, 0, { "prog=./a" } },
	{ "/usr/bin/time -f %e srun x\n", 1, 0, { "L=srun" } },
	/* Lists, groups, loops, functions. */
	{ "cmd1 && srun x &\n", 1, 0, { "bg=1", "prog=x" } },
	{ "srun a | tee log\n", 1, 0, { "bg=0" } },
	{ "srun a & srun b\nwait\n", 2, 0, { "bg=1", "prog=a" } },
	{ "srun a & srun b\nwait\n", 2, 1, { "bg=0", "prog=b" } },
	{ "{ srun a; srun b; } &\n", 2, 1, { "bg=1" } },
	{ "( srun a ) &\n", 1, 0, { "bg=1" } },
	{ "x; (cd d && srun a)\n", 1, 0, { "bg=0" } },
	{ "for i in 1 2; do srun -n1 x $i & done\nwait\n", 1, 0,
	    { "loop=1", "bg=1", "fn=0" } },
	{ "while true; do srun x; done\n", 1, 0, { "loop=1" } },
	{ "until srun check; do sleep 1; done\n", 1, 0, { "loop=1" } },
	{ "for ((i=0;i<3;i++)); do srun x; done\n", 1, 0, { "loop=1" } },
	{ "select s in a b; do srun $s; done\n", 1, 0, { "loop=1" } },
	{ "for i in srun x; do :; done\n", 0, 0, { NULL } },
	{ "for i in a; do srun x; done; srun y\n", 2, 1, { "loop=0" } },
	{ "f() { srun x; }\nf\n", 1, 0, { "fn=1" } },
	{ "function g { srun x; }\n", 1, 0, { "fn=1" } },
	{ "function h() ( srun x )\n", 1, 0, { "fn=1" } },
	{ "k () {\n  for i in 1 2; do\n    srun x\n  done\n}\n", 1, 0,
	    { "fn=1", "loop=1" } },
	{ "srun a\nf() { :; }\nsrun b\n", 2, 1, { "fn=0" } },
	{ "case $1 in srun) echo;; *) srun x;; esac\n", 1, 0,
	    { "prog=x" } },
	{ "case $1 in\n  (srun|mpirun) echo ;;\nesac\n", 0, 0, { NULL } },
	{ "case $1 in a) srun -n1 x ;& b) srun -n2 y ;;& esac; srun -n3 z\n",
	    3, 2, { "np=3" } },
	{ "if srun a; then srun b; elif srun c; then :; else srun d; fi\n",
	    4, 3, { "prog=d" } },
	{ "if true\nthen\n  srun x\nfi\n", 1, 0, { "prog=x" } },
	{ "[[ -f x && $y ]] && srun y\n", 1, 0, { "prog=y" } },
	{ "(( i > 2 )) && srun y\n", 1, 0, { "prog=y" } },
	{ "true ||srun y\n", 1, 0, { "prog=y" } },
	{ "! srun x\n", 1, 0, { "prog=x" } },
	{ "coproc srun x\n", 1, 0, { "prog=x" } },
	{ "srun x |& tee log\n", 1, 0, { "prog=x" } },
	{ "{ srun x; } 2>&1 | tee log\n", 1, 0, { "prog=x" } },
	/* bash -c strings are commands too, read under their shell. */
	{ "srun -n4 bash -c 'apptainer exec --nv img python'\n", 2, 1,
	    { "L=none", "ctr=apptainer", "nv=1", "parent=srun",
	      "prog=python" } },
	{ "srun -n4 bash -c 'apptainer exec --nv img python'\n", 2, 0,
	    { "L=srun", "prog=bash", "parent=(null)" } },
	{ "for i in 1 2; do bash -lc \"srun -n$i x\"; done\n", 1, 0,
	    { "loop=1", "parent=bash", "prog=x" } },
	{ "sh -e -o pipefail -c 'srun -n2 y' name arg\n", 1, 0,
	    { "np=2", "parent=sh" } },
	{ "bash script.sh -c 'srun z'\n", 0, 0, { NULL } },
	{ "bash -c\n", 0, 0, { NULL } },
	{ "trap 'srun -n2 cleanup' EXIT\n", 1, 0,
	    { "trap=1", "parent=trap", "np=2" } },
	/* Substitutions run their commands. */
	{ "x=$(srun -n2 hostname)\n", 1, 0, { "np=2", "prog=hostname" } },
	{ "echo \"$(srun -n3 x)\"\n", 1, 0, { "np=3" } },
	{ "echo `srun -n5 y`\n", 1, 0, { "np=5" } },
	{ "echo ${v:-$(srun -n6 z)}\n", 1, 0, { "np=6" } },
	{ "diff <(srun -n7 a) <(srun b)\n", 2, 0, { "np=7" } },
	{ "x=$(case $y in a) srun -n8 q;; esac)\n", 1, 0, { "np=8" } },
	{ "echo $(( 1 + 2 )); srun x\n", 1, 0, { "prog=x" } },
	{ "echo $((1+(2*3))) $( (srun -n9 q) )\n", 1, 0, { "np=9" } },
	/* Words: quotes, escapes, redirections, assignments. */
	{ "srun a\\\nb\n", 1, 0, { "prog=ab", "words=2" } },
	{ "srun x 2>&1 > log < in\n", 1, 0, { "words=2", "prog=x" } },
	{ "srun x &> log 3< f\n", 1, 0, { "words=2" } },
	{ "A=1 B=2 srun -n1 x\n", 1, 0, { "words=3", "prefix=2", "np=1" } },
	{ "srun -n1 A=1\n", 1, 0, { "words=3", "prog=A=1" } },
	{ "srun \"a b\" 'c d' $'e\\tf' \"$x\"\n", 1, 0,
	    { "words=5", "w1=a b", "w2=c d", "w3=e\tf", "w4=$x" } },
	{ "srun a\"b\"'c'\\d\n", 1, 0, { "w1=abcd" } },
	{ "srun \"a\\\"b\\$c\\x\"\n", 1, 0, { "w1=a\"b$c\\x" } },
	{ "export A=1 && srun x\n", 1, 0, { "prog=x" } },
	{ "srun x # srun y\n", 1, 0, { "prog=x", "words=2" } },
	{ "srun x#y\n", 1, 0, { "w1=x#y" } },
	{ "#SBATCH -n 4\n#SBATCH --gres=gpu:1\nsrun x\n", 1, 0,
	    { "prog=x" } },
	/* Not steps: data, comments, here-documents, patterns. */
	{ "echo 'srun x'\n", 0, 0, { NULL } },
	{ "echo \"srun x\"\n", 0, 0, { NULL } },
	{ "echo srun x\n", 0, 0, { NULL } },
	{ "printf 'srun %s\\n' x\n", 0, 0, { NULL } },
	{ "echo \"#SBATCH -n 4\" > job.sh\n", 0, 0, { NULL } },
	{ "# srun x\n", 0, 0, { NULL } },
	{ "  # srun x\n", 0, 0, { NULL } },
	{ "cat <<EOF\nsrun x\nEOF\n", 0, 0, { NULL } },
	{ "cat <<'EOF' > job2.sh\n#!/bin/bash\n#SBATCH -n 4\nsrun y\nEOF\n"
	    "srun z\n", 1, 0, { "prog=z" } },
	{ "cat <<\"EOF\"\nsrun x\nEOF\n", 0, 0, { NULL } },
	{ "cat <<\\EOF\nsrun x $(srun y)\nEOF\n", 0, 0, { NULL } },
	{ "cat <<-EOF\n\tsrun x\n\tEOF\nsrun y\n", 1, 0, { "prog=y" } },
	{ "cat <<EOF\n\tsrun x\n\tEOF\nsrun y\nEOF\nsrun z\n", 1, 0,
	    { "prog=z" } },
	{ "cat <<A <<B\nsrun a\nA\nsrun b\nB\nsrun c\n", 1, 0,
	    { "prog=c" } },
	{ "cat <<EOF; srun y\nsrun x\nEOF\n", 1, 0, { "prog=y" } },
	{ "cat <<<'srun x'\n", 0, 0, { NULL } },
	{ "x=$(cat <<EOF\nsrun a\nEOF\n)\nsrun b\n", 1, 0, { "prog=b" } },
	/* <<-: tabs go before the terminator, inner ones too, is looked
	 * for and before $( ) is read; a joined line can be the end. */
	{ "cat <<-EOF\n\t$(cat <<IN\n\t\tsrun -n8 a\n\tIN\n\tsrun -n2 b)\n"
	    "\tEOF\n", 1, 0, { "prog=b", "np=2" } },
	{ "cat <<EOF\n$(cat <<-EOF\n\tsrun a\n\tEOF\nsrun -n3 b)\nEOF\n", 1,
	    0, { "prog=b", "np=3" } },
	{ "cat <<-EOF\n\t$(srun -o 'a\n\tb' c)\n\tEOF\n", 1, 0,
	    { "w2=a\nb", "prog=c" } },
	{ "cat <<EOF\n$(srun -o 'a\n\tb' c)\nEOF\n", 1, 0,
	    { "w2=a\n\tb" } },
	{ "cat <<EOF\n$(srun -o 'a\\\nb' c)\nEOF\n", 1, 0, { "w2=ab" } },
	{ "cat <<EOF\n$(: # c\\\nsrun b)\nEOF\n", 0, 0, { NULL } },
	{ "cat <<EOF\nx\n\\\nEOF\nsrun -n4 y\n", 1, 0, { "np=4" } },
	{ "cat <<-EOF\n\tx\n\t\\\n\tEOF\nsrun -n4 y\n", 1, 0, { "np=4" } },
	{ "cat <<'EOF'\nx \\\nEOF\nsrun -n4 y\nEOF\n", 1, 0, { "np=4" } },
	/* Backquotes: bash removes the backslash before \\ ` $ (and " in
	 * "...") before it reads the text, so \\` nests. */
	{ "x=`echo \\`srun -n2 a\\``\n", 1, 0, { "np=2", "prog=a" } },
	{ "x=`echo $(echo \\`srun -n2 a\\`)`\n", 1, 0, { "np=2" } },
	{ "x=$(echo `srun -n2 \\\\$'a'`)\n", 1, 0, { "w2=$a" } },
	{ "echo \"`srun -o \\\"a b\\\" c`\"\n", 1, 0,
	    { "w2=a b", "prog=c" } },
	{ "echo `srun -o \\\"a b\\\" c`\n", 1, 0, { "w2=\"a", "prog=b\"" } },
	{ "echo `srun 'a\\\nb'`\n", 1, 0, { "prog=ab" } },
	{ "echo \"\\`srun a\\`\"\n", 0, 0, { NULL } },
	{ "echo \"$(echo \\`srun a\\`)\"\n", 0, 0, { NULL } },
	{ "x=`echo \\\\\\`srun a\\\\\\``\n", 0, 0, { NULL } },
	{ "cat <<EOF\n`echo \\\"a\\\" \\`srun -n2 b\\``\nEOF\n", 1, 0,
	    { "np=2" } },
	{ "a=(srun x)\n", 0, 0, { NULL } },
	{ "\"$SRUN\" x\n", 0, 0, { NULL } },
	{ "command -v srun\n", 0, 0, { NULL } },
	{ "which srun && type srun\n", 0, 0, { NULL } },
	{ "apptainer build out.sif def\n", 0, 0, { NULL } },
	{ "apptainer instance stop x\n", 0, 0, { NULL } },
	{ "python -m mpi4py x.py\n", 0, 0, { NULL } },
	{ "python x.py\n", 0, 0, { NULL } },
	{ "accelerate config\n", 0, 0, { NULL } },
	{ "scontrol requeue $SLURM_JOB_ID\n", 0, 0, { NULL } },
	{ "", 0, 0, { NULL } },
	{ "\n\n;\n", 0, 0, { NULL } },
};

static void
test_steps(void **state)
{
	struct rd	 r;
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(step_cases); i++) {
		rd_read(&r, step_cases[i].script,
		    strlen(step_cases[i].script));
		if (r.b.steps.n != step_cases[i].nsteps)
			fail_msg("script:\n%s\nsteps: want %zu, got %zu",
			    step_cases[i].script, step_cases[i].nsteps,
			    r.b.steps.n);
		if (step_cases[i].nsteps > 0)
			check_wants(step_cases[i].script, step_cases[i].want,
			    step_field_v, r.b.steps.items[step_cases[i].idx]);
		rd_free(&r);
	}
}

/* ------------------------------------------------------------------ */
/* Commands that are not steps. */

static const struct {
	const char	*script;
	size_t		 ncmds;
	size_t		 idx;
	const char	*want[NWANT];
} cmd_cases[] = {
	{ "CUDA_VISIBLE_DEVICES=0 python x.py\n", 1, 0,
	    { "L=none", "prog=python", "prefix=1", "words=2" } },
	{ "A=1\n", 1, 0, { "words=0", "prefix=1", "prog=(null)" } },
	/* env(1) options come before its NAME=value words. */
	{ "env A=1 -u B srun x\n", 1, 0, { "L=none", "prog=-u" } },
	{ "> out\n", 0, 0, { NULL } },		/* redirection only */
	{ "echo a; echo b && echo c || echo d | cat\n", 5, 4,
	    { "w0=cat" } },
	{ "f() { echo x; }\n", 1, 0, { "fn=1", "w0=echo" } },
	{ "f ( ) { echo x; }\n", 1, 0, { "fn=1" } },
	{ "case x in a|b) echo a;; esac\n", 1, 0, { "w0=echo", "w1=a" } },
	{ "case x in\n a) ;;\n esac\necho z\n", 1, 0, { "w0=echo" } },
	{ "echo }\n", 1, 0, { "w1=}" } },
	{ "echo if then fi\n", 1, 0, { "words=4" } },
	{ "A=1 if\n", 1, 0, { "w0=if" } },
	{ "\"if\" x\n", 1, 0, { "w0=if" } },
	{ "time -p sleep 1\n", 1, 0, { "w0=sleep" } },
	{ "exec > log 2>&1\n", 1, 0, { "words=1", "prog=(null)" } },
	{ "echo a\\ b\n", 1, 0, { "w1=a b", "words=2" } },
	{ "echo \"$(echo \")\")\"\n", 2, 1, { "words=2" } },
	{ "echo ${a:-\"}\"}\n", 1, 0, { "words=2" } },
	{ "echo $'it''s' done\n", 1, 0, { "w1=its", "words=3" } },
	{ "echo $\"loc\"\n", 1, 0, { "w1=loc" } },
	{ "arr=( a b\n c )\n", 1, 0, { "words=0" } },
	{ "a[1]=x b+=y\n", 1, 0, { "prefix=2" } },
	{ "trap 'srun -n2 cleanup' EXIT\n", 2, 1,
	    { "trap=1", "L=srun", "np=2" } },
	/* Programs jlint cannot know. */
	{ "$MPIRUN ./a\n", 1, 0, { "unk=1", "prog=$MPIRUN" } },
	{ "${LAUNCH} ./a\n", 1, 0, { "unk=1" } },
	{ "\"$RUN\" ./a\n", 1, 0, { "unk=1" } },
	{ "\"$@\"\n", 1, 0, { "unk=1" } },
	{ "R=python3\n$R x.py\n", 2, 1, { "unk=0", "prog=python3" } },
	{ "$(which python3) x.py\n", 2, 1, { "unk=0" } },
	{ "$HOME/bin/solver\n", 1, 0, { "unk=0" } },
	{ "parallel -j4 < cmds\n", 1, 0, { "unk=1" } },
	{ "parallel :::: cmds\n", 1, 0, { "unk=1" } },
	{ "xargs -n1 gzip\n", 1, 0, { "unk=0", "prog=gzip" } },
	/* Standard input from a redirection or a pipe. */
	{ "sh <<EOF\nls\nEOF\n", 1, 0, { "stdin=1", "words=1" } },
	{ "sh <<-EOF\n\tls\n\tEOF\n", 1, 0, { "stdin=1" } },
	{ "sh <<< ls\n", 1, 0, { "stdin=1" } },
	{ "sh < f\n", 1, 0, { "stdin=1" } },
	{ "sh 0<f\n", 1, 0, { "stdin=1" } },
	{ "sh <&3\n", 1, 0, { "stdin=1" } },
	{ "sh 3<f\n", 1, 0, { "stdin=0" } },
	{ "sh > f 2>&1\n", 1, 0, { "stdin=0" } },
	{ "sh &> f\n", 1, 0, { "stdin=0" } },
	{ "sh <(ls)\n", 2, 1, { "stdin=0" } },
	{ "echo ls | sh\n", 2, 1, { "stdin=1" } },
	{ "echo ls | sh\n", 2, 0, { "stdin=0" } },
	{ "echo ls |\n\n  sh\n", 2, 1, { "stdin=1" } },
	{ "echo ls |& sh\n", 2, 1, { "stdin=1" } },
	{ "echo ls | { sh; cat; }\n", 3, 1, { "stdin=1" } },
	{ "echo ls | { sh; cat; }\n", 3, 2, { "stdin=0" } },
	{ "echo ls || sh\n", 2, 1, { "stdin=0" } },
	{ "a | b\nsh\n", 3, 2, { "stdin=0" } },
	{ "[[ a =~ b|c ]]; sh\n", 2, 1, { "stdin=0" } },
	/* ... of a whole group: every command in it reads that input, the
	 * next command does not */
	{ "{ sh; cat; } < f\n", 2, 0, { "stdin=1" } },
	{ "{ sh; cat; } < f\n", 2, 1, { "stdin=1" } },
	{ "( sh ) <<EOF\nls\nEOF\n", 1, 0, { "stdin=1" } },
	{ "(sh) <&3\n", 1, 0, { "stdin=1" } },
	{ "{ sh; } <<< ls 2>&1\n", 1, 0, { "stdin=1" } },
	{ "{ sh; } > log\n", 1, 0, { "stdin=0" } },
	{ "{ sh; } 3< f\n", 1, 0, { "stdin=0" } },
	{ "{ sh; } < f\nsh\n", 2, 1, { "stdin=0" } },
	{ "{ sh; } < f; sh\n", 2, 1, { "stdin=0" } },
	{ "{ sh; } < f | cat\n", 2, 1, { "stdin=1" } },
	{ "echo | { a; { sh; } < f; sh; }\n", 4, 3, { "stdin=0" } },
	{ "while read x; do sh; done < list\nsh\n", 3, 1, { "stdin=1" } },
	{ "while read x; do sh; done < list\nsh\n", 3, 2, { "stdin=0" } },
	{ "if a; then sh; fi < f\n", 2, 1, { "stdin=1" } },
	{ "f() { sh; } < in\n", 1, 0, { "stdin=1" } },
	{ "x=$( { sh; } < f )\n", 2, 0, { "stdin=1", "prog=sh" } },
	{ "{ trap 'sh' EXIT; } < f\n", 2, 1, { "trap=1", "stdin=0" } },
	{ "trap '{ sh; } < f' EXIT\n", 2, 1, { "trap=1", "stdin=1" } },
	{ "trap \"echo \\\"x\\\"; srun q\" EXIT\n", 3, 2,
	    { "trap=1", "prog=q" } },
};

static void
test_commands(void **state)
{
	struct rd	 r;
	struct cmdref	 cr;
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cmd_cases); i++) {
		rd_read(&r, cmd_cases[i].script, strlen(cmd_cases[i].script));
		if (r.b.commands.n != cmd_cases[i].ncmds)
			fail_msg("script:\n%s\ncommands: want %zu, got %zu",
			    cmd_cases[i].script, cmd_cases[i].ncmds,
			    r.b.commands.n);
		if (cmd_cases[i].ncmds > 0) {
			cr.b = &r.b;
			cr.cmd = r.b.commands.items[cmd_cases[i].idx];
			check_wants(cmd_cases[i].script, cmd_cases[i].want,
			    cmd_field_v, &cr);
		}
		rd_free(&r);
	}
}

/* ------------------------------------------------------------------ */
/* Body facts. */

static void
join_words(const struct jl_vec *v, char *out, size_t len)
{
	size_t	i, used = 0;

	out[0] = '\0';
	for (i = 0; i < v->n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s",
		    i ? "," : "", ((const struct jl_word *)v->items[i])->text);
}

/*
 * Keys: traps, trapN.h, trapN.sig (comma list), trapN.rq, rqcalls,
 * modules (comma list), assigns (comma list of names), assignN (name=value
 * or name), assignN.exp, assignN.pre, cuda, funcs, fnN, fnN.rq, uq, uqloc,
 * uh, uhloc, trunc, cmds.
 */
static void
body_field(const void *obj, const char *key, char *out, size_t len)
{
	const struct jl_body	*b = obj;
	const struct jl_trap	*t;
	const struct jl_assign	*as;
	const struct jl_func	*f;
	char			 stem[32];
	size_t			 i, j, used;
	const char		*dot = strchr(key, '.');

	i = key_index(key, stem, sizeof(stem));
	out[0] = '\0';
	if (strcmp(key, "traps") == 0)
		snprintf(out, len, "%zu", b->traps.n);
	else if (strcmp(stem, "trap") == 0) {
		if (i >= b->traps.n) {
			snprintf(out, len, "(none)");
			return;
		}
		t = b->traps.items[i];
		if (strcmp(dot, ".h") == 0)
			snprintf(out, len, "%s", nz(t->handler));
		else if (strcmp(dot, ".rq") == 0)
			snprintf(out, len, "%d", t->requeues);
		else if (strcmp(dot, ".sig") == 0)
			for (j = 0, used = 0; j < t->signals.n && used < len;
			    j++)
				used += (size_t)snprintf(out + used,
				    len - used, "%s%s", j ? "," : "",
				    (const char *)t->signals.items[j]);
	} else if (strcmp(key, "rqcalls") == 0)
		snprintf(out, len, "%zu", b->requeue_calls.n);
	else if (strcmp(key, "modules") == 0)
		join_words(&b->modules, out, len);
	else if (strcmp(key, "assigns") == 0) {
		for (j = 0, used = 0; j < b->assigns.n && used < len; j++) {
			as = b->assigns.items[j];
			used += (size_t)snprintf(out + used, len - used,
			    "%s%s", j ? "," : "", as->name);
		}
	} else if (strcmp(stem, "assign") == 0) {
		if (i >= b->assigns.n) {
			snprintf(out, len, "(none)");
			return;
		}
		as = b->assigns.items[i];
		if (dot == NULL && as->value != NULL)
			snprintf(out, len, "%s=%s", as->name, as->value);
		else if (dot == NULL)
			snprintf(out, len, "%s", as->name);
		else if (strcmp(dot, ".exp") == 0)
			snprintf(out, len, "%d", as->exported);
		else if (strcmp(dot, ".pre") == 0)
			snprintf(out, len, "%d", as->prefix);
	} else if (strcmp(key, "cuda") == 0)
		snprintf(out, len, "%zu", b->cuda_visible.n);
	else if (strcmp(key, "funcs") == 0)
		snprintf(out, len, "%zu", b->funcs.n);
	else if (strcmp(stem, "fn") == 0) {
		if (i >= b->funcs.n) {
			snprintf(out, len, "(none)");
			return;
		}
		f = b->funcs.items[i];
		if (dot == NULL)
			snprintf(out, len, "%s", f->name);
		else
			snprintf(out, len, "%d", f->requeues);
	} else if (strcmp(key, "uq") == 0)
		snprintf(out, len, "%d", b->unterminated_quote);
	else if (strcmp(key, "uqloc") == 0)
		snprintf(out, len, "%zu", b->unterminated_quote_loc.off);
	else if (strcmp(key, "uh") == 0)
		snprintf(out, len, "%d", b->unterminated_heredoc);
	else if (strcmp(key, "uhloc") == 0)
		snprintf(out, len, "%zu", b->unterminated_heredoc_loc.off);
	else if (strcmp(key, "trunc") == 0)
		snprintf(out, len, "%d", b->truncated);
	else if (strcmp(key, "cmds") == 0)
		snprintf(out, len, "%zu", b->commands.n);
	else if (strcmp(key, "steps") == 0)
		snprintf(out, len, "%zu", b->steps.n);
	else
		fail_msg("unknown body key %s", key);
}

static const struct {
	const char	*script;
	const char	*want[NWANT];
} body_cases[] = {
	/* Traps and requeue (the function is looked up). */
	{ "requeue_job() {\n  scontrol requeue $SLURM_JOB_ID\n}\n"
	    "trap requeue_job USR1\n",
	    { "traps=1", "trap0.h=requeue_job", "trap0.sig=USR1",
	      "trap0.rq=1", "funcs=1", "fn0=requeue_job", "fn0.rq=1",
	      "rqcalls=1" } },
	{ "trap 'h' SIGUSR1\nh() { scontrol requeue 1; }\n",
	    { "trap0.rq=1", "trap0.sig=USR1" } },
	{ "a() { b; }\nb() { scontrol requeue $X; }\ntrap a TERM\n",
	    { "trap0.rq=1", "fn0.rq=1", "fn1.rq=1" } },
	{ "a() { echo; }\nb() { scontrol requeue $X; }\ntrap a TERM\n",
	    { "trap0.rq=0", "fn0.rq=0", "fn1.rq=1" } },
	{ "trap 'scontrol requeue $SLURM_JOB_ID' USR1\n",
	    { "trap0.rq=1", "trap0.sig=USR1", "rqcalls=1", "cmds=2" } },
	{ "trap \"cleanup; scontrol  requeue $ID\" usr1\n",
	    { "trap0.rq=1", "trap0.sig=USR1" } },
	{ "trap 'echo x; exit 0' SIGTERM\n", { "trap0.rq=0" } },
	{ "trap -- 'echo bye' EXIT\n",
	    { "trap0.h=echo bye", "trap0.sig=EXIT", "trap0.rq=0" } },
	{ "trap 'echo x' 10 15 2 0 sigint Quit\n",
	    { "trap0.sig=USR1,TERM,INT,EXIT,INT,QUIT" } },
	{ "trap - USR1\n", { "traps=1", "trap0.h=(null)",
	      "trap0.sig=USR1" } },
	{ "trap USR2\n", { "trap0.h=(null)", "trap0.sig=USR2" } },
	{ "trap '' TERM\n", { "trap0.h=", "trap0.sig=TERM" } },
	{ "trap -p\ntrap -l\ntrap\n", { "traps=0" } },
	{ "f() { echo; }\ntrap f USR1\n", { "trap0.rq=0" } },
	{ "rq() { scontrol requeue 1; }\necho 'trap rq USR1'\n",
	    { "traps=0" } },
	{ "scontrol requeue $SLURM_JOB_ID\n", { "rqcalls=1" } },
	{ "scontrol -Q requeue 1\n", { "rqcalls=1" } },
	{ "timeout 5 scontrol requeuehold 1\n", { "rqcalls=1" } },
	{ "scontrol show job $SLURM_JOB_ID\n", { "rqcalls=0" } },
	{ "echo scontrol requeue\n", { "rqcalls=0" } },
	/* module load. */
	{ "module load cuda/12.1 gcc/11\nml openmpi\nmodule purge\n"
	    "ml unload x\nmodule add foo\nml load bar\nmodule -q load baz\n"
	    "ml -x\n",
	    { "modules=cuda/12.1,gcc/11,openmpi,foo,bar,baz" } },
	{ "echo module load x\n# module load y\n", { "modules=" } },
	/* Assignments and exports. */
	{ "A=1\nexport B=2\nexport C\ndeclare -x D=4\nlocal E=5\n"
	    "readonly F=6\nG=7 cmd\ntypeset +x H=8\n",
	    { "assigns=A,B,C,D,E,F,G,H", "assign0=A=1", "assign0.exp=0",
	      "assign1.exp=1", "assign2=C", "assign3.exp=1",
	      "assign4.exp=0", "assign6.pre=1", "assign0.pre=0",
	      "assign7.exp=0" } },
	{ "export -n A\nexport -f f\ndeclare -f g\necho X=1\n",
	    { "assigns=" } },
	{ "export CUDA_VISIBLE_DEVICES=0,1\nROCR_VISIBLE_DEVICES=0 ./a\n"
	    "HIP_VISIBLE_DEVICES=1\nenv CUDA_VISIBLE_DEVICES=2 ./b\n",
	    { "cuda=4" } },
	{ "echo CUDA_VISIBLE_DEVICES=0\nexport CUDA_VISIBLE_DEVICES\n",
	    { "cuda=0" } },
	{ "f() { :; }\nfunction g { :; }\nh () ( : )\nfunction i() { :; }\n",
	    { "funcs=4", "fn0=f", "fn1=g", "fn2=h", "fn3=i" } },
	/* Unterminated input. */
	{ "echo 'abc\n", { "uq=1", "uqloc=5", "uh=0" } },
	{ "echo \"abc\n", { "uq=1", "uqloc=5" } },
	{ "echo $(date\n", { "uq=1", "uqloc=5" } },
	{ "echo `date\n", { "uq=1", "uqloc=5" } },
	{ "echo ${x\n", { "uq=1" } },
	{ "echo $'x\n", { "uq=1" } },
	{ "cat <<EOF\nabc\n", { "uh=1", "uhloc=4", "uq=0" } },
	{ "cat <<EOF\nabc\n EOF\nEOF \n", { "uh=1" } },
	{ "cat <<EOF", { "uh=1" } },
	{ "cat <<EOF\nabc\nEOF", { "uh=0" } },
	{ "echo 'ok' \"ok\" $(ok) `ok` ${ok}\n",
	    { "uq=0", "uh=0", "trunc=0" } },
	{ "echo \"it's\" 'say \"hi\"'\n", { "uq=0" } },
};

static void
test_body(void **state)
{
	struct rd	 r;
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(body_cases); i++) {
		rd_read(&r, body_cases[i].script,
		    strlen(body_cases[i].script));
		check_wants(body_cases[i].script, body_cases[i].want,
		    body_field, &r.b);
		rd_free(&r);
	}
}

/* ------------------------------------------------------------------ */
/* Spans. */

static void
assert_span(const struct rd *r, struct jl_loc loc, const char *text)
{
	size_t	len = strlen(text);

	if (loc.len != len || loc.off + len > r->src.len ||
	    memcmp(r->src.data + loc.off, text, len) != 0)
		fail_msg("span %zu+%zu is \"%.*s\", want \"%s\"", loc.off,
		    loc.len, (int)(loc.off < r->src.len ? (loc.len <
		    r->src.len - loc.off ? loc.len : r->src.len - loc.off) :
		    0), r->src.data + (loc.off < r->src.len ? loc.off : 0),
		    text);
}

static void
test_spans(void **state)
{
	static const char	 s1[] =
	    "#!/bin/bash\n#SBATCH -n 4\nsrun -n4 \\\n"
	    "  apptainer exec --nv img.sif python x.py &\n";
	static const char	 s2[] =
	    "srun --container-image=nvcr.io/a:1 ./t\n"
	    "trap 'srun -n2 cleanup' EXIT\n";
	static const char	 s3[] = "cat <<EOF\nbody\n";
	static const char	 s4[] =
	    "cat <<-EOF\n\tdata\n\t$(cat <<IN\n\tx\n\tIN\n\tsrun -n2 \\\n"
	    "\t\thostname)\n\tEOF\nx=`echo \\`srun -n3 b\\``\n";
	struct rd		 r;
	struct jl_step		*st;
	struct jl_stepopt	*o;

	(void)state;
	rd_read(&r, s1, strlen(s1));
	assert_int_equal(r.b.steps.n, 1);
	st = r.b.steps.items[0];
	assert_span(&r, st->loc,
	    "srun -n4 \\\n  apptainer exec --nv img.sif python x.py");
	assert_span(&r, st->launcher_loc, "srun");
	o = st->opts.items[0];
	assert_span(&r, o->loc, "-n4");
	o = st->ctr->flags.items[0];
	assert_span(&r, o->loc, "--nv");
	assert_span(&r, st->ctr->image_loc, "img.sif");
	assert_span(&r, st->ctr->verb_loc, "exec");
	assert_span(&r, st->program_loc, "python");
	rd_free(&r);

	rd_read(&r, s2, strlen(s2));
	assert_int_equal(r.b.steps.n, 2);
	st = r.b.steps.items[0];
	assert_span(&r, st->pyxis_loc, "--container-image=nvcr.io/a:1");
	/* A '...' handler is read in place: exact spans. */
	st = r.b.steps.items[1];
	assert_int_equal(st->in_trap, 1);
	assert_span(&r, st->loc, "srun -n2 cleanup");
	assert_span(&r, st->program_loc, "cleanup");
	rd_free(&r);

	rd_read(&r, s3, strlen(s3));
	assert_span(&r, r.b.unterminated_heredoc_loc, "<<EOF");
	rd_free(&r);

	/* Read from a copy as bash reads it: the span of the substitution
	 * in the script. */
	rd_read(&r, s4, strlen(s4));
	assert_int_equal(r.b.steps.n, 2);
	st = r.b.steps.items[0];
	assert_span(&r, st->loc, "$(cat <<IN\n\tx\n\tIN\n\tsrun -n2 \\\n"
	    "\t\thostname)");
	st = r.b.steps.items[1];
	assert_span(&r, st->loc, "`echo \\`srun -n3 b\\``");
	rd_free(&r);
}

/*
 * Does loc span parent command's words, from the start of one to the end
 * of one (eval a b c reads its operands as one string)?
 */
static int
parent_span(const struct jl_cmd *st, struct jl_loc loc)
{
	const struct jl_word	*w;
	size_t			 i;
	int			 start = 0, end = 0;

	if (st->parent == NULL)
		return 0;
	for (i = 0; i < st->parent->words.n; i++) {
		w = st->parent->words.items[i];
		if (w->loc.off == loc.off)
			start = 1;
		if (w->loc.off + w->loc.len == loc.off + loc.len)
			end = 1;
	}
	return start && end;
}

/*
 * Every plain word (no quotes, no expansion, no backslash) of every
 * case's commands is exactly the source text under its span; words read
 * from a string that is not one '...' carry that string's span, and
 * words read from a copy of what bash reads changed (a backquote body
 * with escapes, a here-document's joined or <<- lines) their
 * substitution's, "`..." or "$(...".
 */
static void
check_plain_spans(const char *script)
{
	struct rd		 r;
	const struct jl_cmd	*st;
	const struct jl_word	*w;
	size_t			 i, j;

	rd_read(&r, script, strlen(script));
	for (i = 0; i < r.b.commands.n; i++) {
		st = r.b.commands.items[i];
		assert_true(st->loc.off + st->loc.len <= r.src.len);
		for (j = 0; j < st->words.n; j++) {
			w = st->words.items[j];
			assert_true(w->loc.off + w->loc.len <= r.src.len);
			if (parent_span(st, w->loc) || w->quoted ||
			    w->has_expansion ||
			    (w->loc.len > 0 && r.src.data[w->loc.off] == '`') ||
			    (r.src.data[w->loc.off] == '$' &&
			    w->loc.len > 1 &&
			    r.src.data[w->loc.off + 1] == '(') ||
			    memchr(r.src.data + w->loc.off, '\\',
			    w->loc.len) != NULL)
				continue;
			if (w->loc.len != strlen(w->text) ||
			    memcmp(r.src.data + w->loc.off, w->text,
			    w->loc.len) != 0)
				fail_msg("script:\n%s\nword \"%s\" at %zu+%zu",
				    script, w->text, w->loc.off, w->loc.len);
		}
	}
	rd_free(&r);
}

static void
test_plain_spans(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < JL_NITEMS(step_cases); i++)
		check_plain_spans(step_cases[i].script);
	for (i = 0; i < JL_NITEMS(cmd_cases); i++)
		check_plain_spans(cmd_cases[i].script);
	for (i = 0; i < JL_NITEMS(body_cases); i++)
		check_plain_spans(body_cases[i].script);
}

/* ------------------------------------------------------------------ */
/* Limits and bad input. */

/* A buffer of n repetitions of unit, between head and tail. */
static char *
repeat(const char *head, const char *unit, size_t n, const char *tail,
    size_t *lenp)
{
	size_t	hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	size_t	i;
	char	*p;

	*lenp = hl + ul * n + tl;
	p = malloc(*lenp + 1);
	assert_non_null(p);
	memcpy(p, head, hl);
	for (i = 0; i < n; i++)
		memcpy(p + hl + i * ul, unit, ul);
	memcpy(p + hl + n * ul, tail, tl);
	p[*lenp] = '\0';
	return p;
}

/* This thread's CPU time: time spent descheduled on a loaded machine does
 * not count against the linear-time bounds below. */
static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read text; return seconds taken. */
static double
timed_read(const char *text, size_t len, struct rd *r)
{
	double	t0 = now();

	rd_read(r, text, len);
	return now() - t0;
}

/* The fastest of five reads: a loaded machine slows single runs.  Freed
 * memory stays with the process (mallopt in test_linear), so later runs
 * time the reader, not the kernel's page faults. */
static double
best_read(const char *text, size_t len)
{
	struct rd	r;
	double		t, best = 1e9;
	int		i;

	for (i = 0; i < 5; i++) {
		t = timed_read(text, len, &r);
		rd_free(&r);
		if (t < best)
			best = t;
	}
	return best;
}

/* jl_launcher_word(): the body reader's launcher names, for a word
 * anywhere in a command (lint/check.c jl_step_multi_gpu()). */
static void
test_launcher_word(void **state)
{
	static const struct {
		const char		*w;
		enum jl_launcher	 kind;
	} cases[] = {
		{ "srun", JL_LAUNCH_SRUN },
		{ "/usr/bin/srun", JL_LAUNCH_SRUN },
		{ "salloc", JL_LAUNCH_SALLOC },
		{ "mpirun", JL_LAUNCH_MPIRUN },
		{ "mpiexec.hydra", JL_LAUNCH_MPIRUN },
		{ "mpiexec.mpich", JL_LAUNCH_MPIRUN },
		{ "/opt/ompi/bin/mpirun", JL_LAUNCH_MPIRUN },
		{ "ibrun", JL_LAUNCH_MPIRUN },
		{ "charmrun", JL_LAUNCH_MPIRUN },
		{ "torchrun", JL_LAUNCH_TORCHRUN },
		{ "torch.distributed.run", JL_LAUNCH_TORCHRUN },
		{ "torch.distributed.launch", JL_LAUNCH_TORCHRUN },
		{ "lightning", JL_LAUNCH_TORCHRUN },
		{ "colossalai", JL_LAUNCH_TORCHRUN },
		{ "accelerate", JL_LAUNCH_ACCELERATE },
		{ "accelerate.commands.launch", JL_LAUNCH_ACCELERATE },
		{ "deepspeed", JL_LAUNCH_DEEPSPEED },
		{ "horovodrun", JL_LAUNCH_HOROVODRUN },
		{ "python3", JL_LAUNCH_NONE },
		{ "apptainer", JL_LAUNCH_NONE },
		{ "train.py", JL_LAUNCH_NONE },
		{ "lightning_train.py", JL_LAUNCH_NONE },
		{ "run", JL_LAUNCH_NONE },
		{ "", JL_LAUNCH_NONE },
		{ "/", JL_LAUNCH_NONE },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cases); i++)
		if (jl_launcher_word(cases[i].w) != cases[i].kind)
			fail_msg("%s: %d, want %d", cases[i].w,
			    (int)jl_launcher_word(cases[i].w),
			    (int)cases[i].kind);
}

static void
test_limits(void **state)
{
	struct rd	 r;
	struct jl_step	*st;
	struct jl_cmd	*cmd;
	char		*p;
	size_t		 len;
	double		 t;

	(void)state;
	/* 10 000 nested subshells: read flat past the depth limit. */
	p = repeat("", "(", 10000, "srun -n3 x", &len);
	{
		char	*q = repeat(p, ")", 10000, "\n", &len);

		free(p);
		p = q;
	}
	t = timed_read(p, len, &r);
	assert_true(r.b.truncated);
	assert_int_equal(r.b.steps.n, 1);
	st = r.b.steps.items[0];
	assert_int_equal(st->nprocs, 3);
	assert_true(t < 5.0);
	rd_free(&r);
	free(p);

	/* 100 000 lines of srun x: all kept, nothing truncated. */
	p = repeat("", "srun x\n", 100000, "", &len);
	t = timed_read(p, len, &r);
	assert_int_equal(r.b.steps.n, 100000);
	assert_false(r.b.truncated);
	assert_true(t < 5.0);
	rd_free(&r);
	free(p);

	/* More commands than JL_BODY_MAX_COMMANDS. */
	p = repeat("", "a;", JL_BODY_MAX_COMMANDS + 10, "\n", &len);
	rd_read(&r, p, len);
	assert_int_equal(r.b.commands.n, JL_BODY_MAX_COMMANDS);
	assert_true(r.b.truncated);
	rd_free(&r);
	free(p);

	/* A 10 MB single line: one word, and one command of many words. */
	p = repeat("echo ", "a", 10 * 1024 * 1024, "\n", &len);
	t = timed_read(p, len, &r);
	assert_int_equal(r.b.commands.n, 1);
	assert_true(t < 5.0);
	rd_free(&r);
	free(p);
	p = repeat("srun -n2 ", "x ", 5 * 1024 * 1024, "\n", &len);
	t = timed_read(p, len, &r);
	assert_int_equal(r.b.steps.n, 1);
	st = r.b.steps.items[0];
	assert_int_equal(st->words.n, JL_BODY_MAX_WORDS);
	assert_int_equal(st->nprocs, 2);
	assert_true(r.b.truncated);
	assert_true(t < 5.0);
	rd_free(&r);
	free(p);

	/* Deep $( ... ), "$( ... ), ${ ... }, `...`, [[ and (( nesting. */
	{
		static const char *const units[] = {
			"$(", "\"$(", "${", "`", "$((", "((", "{ ",
			"if x; then ",
			"for i in a; do ", "case x in a) ", "f() { ", "a=(",
			"<<E ", "[[ ", "'", "\"", "\\", ")", "}", "fi\n",
			"done ", "esac\n", ";;", "<(", "$'", "\x80\xff",
			"`\\`", "\"`\\\"", "\\\\\\`", "$(cat <<-E\n\t",
			"<<E\n\\\n$(", "<<-E\n\t\\\n\t`", "N"
		};
		size_t	i, j;

		for (i = 0; i < JL_NITEMS(units); i++) {
			p = repeat("echo ", units[i], 100000, "\n", &len);
			if (units[i][0] == 'N')		/* NUL bytes */
				memset(p + 5, 0, 100000);
			t = timed_read(p, len, &r);
			if (t >= 5.0)
				fail_msg("unit \"%s\" took %.2fs", units[i], t);
			/* Every span lies inside the text. */
			for (j = 0; j < r.b.commands.n; j++) {
				cmd = r.b.commands.items[j];
				assert_true(cmd->loc.off + cmd->loc.len <= len);
			}
			rd_free(&r);
			free(p);
		}
	}
}

/*
 * Linear time: 16 times the input takes less than 64 times as long
 * (generous slack for noise and caches).
 */
static void
test_linear(void **state)
{
	static const struct {
		const char	*head;
		const char	*unit;
		const char	*tail;
	} gens[] = {
		{ "", "srun -n2 apptainer exec --nv i.sif python x.py\n", "" },
		{ "echo ", "a", "\n" },
		{ "", "(", "" },
		{ "echo ", "$(", "" },
		{ "echo ", "\"$(", "" },
		{ "", "((", "" },
		{ "", "((a\n", "" },
		{ "", "f() { g; }\n", "" },
		{ "cat", " <<E", "\nx\n" },
		{ "", "cat <<E\nsrun x\nE\n", "" },
		{ "", "if x; then\n", "" },
		{ "echo ", "${", "" },
		{ "", "trap 'srun x; scontrol requeue 1' USR1\n", "" },
		{ "", "a=1 ", "srun\n" },
		{ "echo `", "\\`", "`\n" },
		{ "echo ", "`echo \\`srun x\\``", "\n" },
		{ "cat <<-E\n", "\t$(cat <<-E\n\t\\\n", "" },
		{ "cat <<-E\n", "\tsrun $(srun -o 'a\n\tb' x)\n", "E\n" },
		{ "cat <<E\n", "$(x 'a\\\n", "" },
	};
	size_t		 i, len1, len16, base = 40000;
	char		*p1, *p16;
	double		 t1, t16;

	(void)state;
	mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	for (i = 0; i < JL_NITEMS(gens); i++) {
		p1 = repeat(gens[i].head, gens[i].unit,
		    base / strlen(gens[i].unit) + 1, gens[i].tail, &len1);
		p16 = repeat(gens[i].head, gens[i].unit,
		    16 * (base / strlen(gens[i].unit) + 1), gens[i].tail,
		    &len16);
		t1 = best_read(p1, len1);
		t16 = best_read(p16, len16);
		if (t16 > 64 * t1 + 0.05)
			fail_msg("\"%s\": %zu bytes %.4fs, %zu bytes %.4fs",
			    gens[i].unit, len1, t1, len16, t16);
		free(p1);
		free(p16);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_plain_spans),
		cmocka_unit_test(test_launcher_word),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
