/*
 * job-json.c: the model as JSON, for `jlint parse`.  It is the view a
 * policy author uses to see what jlint understood: effective values with
 * origins, resources, directives, steps and body facts.  Schema version 1;
 * new members may be added, existing ones keep their meaning.
 */
#include <string.h>

#include "fields.h"
#include "job.h"
#include "output.h"

static void
json_key(struct jl_buf *b, int *first, const char *key)
{
	if (!*first)
		jl_buf_putc(b, ',');
	*first = 0;
	jl_buf_json_str(b, key);
	jl_buf_putc(b, ':');
}

static void
json_int(struct jl_buf *b, int *first, const char *key, int64_t n)
{
	json_key(b, first, key);
	if (n < 0)
		jl_buf_puts(b, "null");
	else
		jl_buf_printf(b, "%lld", (long long)n);
}

static void
json_bool(struct jl_buf *b, int *first, const char *key, int v)
{
	json_key(b, first, key);
	jl_buf_puts(b, v ? "true" : "false");
}

/* 1 true, 0 false, -1 (jlint cannot know) null. */
static void
json_tri(struct jl_buf *b, int *first, const char *key, int v)
{
	json_key(b, first, key);
	jl_buf_puts(b, v < 0 ? "null" : v ? "true" : "false");
}

static void
json_str(struct jl_buf *b, int *first, const char *key, const char *s)
{
	json_key(b, first, key);
	jl_buf_json_str(b, s);
}

static void
json_loc(struct jl_buf *b, int *first, const char *key,
    const struct jl_src *src, struct jl_loc loc)
{
	json_key(b, first, key);
	jl_loc_json(src, loc, b);
}

static void
value_json(const struct jl_model *m, const struct jl_value *v,
    struct jl_buf *b)
{
	int	first = 1;

	jl_buf_putc(b, '{');
	json_key(b, &first, "value");
	if (v->opt->arg == JL_ARG_NONE)
		jl_buf_puts(b, "true");
	else
		jl_buf_json_str(b, v->text);
	json_str(b, &first, "written", v->written);
	json_bool(b, &first, "valid", v->valid);
	json_key(b, &first, "origin");
	{
		int f2 = 1;

		jl_buf_putc(b, '{');
		json_str(b, &f2, "kind", jl_origin_name(v->origin));
		if (v->origin == JL_ORIG_DIRECTIVE || v->origin == JL_ORIG_PBS) {
			unsigned line, col;

			jl_src_linecol(&m->script.src, v->loc.off, &line, &col);
			json_str(b, &f2, "file", m->script.src.name);
			json_int(b, &f2, "line", line);
			json_int(b, &f2, "column", col);
			json_loc(b, &f2, "span", &m->script.src, v->loc);
		} else if (v->origin == JL_ORIG_ENV)
			json_str(b, &f2, "variable", v->env);
		jl_buf_putc(b, '}');
	}
	jl_buf_putc(b, '}');
}

static void
gpu_json(struct jl_buf *b, const struct jl_job *j)
{
	int	first = 1;

	jl_buf_putc(b, '{');
	json_bool(b, &first, "requested", jl_job_gets_gpus(j));
	json_str(b, &first, "type", j->gpu_type);
	json_int(b, &first, "per_job", j->gpus_per_job);
	json_int(b, &first, "per_node", j->gpus_per_node);
	json_int(b, &first, "per_task", j->gpus_per_task);
	json_int(b, &first, "per_socket", j->gpus_per_socket);
	json_int(b, &first, "total", j->gpus_total);
	json_int(b, &first, "per_node_estimate", j->gpus_node_est);
	jl_buf_putc(b, '}');
}

static const char *
mem_kind_name(enum jl_mem_kind k)
{
	switch (k) {
	case JL_MEM_PER_NODE:
		return "per_node";
	case JL_MEM_PER_CPU:
		return "per_cpu";
	case JL_MEM_PER_GPU:
		return "per_gpu";
	default:
		return NULL;
	}
}

