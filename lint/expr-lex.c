/*
 * expr-lex.c: tokens of the rule expression language (expr.h).  A pure
 * function of (source, offset): the parser asks for one token at a time,
 * so it can look ahead by lexing again and can read an sbatch option name
 * (which contains '-') right after "job.opt." without a lexer mode stack.
 * Character classes come from a table, as in SQLite's tokenize.c.
 */
#include <string.h>

#include "expr-int.h"

enum cclass {
	CC_OTHER,
	CC_SPACE,
	CC_DIGIT,
	CC_ALPHA,	/* letters and '_' */
	CC_QUOTE
};

static unsigned char
cc(unsigned char c)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v')
		return CC_SPACE;
	if (c >= '0' && c <= '9')
		return CC_DIGIT;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return CC_ALPHA;
	if (c == '"' || c == '\'')
		return CC_QUOTE;
	return CC_OTHER;
}

static const struct {
	const char	*word;
	enum xtok	 t;
} keywords[] = {
	{ "and",	XT_AND },
	{ "or",		XT_OR },
	{ "not",	XT_NOT },
	{ "in",		XT_IN },
	{ "matches",	XT_MATCHES },
	{ "true",	XT_TRUE },
	{ "false",	XT_FALSE },
	{ "null",	XT_NULL }
};

static void
lex_error(struct xtoken *t, size_t off, const char *msg)
{
	t->t = XT_ERROR;
	t->s = msg;
	t->erroff = off;
}

/*
 * A number with an optional unit: 42, 12h, 1d12h, 90s, 16G, 512M.
 * Durations: d h m s in that order, each at most once, every part with
 * its own digits; the total in seconds rounds up to minutes.
 */
static void
lex_number(const char *src, size_t len, size_t off, struct xtoken *t)
{
	static const char	 dunits[] = "dhms";
	static const int64_t	 dsecs[] = { 86400, 3600, 60, 1 };
	size_t			 p = off, start;
	int64_t			 n, total = 0, mul;
	int			 last = -1, k;
	const char		*u;

	for (;;) {
		start = p;
		n = 0;
		while (p < len && cc((unsigned char)src[p]) == CC_DIGIT) {
			if (n > (INT64_MAX - (src[p] - '0')) / 10) {
				lex_error(t, start, "number too large");
				return;
			}
			n = n * 10 + (src[p] - '0');
			p++;
		}
		if (p < len && last < 0 && (src[p] == 'K' || src[p] == 'M' ||
		    src[p] == 'G' || src[p] == 'T')) {
			mul = src[p] == 'G' ? 1024 : src[p] == 'T' ?
			    1024 * 1024 : 1;
			if (src[p] == 'K')
				n = n / 1024 + (n % 1024 != 0);
			if (n > INT64_MAX / mul) {
				lex_error(t, off, "size too large");
				return;
			}
			n *= mul;
			p++;
			if (p < len && (cc((unsigned char)src[p]) == CC_ALPHA ||
			    cc((unsigned char)src[p]) == CC_DIGIT)) {
				lex_error(t, p, "a size has one unit: K, M, "
				    "G or T (16G, 512M)");
				return;
			}
			t->t = XT_SIZE;
			t->i = n;
			t->end = p;
			return;
		}
		if (p >= len || src[p] == '\0' ||
		    (u = strchr(dunits, src[p])) == NULL)
			break;
		k = (int)(u - dunits);
		if (k <= last) {
			lex_error(t, p, "duration units go largest first, "
			    "each once: 1d12h, 2h30m");
			return;
		}
		if (n > ((int64_t)1 << 50) / dsecs[k] ||
		    total + n * dsecs[k] > ((int64_t)1 << 50)) {
			lex_error(t, off, "duration too large");
			return;
		}
		total += n * dsecs[k];
		last = k;
		p++;
		if (p >= len || cc((unsigned char)src[p]) != CC_DIGIT)
			break;
	}
	if (last >= 0 && p > start && cc((unsigned char)src[p - 1]) ==
	    CC_DIGIT) {
		lex_error(t, start, "every part of a duration needs a unit: "
		    "1d12h, not 1d12");
		return;
	}
	if (p < len && cc((unsigned char)src[p]) == CC_ALPHA) {
		lex_error(t, p, last >= 0 ? "unknown duration unit; use d, "
		    "h, m or s (1d12h, 30m)" : "unknown unit; durations use "
		    "d h m s (12h), sizes K M G T (16G)");
		return;
	}
	if (last >= 0) {
		t->t = XT_DUR;
		t->i = (total + 59) / 60;
	} else {
		t->t = XT_INT;
		t->i = n;
	}
	t->end = p;
}

/* Is src[p] an escape the string decoder consumes? */
static int
str_escape(char q, char c)
{
	return c == q || c == '\\' || c == '"' || c == '\'';
}

static void
lex_string(struct jl_arena *a, const char *src, size_t len, size_t off,
    struct xtoken *t)
{
	char	 q = src[off];
	char	*out;
	size_t	 p, n = 0;

	for (p = off + 1; p < len && src[p] != q; p++)
		if (src[p] == '\\' && p + 1 < len && str_escape(q, src[p + 1]))
			p++;
	if (p >= len) {
		lex_error(t, off, "unterminated string");
		return;
	}
	if ((out = jl_arena_alloc(a, p - off)) == NULL) {
		lex_error(t, off, "out of memory");
		return;
	}
	for (p = off + 1; src[p] != q; p++) {
		if (src[p] == '\\' && str_escape(q, src[p + 1]))
			p++;
		out[n++] = src[p];
	}
	out[n] = '\0';
	t->t = XT_STR;
	t->s = out;
	t->slen = n;
	t->end = p + 1;
}

