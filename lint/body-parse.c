/*
 * body-parse.c: the parser of the body reader (body-int.h), a tolerant
 * reading of the subset of bash's grammar (parse.y) that job scripts use:
 * simple commands with prefix assignments and redirections, lists and
 * pipelines, ( ) and { } groups, if, while, until, for, select, case
 * (patterns are not commands), [[ ]], (( )) and function definitions.
 * Directive lines are comments to it.  What bash calls a syntax error is
 * read on as well as it can be.  Every simple command becomes a struct
 * jl_step (finish_command), handed to body-steps.c and body-facts.c.
 */
#include <string.h>

#include "body-int.h"

enum pstate {
	S_CMD,			/* commands (and their words) */
	S_FOR_NAME,		/* after for/select */
	S_FOR_IN,		/* after the loop variable */
	S_FOR_WORDS,		/* the words after "in" */
	S_CASE_WORD,		/* after case */
	S_CASE_IN,		/* after the case word */
	S_CASE_PAT,		/* patterns up to ')' */
	S_FUNC_NAME,		/* after "function" */
	S_FUNC_BODY		/* after name() or function name */
};

/* A simple command being read. */
struct cmdb {
	size_t		 wbase;		/* its words in ctx->ws */
	size_t		 nw;		/* words seen (kept or not) */
	struct jl_word	*first;
	struct jl_vec	 prefix;
	size_t		 start;
	size_t		 end;
	int		 any;
	int		 started;	/* reserved words no longer apply */
	int		 redir;
	int		 input;		/* stdin redirected, or piped into */
	int		 dbracket;	/* inside [[ ... ]] */
	int		 after_time;
};

struct level {
	struct cmdb	 cb;
	enum pstate	 state;
	size_t		 list_start;
	size_t		 own;		/* its own frame, or NONE_IDX */
	size_t		 ovbase;
	/* A group (compound command) just closed: the redirections that
	 * follow are its own, for its commands [grp_first, grp_end). */
	int		 grp;
	size_t		 grp_first;
	size_t		 grp_end;
};

static void	 finish_command(struct parse *, struct level *);

static void
ws_push(struct ctx *c, void *p)
{
	void	**items;
	size_t	  cap;

	if (c->ws.n == c->ws.cap) {
		if (c->failed)
			return;
		cap = c->ws.cap ? c->ws.cap * 2 : 64;
		if ((items = jl_arena_alloc(c->a, cap * sizeof(void *))) ==
		    NULL) {
			c->failed = 1;
			return;
		}
		if (c->ws.n > 0)
			memcpy(items, c->ws.items, c->ws.n * sizeof(void *));
		c->ws.items = items;
		c->ws.cap = cap;
	}
	c->ws.items[c->ws.n++] = p;
}

/* ------------------------------------------------------------------ */
/* Parser: frames, simple commands. */

struct jl_loc
bd_loc_span(struct jl_loc a, struct jl_loc b)
{
	if (b.off + b.len > a.off + a.len)
		a.len = b.off + b.len - a.off;
	return a;
}

static struct jl_word *
word_make(struct parse *p, const struct tok *t)
{
	struct jl_word	*w;
	char		*text;

	/* The word and its text in one block (most words are short). */
	if ((w = bd_pool(p->c, sizeof(*w) + t->tlen + 1)) == NULL)
		return NULL;
	text = (char *)(w + 1);
	if (t->tlen > 0)
		memcpy(text, bd_tok_text(t), t->tlen);
	text[t->tlen] = '\0';
	w->text = text;
	w->loc = bd_mkloc(p->lx, t->start, t->end);
	w->quoted = t->quoted;
	w->has_expansion = t->exp;
	w->assign = t->assign;
	return w;
}

/* NAME=value from text[0..len) whose '=' is at eq. */
struct jl_assign *
bd_assign_make(struct ctx *c, const char *text, size_t len, size_t eq,
    struct jl_loc loc, int exported, int prefix, int exp)
{
	struct jl_assign	*as;