static void
time_json(struct jl_buf *b, int *first, const char *key, int set,
    const struct jl_time *t)
{
	int	f2 = 1;

	json_key(b, first, key);
	if (!set) {
		jl_buf_puts(b, "null");
		return;
	}
	jl_buf_putc(b, '{');
	json_bool(b, &f2, "unlimited", t->minutes == JL_TIME_INFINITE);
	json_int(b, &f2, "minutes", t->minutes == JL_TIME_INFINITE ? -1 :
	    t->minutes);
	json_int(b, &f2, "seconds", t->minutes == JL_TIME_INFINITE ? -1 :
	    t->seconds);
	jl_buf_putc(b, '}');
}

static void
pattern_json(struct jl_buf *b, int *first, const char *key,
    const struct jl_value *v, const struct jl_pattern *p)
{
	int	f2 = 1;

	json_key(b, first, key);
	if (v == NULL || v->text == NULL) {
		jl_buf_puts(b, "null");
		return;
	}
	jl_buf_putc(b, '{');
	json_str(b, &f2, "pattern", v->text);
	json_bool(b, &f2, "none", p->none);
	json_bool(b, &f2, "expands", !p->escaped);
	json_bool(b, &f2, "has_job_id", p->has_j || p->has_A);
	json_bool(b, &f2, "has_array_task", p->has_a);
	jl_buf_putc(b, '}');
}

static void
job_json(const struct jl_model *m, const struct jl_job *j, struct jl_buf *b)
{
	size_t	i;
	int	first = 1, f2;

	jl_buf_putc(b, '{');
	json_int(b, &first, "component", j->component);
	json_key(b, &first, "options");
	jl_buf_putc(b, '{');
	f2 = 1;
	for (i = 0; i < JL_O__COUNT; i++) {
		if (j->v[i] == NULL)
			continue;
		{
			const struct jl_opt *canon = jl_opt_by_id(JL_CMD_SBATCH,
			    j->v[i]->opt->id);

			json_key(b, &f2, canon != NULL ? canon->name :
			    j->v[i]->opt->name);
		}
		value_json(m, j->v[i], b);
	}
	jl_buf_putc(b, '}');
	json_key(b, &first, "resources");
	jl_buf_putc(b, '{');
	f2 = 1;
	time_json(b, &f2, "time", j->time_set, &j->time);
	time_json(b, &f2, "time_min", j->time_min_set, &j->time_min);
	json_key(b, &f2, "partitions");
	jl_buf_putc(b, '[');
	for (i = 0; i < j->partitions.n; i++) {
		if (i)
			jl_buf_putc(b, ',');
		jl_buf_json_str(b, j->partitions.items[i]);
	}
	jl_buf_putc(b, ']');
	json_int(b, &f2, "nodes_min", j->nodes_min);
	json_int(b, &f2, "nodes_max", j->nodes_max);
	json_int(b, &f2, "ntasks", j->ntasks);
	json_int(b, &f2, "ntasks_per_node", j->ntasks_per_node);
	json_int(b, &f2, "cpus_per_task", j->cpus_per_task);
	json_key(b, &f2, "memory");
	if (j->mem_kind == JL_MEM_UNSET)
		jl_buf_puts(b, "null");
	else {
		int f3 = 1;

		jl_buf_putc(b, '{');
		json_str(b, &f3, "kind", mem_kind_name(j->mem_kind));
		json_int(b, &f3, "mb", (int64_t)j->mem_mb);
		json_bool(b, &f3, "whole_node", j->mem_kind ==
		    JL_MEM_PER_NODE && j->mem_mb == 0);
		jl_buf_putc(b, '}');
	}
	json_key(b, &f2, "gpus");
	gpu_json(b, j);
	json_tri(b, &f2, "requeue", j->requeue);
	json_key(b, &f2, "exclusive");
	switch (j->shared) {
	case 0:
		jl_buf_puts(b, "\"exclusive\"");
		break;
	case 1:
		jl_buf_puts(b, "\"oversubscribe\"");
		break;
	case 2:
		jl_buf_puts(b, "\"user\"");
		break;
	case 3:
		jl_buf_puts(b, "\"mcs\"");
		break;
	default:
		jl_buf_puts(b, "null");
	}
	json_key(b, &f2, "array");
	if (!j->array_set)
		jl_buf_puts(b, "null");
	else {
		int f3 = 1;

		jl_buf_putc(b, '{');
		json_int(b, &f3, "tasks", j->array.ntasks);
		json_int(b, &f3, "min_index", j->array.min_index);
		json_int(b, &f3, "max_index", j->array.max_index);
		json_int(b, &f3, "throttle", j->array.throttle);
		jl_buf_putc(b, '}');
	}
	json_key(b, &f2, "signal");
	if (!j->signal_set)
		jl_buf_puts(b, "null");
	else {
		int f3 = 1;

		jl_buf_putc(b, '{');
		json_int(b, &f3, "number", j->signal.signo);
		json_str(b, &f3, "name", j->signal.name);
		json_int(b, &f3, "seconds_before_end", j->signal.secs);
		json_bool(b, &f3, "batch_shell_only", j->signal.batch_only);
		jl_buf_putc(b, '}');
	}
	pattern_json(b, &f2, "output", j->v[JL_O_OUTPUT], &j->out);
	pattern_json(b, &f2, "error", j->v[JL_O_ERROR], &j->err);
	jl_buf_putc(b, '}');
	jl_buf_putc(b, '}');
}