size_t
xlex_str_offset(const char *src, size_t len, size_t off, size_t k)
{
	char	q = src[off];
	size_t	p, n = 0;

	for (p = off + 1; p < len && src[p] != q; p++) {
		if (n == k)
			return p;
		if (src[p] == '\\' && p + 1 < len && str_escape(q, src[p + 1]))
			p++;
		n++;
	}
	return p;
}

void
xlex(struct jl_arena *a, const char *src, size_t len, size_t off,
    int optname, struct xtoken *t)
{
	size_t		 p, i;
	unsigned char	 c;

	memset(t, 0, sizeof(*t));
	while (off < len && cc((unsigned char)src[off]) == CC_SPACE)
		off++;
	t->off = t->end = off;
	if (off >= len) {
		t->t = XT_EOF;
		return;
	}
	c = (unsigned char)src[off];
	if (optname) {
		for (p = off; p < len && (cc((unsigned char)src[p]) ==
		    CC_ALPHA || cc((unsigned char)src[p]) == CC_DIGIT ||
		    src[p] == '-'); p++)
			;
		if (p == off) {
			lex_error(t, off, "expected an sbatch option name "
			    "(job.opt.cpus-per-task)");
			return;
		}
		t->t = XT_OPTNAME;
		t->end = p;
		return;
	}
	switch (cc(c)) {
	case CC_DIGIT:
		lex_number(src, len, off, t);
		return;
	case CC_QUOTE:
		lex_string(a, src, len, off, t);
		return;
	case CC_ALPHA:
		for (p = off; p < len && (cc((unsigned char)src[p]) ==
		    CC_ALPHA || cc((unsigned char)src[p]) == CC_DIGIT); p++)
			;
		t->end = p;
		t->t = XT_IDENT;
		for (i = 0; i < JL_NITEMS(keywords); i++)
			if (strlen(keywords[i].word) == p - off &&
			    memcmp(keywords[i].word, src + off, p - off) == 0)
				t->t = keywords[i].t;
		return;
	default:
		break;
	}
	t->end = off + 1;
	switch (c) {
	case '(': t->t = XT_LP; return;
	case ')': t->t = XT_RP; return;
	case '[': t->t = XT_LB; return;
	case ']': t->t = XT_RB; return;
	case '}': t->t = XT_RBRACE; return;
	case ',': t->t = XT_COMMA; return;
	case '.': t->t = XT_DOT; return;
	case '+': t->t = XT_PLUS; return;
	case '-': t->t = XT_MINUS; return;
	case '*': t->t = XT_STAR; return;
	case '/': t->t = XT_SLASH; return;
	default:
		break;
	}
	if (off + 1 < len && src[off + 1] == '=') {
		t->end = off + 2;
		switch (c) {
		case '=': t->t = XT_EQ; return;
		case '!': t->t = XT_NE; return;
		case '<': t->t = XT_LE; return;
		case '>': t->t = XT_GE; return;
		default: break;
		}
		t->end = off + 1;
	}
	if (c == '=' && off + 1 < len && src[off + 1] == '>') {
		t->end = off + 2;
		t->t = XT_ARROW;
		return;
	}
	switch (c) {
	case '<': t->t = XT_LT; return;
	case '>': t->t = XT_GT; return;
	case '=':
		lex_error(t, off, "\"=\" is not an operator; compare with ==");
		return;
	case '!':
		lex_error(t, off, "\"!\" is not an operator; write not or !=");
		return;
	case '&':
	case '|':
		lex_error(t, off, "write and / or, not && / ||");
		return;
	case '{':
		lex_error(t, off, "unexpected \"{\"");
		return;
	default:
		lex_error(t, off, "unexpected character");
		return;
	}
}

const char *
xtok_name(enum xtok t)
{
	switch (t) {
	case XT_EOF:		return "end of expression";
	case XT_INT:		return "number";
	case XT_DUR:		return "duration";
	case XT_SIZE:		return "size";
	case XT_STR:		return "string";
	case XT_IDENT:		return "name";
	case XT_OPTNAME:	return "option name";
	case XT_LP:		return "\"(\"";
	case XT_RP:		return "\")\"";
	case XT_LB:		return "\"[\"";
	case XT_RB:		return "\"]\"";
	case XT_RBRACE:		return "\"}\"";
	case XT_COMMA:		return "\",\"";
	case XT_DOT:		return "\".\"";
	case XT_ARROW:		return "\"=>\"";
	case XT_EQ:		return "\"==\"";
	case XT_NE:		return "\"!=\"";
	case XT_LT:		return "\"<\"";
	case XT_LE:		return "\"<=\"";
	case XT_GT:		return "\">\"";
	case XT_GE:		return "\">=\"";
	case XT_PLUS:		return "\"+\"";
	case XT_MINUS:		return "\"-\"";
	case XT_STAR:		return "\"*\"";
	case XT_SLASH:		return "\"/\"";
	case XT_AND:		return "\"and\"";
	case XT_OR:		return "\"or\"";
	case XT_NOT:		return "\"not\"";
	case XT_IN:		return "\"in\"";
	case XT_MATCHES:	return "\"matches\"";
	case XT_TRUE:		return "true";
	case XT_FALSE:		return "false";
	case XT_NULL:		return "null";
	default:		return "error";
	}
}