	/* Every member is set below. */
	if ((as = bd_pool(c, sizeof(*as))) == NULL)
		return NULL;
	as->name = bd_sdup(c, text, bd_lhs_name_len(text, eq));
	as->value = eq < len ? bd_sdup(c, text + eq + 1, len - eq - 1) : NULL;
	as->loc = loc;
	as->exported = exported;
	as->prefix = prefix;
	as->has_expansion = exp;
	if (as->name == NULL)
		return NULL;
	return as;
}

static void
cb_extent(struct cmdb *cb, const struct tok *t)
{
	if (!cb->any) {
		cb->start = t->start;
		cb->any = 1;
	}
	cb->end = t->end;
}

/* May one more word of this command be kept? */
static int
cb_keep(struct parse *p, const struct cmdb *cb)
{
	if (bd_ncmds(p) >= JL_BODY_MAX_COMMANDS ||
	    p->c->ws.n - cb->wbase + cb->prefix.n >= JL_BODY_MAX_WORDS) {
		bd_truncated(p);
		return 0;
	}
	return 1;
}

static void
add_word(struct parse *p, struct cmdb *cb, const struct tok *t)
{
	struct jl_word	*w;

	cb_extent(cb, t);
	cb->started = 1;
	cb->nw++;
	if (!cb_keep(p, cb) || (w = word_make(p, t)) == NULL)
		return;
	if (cb->first == NULL)
		cb->first = w;
	ws_push(p->c, w);
}

static void
add_prefix(struct parse *p, struct cmdb *cb, const struct tok *t)
{
	struct jl_assign	*as;

	cb_extent(cb, t);
	cb->started = 1;
	if (!cb_keep(p, cb))
		return;
	as = bd_assign_make(p->c, bd_tok_text(t), t->tlen, t->eq - 1,
	    bd_mkloc(p->lx, t->start, t->end), 0, 1, t->exp);
	bd_vpush(p->c, &cb->prefix, as);
}

static void
cb_reset(struct cmdb *cb)
{
	size_t	wbase = cb->wbase;

	memset(cb, 0, sizeof(*cb));
	cb->wbase = wbase;
}

static void
frame_push(struct parse *p, struct level *lv, enum fkind kind, size_t open)
{
	struct frame	*f;

	if (bd_deep(p)) {
		p->overflow++;
		p->pending_fn = NONE_IDX;
		bd_truncated(p);
		return;
	}
	f = &p->frames[p->nframes++];
	f->kind = kind;
	f->open = open;
	f->list_start = lv->list_start;
	f->first = bd_ncmds(p);
	f->fn = p->pending_fn;
	f->func = p->pending_fn != NONE_IDX;
	p->pending_fn = NONE_IDX;
	if (f->func) {
		p->nfunc++;
		/* Its body runs when it is called. */
		bd_scope_mark(p->c, p, p->nframes);
	}
	if (kind == F_LOOP)
		p->nloop++;
	lv->list_start = bd_ncmds(p);
}

static void
frames_pop(struct parse *p, struct level *lv, size_t to)
{
	struct frame	*f;
	struct fnrec	*fr;

	while (p->nframes > to) {
		f = &p->frames[--p->nframes];
		if (f->func) {
			p->nfunc--;
			fr = p->c->fns.items[f->fn];
			fr->end = bd_ncmds(p);
		}
		if (f->kind == F_LOOP)
			p->nloop--;
		lv->list_start = f->list_start;
	}
	bd_scope_end(p->c, p, to, 0);
}

/*
 * Close the innermost open group of kind (and any left open inside it).
 * Returns 1 when a ')' closed this level's own $( ... ).
 */
static int
frame_close(struct parse *p, struct level *lv, enum fkind kind)
{
	size_t	j, lo = lv->own == NONE_IDX ? 0 : lv->own;

	if (p->overflow > lv->ovbase) {
		p->overflow--;
		return 0;
	}
	for (j = p->nframes; j > lo; j--) {
		if (p->frames[j - 1].kind == kind) {
			lv->grp_first = p->frames[j - 1].first;
			frames_pop(p, lv, j - 1);
			lv->grp = 1;
			lv->grp_end = bd_ncmds(p);
			return 0;
		}
		if (kind == F_SUBSHELL && j - 1 == lv->own &&
		    p->frames[j - 1].kind == F_COMSUB) {
			frames_pop(p, lv, j - 1);
			return 1;
		}
	}
	return 0;
}

