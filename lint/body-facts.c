/*
 * body-facts.c: the body facts of the body reader (body-int.h): variable
 * assignments, export, declare, local, readonly and unset; the
 * APPTAINER_* / SINGULARITY_* variables body-steps.c reads; GPU
 * visibility overrides (CUDA_VISIBLE_DEVICES ...); module load; trap
 * handlers and bash -c strings, read again as commands; scontrol requeue,
 * and after the last command, which functions and traps requeue.
 */
#include <string.h>

#include "body-int.h"

int
jl_body_env_var(const char *s)
{
	size_t	n;

	if (s[0] == 'A')
		return strncmp(s, "APPTAINER_", 10) == 0;
	if (s[0] != 'S')
		return 0;
	if (strncmp(s, "SINGULARITY_", 12) == 0)
		return 1;
	n = strncmp(s, "SLURM_EXPORT_ENV", 16) == 0 ? 16 :
	    strncmp(s, "SRUN_EXPORT_ENV", 15) == 0 ? 15 : 0;
	return n > 0 && (s[n] == '\0' || s[n] == '=');
}

/* Pairs: APPTAINER_x, then SINGULARITY_x (env_effective() relies on it);
 * then srun's pair, the first going over the second likewise. */
const char *const bd_env_names[EV_COUNT] = {
	"APPTAINER_NV", "SINGULARITY_NV", "APPTAINER_ROCM", "SINGULARITY_ROCM",
	"APPTAINER_NVCCLI", "SINGULARITY_NVCCLI",
	"APPTAINER_CONTAIN", "SINGULARITY_CONTAIN",
	"APPTAINER_CONTAINALL", "SINGULARITY_CONTAINALL",
	"APPTAINER_COMPAT", "SINGULARITY_COMPAT",
	"APPTAINER_NO_MOUNT", "SINGULARITY_NO_MOUNT",
	"APPTAINER_BIND", "SINGULARITY_BIND",
	"APPTAINER_BINDPATH", "SINGULARITY_BINDPATH",
	"SRUN_EXPORT_ENV", "SLURM_EXPORT_ENV"
};

const char *const *
jl_body_env_names(size_t *n)
{
	*n = EV_COUNT;
	return bd_env_names;
}

/* A trap and the commands read from its handler text. */
struct traprec {
	struct jl_trap	*t;
	size_t		 start;
	size_t		 end;
};

/* ------------------------------------------------------------------ */
/* Body facts: assignments, exports, modules, traps, requeue. */

static int
is_gpu_visible(const char *name)
{
	switch (name[0]) {
	case 'C':
		return bd_streq(name, "CUDA_VISIBLE_DEVICES");
	case 'R':
		return bd_streq(name, "ROCR_VISIBLE_DEVICES");
	case 'H':
		return bd_streq(name, "HIP_VISIBLE_DEVICES");
	default:
		return 0;
	}
}

/* Are t's expansions all plain parameters ($NAME, ${...}): no $( ... ),
 * no `...`?  One pass. */
static int
plain_params(const char *t)
{
	if (strchr(t, '`') != NULL)
		return 0;
	while ((t = strchr(t, '$')) != NULL) {
		if (t[1] == '(')
			return 0;
		if (t[1] == '{' && (t = strchr(t, '}')) == NULL)
			return 0;
		t++;
	}
	return 1;
}

