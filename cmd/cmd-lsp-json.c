/*
 * cmd-lsp-json.c: a small JSON reader for jlint lsp (cmd-lsp.h).  The
 * client's messages are read into an arena per message; strings are
 * decoded to UTF-8 (\uXXXX surrogate pairs joined, a lone surrogate
 * becomes U+FFFD).  Bad input gives an error, never a crash: nesting is
 * bounded and every read is checked against the end.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd-lsp.h"

#define MAX_NEST	64

struct rd {
	struct jl_arena	*a;
	const char	*p, *end;
	const char	*err;
};

static void
skip_ws(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
	    *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static int
fail(struct rd *r, const char *why)
{
	if (r->err == NULL)
		r->err = why;
	return -1;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned	v = 0;
	int		i;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			v |= (unsigned)(p[i] - '0');
		else if (p[i] >= 'a' && p[i] <= 'f')
			v |= (unsigned)(p[i] - 'a' + 10);
		else if (p[i] >= 'A' && p[i] <= 'F')
			v |= (unsigned)(p[i] - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct jl_buf *b, unsigned c)
{
	if (c < 0x80)
		jl_buf_putc(b, (int)c);
	else if (c < 0x800) {
		jl_buf_putc(b, (int)(0xc0 | (c >> 6)));
		jl_buf_putc(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		jl_buf_putc(b, (int)(0xe0 | (c >> 12)));
		jl_buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		jl_buf_putc(b, (int)(0x80 | (c & 0x3f)));
	} else {
		jl_buf_putc(b, (int)(0xf0 | (c >> 18)));
		jl_buf_putc(b, (int)(0x80 | ((c >> 12) & 0x3f)));
		jl_buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		jl_buf_putc(b, (int)(0x80 | (c & 0x3f)));
	}
}

/* A string literal at r->p (the opening quote) into the arena. */
static int
read_str(struct rd *r, const char **out, size_t *lenp)
{
	struct jl_buf	b;
	unsigned	c, lo;
	char		*s;

	r->p++;
	jl_buf_init(&b);
	while (r->p < r->end && *r->p != '"') {
		if ((unsigned char)*r->p < 0x20) {
			jl_buf_free(&b);
			return fail(r, "control character in a string");
		}
		if (*r->p != '\\') {
			jl_buf_putc(&b, *r->p++);
			continue;
		}
		if (++r->p >= r->end)
			break;
		switch (*r->p++) {
		case '"': jl_buf_putc(&b, '"'); break;
		case '\\': jl_buf_putc(&b, '\\'); break;
		case '/': jl_buf_putc(&b, '/'); break;
		case 'b': jl_buf_putc(&b, '\b'); break;
		case 'f': jl_buf_putc(&b, '\f'); break;
		case 'n': jl_buf_putc(&b, '\n'); break;
		case 'r': jl_buf_putc(&b, '\r'); break;
		case 't': jl_buf_putc(&b, '\t'); break;
		case 'u':
			if (r->end - r->p < 4 || hex4(r->p, &c) != 0) {
				jl_buf_free(&b);
				return fail(r, "bad \\u escape");
			}
			r->p += 4;
			if (c >= 0xd800 && c < 0xdc00 && r->end - r->p >= 6 &&
			    r->p[0] == '\\' && r->p[1] == 'u' &&
			    hex4(r->p + 2, &lo) == 0 && lo >= 0xdc00 &&
			    lo < 0xe000) {
				r->p += 6;
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
			} else if (c >= 0xd800 && c < 0xe000)
				c = 0xfffd;
			put_utf8(&b, c);
			break;
		default:
			jl_buf_free(&b);
			return fail(r, "bad escape in a string");
		}
	}
	if (r->p >= r->end) {
		jl_buf_free(&b);
		return fail(r, "unterminated string");
	}
	r->p++;
	if (b.failed || (s = jl_arena_strndup(r->a, b.data != NULL ? b.data :
	    "", b.len)) == NULL) {
		jl_buf_free(&b);
		return fail(r, "out of memory");
	}
	*out = s;
	*lenp = b.len;
	jl_buf_free(&b);
	return 0;
}

static struct lsp_json *read_value(struct rd *, int depth);

/* Append to a node's arrays; their capacity is 4, then the next power
 * of two (arena memory: the old arrays stay until the message is done). */
static int
push(struct rd *r, struct lsp_json *v, struct lsp_json *item, const char *key)
{
	struct lsp_json	**items;
	const char	**keys;
	size_t		  cap;

	if (v->n == 0 || (v->n >= 4 && (v->n & (v->n - 1)) == 0)) {
		cap = v->n == 0 ? 4 : v->n * 2;
		if ((items = jl_arena_alloc(r->a, cap * sizeof(*items))) ==
		    NULL || (keys = jl_arena_alloc(r->a, cap * sizeof(*keys))) ==
		    NULL)
			return fail(r, "out of memory");
		if (v->n > 0) {
			memcpy(items, v->items, v->n * sizeof(*items));
			memcpy(keys, v->keys, v->n * sizeof(*keys));
		}
		v->items = items;
		v->keys = keys;
	}
	v->items[v->n] = item;
	v->keys[v->n] = key;
	v->n++;
	return 0;
}