static const char *
line_kind_name(enum jl_line_kind k)
{
	switch (k) {
	case JL_LINE_DIRECTIVE:
		return "directive";
	case JL_LINE_LATE:
		return "late";
	case JL_LINE_NEAR_MISS:
		return "near-miss";
	case JL_LINE_MALFORMED:
		return "malformed";
	case JL_LINE_PBS:
		return "pbs";
	default:
		return "other";
	}
}

static void
directives_json(const struct jl_model *m, struct jl_buf *b)
{
	const struct jl_directive	*d;
	const struct jl_token		*t;
	size_t				 i, j;
	int				 first;

	jl_buf_putc(b, '[');
	for (i = 0; i < m->script.lines_dir.n; i++) {
		d = m->script.lines_dir.items[i];
		if (i)
			jl_buf_putc(b, ',');
		first = 1;
		jl_buf_putc(b, '{');
		json_int(b, &first, "line", d->line);
		json_str(b, &first, "kind", line_kind_name(d->kind));
		json_int(b, &first, "component", d->component);
		if (d->hetsep)
			json_bool(b, &first, "hetjob", 1);
		json_key(b, &first, "text");
		jl_buf_json(b, m->script.src.data + d->loc.off, d->loc.len);
		json_key(b, &first, "tokens");
		jl_buf_putc(b, '[');
		for (j = 0; j < d->tokens.n; j++) {
			t = d->tokens.items[j];
			if (j)
				jl_buf_putc(b, ',');
			jl_buf_json_str(b, t->text);
		}
		jl_buf_puts(b, "]}");
	}
	jl_buf_putc(b, ']');
}

static const char *
launcher_name(enum jl_launcher l)
{
	switch (l) {
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
	default:
		return NULL;
	}
}

static void
stepopts_json(const struct jl_vec *v, struct jl_buf *b)
{
	const struct jl_stepopt	*o;
	size_t			 i;
	int			 first;

	jl_buf_putc(b, '[');
	for (i = 0; i < v->n; i++) {
		o = v->items[i];
		if (i)
			jl_buf_putc(b, ',');
		first = 1;
		jl_buf_putc(b, '{');
		json_str(b, &first, "name", o->name);
		json_str(b, &first, "value", o->value);
		jl_buf_putc(b, '}');
	}
	jl_buf_putc(b, ']');
}

/* The instance an instance://NAME image names: where it starts and its
 * image, not its members again (an instance may run another's image). */
static void
instance_json(const struct jl_model *m, const struct jl_container *c,
    struct jl_buf *b)
{
	int	first = 1;

	if (c == NULL) {
		jl_buf_puts(b, "null");
		return;
	}
	jl_buf_putc(b, '{');
	json_loc(b, &first, "span", &m->script.src, c->verb_loc);
	json_str(b, &first, "name", c->instance_name);
	json_str(b, &first, "image", c->image);
	jl_buf_putc(b, '}');
}