/* ";;": back to the patterns of the innermost case. */
static void
frame_case(struct parse *p, struct level *lv)
{
	size_t	j, lo = lv->own == NONE_IDX ? 0 : lv->own;

	for (j = p->nframes; j > lo; j--)
		if (p->frames[j - 1].kind == F_CASE) {
			frames_pop(p, lv, j);
			return;
		}
}

static void
mark_background(struct parse *p, size_t from)
{
	struct jl_vec	*v = &p->c->body->commands;
	struct jl_cmd	*cmd;
	size_t		 i;

	for (i = from; i < v->n; i++) {
		cmd = v->items[i];
		cmd->background = 1;
	}
}

/* { ...; } < file, ( ... ) <<EOF, done < list: the group's input is its
 * commands' (not those of a trap handler set in it, run later). */
static void
mark_input(struct parse *p, size_t from, size_t to)
{
	struct jl_vec	*v = &p->c->body->commands;
	struct jl_cmd	*cmd;
	size_t		 i;

	for (i = from; i < to && i < v->n; i++) {
		cmd = v->items[i];
		if (!cmd->in_trap || p->in_trap)
			cmd->stdin_redir = 1;
	}
}

static size_t
fn_new(struct parse *p, const char *name, struct jl_loc loc)
{
	struct ctx	*c = p->c;
	struct fnrec	*fr;
	struct jl_func	*f;

	if (c->fns.n >= JL_BODY_MAX_COMMANDS) {
		bd_truncated(p);
		return NONE_IDX;
	}
	if ((fr = bd_alloc(c, sizeof(*fr))) == NULL ||
	    (f = bd_alloc(c, sizeof(*f))) == NULL)
		return NONE_IDX;
	f->name = name != NULL ? name : "";
	f->loc = loc;
	fr->f = f;
	fr->start = fr->end = bd_ncmds(p);
	bd_vpush(c, &c->body->funcs, f);
	bd_vpush(c, &c->fns, fr);
	return c->failed ? NONE_IDX : c->fns.n - 1;
}

enum kw {
	K_NONE,
	K_IF,
	K_THEN,
	K_ELSE,
	K_ELIF,
	K_FI,
	K_DO,
	K_DONE,
	K_WHILE,
	K_UNTIL,
	K_FOR,
	K_SELECT,
	K_CASE,
	K_ESAC,
	K_LBRACE,
	K_RBRACE,
	K_FUNCTION,
	K_BANG,
	K_TIME,
	K_COPROC,
	K_DBRACKET
};

/* The reserved word t is, if any: once per command word (bench/). */
static enum kw
keyword(const struct tok *t)
{
	const char	*s;

	if (t->type != T_WORD || t->quoted || t->tlen > 8 || t->tlen == 0)
		return K_NONE;
	s = bd_tok_text(t);
#define IS(w)	(t->tlen == sizeof(w) - 1 && memcmp(s, w, sizeof(w) - 1) == 0)
	switch (s[0]) {
	case '!':
		return IS("!") ? K_BANG : K_NONE;
	case '[':
		return IS("[[") ? K_DBRACKET : K_NONE;
	case 'c':
		return IS("case") ? K_CASE : IS("coproc") ? K_COPROC : K_NONE;
	case 'd':
		return IS("do") ? K_DO : IS("done") ? K_DONE : K_NONE;
	case 'e':
		return IS("elif") ? K_ELIF : IS("else") ? K_ELSE :
		    IS("esac") ? K_ESAC : K_NONE;
	case 'f':
		return IS("fi") ? K_FI : IS("for") ? K_FOR :
		    IS("function") ? K_FUNCTION : K_NONE;
	case 'i':
		return IS("if") ? K_IF : K_NONE;
	case 's':
		return IS("select") ? K_SELECT : K_NONE;
	case 't':
		return IS("then") ? K_THEN : IS("time") ? K_TIME : K_NONE;
	case 'u':
		return IS("until") ? K_UNTIL : K_NONE;
	case 'w':
		return IS("while") ? K_WHILE : K_NONE;
	case '{':
		return IS("{") ? K_LBRACE : K_NONE;
	case '}':
		return IS("}") ? K_RBRACE : K_NONE;
	default:
		return K_NONE;
	}
#undef IS
}