static struct lsp_json *
read_value(struct rd *r, int depth)
{
	struct lsp_json	*v, *item;
	const char	*key, *q;
	size_t		 klen;
	char		*endp, tmp[64];

	skip_ws(r);
	if (r->p >= r->end) {
		fail(r, "unexpected end of input");
		return NULL;
	}
	if (depth > MAX_NEST) {
		fail(r, "nested too deeply");
		return NULL;
	}
	if ((v = jl_arena_alloc(r->a, sizeof(*v))) == NULL) {
		fail(r, "out of memory");
		return NULL;
	}
	switch (*r->p) {
	case '{':
		v->type = LSP_J_OBJ;
		r->p++;
		skip_ws(r);
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return v;
		}
		for (;;) {
			skip_ws(r);
			if (r->p >= r->end || *r->p != '"') {
				fail(r, "expected a member name");
				return NULL;
			}
			if (read_str(r, &key, &klen) != 0)
				return NULL;
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':') {
				fail(r, "expected ':'");
				return NULL;
			}
			r->p++;
			if ((item = read_value(r, depth + 1)) == NULL ||
			    push(r, v, item, key) != 0)
				return NULL;
			skip_ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == '}') {
				r->p++;
				return v;
			}
			fail(r, "expected ',' or '}'");
			return NULL;
		}
	case '[':
		v->type = LSP_J_ARR;
		r->p++;
		skip_ws(r);
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return v;
		}
		for (;;) {
			if ((item = read_value(r, depth + 1)) == NULL ||
			    push(r, v, item, NULL) != 0)
				return NULL;
			skip_ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == ']') {
				r->p++;
				return v;
			}
			fail(r, "expected ',' or ']'");
			return NULL;
		}
	case '"':
		v->type = LSP_J_STR;
		if (read_str(r, &v->str, &v->len) != 0)
			return NULL;
		return v;
	case 't':
	case 'f':
	case 'n':
		if (r->end - r->p >= 4 && memcmp(r->p, "true", 4) == 0) {
			v->type = LSP_J_BOOL;
			v->b = 1;
			r->p += 4;
		} else if (r->end - r->p >= 5 && memcmp(r->p, "false", 5) ==
		    0) {
			v->type = LSP_J_BOOL;
			r->p += 5;
		} else if (r->end - r->p >= 4 && memcmp(r->p, "null", 4) ==
		    0) {
			v->type = LSP_J_NULL;
			r->p += 4;
		} else {
			fail(r, "unknown word");
			return NULL;
		}
		return v;
	default:
		/* A number: JSON's grammar, read by strtod. */
		q = r->p;
		if (q < r->end && *q == '-')
			q++;
		if (q >= r->end || *q < '0' || *q > '9') {
			fail(r, "unexpected character");
			return NULL;
		}
		while (q < r->end && (strchr("0123456789+-.eE", *q) != NULL))
			q++;
		if ((size_t)(q - r->p) >= sizeof(tmp)) {
			fail(r, "number too long");
			return NULL;
		}
		memcpy(tmp, r->p, (size_t)(q - r->p));
		tmp[q - r->p] = '\0';
		v->num = strtod(tmp, &endp);
		if (*endp != '\0') {
			fail(r, "bad number");
			return NULL;
		}
		v->type = LSP_J_NUM;
		v->raw = r->p;
		v->rawlen = (size_t)(q - r->p);
		r->p = q;
		return v;
	}
}

struct lsp_json *
lsp_json_parse(struct jl_arena *a, const char *data, size_t len,
    const char **err)
{
	struct rd	 r;
	struct lsp_json	*v;

	r.a = a;
	r.p = data;
	r.end = data + len;
	r.err = NULL;
	v = read_value(&r, 0);
	if (v != NULL) {
		skip_ws(&r);
		if (r.p != r.end) {
			fail(&r, "text after the value");
			v = NULL;
		}
	}
	if (v == NULL)
		*err = r.err != NULL ? r.err : "bad JSON";
	return v;
}

const struct lsp_json *
lsp_json_get(const struct lsp_json *o, const char *key)
{
	size_t	i;

	if (o == NULL || o->type != LSP_J_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->items[i];
	return NULL;
}

const struct lsp_json *
lsp_json_path(const struct lsp_json *o, const char *path)
{
	char		 key[64];
	const char	*dot;
	size_t		 n;

	while (o != NULL && *path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = lsp_json_get(o, key);
		path += n + (dot != NULL);
	}
	return o;
}

const char *
lsp_json_str(const struct lsp_json *o, const char *path)
{
	o = lsp_json_path(o, path);
	return o != NULL && o->type == LSP_J_STR ? o->str : NULL;
}

long long
lsp_json_int(const struct lsp_json *o, const char *path, long long def)
{
	o = lsp_json_path(o, path);
	if (o == NULL || o->type != LSP_J_NUM || o->num < -9e15 ||
	    o->num > 9e15 || o->num != (double)(long long)o->num)
		return def;
	return (long long)o->num;
}

void
lsp_json_write(struct jl_buf *b, const struct lsp_json *v)
{
	size_t	i;

	if (v == NULL) {
		jl_buf_puts(b, "null");
		return;
	}
	switch (v->type) {
	case LSP_J_NULL:
		jl_buf_puts(b, "null");
		break;
	case LSP_J_BOOL:
		jl_buf_puts(b, v->b ? "true" : "false");
		break;
	case LSP_J_NUM:
		jl_buf_add(b, v->raw, v->rawlen);
		break;
	case LSP_J_STR:
		jl_buf_json(b, v->str, v->len);
		break;
	case LSP_J_ARR:
	case LSP_J_OBJ:
		jl_buf_putc(b, v->type == LSP_J_ARR ? '[' : '{');
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				jl_buf_putc(b, ',');
			if (v->type == LSP_J_OBJ) {
				jl_buf_json_str(b, v->keys[i]);
				jl_buf_putc(b, ':');
			}
			lsp_json_write(b, v->items[i]);
		}
		jl_buf_putc(b, v->type == LSP_J_ARR ? ']' : '}');
		break;
	}
}