static void
steps_json(const struct jl_model *m, struct jl_buf *b)
{
	const struct jl_step		*s;
	const struct jl_container	*c;
	const struct jl_word		*w;
	size_t				 i, j;
	int				 first, f2;

	jl_buf_putc(b, '[');
	for (i = 0; i < m->body.steps.n; i++) {
		s = m->body.steps.items[i];
		if (i)
			jl_buf_putc(b, ',');
		first = 1;
		jl_buf_putc(b, '{');
		json_loc(b, &first, "span", &m->script.src, s->loc);
		json_str(b, &first, "launcher", launcher_name(s->launcher));
		json_key(b, &first, "options");
		stepopts_json(&s->opts, b);
		json_int(b, &first, "processes", s->nprocs);
		json_int(b, &first, "gpus", s->ngpus);
		json_bool(b, &first, "pty", s->pty);
		json_bool(b, &first, "background", s->background);
		json_bool(b, &first, "in_function", s->in_function);
		json_bool(b, &first, "in_loop", s->in_loop);
		json_str(b, &first, "program", s->program);
		if (s->pyxis_image != NULL)
			json_str(b, &first, "container_image", s->pyxis_image);
		json_key(b, &first, "container");
		if ((c = s->ctr) == NULL) {
			jl_buf_puts(b, "null");
		} else {
			f2 = 1;
			jl_buf_putc(b, '{');
			json_str(b, &f2, "runtime", c->runtime ==
			    JL_CTR_APPTAINER ? "apptainer" : "singularity");
			json_str(b, &f2, "verb", c->verb);
			json_key(b, &f2, "flags");
			stepopts_json(&c->flags, b);
			json_key(b, &f2, "flags_after_image");
			stepopts_json(&c->late_flags, b);
			json_str(b, &f2, "image", c->image);
			json_str(b, &f2, "image_resolved", c->image_resolved);
			json_bool(b, &f2, "flags_unknown", c->opaque);
			json_key(b, &f2, "args");
			jl_buf_putc(b, '[');
			for (j = 0; j < c->args.n; j++) {
				w = c->args.items[j];
				if (j)
					jl_buf_putc(b, ',');
				jl_buf_json_str(b, w->text);
			}
			jl_buf_putc(b, ']');
			json_bool(b, &f2, "nv", c->nv);
			json_bool(b, &f2, "rocm", c->rocm);
			json_bool(b, &f2, "nv_from_env", c->nv_env);
			json_bool(b, &f2, "rocm_from_env", c->rocm_env);
			json_bool(b, &f2, "cleanenv", c->cleanenv);
			json_bool(b, &f2, "containall", c->containall);
			json_tri(b, &f2, "nvccli", c->nvccli);
			json_tri(b, &f2, "dev_hidden", c->dev_hidden);
			json_str(b, &f2, "dev_hidden_by", c->dev_why);
			json_tri(b, &f2, "binds_amd_dev", c->amd_binds);
			json_str(b, &f2, "instance_name", c->instance_name);
			json_key(b, &f2, "instance");
			instance_json(m, c->instance, b);
			jl_buf_putc(b, '}');
		}
		jl_buf_putc(b, '}');
	}
	jl_buf_putc(b, ']');
}