static int
compound_opener(enum kw k)
{
	switch (k) {
	case K_IF:
	case K_WHILE:
	case K_UNTIL:
	case K_FOR:
	case K_SELECT:
	case K_CASE:
	case K_LBRACE:
		return 1;
	default:
		return 0;
	}
}

/* One token in state S_CMD.  Returns 1 when the level ends. */
static int
parse_cmd_token(struct parse *p, struct level *lv, struct tok *t)
{
	struct cmdb	*cb = &lv->cb;
	struct jl_word	*first;
	size_t		 idx;
	enum kw		 k;

	if (t->type != T_REDIR)
		lv->grp = 0;
	switch (t->type) {
	case T_WORD:
		if (cb->dbracket) {
			if (bd_tok_is(t, "]]"))
				cb->dbracket = 0;
			add_word(p, cb, t);
			return 0;
		}
		k = cb->started ? K_NONE : keyword(t);
		switch (k) {
		case K_IF:
			frame_push(p, lv, F_IF, t->start);
			return 0;
		case K_WHILE:
		case K_UNTIL:
			frame_push(p, lv, F_LOOP, t->start);
			return 0;
		case K_FOR:
		case K_SELECT:
			frame_push(p, lv, F_LOOP, t->start);
			lv->state = S_FOR_NAME;
			return 0;
		case K_CASE:
			frame_push(p, lv, F_CASE, t->start);
			lv->state = S_CASE_WORD;
			return 0;
		case K_LBRACE:
			frame_push(p, lv, F_BRACE, t->start);
			return 0;
		case K_THEN:
		case K_ELSE:
		case K_ELIF:
		case K_DO:
			lv->list_start = bd_ncmds(p);
			return 0;
		case K_FI:
			frame_close(p, lv, F_IF);
			return 0;
		case K_DONE:
			frame_close(p, lv, F_LOOP);
			return 0;
		case K_ESAC:
			frame_close(p, lv, F_CASE);
			return 0;
		case K_RBRACE:
			frame_close(p, lv, F_BRACE);
			return 0;
		case K_FUNCTION:
			lv->state = S_FUNC_NAME;
			return 0;
		case K_TIME:
			cb->after_time = 1;
			cb_extent(cb, t);
			return 0;
		case K_BANG:
		case K_COPROC:
			cb_extent(cb, t);
			return 0;
		case K_DBRACKET:
			cb->dbracket = 1;
			add_word(p, cb, t);
			return 0;
		case K_NONE:
			break;
		}
		if (cb->after_time && cb->nw == 0 && bd_tok_is(t, "-p")) {
			cb->after_time = 0;
			cb_extent(cb, t);
			return 0;
		}
		if (t->assign && cb->nw == 0)
			add_prefix(p, cb, t);
		else
			add_word(p, cb, t);
		return 0;
	case T_ARITH:
		cb->started = 1;
		return 0;
	case T_REDIR:
		if (lv->grp) {
			/* the group's, not the next command's */
			if (t->rdin)
				mark_input(p, lv->grp_first, lv->grp_end);
			return 0;
		}
		if (!cb->dbracket) {
			cb_extent(cb, t);
			cb->redir = 1;
			cb->input |= t->rdin;
			cb->started = 1;
		}
		return 0;
	case T_LPAREN:
		if (cb->dbracket)
			return 0;
		if (cb->nw == 1 && cb->prefix.n == 0 && !cb->redir &&
		    bd_peek_rparen(p->lx)) {
			/* name ( ): a function definition. */
			first = cb->first;
			cb->nw = 0;
			p->c->ws.n = cb->wbase;
			cb_reset(cb);
			idx = fn_new(p, first != NULL ? first->text : NULL,
			    first != NULL ? first->loc : bd_mkloc(p->lx,
			    t->start, t->start));
			p->pending_fn = idx;
			lv->state = S_FUNC_BODY;
			return 0;
		}
		if (cb->started)
			finish_command(p, lv);
		frame_push(p, lv, F_SUBSHELL, t->start);
		return 0;
	case T_RPAREN:
		if (cb->dbracket)
			return 0;
		finish_command(p, lv);
		return frame_close(p, lv, F_SUBSHELL);
	case T_NEWLINE:
	case T_SEMI:
		cb->dbracket = 0;
		finish_command(p, lv);
		lv->list_start = bd_ncmds(p);
		return 0;
	case T_AMP:
		cb->dbracket = 0;
		finish_command(p, lv);
		mark_background(p, lv->list_start);
		lv->list_start = bd_ncmds(p);
		return 0;
	case T_AND:
	case T_OR:
	case T_PIPE:
		if (cb->dbracket)
			return 0;
		finish_command(p, lv);
		/* The next command (or the first of a group) reads the
		 * pipe. */
		if (t->type == T_PIPE)
			cb->input = 1;
		return 0;
	case T_DSEMI:
		cb->dbracket = 0;
		finish_command(p, lv);
		frame_case(p, lv);
		lv->list_start = bd_ncmds(p);
		lv->state = S_CASE_PAT;
		return 0;
	case T_EOF:
		finish_command(p, lv);
		return 1;
	}
	return 0;
}

