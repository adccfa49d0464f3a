/*
 * body-lex.c: the shell lexer of the body reader (body-int.h).  Words with
 * '...', "...", $'...', backslashes and backslash-newline continuations;
 * $(...), `...` and <(...) inside words (their commands are read by
 * body-parse.c, because they run), ${...}, $((...)) and A=(...);
 * comments; the operators ; & && || | |& ;; ;& ;;& and newline;
 * redirections, here-strings and here-documents (a here-document body is
 * data, never commands, and its span is recorded in the body).  It never
 * rejects input: an unterminated quote or here-document is noted and read
 * on.  Text bash reads changed before it runs it (a backquote body with
 * escapes, a here-document's joined or <<- lines) is read from a copy as
 * bash reads it, at most one per level of nesting (JL_BODY_MAX_DEPTH).
 */
#include <string.h>

#include "body-int.h"

#define RAW_MAX		65536	/* bytes of a $(...) kept in a word */
#define MAX_HDOCS	1024	/* here-documents pending on one line */

/* A pending here-document. */
struct hdoc {
	const char	*delim;
	size_t		 dlen;
	int		 strip;		/* <<- */
	int		 quoted;	/* <<'EOF', <<"EOF", <<\EOF: no expansion */
	struct jl_loc	 loc;
};

static void	 lex_word(struct parse *, struct tok *);
static void	 run_substs(struct parse *, size_t, size_t);
static void	 lex_dollar(struct parse *, struct tok *, int);
static inline __attribute__((__always_inline__)) void
		 lex_dollar_inline(struct parse *, struct tok *, int);
static void	 lex_dquote(struct parse *, struct tok *);
static void	 lex_backtick(struct parse *, struct tok *, int);
static void	 string_span(struct parse *, size_t);
static size_t	 map_off(const struct lexer *, size_t);
static int
is_meta(int ch)
{
	switch (ch) {
	case ' ':
	case '\t':
	case '\n':
	case ';':
	case '&':
	case '|':
	case '(':
	case ')':
	case '<':
	case '>':
		return 1;
	default:
		return 0;
	}
}

/*
 * Bytes that do not stand for themselves in a word (CH_W) or inside "..."
 * (CH_DQ).  The lexers copy a run of other bytes at once instead of a
 * byte at a time (bench/); these take the byte-by-byte path.
 */
#define CH_W	1
#define CH_DQ	2
#define CH_META	4	/* is_meta() */

static const unsigned char	 chspecial[256] = {
	[' '] = CH_W | CH_META, ['\t'] = CH_W | CH_META,
	['\n'] = CH_W | CH_META, [';'] = CH_W | CH_META,
	['&'] = CH_W | CH_META, ['|'] = CH_W | CH_META,
	['('] = CH_W | CH_META, [')'] = CH_W | CH_META,
	['<'] = CH_W | CH_META, ['>'] = CH_W | CH_META,
	['\''] = CH_W, ['='] = CH_W,
	['\\'] = CH_W | CH_DQ, ['"'] = CH_W | CH_DQ, ['`'] = CH_W | CH_DQ,
	['$'] = CH_W | CH_DQ
};

/* The end of the run of bytes from i that are not special to cls. */
static inline size_t
run_end(const struct lexer *lx, size_t i, unsigned cls)
{
	const unsigned char	*s = (const unsigned char *)lx->s;
	size_t			 end = lx->end;

	/* Four bytes a step: one bound check for four (bench/). */
	for (; i + 4 <= end; i += 4) {
		if (chspecial[s[i]] & cls)
			return i;
		if (chspecial[s[i + 1]] & cls)
			return i + 1;
		if (chspecial[s[i + 2]] & cls)
			return i + 2;
		if (chspecial[s[i + 3]] & cls)
			return i + 3;
	}
	while (i < end && !(chspecial[s[i]] & cls))
		i++;
	return i;
}

/* After '$': a parameter is expanded ($x, $1, ${..} aside: $@ $* $# ...). */
static inline int
param_start(int ch)
{
	switch (ch) {
	case '@':
	case '*':
	case '#':
	case '?':
	case '$':
	case '!':
	case '-':
		return 1;
	default:
		return bd_is_alnum_(ch);
	}
}

/* ------------------------------------------------------------------ */
/* Memory. */