static void
body_json(const struct jl_model *m, struct jl_buf *b)
{
	const struct jl_trap	*t;
	const struct jl_assign	*as;
	const struct jl_word	*w;
	size_t			 i, j;
	int			 first = 1, f2;

	jl_buf_putc(b, '{');
	json_key(b, &first, "traps");
	jl_buf_putc(b, '[');
	for (i = 0; i < m->body.traps.n; i++) {
		t = m->body.traps.items[i];
		if (i)
			jl_buf_putc(b, ',');
		f2 = 1;
		jl_buf_putc(b, '{');
		json_loc(b, &f2, "span", &m->script.src, t->loc);
		json_str(b, &f2, "handler", t->handler);
		json_key(b, &f2, "signals");
		jl_buf_putc(b, '[');
		for (j = 0; j < t->signals.n; j++) {
			if (j)
				jl_buf_putc(b, ',');
			jl_buf_json_str(b, t->signals.items[j]);
		}
		jl_buf_putc(b, ']');
		json_bool(b, &f2, "requeues", t->requeues);
		jl_buf_putc(b, '}');
	}
	jl_buf_putc(b, ']');
	json_key(b, &first, "assignments");
	jl_buf_putc(b, '[');
	for (i = 0; i < m->body.assigns.n; i++) {
		as = m->body.assigns.items[i];
		if (i)
			jl_buf_putc(b, ',');
		f2 = 1;
		jl_buf_putc(b, '{');
		json_str(b, &f2, "name", as->name);
		json_str(b, &f2, "value", as->value);
		json_bool(b, &f2, "exported", as->exported);
		json_loc(b, &f2, "span", &m->script.src, as->loc);
		jl_buf_putc(b, '}');
	}
	jl_buf_putc(b, ']');
	json_key(b, &first, "modules");
	jl_buf_putc(b, '[');
	for (i = 0; i < m->body.modules.n; i++) {
		w = m->body.modules.items[i];
		if (i)
			jl_buf_putc(b, ',');
		jl_buf_json_str(b, w->text);
	}
	jl_buf_putc(b, ']');
	json_int(b, &first, "scontrol_requeue_calls",
	    (int64_t)m->body.requeue_calls.n);
	json_int(b, &first, "gpu_visibility_overrides",
	    (int64_t)m->body.cuda_visible.n);
	json_int(b, &first, "commands", (int64_t)m->body.commands.n);
	json_bool(b, &first, "unterminated_heredoc",
	    m->body.unterminated_heredoc);
	json_bool(b, &first, "unterminated_quote", m->body.unterminated_quote);
	json_bool(b, &first, "truncated", m->body.truncated);
	jl_buf_putc(b, '}');
}

void
jl_model_json(const struct jl_model *m, struct jl_buf *b)
{
	const struct jl_script	*s = &m->script;
	size_t			 i;
	int			 first = 1, f2, reject = 0;

	for (i = 0; i < m->findings.v.n; i++)
		if (((struct jl_finding *)m->findings.v.items[i])->sev ==
		    JL_SEV_ERROR)
			reject = 1;
	jl_buf_putc(b, '{');
	json_int(b, &first, "schema", 1);
	json_str(b, &first, "file", s->src.name);
	json_key(b, &first, "slurm_version");
	jl_buf_printf(b, "\"%u.%02u\"", m->version / 100, m->version % 100);
	json_bool(b, &first, "sbatch_would_reject", reject);
	json_key(b, &first, "checks");
	f2 = 1;
	jl_buf_putc(b, '{');
	json_bool(b, &f2, "empty", s->empty || s->whitespace_only);
	json_bool(b, &f2, "shebang", !s->no_shebang && !s->empty &&
	    !s->whitespace_only);
	json_bool(b, &f2, "nul_byte", s->has_nul);
	json_bool(b, &f2, "crlf", s->has_crlf);
	jl_buf_putc(b, '}');
	json_key(b, &first, "first_command");
	if (!s->has_command)
		jl_buf_puts(b, "null");
	else {
		f2 = 1;
		jl_buf_putc(b, '{');
		json_int(b, &f2, "line", s->first_command_line);
		json_key(b, &f2, "text");
		jl_buf_json(b, s->src.data + s->first_command.off,
		    s->first_command.len);
		jl_buf_putc(b, '}');
	}
	json_key(b, &first, "directives");
	directives_json(m, b);
	json_int(b, &first, "het_components", s->ncomponents);
	json_key(b, &first, "components");
	jl_buf_putc(b, '[');
	for (i = 0; i < m->jobs.n; i++) {
		if (i)
			jl_buf_putc(b, ',');
		job_json(m, m->jobs.items[i], b);
	}
	jl_buf_putc(b, ']');
	/* The job by the names rules use (fields.c); components[].resources
	 * keeps its older names for one release. */
	json_key(b, &first, "job");
	jl_job_view_json(m, b);
	json_key(b, &first, "steps");
	steps_json(m, b);
	json_key(b, &first, "body");
	body_json(m, b);
	json_key(b, &first, "findings");
	jl_buf_putc(b, '[');
	for (i = 0; i < m->findings.v.n; i++) {
		if (i)
			jl_buf_putc(b, ',');
		jl_buf_putc(b, '{');
		jl_finding_json(m->findings.v.items[i], s->src.name, b);
		jl_buf_putc(b, '}');
	}
	jl_buf_puts(b, "]}\n");
}