/* One token.  Returns 1 when the level ends. */
static int
parse_token(struct parse *p, struct level *lv, struct tok *t)
{
	const char	*name;
	size_t		 idx;

	for (;;) {
		switch (lv->state) {
		case S_CMD:
			return parse_cmd_token(p, lv, t);
		case S_FOR_NAME:
			if (t->type == T_WORD) {
				lv->state = S_FOR_IN;
				return 0;
			}
			lv->state = S_CMD;
			if (t->type == T_ARITH)
				return 0;
			continue;
		case S_FOR_IN:
			if (bd_tok_is(t, "in")) {
				lv->state = S_FOR_WORDS;
				return 0;
			}
			if (t->type == T_NEWLINE || t->type == T_SEMI)
				return 0;
			lv->state = S_CMD;
			continue;
		case S_FOR_WORDS:
			if (t->type == T_WORD)
				return 0;
			lv->state = S_CMD;
			if (t->type == T_NEWLINE || t->type == T_SEMI)
				return 0;
			continue;
		case S_CASE_WORD:
			if (t->type == T_NEWLINE)
				return 0;
			if (t->type == T_WORD) {
				lv->state = S_CASE_IN;
				return 0;
			}
			lv->state = S_CASE_PAT;
			continue;
		case S_CASE_IN:
			if (t->type == T_NEWLINE)
				return 0;
			lv->state = S_CASE_PAT;
			if (bd_tok_is(t, "in"))
				return 0;
			continue;
		case S_CASE_PAT:
			switch (t->type) {
			case T_WORD:
				if (bd_tok_is(t, "esac")) {
					frame_close(p, lv, F_CASE);
					lv->state = S_CMD;
				}
				return 0;
			case T_RPAREN:
				lv->state = S_CMD;
				lv->list_start = bd_ncmds(p);
				return 0;
			case T_EOF:
				lv->state = S_CMD;
				continue;
			default:
				return 0;
			}
		case S_FUNC_NAME:
			if (t->type != T_WORD) {
				lv->state = S_CMD;
				continue;
			}
			name = bd_sdup(p->c, bd_tok_text(t), t->tlen);
			bd_skip_parens(p->lx);
			idx = fn_new(p, name, bd_mkloc(p->lx, t->start,
			    t->end));
			p->pending_fn = idx;
			lv->state = S_FUNC_BODY;
			return 0;
		case S_FUNC_BODY:
			if (t->type == T_NEWLINE)
				return 0;
			if (t->type != T_LPAREN &&
			    !compound_opener(keyword(t)))
				p->pending_fn = NONE_IDX;
			lv->state = S_CMD;
			continue;
		}
		return 0;
	}
}

/*
 * Read commands until the end of the lexer's text or, for L_COMSUB,
 * the ')' that closes it.  open: offset of "$(", "<(" or "`".
 */