static int
sc_grow(struct ctx *c, size_t more)
{
	char	*p;
	size_t	 cap;

	if (c->failed)
		return -1;
	cap = c->sc.cap ? c->sc.cap : 256;
	while (cap < c->sc.len + more) {
		if (cap > SIZE_MAX / 4) {
			c->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	if ((p = jl_arena_alloc(c->a, cap)) == NULL) {
		c->failed = 1;
		return -1;
	}
	if (c->sc.len > 0)
		memcpy(p, c->sc.data, c->sc.len);
	c->sc.data = p;
	c->sc.cap = cap;
	return 0;
}

/* Inline fast path: called for every byte of every word (bench/). */
static inline int
sc_reserve(struct ctx *c, size_t more)
{
	return c->sc.len + more <= c->sc.cap ? 0 : sc_grow(c, more);
}

static void
sc_add(struct ctx *c, const char *s, size_t n)
{
	if (n == 0 || sc_reserve(c, n) != 0)
		return;
	memcpy(c->sc.data + c->sc.len, s, n);
	c->sc.len += n;
}

static void
sc_putc(struct ctx *c, int ch)
{
	if (sc_reserve(c, 1) != 0)
		return;
	c->sc.data[c->sc.len++] = (char)ch;
}

/*
 * The text of the word being read (struct tok): ctx->sc from tbase, then
 * the pending script bytes [vstart, vend).  Script bytes that continue
 * the pending ones only extend them; anything else copies them first.
 */
static void
w_flush(struct parse *p, struct tok *t)
{
	if (t->vend > t->vstart) {
		sc_add(p->c, p->lx->s + t->vstart, t->vend - t->vstart);
		t->vstart = t->vend = 0;
	}
}

/* Script bytes [a, b) are the next bytes of the text. */
static inline void
w_src(struct parse *p, struct tok *t, size_t a, size_t b)
{
	if (a >= b)
		return;
	if (t->vend > t->vstart) {
		if (t->vend == a) {
			t->vend = b;
			return;
		}
		w_flush(p, t);
	}
	t->vstart = a;
	t->vend = b;
}

/* A byte that is not the script's at that place ($'\n', an escape). */
static void
w_putc(struct parse *p, struct tok *t, int ch)
{
	w_flush(p, t);
	sc_putc(p->c, ch);
}

/* The text so far: pointer and length (copies pending bytes if needed). */
static inline const char *
w_text(struct parse *p, struct tok *t, size_t *len)
{
	struct ctx	*c = p->c;

	if (c->sc.len == t->tbase) {
		*len = t->vend - t->vstart;
		return p->lx->s + t->vstart;
	}
	w_flush(p, t);
	*len = c->sc.len - t->tbase;
	return c->sc.data != NULL ? c->sc.data + t->tbase : "";
}

static inline size_t
w_len(const struct parse *p, const struct tok *t)
{
	return p->c->sc.len - t->tbase + (t->vend - t->vstart);
}

/*
 * The literal text [a, b) of a substitution inside a word.  Nested ones
 * would copy the same bytes once per level, so long texts keep only their
 * start.
 */
static void
w_raw(struct parse *p, struct tok *t, size_t a, size_t b)
{
	if (b - a > RAW_MAX) {
		b = a + RAW_MAX;
		p->c->body->truncated = 1;
	}
	w_src(p, t, a, b);
}

/* ------------------------------------------------------------------ */
/* Lexer. */

static int
lc(const struct lexer *lx, size_t i)
{
	return i < lx->end ? (unsigned char)lx->s[i] : -1;
}

void
bd_truncated(struct parse *p)
{
	p->c->body->truncated = 1;
}

void
bd_unterminated_quote(struct parse *p, size_t open)
{
	struct jl_body	*b = p->c->body;

	if (!p->lx->report || b->unterminated_quote)
		return;
	b->unterminated_quote = 1;
	b->unterminated_quote_loc = bd_mkloc(p->lx, open, open + 1);
}

/* Skip blanks and backslash-newline continuations. */
static inline void
skip_blanks(struct lexer *lx)
{
	const char	*s = lx->s;
	size_t		 i = lx->pos, end = lx->end;

	for (;;) {
		while (i < end && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i + 1 < end && s[i] == '\\' && s[i + 1] == '\n')
			i += 2;
		else
			break;
	}
	lx->pos = i;
}

/*
 * Is there an arithmetic "((...))" whose body starts at from?  As bash's
 * parse_arith_cmd(): the parenthesis matching the second '(' must be
 * followed by ')'; otherwise "((" is two subshells.  The scan costs bytes
 * from a budget proportional to the input, so it stays linear.
 */
static int
arith_end(struct parse *p, size_t from, size_t *endp)
{
	struct lexer	*lx = p->lx;
	size_t		 i = from, depth = 0;
	int		 ch, q;

	while (i < lx->end) {
		if (p->c->budget == 0)
			return 0;
		p->c->budget--;
		ch = (unsigned char)lx->s[i];
		if (ch == '\\') {
			i += 2;
			continue;
		}
		if (ch == '\'' || ch == '"') {
			q = ch;
			for (i++; i < lx->end && lx->s[i] != q; i++) {
				if (p->c->budget == 0)
					return 0;
				p->c->budget--;
			}
			i++;
			continue;
		}
		if (ch == '(') {
			if (++depth > MAXD)
				return 0;
		} else if (ch == ')') {
			if (depth == 0) {
				if (lc(lx, i + 1) != ')')
					return 0;
				*endp = i + 2;
				return 1;
			}
			depth--;
		}
		i++;
	}
	return 0;
}

/*
 * Find the end of a group in s[from, end) by counting open and close
 * characters, skipping quotes and backslashes: just past the close that
 * ends it, or 0 when none does.  Imprecise but linear.
 */
static size_t
group_end(const char *s, size_t from, size_t end, int open, int close)
{
	size_t		 i = from, depth = 1;
	int		 ch, q;
	const char	*e;

	while (i < end) {
		ch = (unsigned char)s[i];
		if (ch == '\\') {
			i += 2;
			continue;
		}
		if (ch == '\'' || ch == '"') {
			q = ch;
			e = memchr(s + i + 1, q, end - i - 1);
			if (e == NULL)
				break;
			i = (size_t)(e - s) + 1;
			continue;
		}
		if (ch == open)
			depth++;
		else if (ch == close && --depth == 0)
			return i + 1;
		i++;
	}
	return 0;
}

/* Past the depth limit: group_end(), the caller marks the body truncated. */
static size_t
flat_scan(struct parse *p, size_t from, int open, int close, size_t opener)
{
	struct lexer	*lx = p->lx;
	size_t		 e = group_end(lx->s, from, lx->end, open, close);

	if (e != 0)
		return e;
	bd_unterminated_quote(p, opener);
	return lx->end;
}

static void
lex_squote(struct parse *p, struct tok *t)
{
	struct lexer	*lx = p->lx;
	size_t		 open = lx->pos;
	const char	*e;

	e = open + 1 < lx->end ?
	    memchr(lx->s + open + 1, '\'', lx->end - open - 1) : NULL;
	if (e == NULL) {
		bd_unterminated_quote(p, open);
		if (open + 1 < lx->end)
			w_src(p, t, open + 1, lx->end);
		lx->pos = lx->end;
		string_span(p, open);
		return;
	}
	w_src(p, t, open + 1, (size_t)(e - lx->s));
	lx->pos = (size_t)(e - lx->s) + 1;
	string_span(p, open);
}

/* $'...' escapes: pairs of the letter after '\\' and the byte it means. */
static const char ansi_esc[] =
    "a\007b\010e\033E\033f\014n\nr\rt\tv\013\\\\''\"\"??";

/* $'...': ANSI-C quoting (the common escapes). */
static void
lex_ansi(struct parse *p, struct tok *t)
{
	struct lexer	*lx = p->lx;
	size_t		 open = lx->pos;
	const char	*e;
	int		 ch, v, k;

	lx->pos += 2;
	for (;;) {
		ch = lc(lx, lx->pos);
		if (ch < 0) {
			bd_unterminated_quote(p, open);
			string_span(p, open);
			return;
		}
		lx->pos++;
		if (ch == '\'') {
			string_span(p, open);
			return;
		}
		if (ch != '\\') {
			w_src(p, t, lx->pos - 1, lx->pos);
			continue;
		}
		ch = lc(lx, lx->pos);
		if (ch < 0) {
			w_putc(p, t, '\\');
			continue;
		}
		lx->pos++;
		e = ch != 0 ? strchr(ansi_esc, ch) : NULL;
		if (e != NULL && (e - ansi_esc) % 2 == 0) {
			w_putc(p, t, (unsigned char)e[1]);
		} else if (ch == 'x') {
			v = 0;
			for (k = 0; k < 2 && lx->pos < lx->end; k++) {
				ch = (unsigned char)lx->s[lx->pos];
				if (bd_is_digit(ch))
					v = v * 16 + ch - '0';
				else if (bd_upper(ch) >= 'A' &&
				    bd_upper(ch) <= 'F')
					v = v * 16 + bd_upper(ch) - 'A' + 10;
				else
					break;
				lx->pos++;
			}
			w_putc(p, t, v);
		} else if (ch >= '0' && ch <= '7') {
			v = ch - '0';
			for (k = 0; k < 2 && lc(lx, lx->pos) >= '0' &&
			    lc(lx, lx->pos) <= '7'; k++)
				v = v * 8 + lx->s[lx->pos++] - '0';
			w_putc(p, t, v & 0xff);
		} else {
			w_putc(p, t, '\\');
			w_putc(p, t, ch);
		}
	}
}

/* "...": backslash quotes only $ ` " \ and newline. */
static void
lex_dquote(struct parse *p, struct tok *t)
{
	struct lexer	*lx = p->lx;
	size_t		 open = lx->pos, e;
	int		 ch, n1;

	lx->pos++;
	for (;;) {
		if ((e = run_end(lx, lx->pos, CH_DQ)) > lx->pos) {
			w_src(p, t, lx->pos, e);
			lx->pos = e;
		}
		ch = lc(lx, lx->pos);
		if (ch < 0) {
			bd_unterminated_quote(p, open);
			string_span(p, open);
			return;
		}
		switch (ch) {
		case '"':
			lx->pos++;
			string_span(p, open);
			return;
		case '\\':
			n1 = lc(lx, lx->pos + 1);
			if (n1 == '\n') {
				lx->pos += 2;
			} else if (n1 == '$' || n1 == '`' || n1 == '"' ||
			    n1 == '\\') {
				w_src(p, t, lx->pos + 1, lx->pos + 2);
				lx->pos += 2;
			} else {
				w_src(p, t, lx->pos, lx->pos + 1);
				lx->pos++;
			}
			break;
		case '$':
			lex_dollar_inline(p, t, 1);
			break;
		case '`':
			t->exp = 1;
			lex_backtick(p, t, 1);
			break;
		default:
			w_src(p, t, lx->pos, lx->pos + 1);
			lx->pos++;
			break;
		}
	}
}

/*
 * $( ... ) or <( ... ): the text from open up to the matching ')' is read
 * as commands (they run), then kept literally in the word.
 */
static void
lex_comsub(struct parse *p, struct tok *t, size_t open, size_t inner)
{
	struct lexer	*lx = p->lx;
	struct ctx	*c = p->c;
	size_t		 mark = c->sc.len;

	if (bd_deep(p)) {
		bd_truncated(p);
		lx->pos = flat_scan(p, inner, '(', ')', open);
	} else {
		lx->pos = inner;
		bd_parse_level(p, L_COMSUB, open);
	}
	c->sc.len = mark;
	w_raw(p, t, open, lx->pos);
}

/* The closing backquote of the one at open, or end if there is none. */
static size_t
backquote_end(const char *s, size_t open, size_t end)
{
	size_t	i;

	for (i = open + 1; i < end; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '`')
			return i;
	}
	return end;
}

/*
 * Read [from, end) of in's text as commands of their own (a `...` body,
 * or from after "$(" to its ")" for L_COMSUB) with a lexer bounded by
 * end; in: p->lx, or a copy of text bash reads changed (struct lexer:
 * its spans); report: whether unterminated quotes in it count.  Returns
 * where the reading stopped.
 */
static size_t
parse_region(struct parse *p, const struct lexer *in, size_t from,
    size_t end, enum lkind kind, size_t open, int report)
{
	struct lexer	*lx = p->lx, sub;

	memset(&sub, 0, sizeof(sub));
	sub.s = in->s;
	sub.pos = from;
	sub.end = end;
	sub.fixed = in->fixed;
	sub.floc = in->floc;
	sub.report = report;
	p->lx = &sub;
	bd_parse_level(p, kind, open);
	p->lx = lx;
	return sub.pos;
}

/*
 * Inside `...` bash removes a backslash before \\ ` $ and newline (and "
 * inside double quotes) before it reads the text as commands, so `echo
 * \\`srun x\\`` runs srun.  Is s[i] such a backslash (i + 1 < to)?
 */
static inline int
bq_escape(const char *s, size_t i, size_t to, int in_dq)
{
	return s[i] == '\\' && i + 1 < to && (s[i + 1] == '\\' ||
	    s[i + 1] == '`' || s[i + 1] == '$' || s[i + 1] == '\n' ||
	    (in_dq && s[i + 1] == '"'));
}

/*
 * Does bash read the body [from, to) of `...` changed (bq_escape())?  A
 * backslash-newline the lexer reads the same (outside quotes, comments
 * and here-documents) does not count.
 */
static int
bq_changed(const char *s, size_t from, size_t to, int in_dq)
{
	size_t	i;
	int	nl = 0;

	for (i = from; i + 1 < to; i++) {
		if (s[i] != '\\')
			continue;
		if (bq_escape(s, i, to, in_dq)) {
			if (s[i + 1] != '\n')
				return 1;
			nl = 1;
		}
		i++;
	}
	return nl && (memchr(s + from, '\'', to - from) != NULL ||
	    memchr(s + from, '#', to - from) != NULL ||
	    memchr(s + from, '<', to - from) != NULL);
}

/*
 * Read the body [open + 1, close) of `...` as commands: in place, or
 * when bash reads it changed (bq_changed()) from a copy as bash reads it,
 * every span set to the backquotes'.  The copy is at most the body, and
 * each level of nesting needs twice the backslashes: bounded.
 */
static void
parse_backquote(struct parse *p, size_t open, size_t close, int in_dq,
    int report)
{
	struct lexer	*lx = p->lx, cp;
	const char	*s = lx->s;
	char		*d;
	size_t		 i, n = 0;

	if (!bq_changed(s, open + 1, close, in_dq)) {
		(void)parse_region(p, lx, open + 1, close, L_SUB, open,
		    report);
		return;
	}
	if ((d = jl_arena_alloc_raw(p->c->a, close - open)) == NULL) {
		p->c->failed = 1;
		return;
	}
	for (i = open + 1; i < close; i++) {
		if (bq_escape(s, i, close, in_dq) && s[++i] == '\n')
			continue;
		d[n++] = s[i];
	}
	memset(&cp, 0, sizeof(cp));
	cp.s = d;
	cp.fixed = 1;
	cp.floc = bd_mkloc(lx, open, close < lx->end ? close + 1 : close);
	(void)parse_region(p, &cp, 0, n, L_SUB, 0, report);
}

/* `...`: the text up to the closing backquote is read as commands. */
static void
lex_backtick(struct parse *p, struct tok *t, int in_dq)
{
	struct lexer	*lx = p->lx;
	struct ctx	*c = p->c;
	size_t		 open = lx->pos, close, mark = c->sc.len;

	close = backquote_end(lx->s, open, lx->end);
	if (close >= lx->end)
		bd_unterminated_quote(p, open);
	if (bd_deep(p))
		bd_truncated(p);
	else
		parse_backquote(p, open, close, in_dq, lx->report);
	c->sc.len = mark;
	lx->pos = close < lx->end ? close + 1 : lx->end;
	w_raw(p, t, open, lx->pos);
}

/* ${ ... }: matched braces; quotes and substitutions inside are read. */
static void
lex_brace(struct parse *p, struct tok *t, int in_dq)
{
	struct lexer	*lx = p->lx;
	struct ctx	*c = p->c;
	size_t		 open = lx->pos, mark = c->sc.len, count = 1;
	size_t		 vstart = t->vstart, vend = t->vend;
	int		 ch;

	lx->pos += 2;
	if (bd_deep(p)) {
		bd_truncated(p);
		lx->pos = flat_scan(p, lx->pos, '{', '}', open);
	} else {
		p->tdepth++;
		while (count > 0) {
			ch = lc(lx, lx->pos);
			if (ch < 0) {
				bd_unterminated_quote(p, open);
				break;
			}
			switch (ch) {
			case '\\':
				lx->pos += lx->pos + 1 < lx->end ? 2 : 1;
				break;
			case '\'':
				if (in_dq)
					lx->pos++;
				else
					lex_squote(p, t);
				break;
			case '"':
				lex_dquote(p, t);
				break;
			case '$':
				lex_dollar(p, t, in_dq);
				break;
			case '`':
				lex_backtick(p, t, in_dq);
				break;
			case '{':
				count++;
				lx->pos++;
				break;
			case '}':
				count--;
				lx->pos++;
				break;
			default:
				lx->pos++;
				break;
			}
		}
		p->tdepth--;
	}
	/* What was read inside is dropped: the text is the raw bytes. */
	c->sc.len = mark;
	t->vstart = vstart;
	t->vend = vend;
	w_raw(p, t, open, lx->pos);
}

/* A '$' in a word or in double quotes. */
static void
lex_dollar(struct parse *p, struct tok *t, int in_dq)
{
	struct lexer	*lx = p->lx;
	size_t		 open = lx->pos, e;
	int		 n1 = lc(lx, lx->pos + 1);

	switch (n1) {
	case '(':
		t->exp = 1;
		if (lc(lx, open + 2) == '(' && arith_end(p, open + 3, &e)) {
			run_substs(p, open + 3, e - 2);
			w_raw(p, t, open, e);
			lx->pos = e;
			return;
		}
		lex_comsub(p, t, open, open + 2);
		return;
	case '{':
		t->exp = 1;
		lex_brace(p, t, in_dq);
		return;
	case '\'':
		if (!in_dq) {
			t->quoted = 1;
			lex_ansi(p, t);
			return;
		}
		break;
	case '"':
		if (!in_dq) {
			t->quoted = 1;
			lx->pos++;
			lex_dquote(p, t);
			return;
		}
		break;
	default:
		if (param_start(n1))
			t->exp = 1;
		break;
	}
	w_src(p, t, open, open + 1);
	lx->pos++;
}

/* A '$': $name and a lone '$' here, the rest in lex_dollar() (bench/). */
static inline __attribute__((__always_inline__)) void
lex_dollar_inline(struct parse *p, struct tok *t, int in_dq)
{
	struct lexer	*lx = p->lx;
	int		 n1 = lc(lx, lx->pos + 1);

	if (n1 == '(' || n1 == '{' || (!in_dq && (n1 == '\'' || n1 == '"'))) {
		lex_dollar(p, t, in_dq);
		return;
	}
	if (n1 == '$') {
		/* $$, the shell's pid: "$$(x)" is the pid and "(x)". */
		t->exp = 1;
		w_src(p, t, lx->pos, lx->pos + 2);
		lx->pos += 2;
		return;
	}
	if (param_start(n1))
		t->exp = 1;
	w_src(p, t, lx->pos, lx->pos + 1);
	lx->pos++;
}

/*
 * A=( ... ): the array body, kept literally; the command substitutions
 * outside single quotes run (times=( $(mpirun ./bench) )), as
 * run_substs() reads them: $( ... ) never closed runs nothing.
 */
static void
lex_array(struct parse *p, struct tok *t)
{
	struct lexer	*lx = p->lx;
	const char	*s = lx->s, *q;
	size_t		 open = lx->pos, end, in, i, seg, e;
	int		 dq = 0;

	end = flat_scan(p, open + 1, '(', ')', open);
	in = end > open + 1 && s[end - 1] == ')' ? end - 1 : end;
	for (i = seg = open + 1; i < in; i++) {
		if (s[i] == '\\') {
			i++;
		} else if (s[i] == '$' && i + 1 < in && s[i + 1] == '(') {
			/* Its quotes are its own: on past its ')'.  Never
			 * closed, it holds the rest (and runs nothing). */
			if ((e = group_end(s, i + 2, in, '(', ')')) == 0)
				break;
			i = e - 1;
		} else if (s[i] == '"') {
			dq = !dq;
		} else if (s[i] == '\'' && !dq) {
			run_substs(p, seg, i);
			if ((q = memchr(s + i + 1, '\'', in - i - 1)) == NULL) {
				seg = in;
				break;
			}
			i = (size_t)(q - s);
			seg = i + 1;
		}
	}
	if (seg < in)
		run_substs(p, seg, in);
	lx->pos = end;
	w_raw(p, t, open, end);
}

/*
 * A word: everything up to an unquoted metacharacter.  Inlined into
 * bd_next_token(), where most tokens are words (bench/); lex_word() is
 * the same for the other callers.
 */
static inline __attribute__((__always_inline__)) void
lex_word_inline(struct parse *p, struct tok *t)
{
	struct lexer	*lx = p->lx;
	struct ctx	*c = p->c;
	const char	*text;
	size_t		 e, len;
	int		 ch, n1, seen_eq = 0;

	t->type = T_WORD;
	t->start = lx->pos;
	t->tbase = c->sc.len;
	t->vstart = t->vend = 0;
	t->quoted = t->exp = t->assign = 0;
	t->eq = 0;
	for (;;) {
		if ((e = run_end(lx, lx->pos, CH_W)) > lx->pos) {
			w_src(p, t, lx->pos, e);
			lx->pos = e;
		}
		ch = lc(lx, lx->pos);
		if (ch < 0)
			break;
		if (chspecial[ch] & CH_META) {
			if ((ch == '<' || ch == '>') &&
			    lc(lx, lx->pos + 1) == '(') {
				/* Process substitution: runs its commands. */
				t->exp = 1;
				lex_comsub(p, t, lx->pos, lx->pos + 2);
				continue;
			}
			if (ch == '(' && t->assign && w_len(p, t) == t->eq) {
				lex_array(p, t);
				continue;
			}
			break;
		}
		switch (ch) {
		case '\\':
			n1 = lc(lx, lx->pos + 1);
			if (n1 == '\n') {
				lx->pos += 2;
			} else if (n1 < 0) {
				w_src(p, t, lx->pos, lx->pos + 1);
				lx->pos++;
			} else {
				w_src(p, t, lx->pos + 1, lx->pos + 2);
				t->quoted = 1;
				lx->pos += 2;
			}
			continue;
		case '\'':
			t->quoted = 1;
			lex_squote(p, t);
			continue;
		case '"':
			t->quoted = 1;
			lex_dquote(p, t);
			continue;
		case '`':
			t->exp = 1;
			lex_backtick(p, t, 0);
			continue;
		case '$':
			lex_dollar_inline(p, t, 0);
			continue;
		case '=':
			if (!seen_eq) {
				seen_eq = 1;
				if (!t->quoted) {
					text = w_text(p, t, &len);
					if (bd_valid_lhs(text, len)) {
						t->assign = 1;
						t->eq = len + 1;
					}
				}
			}
			break;
		default:
			break;
		}
		w_src(p, t, lx->pos, lx->pos + 1);
		lx->pos++;
	}
	t->end = lx->pos;
	t->text = w_text(p, t, &t->tlen);
}

static void
lex_word(struct parse *p, struct tok *t)
{
	lex_word_inline(p, t);
}

/* Record a span of the script itself (not of a trap string) in v. */
static void
data_span(struct parse *p, struct jl_vec *v, size_t start, size_t end)
{
	struct jl_loc	*loc;

	if (!p->lx->report || p->lx->fixed || end <= start)
		return;
	if ((loc = jl_arena_alloc(p->c->a, sizeof(*loc))) == NULL)
		return;
	loc->off = start;
	loc->len = end - start;
	jl_vec_push(p->c->a, v, loc);
}

/* A here-document body. */
static void
heredoc_span(struct parse *p, size_t start, size_t end)
{
	data_span(p, &p->c->body->heredocs, start, end);
}

/*
 * A quoted string from open up to lx->pos: if it spans lines, a line in
 * it that starts with "#SBATCH" is text, not a comment (jl_model_build()
 * does not report it as a late directive).
 */
static void
string_span(struct parse *p, size_t open)
{
	struct lexer	*lx = p->lx;

	if (lx->report && !lx->fixed && lx->pos > open + 1 &&
	    memchr(lx->s + open + 1, '\n', lx->pos - open - 1) != NULL)
		data_span(p, &p->c->body->strings, open, lx->pos);
}

/*
 * In a copy of a here-document with spans (struct hmap), what is read
 * from [a, b) gets the span of those bytes in the script.
 */
static void
map_span(struct lexer *lx, size_t a, size_t b)
{
	size_t	off;

	if (lx->map == NULL || b <= a)
		return;
	off = map_off(lx, a);
	lx->floc.off = off;
	lx->floc.len = map_off(lx, b - 1) + 1 - off;
}

/*
 * The $( ... ) and `...` in text bash expands as a whole, not as words:
 * the body of a here-document whose delimiter is not quoted (cat
 * >run.env <<EOF ... $(srun hostname) ... EOF) and an arithmetic
 * expression ($(( $(srun ...) + 1 )), (( ... ))).  They run, so a job step
 * can sit there: read them as commands; the rest stays data.  Their own
 * syntax errors are not reported (bash finds them only when the line
 * runs).
 */
static void
run_substs(struct parse *p, size_t start, size_t end)
{
	struct lexer	*lx = p->lx;
	struct ctx	*c = p->c;
	const char	*s = lx->s;
	size_t		 i, e, next, mark = c->sc.len;

	for (i = start; i < end; i++) {
		if (s[i] == '\\' || (s[i] == '$' && i + 1 < end &&
		    s[i + 1] == '$')) {
			i++;		/* \x, and $$: the shell's pid */
			continue;
		}
		if (s[i] != '`' && (s[i] != '$' || i + 1 >= end ||
		    s[i + 1] != '('))
			continue;
		if (bd_deep(p)) {
			bd_truncated(p);
			return;
		}
		if (s[i] == '$' && i + 2 < end && s[i + 2] == '(' &&
		    arith_end(p, i + 3, &e) && e <= end) {
			/* arith_end() bounds the nesting (MAXD) */
			run_substs(p, i + 3, e - 2);
			next = e;
		} else if (s[i] == '$') {
			/* Never closed: bash runs nothing of it. */
			if ((e = group_end(s, i + 2, end, '(', ')')) == 0)
				break;
			map_span(lx, i, e);
			next = parse_region(p, lx, i + 2, end, L_COMSUB, i, 0);
		} else {
			if ((e = backquote_end(s, i, end)) >= end)
				break;
			map_span(lx, i, e + 1);
			parse_backquote(p, i, e, 0, 0);
			next = e + 1;
		}
		c->sc.len = mark;
		i = next > i ? next - 1 : i;
	}
}

/* Does [ls, le) end in an odd number of backslashes? */
static int
odd_backslashes(const char *s, size_t ls, size_t le)
{
	size_t	n = 0;

	while (le > ls && s[le - 1] == '\\') {
		le--;
		n++;
	}
	return n % 2;
}

/*
 * A here-document's body as bash expands it, copied (heredoc_substs()):
 * its bytes from offset cooked on are the script's from raw on, up to the
 * next entry.
 */
struct hmap {
	size_t	cooked;
	size_t	raw;
};

/* That copy while hdoc_line() writes it. */
struct cook {
	char		*d;
	size_t		 n;
	struct hmap	*map;		/* NULL: no spans kept */
	size_t		 nmap;
	size_t		 cap;
};

/* The bytes from raw on follow what out holds so far. */
static void
cook_cut(struct cook *out, size_t raw)
{
	struct hmap	*m;

	if (out == NULL || out->map == NULL)
		return;
	m = &out->map[out->nmap - 1];
	if (m->cooked != out->n) {
		if (out->nmap == out->cap)
			return;
		m = &out->map[out->nmap++];
	}
	m->cooked = out->n;
	m->raw = raw;
}

/*
 * The logical line of here-document h from ls, as bash reads it: in an
 * unquoted one each backslash-newline is removed, joining the next line
 * (the pair "\\" newline is not one); for <<- the joined line's leading
 * tabs are removed then.  Sets *nextp past it and returns whether it is
 * the delimiter.  *ncut counts the places bash's text leaves bytes out;
 * out, if not NULL, gets bash's text.
 */
static int
hdoc_line(const struct lexer *lx, const struct hdoc *h, size_t ls,
    size_t *nextp, size_t *ncut, struct cook *out)
{
	const char	*s = lx->s, *nl;
	size_t		 i = ls, le, se, k = 0, n;
	int		 lead = h->strip, match = 1, join;

	for (;;) {
		nl = memchr(s + i, '\n', lx->end - i);
		le = nl != NULL ? (size_t)(nl - s) : lx->end;
		join = nl != NULL && !h->quoted && odd_backslashes(s, i, le);
		se = join ? le - 1 : le;
		if (lead) {
			for (n = i; i < se && s[i] == '\t'; i++)
				;
			if (i > n) {
				(*ncut)++;
				cook_cut(out, i);
			}
			lead = i == se;
		}
		n = se - i;
		if (match && n <= h->dlen - k &&
		    memcmp(s + i, h->delim + k, n) == 0)
			k += n;
		else
			match = 0;
		if (out != NULL) {
			memcpy(out->d + out->n, s + i, n);
			out->n += n;
		}
		if (!join)
			break;
		i = le + 1;
		(*ncut)++;
		cook_cut(out, i);
	}
	if (out != NULL && nl != NULL)
		out->d[out->n++] = '\n';
	*nextp = nl != NULL ? le + 1 : lx->end;
	return match && k == h->dlen;
}

/* Where offset x of a here-document's copy is in the script. */
static size_t
map_off(const struct lexer *lx, size_t x)
{
	size_t	lo = 0, hi = lx->nmap, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (lx->map[mid].cooked <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lx->map[lo].raw + (x - lx->map[lo].cooked);
}

/*
 * The $( ) and `...` of the body [start, stop) of unquoted here-document
 * h (run_substs()).  Where bash's text differs from the bytes (ncut:
 * joined lines, the tabs <<- removes) they are read from a copy of
 * bash's text, each substitution's commands with its span in the
 * script: so a tab-indented terminator of an inner here-document ends it
 * in <<-, and a backslash-newline joins lines inside quotes and comments
 * too.  The copy is at most the body, made once per level of nesting.
 */
static void
heredoc_substs(struct parse *p, const struct hdoc *h, size_t start,
    size_t stop, size_t ncut)
{
	struct lexer	*lx = p->lx, cp;
	struct cook	 ck;
	size_t		 pos, n = 0;

	if (ncut == 0 || bd_deep(p) || (memchr(lx->s + start, '`',
	    stop - start) == NULL && memchr(lx->s + start, '$',
	    stop - start) == NULL)) {
		run_substs(p, start, stop);
		return;
	}
	memset(&ck, 0, sizeof(ck));
	if ((ck.d = jl_arena_alloc_raw(p->c->a, stop - start)) == NULL ||
	    (!lx->fixed && (ck.map = jl_arena_alloc_raw(p->c->a,
	    (ncut + 1) * sizeof(*ck.map))) == NULL)) {
		p->c->failed = 1;
		return;
	}
	if (ck.map != NULL) {
		ck.map[0].cooked = 0;
		ck.map[0].raw = start;
		ck.nmap = 1;
		ck.cap = ncut + 1;
	}
	for (pos = start; pos < stop;)
		(void)hdoc_line(lx, h, pos, &pos, &n, &ck);
	memset(&cp, 0, sizeof(cp));
	cp.s = ck.d;
	cp.end = ck.n;
	cp.fixed = 1;
	cp.floc = bd_mkloc(lx, start, stop);
	cp.map = ck.map;
	cp.nmap = ck.nmap;
	p->lx = &cp;
	run_substs(p, 0, ck.n);
	p->lx = lx;
}

/* Read the bodies of pending here-documents after a newline. */
static void
read_heredocs(struct parse *p)
{
	struct lexer	*lx = p->lx;
	struct hdoc	*h;
	size_t		 i, ls, stop, start, ncut;

	for (i = 0; i < lx->hdocs.n; i++) {
		h = lx->hdocs.items[i];
		start = stop = lx->pos;
		ncut = 0;
		for (;;) {
			if (lx->pos >= lx->end) {
				if (lx->report &&
				    !p->c->body->unterminated_heredoc) {
					p->c->body->unterminated_heredoc = 1;
					p->c->body->unterminated_heredoc_loc =
					    h->loc;
				}
				stop = lx->end;
				break;
			}
			ls = lx->pos;
			if (hdoc_line(lx, h, ls, &lx->pos, &ncut, NULL)) {
				/* the span ends before the delimiter */
				stop = ls;
				break;
			}
		}
		heredoc_span(p, start, stop);
		if (!h->quoted)
			heredoc_substs(p, h, start, stop, ncut);
	}
	lx->hdocs.n = 0;
}

/*
 * A redirection operator at lx->pos, and its target word.  fd0: no fd
 * number was written before it, or it was 0; then an operator starting
 * with '<' (<, <<, <<-, <<<, <&, <>) gives the command its standard input
 * (t->rdin).
 */
static void
lex_redir(struct parse *p, struct tok *t, int fd0)
{
	struct lexer	*lx = p->lx;
	struct tok	 tw;
	struct hdoc	*h;
	size_t		 op = lx->pos;
	int		 ch = lc(lx, lx->pos), heredoc = 0, strip = 0;

	t->type = T_REDIR;
	t->rdin = fd0 && ch == '<';
	lx->pos++;
	if (ch == '&') {
		if (lc(lx, lx->pos) == '>')
			lx->pos++;
		if (lc(lx, lx->pos) == '>')
			lx->pos++;
	} else if (ch == '>') {
		ch = lc(lx, lx->pos);
		if (ch == '>' || ch == '|' || ch == '&')
			lx->pos++;
	} else {
		ch = lc(lx, lx->pos);
		if (ch == '<') {
			lx->pos++;
			if (lc(lx, lx->pos) == '<') {
				lx->pos++;
			} else {
				heredoc = 1;
				if (lc(lx, lx->pos) == '-') {
					strip = 1;
					lx->pos++;
				}
			}
		} else if (ch == '&' || ch == '>')
			lx->pos++;
	}
	skip_blanks(lx);
	ch = lc(lx, lx->pos);
	if (ch < 0 || (is_meta(ch) && !((ch == '<' || ch == '>') &&
	    lc(lx, lx->pos + 1) == '('))) {
		t->end = lx->pos;
		return;
	}
	lex_word(p, &tw);
	if (heredoc && lx->hdocs.n >= MAX_HDOCS) {
		bd_truncated(p);
	} else if (heredoc) {
		if ((h = bd_alloc(p->c, sizeof(*h))) != NULL) {
			h->delim = bd_sdup(p->c, tw.text, tw.tlen);
			h->dlen = tw.tlen;
			h->strip = strip;
			h->quoted = tw.quoted;
			h->loc = bd_mkloc(lx, op, tw.end);
			if (h->delim != NULL)
				bd_vpush(p->c, &lx->hdocs, h);
		}
	}
	p->c->sc.len = t->tbase;
	t->end = lx->pos;
}

/* "2>", "{fd}>": a word that is the fd of the redirection that follows. */
static int
is_ionumber(const struct tok *t)
{
	const char	*s = t->text;
	size_t		 i;

	if (t->quoted || t->tlen == 0)
		return 0;
	if (s[0] == '{' && t->tlen > 2 && s[t->tlen - 1] == '}')
		return bd_valid_lhs(s + 1, t->tlen - 2);
	for (i = 0; i < t->tlen; i++)
		if (!bd_is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * The next token.  cmdpos: a command may start here, so "((" may open an
 * arithmetic command.
 */
void
bd_next_token(struct parse *p, struct tok *t, int cmdpos)
{
	struct lexer	*lx = p->lx;
	const char	*e;
	size_t		 end;
	int		 ch, n1, fd0;

again:
	skip_blanks(lx);
	/* The other members matter for words only: lex_word() sets them. */
	t->type = T_EOF;
	t->start = lx->pos;
	t->text = "";
	t->tbase = p->c->sc.len;
	t->tlen = 0;
	ch = lc(lx, lx->pos);
	n1 = lc(lx, lx->pos + 1);
	switch (ch) {
	case -1:
		if (lx->hdocs.n > 0)
			read_heredocs(p);
		t->type = T_EOF;
		break;
	case '#':
		e = memchr(lx->s + lx->pos, '\n', lx->end - lx->pos);
		lx->pos = e != NULL ? (size_t)(e - lx->s) : lx->end;
		goto again;
	case '\n':
		/*
		 * The blank and comment lines after it are the same token:
		 * in every state of the parser a second newline changes
		 * nothing the first did not, and scripts have many such
		 * lines (#SBATCH ones too), each a call of the parser
		 * (bench/).
		 */
		do {
			lx->pos++;
			if (lx->hdocs.n > 0)
				read_heredocs(p);
			skip_blanks(lx);
			if (lc(lx, lx->pos) == '#') {
				e = memchr(lx->s + lx->pos, '\n',
				    lx->end - lx->pos);
				lx->pos = e != NULL ? (size_t)(e - lx->s) :
				    lx->end;
			}
		} while (lc(lx, lx->pos) == '\n');
		t->type = T_NEWLINE;
		break;
	case ';':
		if (n1 == ';') {
			lx->pos += 2;
			if (lc(lx, lx->pos) == '&')
				lx->pos++;
			t->type = T_DSEMI;
		} else if (n1 == '&') {
			lx->pos += 2;
			t->type = T_DSEMI;
		} else {
			lx->pos++;
			t->type = T_SEMI;
		}
		break;
	case '&':
		if (n1 == '&') {
			lx->pos += 2;
			t->type = T_AND;
		} else if (n1 == '>') {
			lex_redir(p, t, 0);
		} else {
			lx->pos++;
			t->type = T_AMP;
		}
		break;
	case '|':
		if (n1 == '|') {
			lx->pos += 2;
			t->type = T_OR;
		} else {
			lx->pos += n1 == '&' ? 2 : 1;
			t->type = T_PIPE;
		}
		break;
	case '(':
		if (cmdpos && n1 == '(' && arith_end(p, lx->pos + 2, &end)) {
			run_substs(p, lx->pos + 2, end - 2);
			lx->pos = end;
			t->type = T_ARITH;
		} else {
			lx->pos++;
			t->type = T_LPAREN;
		}
		break;
	case ')':
		lx->pos++;
		t->type = T_RPAREN;
		break;
	case '<':
	case '>':
		if (n1 == '(')
			lex_word(p, t);
		else
			lex_redir(p, t, 1);
		break;
	default:
		lex_word_inline(p, t);
		ch = lc(lx, lx->pos);
		if ((ch == '<' || ch == '>') && lc(lx, lx->pos + 1) != '(' &&
		    is_ionumber(t)) {
			fd0 = t->tlen == 1 && t->text[0] == '0';
			p->c->sc.len = t->tbase;
			lex_redir(p, t, fd0);
		}
		break;
	}
	t->end = lx->pos;
	if (t->type != T_WORD)
		t->tlen = 0;
}

/* Skip blanks; if ')' follows, return 1 and step past it. */
int
bd_peek_rparen(struct lexer *lx)
{
	size_t	save = lx->pos;

	skip_blanks(lx);
	if (lc(lx, lx->pos) == ')') {
		lx->pos++;
		return 1;
	}
	lx->pos = save;
	return 0;
}

/* After "function name": an optional "()". */
void
bd_skip_parens(struct lexer *lx)
{
	size_t	save = lx->pos;

	skip_blanks(lx);
	if (lc(lx, lx->pos) == '(') {
		lx->pos++;
		if (bd_peek_rparen(lx))
			return;
	}
	lx->pos = save;
}