static size_t
var_hash(const char *name, size_t len)
{
	size_t	h = 2166136261u, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

#define VAR_PROBES	64	/* slots looked at for one name */

/* name's slot (empty if it has none), or NULL past VAR_PROBES. */
static struct varslot *
var_slot(struct varslot *tab, size_t cap, const char *name, size_t len)
{
	size_t	i = var_hash(name, len) & (cap - 1), k;

	for (k = 0; k < VAR_PROBES; k++, i = (i + 1) & (cap - 1))
		if (tab[i].name == NULL || (strncmp(tab[i].name, name,
		    len) == 0 && tab[i].name[len] == '\0'))
			return &tab[i];
	return NULL;
}

/*
 * The innermost open scope's variable name (struct scopevar), or NULL;
 * *beyond: it is past a mark (a function's or a string's start), where
 * the reader does not see it as it is.
 */
static struct scopevar *
scope_find(const struct ctx *c, const char *name, size_t len, int *beyond)
{
	struct scopevar	*sv;
	size_t		 i;

	*beyond = 0;
	for (i = c->nscoped; i > 0; i--) {
		sv = &c->scoped[i - 1];
		if (sv->v.name == NULL)
			*beyond = 1;
		else if (strncmp(sv->v.name, name, len) == 0 &&
		    sv->v.name[len] == '\0')
			return sv;
	}
	return NULL;
}

/* The script's own variable name (its table), or NULL. */
static struct varslot *
var_global(const struct ctx *c, const char *name, size_t len)
{
	struct varslot	*v;

	if (c->capvars == 0 || c->vars_lossy)
		return NULL;
	v = var_slot(c->vars, c->capvars, name, len);
	return v != NULL && v->name != NULL ? v : NULL;
}

/*
 * The variable name as a reference where the reader is sees it: the
 * innermost open scope's, else the script's.  NULL with *unknown set:
 * jlint cannot know it here (a scope beyond a mark has it, the stack or
 * the table gave up).
 */
static struct varslot *
var_look(const struct ctx *c, const char *name, size_t len, int *unknown)
{
	struct scopevar	*sv;
	int		 beyond;

	*unknown = 1;
	if (c->over_p != NULL)
		return NULL;
	if ((sv = scope_find(c, name, len, &beyond)) != NULL)
		return beyond ? NULL : &sv->v;
	if (c->vars_lossy)
		return NULL;
	*unknown = 0;
	return var_global(c, name, len);
}

struct varslot *
bd_var_find(const struct ctx *c, const char *name, size_t len)
{
	int	unknown;

	return var_look(c, name, len, &unknown);
}

/* v takes the assignment as: its value if it had none, else "varies"
 * unless as gives the same one. */
static void
slot_assign(struct varslot *v, const struct jl_assign *as)
{
	if (v->name == NULL) {
		v->name = as->name;
		v->value = as->value;
		v->varies = as->value == NULL;
		v->exp = (unsigned char)as->has_expansion;
		v->len = as->value != NULL ? strlen(as->value) : 0;
		v->plain = as->value != NULL && (!v->exp ||
		    plain_params(as->value));
	} else if (as->value == NULL || v->value == NULL ||
	    strcmp(as->value, v->value) != 0 ||
	    v->exp != (unsigned char)as->has_expansion)
		v->varies = 1;
}

/* as in the table of the script's variables (struct varslot); varies:
 * its value there is not known (it may or may not have been set). */
static void
var_note(struct ctx *c, const struct jl_assign *as, int varies)
{
	struct varslot	*tab, *v;
	size_t		 cap, i;

	if (c->vars_lossy)
		return;
	if (2 * (c->nvars + 1) > c->capvars) {
		cap = c->capvars ? 2 * c->capvars : 64;
		if ((tab = bd_alloc(c, cap * sizeof(*tab))) == NULL)
			return;
		memset(tab, 0, cap * sizeof(*tab));
		for (i = 0; i < c->capvars; i++)
			if (c->vars[i].name != NULL) {
				if ((v = var_slot(tab, cap, c->vars[i].name,
				    strlen(c->vars[i].name))) == NULL) {
					c->vars_lossy = 1;
					return;
				}
				*v = c->vars[i];
			}
		c->vars = tab;
		c->capvars = cap;
	}
	/* Names made to collide (hash flooding) make lookups long: past
	 * VAR_PROBES the table gives up and no variable is known. */
	if ((v = var_slot(c->vars, c->capvars, as->name,
	    strlen(as->name))) == NULL) {
		c->vars_lossy = 1;
		return;
	}
	if (v->name == NULL)
		c->nvars++;
	slot_assign(v, as);
	if (varies)
		v->varies = 1;
}

/*
 * The scope a variable p sets ends with (struct scopevar): the innermost
 * child shell, or with local the innermost function if that is nearer.
 * 0: none (the script's own variable); -1: local outside a function
 * (bash refuses it: no variable is set).
 */
static int
scope_of(const struct parse *p, int local, size_t *depth)
{
	const struct frame	*f;
	size_t			 i, n = p->nframes < MAXD ? p->nframes : MAXD;

	if (local) {
		for (i = 0; i < n && !p->frames[i].func; i++)
			continue;
		if (i == n)
			return -1;
	}
	for (i = n; i > 0; i--) {
		f = &p->frames[i - 1];
		if (f->kind == F_SUBSHELL || f->kind == F_COMSUB ||
		    f->kind == F_SUB || (local && f->func)) {
			*depth = i;
			return 1;
		}
	}
	*depth = 0;
	return p->parent != NULL && !p->in_trap;
}

/* A new entry of the scope (p, depth), or NULL (the stack is full: no
 * variable is known until that scope ends). */
static struct scopevar *
scoped_push(struct ctx *c, const struct parse *p, size_t depth)
{
	struct scopevar	*sv;

	if (c->over_p != NULL)
		return NULL;
	if (c->scoped == NULL && (c->scoped = bd_alloc(c,
	    SCOPED_MAX * sizeof(*c->scoped))) == NULL)
		return NULL;
	if (c->nscoped == SCOPED_MAX) {
		c->over_p = p;
		c->over_depth = depth;
		return NULL;
	}
	sv = &c->scoped[c->nscoped++];
	memset(sv, 0, sizeof(*sv));
	sv->p = p;
	sv->depth = depth;
	return sv;
}

/*
 * What runs from here on does not see the variables of the scopes open
 * now, or not as they are here: a function's body (it runs when called,
 * maybe after they ended), a trap's handler, the string of bash -c (a
 * new shell).  Names set in them are unknown beyond this mark
 * (var_look()); the mark goes with the scope (p, depth).
 */
void
bd_scope_mark(struct ctx *c, const struct parse *p, size_t depth)
{
	if (c->nscoped > 0 || c->over_p != NULL)
		(void)scoped_push(c, p, depth);
}

/* as, set in the scope (p, depth), on the stack of open scopes; local: a
 * new variable, else the value it had there so far goes on with it. */
static void
scoped_note(struct ctx *c, const struct parse *p, size_t depth,
    const struct jl_assign *as, int local)
{
	struct scopevar	*sv;
	struct varslot	*outer = NULL;
	size_t		 i;
	int		 unknown = 0;

	if (c->over_p != NULL)
		return;
	/* The scope's own are the last ones: the others were closed. */
	for (i = c->nscoped; i > 0 && c->scoped[i - 1].p == p &&
	    c->scoped[i - 1].depth == depth; i--)
		if (c->scoped[i - 1].v.name != NULL &&
		    bd_streq(c->scoped[i - 1].v.name, as->name)) {
			slot_assign(&c->scoped[i - 1].v, as);
			return;
		}
	if (!local)
		outer = var_look(c, as->name, strlen(as->name), &unknown);
	if ((sv = scoped_push(c, p, depth)) == NULL)
		return;
	/* ( if ...; then X=b; fi; srun $X ): X may still be the outer one. */
	if (outer != NULL)
		sv->v = *outer;
	slot_assign(&sv->v, as);
	if (unknown)
		sv->v.varies = 1;
}

/*
 * p's frames went down to to (all: p is done): the variables of the
 * scopes that ended are gone.
 */
void
bd_scope_end(struct ctx *c, const struct parse *p, size_t to, int all)
{
	while (c->nscoped > 0 && c->scoped[c->nscoped - 1].p == p &&
	    (all || c->scoped[c->nscoped - 1].depth > to))
		c->nscoped--;
	if (c->over_p == p && (all || c->over_depth > to))
		c->over_p = NULL;
}

/*
 * A command may call a function of the script, which may set any
 * variable the caller sees (bash's scoping is dynamic): the open scopes'
 * variables are no longer known.
 */
static void
scoped_call(struct ctx *c, const char *prog)
{
	const struct fnrec	*fr;
	size_t			 i;

	if (c->nscoped == 0)
		return;
	if (c->fns.n <= 256) {
		for (i = 0; i < c->fns.n; i++) {
			fr = c->fns.items[i];
			if (bd_streq(fr->f->name, prog))
				break;
		}
		if (i == c->fns.n)
			return;
	}
	for (i = 0; i < c->nscoped; i++)
		c->scoped[i].v.varies = 1;
}

/*
 * A shell variable as p sets it: in the scope it belongs to (local: the
 * function's), else in a function's local of the same name that is open,
 * else the script's.
 */
static void
var_assign(struct parse *p, const struct jl_assign *as, int local)
{
	struct ctx	*c = p->c;
	struct scopevar	*sv;
	size_t		 depth;
	int		 k, beyond;

	if ((k = scope_of(p, local, &depth)) < 0)
		return;		/* bash: local outside a function fails */
	if (k > 0) {
		scoped_note(c, p, depth, as, local);
		return;
	}
	/* The stack gave up: the name may be a local jlint dropped. */
	if (c->over_p != NULL) {
		var_note(c, as, 1);
		return;
	}
	if ((sv = scope_find(c, as->name, strlen(as->name), &beyond)) ==
	    NULL)
		var_note(c, as, 0);
	else if (!beyond)
		slot_assign(&sv->v, as);
	else {
		/* A function defined in another sets the name of the other's
		 * local: which one it sets depends on when it runs. */
		sv->v.varies = 1;
		var_note(c, as, 1);
	}
}

/*
 * shell_var: 1 a shell variable, 0 NAME=value for one command only, -1
 * a local one (local, or declare in a function: var_assign()).
 */
static void
note_assign(struct parse *p, struct jl_assign *as, int shell_var)
{
	struct ctx	*c = p->c;
	size_t	k;

	if (as == NULL)
		return;
	bd_vpush(c, &c->body->assigns, as);
	if (!as->prefix && shell_var != 0)
		var_assign(p, as, shell_var < 0);
	if (as->value != NULL && is_gpu_visible(as->name))
		bd_vpush(c, &c->body->cuda_visible, as);
	/* Every name of bd_env_names[] passes jl_body_env_var(). */
	if (!shell_var || as->value == NULL || !jl_body_env_var(as->name))
		return;
	for (k = 0; k < EV_COUNT; k++)
		if (bd_streq(as->name, bd_env_names[k])) {
			c->env[k].set = 1;
			c->env_any = 1;
			c->env[k].value = as->value;
			c->env[k].expansion = as->has_expansion;
			c->env[k].from = NULL;
			c->env[k].maybe = NULL;
		}
}

/*
 * Every variable of bd_env_names[] may have been set by what (a file the
 * script sources, its login shell) out of jlint's sight; keep: only those
 * not set by the environment the job starts with (a login environment
 * is loaded first and the request's overrides it: slurmd's
 * _get_user_env()).
 */
static void
env_opaque(struct ctx *c, const char *what, int keep)
{
	size_t	k;

	if (what == NULL)
		return;
	/* The login environment cannot change SLURM_EXPORT_ENV (the
	 * request's goes over it) and hardly sets SRUN_EXPORT_ENV. */
	for (k = 0; k < (keep ? EV_SRUN_EXPORT : EV_COUNT); k++)
		if (!keep || !c->env[k].set)
			c->env[k].maybe = what;
	c->env_any = 1;
}

/* Does the #! line start a login shell (-l, --login): it reads
 * /etc/profile and ~/.bash_profile (or ~/.profile) before the script. */
static int
login_shebang(const struct jl_src *src, size_t *len)
{
	const char	*s = src->data, *end, *w;
	size_t		 n;

	if (s == NULL || src->len < 2 || s[0] != '#' || s[1] != '!')
		return 0;
	end = memchr(s, '\n', src->len);
	*len = end != NULL ? (size_t)(end - s) : src->len;
	end = s + *len;
	/* The interpreter, then its arguments: -l, -il, --login. */
	for (w = s + 2; w < end && (*w == ' ' || *w == '\t'); w++)
		continue;
	for (;;) {
		while (w < end && *w != ' ' && *w != '\t')
			w++;
		while (w < end && (*w == ' ' || *w == '\t' || *w == '\r'))
			w++;
		if (w >= end)
			return 0;
		n = strcspn(w, " \t\r\n");
		if (w + n > end)
			n = (size_t)(end - w);
		if ((n == 7 && strncmp(w, "--login", 7) == 0) ||
		    (n >= 2 && w[0] == '-' && w[1] != '-' &&
		    memchr(w + 1, 'l', n - 1) != NULL))
			return 1;
	}
}

void
bd_env_start(struct ctx *c, const struct jl_body_env *e)
{
	const char	*v, *eq;
	size_t		 i, k, len;

	for (i = 0; e != NULL && e->env != NULL && e->env[i] != NULL; i++) {
		v = e->env[i];
		if (!jl_body_env_var(v))
			continue;
		if ((eq = strchr(v, '=')) == NULL)
			continue;
		for (k = 0; k < EV_COUNT; k++)
			if (strlen(bd_env_names[k]) == (size_t)(eq - v) &&
			    strncmp(v, bd_env_names[k], (size_t)(eq - v)) ==
			    0) {
				c->env[k].set = 1;
				c->env[k].value = eq + 1;
				c->env[k].expansion = 0;
				c->env[k].from = e->from;
				c->env_any = 1;
			}
	}
	if (e != NULL && e->export_env != NULL && !c->env[EV_SLURM_EXPORT].set) {
		c->env[EV_SLURM_EXPORT].set = 1;
		c->env[EV_SLURM_EXPORT].value = e->export_env;
		c->env[EV_SLURM_EXPORT].from = e->export_from;
		c->env_any = 1;
	}
	if (e != NULL)
		env_opaque(c, e->maybe, 1);
	if (login_shebang(c->src, &len))
		env_opaque(c, jl_arena_printf(c->a, "the login shell of "
		    "\"%.*s\" (/etc/profile, ~/.bash_profile)", (int)len,
		    c->src->data), 0);
}

/* eval of an expansion ("$(conda shell.bash hook)"): its text is not
 * known, so it may set any variable. */
static void
eval_opaque(struct parse *p, struct jl_step *st)
{
	struct ctx	*c = p->c;
	unsigned	 line, col;
	size_t		 j;

	for (j = 1; j < st->words.n; j++)
		if (WORD(st, j)->has_expansion) {
			jl_src_linecol(c->src, WORD(st, 0)->loc.off, &line,
			    &col);
			env_opaque(c, jl_arena_printf(c->a, "\"eval %s\" on "
			    "line %u", WORD(st, j)->text, line), 0);
			return;
		}
}

/* source FILE, . FILE: the file may set any variable. */
static void
source_cmd(struct parse *p, struct jl_step *st)
{
	struct ctx	*c = p->c;
	unsigned	 line, col;

	if (st->words.n < 2)
		return;
	jl_src_linecol(c->src, WORD(st, 0)->loc.off, &line, &col);
	env_opaque(c, jl_arena_printf(c->a, "\"%s %s\" on line %u",
	    WORD(st, 0)->text, WORD(st, 1)->text, line), 0);
}

enum decl {
	D_EXPORT,
	D_DECLARE,
	D_LOCAL,
	D_READONLY
};

/* export, declare/typeset, local, readonly NAME[=value]... */
static void
decl_cmd(struct parse *p, struct jl_step *st, enum decl kind)
{
	struct ctx	*c = p->c;
	struct jl_word	*w;
	const char	*a, *eq;
	size_t		 j;
	int		 exported = kind == D_EXPORT, skip = 0, opts = 1;
	/* declare and typeset in a function are local unless -g. */
	int		 scope = kind == D_LOCAL ||
			    (kind == D_DECLARE && p->nfunc > 0) ? -1 : 1;
	struct jl_assign *as;

	for (j = 1; j < st->words.n; j++) {
		w = WORD(st, j);
		a = w->text;
		if (opts && (a[0] == '-' || a[0] == '+') && a[1] != '\0') {
			if (bd_streq(a, "--")) {
				opts = 0;
				continue;
			}
			if (strchr(a, 'f') != NULL || strchr(a, 'F') != NULL ||
			    (kind == D_EXPORT && strchr(a, 'n') != NULL))
				skip = 1;
			if (kind != D_EXPORT && strchr(a, 'x') != NULL)
				exported = a[0] == '-';
			if (kind == D_DECLARE && a[0] == '-' &&
			    strchr(a, 'g') != NULL)
				scope = 1;
			continue;
		}
		opts = 0;
		if (skip)
			continue;
		if ((eq = strchr(a, '=')) != NULL &&
		    bd_valid_lhs(a, (size_t)(eq - a)))
			note_assign(p, bd_assign_make(c, a, strlen(a),
			    (size_t)(eq - a), w->loc, exported, 0,
			    w->has_expansion), scope);
		else if (eq == NULL && exported &&
		    bd_valid_lhs(a, strlen(a)))
			note_assign(p, bd_assign_make(c, a, strlen(a),
			    strlen(a), w->loc, 1, 0, 0), scope);
		/* local NAME: a new variable of the function's, with no
		 * value jlint knows (it hides the script's). */
		else if (eq == NULL && scope < 0 &&
		    bd_valid_lhs(a, strlen(a)) && (as = bd_assign_make(c, a,
		    strlen(a), strlen(a), w->loc, 0, 0, 0)) != NULL)
			var_assign(p, as, 1);
	}
}

static void
unset_cmd(struct parse *p, struct jl_step *st)
{
	struct varslot	*v;
	const char	*a;
	size_t		 j, k, len;

	for (j = 1; j < st->words.n; j++) {
		a = WORD(st, j)->text;
		if (a[0] == '-') {
			if (strchr(a, 'f') != NULL)
				return;
			continue;
		}
		/* Its value is no longer the one the script gave: where it
		 * is seen here, and the script's own (the name may be a
		 * local jlint does not see from here). */
		len = bd_lhs_name_len(a, strlen(a));
		if ((v = bd_var_find(p->c, a, len)) != NULL)
			v->varies = 1;
		if ((v = var_global(p->c, a, len)) != NULL)
			v->varies = 1;
		for (k = 0; k < EV_COUNT; k++)
			if (bd_streq(a, bd_env_names[k])) {
				p->c->env[k].set = 0;
				p->c->env[k].maybe = NULL;
			}
	}
}

/* module load|add|try-load ARGS, ml ARGS (Lmod: ml NAME loads NAME). */
static void
module_cmd(struct parse *p, struct jl_step *st, int ml)
{
	static const char *const loads[] = {
		"load", "add", "try-load", "try-add", "load-any"
	};
	const char	*a;
	size_t		 j = 1, k, n = st->words.n;
	int		 load = 0;

	while (j < n && WORD(st, j)->text[0] == '-')
		j++;
	if (j >= n)
		return;
	a = WORD(st, j)->text;
	for (k = 0; k < JL_NITEMS(loads); k++)
		if (bd_streq(a, loads[k]))
			load = 1;
	if (load)
		j++;
	else if (!ml)
		return;
	else {
		/* ml SUBCOMMAND other than a load runs no load. */
		static const char *const subs[] = {
			"unload", "rm", "del", "purge", "list", "avail", "av",
			"spider", "show", "whatis", "help", "save", "restore",
			"swap", "sw", "use", "unuse", "keyword", "key",
			"reset", "refresh", "update", "describe", "mt",
			"savelist", "table", "is-loaded", "is-avail"
		};
		for (k = 0; k < JL_NITEMS(subs); k++)
			if (bd_streq(a, subs[k]))
				return;
	}
	for (; j < n; j++)
		if (WORD(st, j)->text[0] != '-')
			bd_vpush(p->c, &p->c->body->modules, WORD(st, j));
}

/* "USR1", "SIGUSR1", "sigusr1", "10" -> "USR1". */
static const char *
sig_norm(struct ctx *c, const char *s)
{
	static const char *const bynum[] = {
		"EXIT", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
		"FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
		"STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
		"URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR",
		"SYS"
	};
	char	*u;
	int64_t	 v;
	size_t	 i, len;

	if ((v = bd_parse_count(s)) >= 0 && (size_t)v < JL_NITEMS(bynum))
		return bynum[v];
	len = strlen(s);
	if (len > 3 && bd_upper((unsigned char)s[0]) == 'S' &&
	    bd_upper((unsigned char)s[1]) == 'I' &&
	    bd_upper((unsigned char)s[2]) == 'G') {
		s += 3;
		len -= 3;
	}
	if ((u = bd_sdup(c, s, len)) == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		u[i] = (char)bd_upper((unsigned char)u[i]);
	if (bd_streq(u, "CLD"))
		return "CHLD";
	if (bd_streq(u, "POLL"))
		return "IO";
	if (bd_streq(u, "IOT"))
		return "ABRT";
	return u;
}

/* "scontrol" followed by blanks and "requeue" anywhere in s. */
static int
text_requeues(const char *s)
{
	const char	*q;

	while ((q = strstr(s, "scontrol")) != NULL) {
		q += 8;
		if (bd_is_blank((unsigned char)*q)) {
			while (bd_is_blank((unsigned char)*q))
				q++;
			if (strncmp(q, "requeue", 7) == 0)
				return 1;
		}
		s = q;
	}
	return 0;
}

/*
 * Read the text of a word as commands: a trap handler (in_trap) or the
 * string of bash -c.  A word written as one '...' is read in place, so
 * its commands keep exact spans; any other is read from its text with
 * every span set to the word's.  One reader per depth is kept: readers
 * at the same depth are never active at once.
 */
static void
read_string(struct parse *p, const struct jl_word *w, int in_trap,
    struct jl_step *parent)
{
	struct ctx	*c = p->c;
	struct parse	*sub;
	struct lexer	 lx;
	const char	*src = c->src->data;
	size_t		 off = w->loc.off, len = w->loc.len;
	unsigned	 depth = p->depth_base + (unsigned)p->nframes +
			    p->tdepth + 1;

	if (depth >= MAXD) {
		bd_truncated(p);
		return;
	}
	if ((sub = c->subs[depth]) == NULL &&
	    (sub = c->subs[depth] = bd_alloc(c, sizeof(*sub))) == NULL)
		return;
	bd_parse_clear(sub);
	memset(&lx, 0, sizeof(lx));
	if (!p->lx->fixed && len >= 2 && src != NULL &&
	    off + len <= c->src->len && src[off] == '\'' &&
	    src[off + len - 1] == '\'' && strlen(w->text) == len - 2 &&
	    memcmp(w->text, src + off + 1, len - 2) == 0) {
		lx.s = src;
		lx.pos = off + 1;
		lx.end = off + len - 1;
	} else {
		lx.s = w->text;
		lx.end = strlen(w->text);
		lx.fixed = 1;
		lx.floc = w->loc;
	}
	sub->c = c;
	sub->lx = &lx;
	sub->depth_base = depth;
	sub->in_trap = in_trap || p->in_trap;
	sub->parent = parent;
	sub->pending_fn = NONE_IDX;
	if (!in_trap) {
		/* bash -c runs here and now: inside the same loops. */
		sub->nfunc = p->nfunc;
		sub->nloop = p->nloop;
	}
	/* A trap's handler runs later, bash -c in a new shell: neither
	 * sees the open scopes' variables as they are here. */
	bd_scope_mark(c, sub, 0);
	bd_parse_level(sub, L_TOP, 0);
	bd_scope_end(c, sub, 0, 1);
}

/* trap [--] handler SIG..., trap - SIG..., trap SIG. */
static void
trap_cmd(struct parse *p, struct jl_step *st)
{
	struct ctx	*c = p->c;
	struct jl_trap	*t;
	struct traprec	*tr;
	struct jl_word	*hw = NULL;
	size_t		 j = 1, n = st->words.n;

	if (j < n && bd_streq(WORD(st, j)->text, "--"))
		j++;
	else if (j < n && WORD(st, j)->text[0] == '-' &&
	    WORD(st, j)->text[1] != '\0')
		return;		/* -l, -p, -P: lists, no change */
	if (j >= n)
		return;
	if ((t = bd_alloc(c, sizeof(*t))) == NULL ||
	    (tr = bd_alloc(c, sizeof(*tr))) == NULL)
		return;
	t->loc = st->loc;
	if (n - j == 1) {
		/* bash: a lone operand that is a signal resets it. */
	} else if (bd_streq(WORD(st, j)->text, "-")) {
		j++;
	} else {
		hw = WORD(st, j);
		t->handler = hw->text;
		j++;
	}
	for (; j < n; j++)
		bd_vpush(c, &t->signals, (void *)sig_norm(c,
		    WORD(st, j)->text));
	bd_vpush(c, &c->body->traps, t);
	tr->t = t;
	tr->start = bd_ncmds(p);
	if (hw != NULL && hw->text[0] != '\0') {
		t->requeues = text_requeues(hw->text);
		read_string(p, hw, 1, st);
	}
	tr->end = bd_ncmds(p);
	bd_vpush(c, &c->traps, tr);
}

/* scontrol [options] requeue|requeuehold ... */
static void
requeue_check(struct parse *p, struct jl_step *st)
{
	const char	*a;
	size_t		 i, j, n = st->words.n;

	for (i = 0; i < n && WORD(st, i)->text != st->program; i++)
		continue;
	for (j = i + 1; j < n; j++) {
		a = WORD(st, j)->text;
		if (a[0] != '-')
			break;
		if (bd_streq(a, "-M") || bd_streq(a, "--clusters"))
			j++;
	}
	if (j < n && (bd_strcaseeq(WORD(st, j)->text, "requeue") ||
	    bd_strcaseeq(WORD(st, j)->text, "requeuehold"))) {
		st->requeue = 1;
		bd_vpush(p->c, &p->c->body->requeue_calls, WORD(st, i));
	}
}

/*
 * bash|sh|dash|ksh|zsh [options] -c STRING [name [args]]: the string
 * runs as commands (bash reads it from the first operand after the
 * options when -c is among them).
 */
static void
shell_c(struct parse *p, struct jl_step *st)
{
	const char	*a;
	size_t		 i, j, n = st->words.n;
	int		 cflag = 0;

	for (i = 0; i < n && WORD(st, i)->text != st->program; i++)
		continue;
	for (j = i + 1; j < n; j++) {
		a = WORD(st, j)->text;
		if (bd_streq(a, "--") || bd_streq(a, "-")) {
			j++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || a[1] == '\0')
			break;
		if (a[0] == '-' && a[1] == '-') {
			if (bd_streq(a, "--rcfile") ||
			    bd_streq(a, "--init-file"))
				j++;
			continue;
		}
		if (strchr(a, 'c') != NULL && a[0] == '-')
			cflag = 1;
		if (strchr(a, 'o') != NULL || strchr(a, 'O') != NULL)
			j++;
	}
	if (cflag && j < n)
		read_string(p, WORD(st, j), 0, st);
}

/*
 * eval ARG...: the shell joins the operands with spaces and runs the
 * result here, in the same loops, as bash -c STRING would (the eval is
 * the parent of its commands).  One operand is read as that word (exact
 * spans for '...'); several as their joined text, every span the eval's
 * operands.
 */
static void
eval_cmd(struct parse *p, struct jl_step *st)
{
	struct ctx	*c = p->c;
	struct jl_word	*w;
	size_t		 i, j, n = st->words.n, len = 0, k;
	char		*text;

	for (i = 0; i < n && WORD(st, i)->text != st->program; i++)
		continue;
	j = i + 1;
	if (j < n && bd_streq(WORD(st, j)->text, "--"))
		j++;
	if (j >= n)
		return;
	if (j + 1 == n) {
		read_string(p, WORD(st, j), 0, st);
		return;
	}
	for (k = j; k < n; k++)
		len += strlen(WORD(st, k)->text) + 1;
	if ((w = bd_alloc(c, sizeof(*w))) == NULL ||
	    (text = bd_alloc(c, len)) == NULL)
		return;
	len = 0;
	for (k = j; k < n; k++) {
		if (k > j)
			text[len++] = ' ';
		memcpy(text + len, WORD(st, k)->text,
		    strlen(WORD(st, k)->text));
		len += strlen(WORD(st, k)->text);
	}
	text[len] = '\0';
	w->text = text;
	w->loc = bd_loc_span(WORD(st, j)->loc, WORD(st, n - 1)->loc);
	w->quoted = 1;
	read_string(p, w, 0, st);
}

/* pc: the class of st->program (bd_step_analyze()). */
void
bd_body_facts(struct parse *p, struct jl_step *st, enum pcls pc)
{
	struct jl_assign	*as;
	const char		*cmd;
	size_t		 i;

	for (i = 0; i < st->prefix.n; i++) {
		as = st->prefix.items[i];
		/* NAME=value alone sets a shell variable. */
		if (st->words.n == 0)
			as->prefix = 0;
		note_assign(p, as, st->words.n > 0 ? 0 : 1);
	}
	if (st->words.n == 0)
		return;
	scoped_call(p->c, WORD(st, 0)->text);
	if (pc == PC_SCONTROL)
		requeue_check(p, st);
	else if (pc == PC_SHELL)
		shell_c(p, st);
	else if (pc == PC_EVAL) {
		eval_cmd(p, st);
		eval_opaque(p, st);
	}
	cmd = WORD(st, 0)->text;
	switch (cmd[0]) {
	case 'd':
		if (bd_streq(cmd, "declare"))
			decl_cmd(p, st, D_DECLARE);
		break;
	case 'e':
		if (bd_streq(cmd, "export"))
			decl_cmd(p, st, D_EXPORT);
		break;
	case 'l':
		if (bd_streq(cmd, "local"))
			decl_cmd(p, st, D_LOCAL);
		break;
	case 'm':
		if (bd_streq(cmd, "module"))
			module_cmd(p, st, 0);
		else if (bd_streq(cmd, "ml"))
			module_cmd(p, st, 1);
		break;
	case 's':
		if (bd_streq(cmd, "source"))
			source_cmd(p, st);
		break;
	case '.':
		if (cmd[1] == '\0')
			source_cmd(p, st);
		break;
	case 'r':
		if (bd_streq(cmd, "readonly"))
			decl_cmd(p, st, D_READONLY);
		break;
	case 't':
		if (bd_streq(cmd, "typeset"))
			decl_cmd(p, st, D_DECLARE);
		else if (bd_streq(cmd, "trap"))
			trap_cmd(p, st);
		break;
	case 'u':
		if (bd_streq(cmd, "unset"))
			unset_cmd(p, st);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* After reading: which functions and traps requeue. */

static uint64_t
name_hash(const char *s)
{
	uint64_t	h = UINT64_C(1469598103934665603);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* Function index by name (the last definition wins), or NONE_IDX. */
static size_t
fn_lookup(const struct ctx *c, const size_t *tab, size_t mask,
    const char *name)
{
	const struct fnrec	*fr;
	size_t			 h;

	if (tab == NULL || name == NULL)
		return NONE_IDX;
	for (h = (size_t)name_hash(name) & mask; tab[h] != 0;
	    h = (h + 1) & mask) {
		fr = c->fns.items[tab[h] - 1];
		if (bd_streq(fr->f->name, name))
			return tab[h] - 1;
	}
	return NONE_IDX;
}

static const char *
cmd_name(const struct ctx *c, size_t k)
{
	const struct jl_cmd	*cmd = c->body->commands.items[k];

	return cmd->words.n > 0 ? WORD(cmd, 0)->text : NULL;
}

void
bd_resolve_requeues(struct ctx *c)
{
	struct fnrec		*fr;
	struct traprec		*tr;
	const struct jl_cmd	*st;
	size_t			*tab = NULL, *from = NULL, *to = NULL;
	size_t			 size, mask = 0, h, f, g, k, nedges, e;
	int			 changed, round;

	if (c->fns.n > 0) {
		for (size = 16; size < c->fns.n * 2; size *= 2)
			continue;
		mask = size - 1;
		if ((tab = bd_alloc(c, size * sizeof(size_t))) == NULL)
			return;
		for (f = 0; f < c->fns.n; f++) {
			fr = c->fns.items[f];
			for (h = (size_t)name_hash(fr->f->name) & mask;
			    tab[h] != 0; h = (h + 1) & mask) {
				g = tab[h] - 1;
				if (bd_streq(((struct fnrec *)
				    c->fns.items[g])->f->name, fr->f->name))
					break;
			}
			tab[h] = f + 1;
		}
	}
	/* Direct requeues and the call edges between functions. */
	nedges = 0;
	for (f = 0; f < c->fns.n; f++) {
		fr = c->fns.items[f];
		for (k = fr->start; k < fr->end && k < c->body->commands.n;
		    k++) {
			st = c->body->commands.items[k];
			if (st->requeue)
				fr->direct = 1;
			if (fn_lookup(c, tab, mask, cmd_name(c, k)) !=
			    NONE_IDX)
				nedges++;
		}
	}
	if (nedges > 0) {
		if ((from = bd_alloc(c, nedges * sizeof(size_t))) == NULL ||
		    (to = bd_alloc(c, nedges * sizeof(size_t))) == NULL)
			return;
		e = 0;
		for (f = 0; f < c->fns.n; f++) {
			fr = c->fns.items[f];
			for (k = fr->start; k < fr->end &&
			    k < c->body->commands.n; k++)
				if ((g = fn_lookup(c, tab, mask,
				    cmd_name(c, k))) != NONE_IDX) {
					from[e] = f;
					to[e++] = g;
				}
		}
	}
	for (f = 0; f < c->fns.n; f++) {
		fr = c->fns.items[f];
		fr->f->requeues = fr->direct;
	}
	/* Calls through other functions, to a bounded depth. */
	for (round = 0, changed = 1; changed && round < MAXD; round++) {
		changed = 0;
		for (e = 0; e < nedges; e++) {
			fr = c->fns.items[from[e]];
			if (!fr->f->requeues && ((struct fnrec *)
			    c->fns.items[to[e]])->f->requeues) {
				fr->f->requeues = 1;
				changed = 1;
			}
		}
	}
	for (k = 0; k < c->traps.n; k++) {
		tr = c->traps.items[k];
		for (h = tr->start; h < tr->end && h < c->body->commands.n;
		    h++) {
			st = c->body->commands.items[h];
			g = fn_lookup(c, tab, mask, cmd_name(c, h));
			if (st->requeue || (g != NONE_IDX && ((struct fnrec *)
			    c->fns.items[g])->f->requeues))
				tr->t->requeues = 1;
		}
	}
}