void
bd_parse_level(struct parse *p, enum lkind kind, size_t open)
{
	struct ctx	*c = p->c;
	struct level	 lv;
	struct tok	 t;
	size_t		 scbase = c->sc.len, wsbase = c->ws.n, pending;
	int		 cmdpos, done = 0, eof = 0;

	memset(&lv, 0, sizeof(lv));
	lv.state = S_CMD;
	lv.list_start = bd_ncmds(p);
	lv.own = NONE_IDX;
	lv.ovbase = p->overflow;
	lv.cb.wbase = wsbase;
	if (kind != L_TOP) {
		pending = p->pending_fn;
		p->pending_fn = NONE_IDX;
		lv.own = p->nframes;
		frame_push(p, &lv, kind == L_COMSUB ? F_COMSUB : F_SUB, open);
		p->pending_fn = pending;
	}
	while (!done && !c->failed) {
		c->sc.len = scbase;
		cmdpos = (lv.state == S_CMD && !lv.cb.started) ||
		    lv.state == S_FOR_NAME || lv.state == S_FUNC_BODY;
		bd_next_token(p, &t, cmdpos);
		eof = t.type == T_EOF;
		done = parse_token(p, &lv, &t);
	}
	if (eof && kind == L_COMSUB)
		bd_unterminated_quote(p, open);
	frames_pop(p, &lv, lv.own == NONE_IDX ? 0 : lv.own);
	c->sc.len = scbase;
	c->ws.n = wsbase;
	p->overflow = lv.ovbase;
}

static void
finish_command(struct parse *p, struct level *lv)
{
	struct ctx	*c = p->c;
	struct cmdb	*cb = &lv->cb;
	struct jl_step	*st;
	struct jl_cmd	*cmd;
	size_t		 nw = c->ws.n - cb->wbase, k;
	enum pcls	 pc;
	int		 input = 0;

	if (nw == 0 && cb->prefix.n == 0) {
		input = cb->input;	/* "a |" newline "b": b reads it */
		goto out;
	}
	if (bd_ncmds(p) >= JL_BODY_MAX_COMMANDS) {
		bd_truncated(p);
		goto out;
	}
	if ((st = c->spare) != NULL) {
		c->spare = NULL;
		memset(st, 0, sizeof(*st));
	} else if ((st = bd_alloc(c, sizeof(*st))) == NULL)
		goto out;
	if (nw > 0) {
		if ((st->words.items = bd_pool(c, nw * sizeof(void *))) ==
		    NULL)
			goto out;
		memcpy(st->words.items, c->ws.items + cb->wbase,
		    nw * sizeof(void *));
		st->words.n = st->words.cap = nw;
	}
	st->loc = bd_mkloc(p->lx, cb->start, cb->end);
	st->prefix = cb->prefix;
	st->in_function = p->nfunc > 0;
	st->in_loop = p->nloop > 0;
	st->in_trap = p->in_trap;
	st->stdin_redir = cb->input != 0;
	st->parent = p->parent;
	st->nprocs = st->ngpus = st->nnodes = st->nprocs_per_node = -1;
	st->inner_nprocs = st->inner_per_node = -1;
	k = c->body->commands.n;
	bd_vpush(c, &c->body->commands, &st->cmd);
	c->ws.n = cb->wbase;
	pc = bd_step_analyze(p, st);
	if (st->launcher != JL_LAUNCH_NONE || st->ctr != NULL)
		bd_vpush(c, &c->body->steps, st);
	bd_body_facts(p, st, pc);
	/*
	 * Not a step, and no command read from its strings (whose parent it
	 * is): keep the command part only, and reuse the step for the next.
	 */
	if (st->launcher == JL_LAUNCH_NONE && st->ctr == NULL &&
	    c->body->commands.n == k + 1 &&
	    c->body->commands.items[k] == &st->cmd &&
	    (cmd = bd_pool(c, sizeof(*cmd))) != NULL) {
		*cmd = st->cmd;
		c->body->commands.items[k] = cmd;
		c->spare = st;
	}
out:
	c->ws.n = cb->wbase;
	cb_reset(cb);
	cb->input = input;
}
