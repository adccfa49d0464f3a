/*
 * yaml.c: libyaml events -> struct yaml_node trees in an arena, with
 * bounds, and the accessors policy and rule loaders use to read them.
 *
 * The event loop keeps a stack of open collections (never deeper than
 * JL_YAML_MAX_DEPTH) and counts nodes as it goes, an alias counting as the
 * weight of its anchor's subtree, so an alias bomb is rejected as soon as
 * the count passes JL_YAML_MAX_NODES, before any consumer walks it.
 * libyaml reports marks in characters; scalar source spans (raw/rawlen)
 * are turned into byte offsets with a cursor that moves from one lookup
 * to the next (scalar events arrive in document order, so it moves
 * forward: linear overall).
 *
 * Nothing here prints, exits or aborts: libyaml reports out-of-memory as
 * an error, and so do arena failures.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JL_YAML_WANT_LIBYAML
#include <yaml.h>

#define CORE_TAG	"tag:yaml.org,2002:"
#define NBUCKETS	256

struct anchor {
	struct anchor		*next;
	const char		*name;
	struct yaml_node	*node;
};

struct frame {
	struct yaml_node	*node;
	struct jl_vec		 kids;		/* items, or key, value, ... */
};

struct ystate {
	struct jl_arena		*a;
	struct jl_yaml_diag	*d;
	const char		*data;		/* copy, NUL-terminated */
	size_t			 len;
	size_t			 cur_char;	/* cursor: char index ... */
	size_t			 cur_byte;	/* ... and its byte offset */
	struct frame		 stack[JL_YAML_MAX_DEPTH];
	unsigned		 depth;
	size_t			 nodes;
	struct anchor		*anchors[NBUCKETS];
	struct yaml_node	*root;
	unsigned		 ndocs;
	int			 failed;	/* an error was reported */
	int			 stop;		/* stop reading events */
};

static int	yaml_add(struct ystate *, struct yaml_node *);

/* --- error sink ------------------------------------------------------ */

struct jl_yaml_msg {
	unsigned	 line, col;
	size_t		 seq;		/* report order, for a stable sort */
	int		 last;		/* "too many errors": sorts last */
	char		*text;		/* malloc'd */
};

void
jl_yaml_diag_init(struct jl_yaml_diag *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

static void
diag_vline(struct jl_yaml_diag *d, unsigned line, unsigned col,
    const char *fmt, va_list ap) __attribute__((__format__(printf, 4, 0)));

static void
diag_vline(struct jl_yaml_diag *d, unsigned line, unsigned col,
    const char *fmt, va_list ap)
{
	struct jl_yaml_msg	*m;
	char			 msg[1024];
	size_t			 cap;

	d->nerrors++;
	if (d->nerrors > JL_YAML_MAX_ERRORS + 1)
		return;
	if (d->nerrors == JL_YAML_MAX_ERRORS + 1)
		snprintf(msg, sizeof(msg), "too many errors; only the first "
		    "%d are shown", JL_YAML_MAX_ERRORS);
	else
		vsnprintf(msg, sizeof(msg), fmt, ap);
	if (d->nmsgs == d->cap) {
		cap = d->cap ? d->cap * 2 : 16;
		if ((m = realloc(d->msgs, cap * sizeof(*m))) == NULL) {
			d->failed = 1;
			return;
		}
		d->msgs = m;
		d->cap = cap;
	}
	m = &d->msgs[d->nmsgs];
	if ((m->text = strdup(msg)) == NULL) {
		d->failed = 1;
		return;
	}
	/* "too many errors" goes last whatever its position. */
	m->last = d->nerrors > JL_YAML_MAX_ERRORS;
	m->line = line;
	m->col = col;
	m->seq = d->nmsgs++;
}

void
jl_yaml_error_at(struct jl_yaml_diag *d, unsigned line, unsigned col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vline(d, line, col, fmt, ap);
	va_end(ap);
}

void
jl_yaml_error(struct jl_yaml_diag *d, const struct yaml_node *n,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vline(d, n ? n->line : 1, n ? n->col : 1, fmt, ap);
	va_end(ap);
}

static int
msg_cmp(const void *pa, const void *pb)
{
	const struct jl_yaml_msg *a = pa, *b = pb;

	if (a->last != b->last)
		return a->last ? 1 : -1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

char *
jl_yaml_diag_take(struct jl_yaml_diag *d)
{
	struct jl_buf	 b;
	const char	*file = d->file ? d->file : "-";
	size_t		 i;

	if (d->nmsgs == 0 && !d->failed) {
		jl_yaml_diag_free(d);
		return NULL;
	}
	qsort(d->msgs, d->nmsgs, sizeof(*d->msgs), msg_cmp);
	jl_buf_init(&b);
	for (i = 0; i < d->nmsgs; i++)
		jl_buf_printf(&b, "%s:%u:%u: %s\n", file, d->msgs[i].line,
		    d->msgs[i].col, d->msgs[i].text);
	if (d->failed)
		jl_buf_printf(&b, "%s:1:1: out of memory while keeping error "
		    "messages; some are missing\n", file);
	jl_yaml_diag_free(d);
	if (b.failed) {
		jl_buf_free(&b);
		return NULL;
	}
	return b.data;
}

void
jl_yaml_diag_free(struct jl_yaml_diag *d)
{
	size_t	 i;

	for (i = 0; i < d->nmsgs; i++)
		free(d->msgs[i].text);
	free(d->msgs);
	d->msgs = NULL;
	d->nmsgs = d->cap = 0;
	d->nerrors = 0;
	d->failed = 0;
}

const char *
jl_yaml_clip(char *buf, size_t size, const char *s, size_t n)
{
	size_t	 i, max;

	if (size == 0)
		return buf;
	max = size - 1;
	if (n > max) {
		/* Cut, leaving room for "...", on a character boundary. */
		n = max >= 3 ? max - 3 : 0;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		for (i = 0; i < n; i++)
			buf[i] = (unsigned char)s[i] < 0x20 ||
			    s[i] == 0x7f ? '?' : s[i];
		memcpy(buf + n, "...", max - n >= 3 ? 3 : max - n);
		buf[n + (max - n >= 3 ? 3 : max - n)] = '\0';
		return buf;
	}
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' :
		    s[i];
	buf[n] = '\0';
	return buf;
}

/* --- building the tree ------------------------------------------------ */

static void
yerror(struct ystate *y, const yaml_mark_t *m, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

static void
yerror(struct ystate *y, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list	 ap;

	y->failed = 1;
	va_start(ap, fmt);
	diag_vline(y->d, (unsigned)m->line + 1, (unsigned)m->column + 1, fmt,
	    ap);
	va_end(ap);
}

static void
ynomem(struct ystate *y)
{
	if (!y->stop)
		jl_yaml_error_at(y->d, 1, 1, "out of memory");
	y->failed = 1;
	y->stop = 1;
}

/*
 * Byte offset of character index idx.  The cursor moves from where the
 * last lookup left it, so a pass over the document is linear.
 */
static size_t
yaml_byte(struct ystate *y, size_t idx)
{
	while (y->cur_char > idx && y->cur_byte > 0) {
		y->cur_byte--;
		while (y->cur_byte > 0 &&
		    ((unsigned char)y->data[y->cur_byte] & 0xc0) == 0x80)
			y->cur_byte--;
		y->cur_char--;
	}
	while (y->cur_char < idx && y->cur_byte < y->len) {
		y->cur_byte++;
		while (y->cur_byte < y->len &&
		    ((unsigned char)y->data[y->cur_byte] & 0xc0) == 0x80)
			y->cur_byte++;
		y->cur_char++;
	}
	return y->cur_byte;
}

static unsigned
anchor_hash(const char *s)
{
	unsigned	 h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h % NBUCKETS;
}

static struct yaml_node *
anchor_find(struct ystate *y, const char *name)
{
	struct anchor	*an;

	for (an = y->anchors[anchor_hash(name)]; an != NULL; an = an->next)
		if (strcmp(an->name, name) == 0)
			return an->node;
	return NULL;
}

/* Register (or redefine: the newest wins, as YAML says) an anchor. */
static int
anchor_add(struct ystate *y, const char *name, struct yaml_node *n)
{
	struct anchor	*an;
	unsigned	 h = anchor_hash(name);

	if ((an = jl_arena_alloc(y->a, sizeof(*an))) == NULL ||
	    (an->name = jl_arena_strdup(y->a, name)) == NULL)
		return -1;
	an->node = n;
	an->next = y->anchors[h];
	y->anchors[h] = an;
	n->anchor = an->name;
	return 0;
}

/* Core-schema tags only, and only on the kind they describe. */
static int
tag_ok(struct ystate *y, const yaml_mark_t *m, const char *tag,
    enum jl_yaml_kind kind)
{
	static const char *const scalar_tags[] = {
		"str", "int", "bool", "null", "float", NULL
	};
	const char	*t;
	char		 buf[JL_YAML_CLIP];
	size_t		 i;

	if (tag == NULL || strcmp(tag, "!") == 0)
		return 0;
	if (strncmp(tag, CORE_TAG, strlen(CORE_TAG)) == 0) {
		t = tag + strlen(CORE_TAG);
		if (strcmp(t, "seq") == 0 && kind == JL_YAML_SEQ)
			return 0;
		if (strcmp(t, "map") == 0 && kind == JL_YAML_MAP)
			return 0;
		for (i = 0; scalar_tags[i] != NULL; i++)
			if (strcmp(t, scalar_tags[i]) == 0 &&
			    kind == JL_YAML_SCALAR)
				return 0;
		yerror(y, m, "tag !!%s cannot be used on %s",
		    jl_yaml_clip(buf, sizeof(buf), t, strlen(t)),
		    kind == JL_YAML_SCALAR ? "a string" :
		    kind == JL_YAML_SEQ ? "a list" : "a mapping");
		return -1;
	}
	yerror(y, m, "unsupported tag \"%s\"; only !!str, !!int, !!bool, "
	    "!!null, !!float, !!seq and !!map are allowed",
	    jl_yaml_clip(buf, sizeof(buf), tag, strlen(tag)));
	return -1;
}

static struct yaml_node *
node_new(struct ystate *y, enum jl_yaml_kind kind, const yaml_event_t *ev)
{
	struct yaml_node	*n;

	if ((n = jl_arena_alloc(y->a, sizeof(*n))) == NULL) {
		ynomem(y);
		return NULL;
	}
	n->kind = kind;
	n->style = JL_YAML_PLAIN;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	n->end_line = (unsigned)ev->end_mark.line + 1;
	n->end_col = (unsigned)ev->end_mark.column + 1;
	n->weight = 1;
	if (++y->nodes > JL_YAML_MAX_NODES) {
		yerror(y, &ev->start_mark, "document has more than %d nodes "
		    "(aliases count as the nodes they stand for)",
		    JL_YAML_MAX_NODES);
		y->stop = 1;
		return NULL;
	}
	return n;
}

static int
node_tag_anchor(struct ystate *y, struct yaml_node *n, const yaml_event_t *ev,
    const yaml_char_t *tag, const yaml_char_t *anchor)
{
	if (tag_ok(y, &ev->start_mark, (const char *)tag, n->kind) == 0 &&
	    tag != NULL && (n->tag = jl_arena_strdup(y->a,
	    (const char *)tag)) == NULL) {
		ynomem(y);
		return -1;
	}
	if (anchor != NULL && anchor_add(y, (const char *)anchor, n) != 0) {
		ynomem(y);
		return -1;
	}
	return 0;
}

static void
on_scalar(struct ystate *y, const yaml_event_t *ev)
{
	struct yaml_node	*n;
	size_t			 b0, b1;

	if ((n = node_new(y, JL_YAML_SCALAR, ev)) == NULL)
		return;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		n->style = JL_YAML_SQUOTED;
		break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = JL_YAML_DQUOTED;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
		n->style = JL_YAML_LITERAL;
		break;
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = JL_YAML_FOLDED;
		break;
	default:
		n->style = JL_YAML_PLAIN;
		break;
	}
	n->len = ev->data.scalar.length;
	if ((n->text = jl_arena_strndup(y->a,
	    (const char *)ev->data.scalar.value, n->len)) == NULL) {
		ynomem(y);
		return;
	}
	b0 = yaml_byte(y, ev->start_mark.index);
	b1 = yaml_byte(y, ev->end_mark.index);
	n->raw = y->data + b0;
	n->rawlen = b1 >= b0 ? b1 - b0 : 0;
	if (node_tag_anchor(y, n, ev, ev->data.scalar.tag,
	    ev->data.scalar.anchor) != 0)
		return;
	yaml_add(y, n);
}

static void
on_start(struct ystate *y, const yaml_event_t *ev, enum jl_yaml_kind kind)
{
	struct yaml_node	*n;
	const yaml_char_t	*tag, *anchor;

	if (y->depth >= JL_YAML_MAX_DEPTH) {
		yerror(y, &ev->start_mark, "lists and mappings are nested "
		    "more than %d deep", JL_YAML_MAX_DEPTH);
		y->stop = 1;
		return;
	}
	if ((n = node_new(y, kind, ev)) == NULL)
		return;
	n->open = 1;
	n->height = 1;
	if (kind == JL_YAML_SEQ) {
		tag = ev->data.sequence_start.tag;
		anchor = ev->data.sequence_start.anchor;
	} else {
		tag = ev->data.mapping_start.tag;
		anchor = ev->data.mapping_start.anchor;
	}
	if (node_tag_anchor(y, n, ev, tag, anchor) != 0)
		return;
	memset(&y->stack[y->depth], 0, sizeof(y->stack[y->depth]));
	y->stack[y->depth].node = n;
	y->depth++;
}

static int
key_eq(const struct yaml_node *a, const struct yaml_node *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static int
is_merge_key(const struct yaml_node *k)
{
	return k->style == JL_YAML_PLAIN && k->tag == NULL && k->len == 2 &&
	    memcmp(k->text, "<<", 2) == 0;
}

/* Whether key is among pairs[0..n). */
static int
pairs_have(const struct yaml_pair *pairs, size_t n, const struct yaml_node *k)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (key_eq(pairs[i].key, k))
			return 1;
	return 0;
}

/*
 * Turn the key/value list of a finished mapping into pairs: report
 * non-scalar and duplicate keys, then apply merge keys ("<<"), whose
 * pairs come after the explicit ones and never override them.
 */
static int
map_finish(struct ystate *y, struct yaml_node *m, struct jl_vec *kids)
{
	struct yaml_node	*k, *v, *src;
	struct yaml_node	*merges[64];
	size_t			 i, j, s, nmerge = 0, npairs = 0, cap;
	char			 buf[JL_YAML_CLIP];

	cap = kids->n / 2;
	for (i = 0; i + 1 < kids->n; i += 2) {
		k = kids->items[i];
		v = kids->items[i + 1];
		if (k->kind != JL_YAML_SCALAR) {
			jl_yaml_error(y->d, k, "mapping keys must be plain "
			    "strings, not %s", jl_yaml_kind_name(k));
			y->failed = 1;
			continue;
		}
		if (is_merge_key(k)) {
			if (v->kind == JL_YAML_MAP) {
				if (nmerge < JL_NITEMS(merges))
					merges[nmerge++] = v;
			} else if (v->kind == JL_YAML_SEQ) {
				for (j = 0; j < v->nitems; j++) {
					if (v->items[j]->kind != JL_YAML_MAP) {
						jl_yaml_error(y->d, v->items[j],
						    "a merge key (<<) takes a "
						    "mapping or a list of "
						    "mappings");
						y->failed = 1;
					} else if (nmerge < JL_NITEMS(merges))
						merges[nmerge++] = v->items[j];
				}
			} else {
				jl_yaml_error(y->d, v, "a merge key (<<) takes "
				    "a mapping or a list of mappings");
				y->failed = 1;
			}
			continue;
		}
		for (j = 0; j < i; j += 2) {
			struct yaml_node *prev = kids->items[j];

			if (prev->kind == JL_YAML_SCALAR &&
			    !is_merge_key(prev) && key_eq(prev, k)) {
				jl_yaml_error(y->d, k, "duplicate key \"%s\" "
				    "(first at line %u)", jl_yaml_clip(buf,
				    sizeof(buf), k->text, k->len), prev->line);
				y->failed = 1;
				break;
			}
		}
	}
	for (s = 0; s < nmerge; s++)
		cap += merges[s]->npairs;
	if (cap == 0)
		return 0;
	if ((m->pairs = jl_arena_alloc(y->a, cap * sizeof(*m->pairs))) == NULL)
		return -1;
	for (i = 0; i + 1 < kids->n; i += 2) {
		k = kids->items[i];
		if (k->kind != JL_YAML_SCALAR || is_merge_key(k) ||
		    pairs_have(m->pairs, npairs, k))
			continue;
		m->pairs[npairs].key = k;
		m->pairs[npairs].value = kids->items[i + 1];
		npairs++;
	}
	for (s = 0; s < nmerge; s++) {
		src = merges[s];
		for (j = 0; j < src->npairs; j++) {
			if (pairs_have(m->pairs, npairs, src->pairs[j].key))
				continue;
			m->pairs[npairs++] = src->pairs[j];
		}
	}
	m->npairs = npairs;
	return 0;
}

static void
on_end(struct ystate *y)
{
	struct frame		*f;
	struct yaml_node	*n, *kid;
	size_t			 i;

	if (y->depth == 0)
		return;
	f = &y->stack[--y->depth];
	n = f->node;
	for (i = 0; i < f->kids.n; i++) {
		kid = f->kids.items[i];
		n->weight += kid->weight;
		if (kid->height + 1 > n->height)
			n->height = kid->height + 1;
	}
	if (n->kind == JL_YAML_SEQ) {
		n->items = (struct yaml_node **)f->kids.items;
		n->nitems = f->kids.n;
	} else if (map_finish(y, n, &f->kids) != 0) {
		ynomem(y);
		return;
	}
	n->open = 0;
	yaml_add(y, n);
}

static void
on_alias(struct ystate *y, const yaml_event_t *ev)
{
	struct yaml_node	*n;
	const char		*name = (const char *)ev->data.alias.anchor;
	char			 buf[JL_YAML_CLIP];

	if ((n = anchor_find(y, name)) == NULL) {
		yerror(y, &ev->start_mark, "unknown alias *%s",
		    jl_yaml_clip(buf, sizeof(buf), name, strlen(name)));
		return;
	}
	if (n->open) {
		yerror(y, &ev->start_mark, "alias *%s is inside the node it "
		    "refers to", jl_yaml_clip(buf, sizeof(buf), name,
		    strlen(name)));
		return;
	}
	if (y->depth + n->height > JL_YAML_MAX_DEPTH) {
		yerror(y, &ev->start_mark, "lists and mappings are nested "
		    "more than %d deep (through alias *%s)",
		    JL_YAML_MAX_DEPTH, jl_yaml_clip(buf, sizeof(buf), name,
		    strlen(name)));
		y->stop = 1;
		return;
	}
	if (n->weight > JL_YAML_MAX_NODES ||
	    y->nodes + n->weight > JL_YAML_MAX_NODES) {
		yerror(y, &ev->start_mark, "document has more than %d nodes "
		    "(aliases count as the nodes they stand for)",
		    JL_YAML_MAX_NODES);
		y->stop = 1;
		return;
	}
	y->nodes += n->weight;
	yaml_add(y, n);
}

/* Attach a finished node to the open collection, or make it the root. */
static int
yaml_add(struct ystate *y, struct yaml_node *n)
{
	if (y->depth == 0) {
		y->root = n;
		return 0;
	}
	if (jl_vec_push(y->a, &y->stack[y->depth - 1].kids, n) != 0) {
		ynomem(y);
		return -1;
	}
	return 0;
}

/* Line and column (1-based, characters) of byte offset off in data. */
static void
byte_linecol(const char *data, size_t len, size_t off, unsigned *line,
    unsigned *col)
{
	size_t	 i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

static void
parser_error(struct ystate *y, const yaml_parser_t *p)
{
	unsigned	 line, col;

	y->failed = 1;
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		jl_yaml_error_at(y->d, 1, 1, "out of memory");
		break;
	case YAML_READER_ERROR:
		byte_linecol(y->data, y->len, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			jl_yaml_error_at(y->d, line, col, "%s (byte 0x%02x)",
			    p->problem ? p->problem : "cannot read input",
			    (unsigned)p->problem_value & 0xffu);
		else
			jl_yaml_error_at(y->d, line, col, "%s",
			    p->problem ? p->problem : "cannot read input");
		break;
	default:
		line = (unsigned)p->problem_mark.line + 1;
		col = (unsigned)p->problem_mark.column + 1;
		if (p->context != NULL)
			jl_yaml_error_at(y->d, line, col, "%s (%s at line %u, "
			    "column %u)", p->problem ? p->problem :
			    "syntax error", p->context,
			    (unsigned)p->context_mark.line + 1,
			    (unsigned)p->context_mark.column + 1);
		else
			jl_yaml_error_at(y->d, line, col, "%s",
			    p->problem ? p->problem : "syntax error");
		break;
	}
}

struct yaml_node *
jl_yaml_parse(struct jl_arena *a, struct jl_yaml_diag *d, const char *data,
    size_t len)
{
	struct ystate		*y;
	struct yaml_node	*root = NULL;
	yaml_parser_t		 p;
	yaml_event_t		 ev;
	int			 done = 0;
	char			*copy;

	if (len > JL_YAML_MAX_INPUT) {
		jl_yaml_error_at(d, 1, 1, "file is larger than %u bytes",
		    JL_YAML_MAX_INPUT);
		return NULL;
	}
	/* A UTF-8 byte order mark is not content (libyaml skips it only
	 * when it guesses the encoding, and we tell it the encoding). */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if ((y = calloc(1, sizeof(*y))) == NULL ||
	    (copy = jl_arena_strndup(a, data, len)) == NULL) {
		free(y);
		jl_yaml_error_at(d, 1, 1, "out of memory");
		return NULL;
	}
	y->a = a;
	y->d = d;
	y->data = copy;
	y->len = len;
	if (!yaml_parser_initialize(&p)) {
		free(y);
		jl_yaml_error_at(d, 1, 1, "out of memory");
		return NULL;
	}
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&p, (const unsigned char *)copy, len);
	while (!done && !y->stop) {
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(y, &p);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++y->ndocs > 1) {
				yerror(y, &ev.start_mark, "only one document "
				    "is allowed in a file");
				y->stop = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			on_alias(y, &ev);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(y, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(y, &ev, JL_YAML_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(y, &ev, JL_YAML_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(y);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (a->failed && !y->failed)
		ynomem(y);
	if (!y->failed) {
		root = y->root;
		if (root == NULL) {
			/* Empty stream: YAML null. */
			if ((root = jl_arena_alloc(a, sizeof(*root))) == NULL) {
				jl_yaml_error_at(d, 1, 1, "out of memory");
			} else {
				root->kind = JL_YAML_SCALAR;
				root->text = "";
				root->raw = copy;
				root->line = root->col = 1;
				root->end_line = root->end_col = 1;
				root->weight = 1;
			}
		}
	}
	free(y);
	return root;
}

/* --- reading a tree ---------------------------------------------------- */

const char *
jl_yaml_kind_name(const struct yaml_node *n)
{
	if (n == NULL || jl_yaml_is_null(n))
		return "nothing";
	switch (n->kind) {
	case JL_YAML_SEQ:
		return "a list";
	case JL_YAML_MAP:
		return "a mapping";
	default:
		return "a string";
	}
}

int
jl_yaml_is_null(const struct yaml_node *n)
{
	if (n == NULL || n->kind != JL_YAML_SCALAR)
		return 0;
	if (n->tag != NULL)
		return strcmp(n->tag, CORE_TAG "null") == 0;
	if (n->style != JL_YAML_PLAIN)
		return 0;
	return n->len == 0 || jl_yaml_eq(n, "~") || jl_yaml_eq(n, "null") ||
	    jl_yaml_eq(n, "Null") || jl_yaml_eq(n, "NULL");
}

const struct yaml_node *
jl_yaml_get(const struct yaml_node *map, const char *key)
{
	size_t	 i;

	if (map == NULL || map->kind != JL_YAML_MAP)
		return NULL;
	for (i = 0; i < map->npairs; i++)
		if (jl_yaml_eq(map->pairs[i].key, key))
			return map->pairs[i].value;
	return NULL;
}

const char *
jl_yaml_str(struct jl_yaml_diag *d, const struct yaml_node *n,
    const char *what)
{
	if (n == NULL || n->kind != JL_YAML_SCALAR || jl_yaml_is_null(n)) {
		jl_yaml_error(d, n, "expected a string for %s, got %s", what,
		    jl_yaml_kind_name(n));
		return NULL;
	}
	if (strlen(n->text) != n->len) {
		jl_yaml_error(d, n, "%s contains a NUL character", what);
		return NULL;
	}
	return n->text;
}

int
jl_yaml_bool(struct jl_yaml_diag *d, const struct yaml_node *n,
    const char *what, int *out)
{
	static const char *const yes[] = {
		"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
		"y", "Y", NULL
	};
	static const char *const no[] = {
		"false", "False", "FALSE", "no", "No", "NO", "off", "Off",
		"OFF", "n", "N", NULL
	};
	size_t	 i;

	if (n != NULL && n->kind == JL_YAML_SCALAR &&
	    (n->style == JL_YAML_PLAIN || (n->tag != NULL &&
	    strcmp(n->tag, CORE_TAG "bool") == 0))) {
		for (i = 0; yes[i] != NULL; i++)
			if (jl_yaml_eq(n, yes[i])) {
				*out = 1;
				return 0;
			}
		for (i = 0; no[i] != NULL; i++)
			if (jl_yaml_eq(n, no[i])) {
				*out = 0;
				return 0;
			}
	}
	if (n != NULL && n->kind == JL_YAML_SCALAR && !jl_yaml_is_null(n)) {
		char	 buf[JL_YAML_CLIP];

		jl_yaml_error(d, n, "expected true or false for %s, got \"%s\"",
		    what, jl_yaml_clip(buf, sizeof(buf), n->text, n->len));
	} else
		jl_yaml_error(d, n, "expected true or false for %s, got %s",
		    what, jl_yaml_kind_name(n));
	return -1;
}

int
jl_yaml_int(struct jl_yaml_diag *d, const struct yaml_node *n,
    const char *what, int64_t min, int64_t max, int64_t *out)
{
	const char	*p;
	int64_t		 v = 0;
	int		 neg = 0, ok = 1, overflow = 0;
	char		 buf[JL_YAML_CLIP];

	if (n == NULL || n->kind != JL_YAML_SCALAR || jl_yaml_is_null(n)) {
		jl_yaml_error(d, n, "expected a whole number for %s, got %s",
		    what, jl_yaml_kind_name(n));
		return -1;
	}
	p = n->text;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (n->style != JL_YAML_PLAIN || !isdigit((unsigned char)*p) ||
	    strlen(n->text) != n->len)
		ok = 0;
	for (; ok && *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p)) {
			ok = 0;
			break;
		}
		if (v > (INT64_MAX - (*p - '0')) / 10) {
			overflow = 1;
			break;
		}
		v = v * 10 + (*p - '0');
	}
	if (!ok) {
		jl_yaml_error(d, n, "expected a whole number for %s, got "
		    "\"%s\"", what, jl_yaml_clip(buf, sizeof(buf), n->text,
		    n->len));
		return -1;
	}
	if (neg)
		v = -v;
	if (overflow || v < min || v > max) {
		if (min == 1 && max >= INT32_MAX)
			jl_yaml_error(d, n, "%s must be a positive number, not "
			    "%s", what, jl_yaml_clip(buf, sizeof(buf), n->text,
			    n->len));
		else
			jl_yaml_error(d, n, "%s must be between %lld and %lld, "
			    "not %s", what, (long long)min, (long long)max,
			    jl_yaml_clip(buf, sizeof(buf), n->text, n->len));
		return -1;
	}
	*out = v;
	return 0;
}

int
jl_yaml_want_seq(struct jl_yaml_diag *d, const struct yaml_node *n,
    const char *what)
{
	if (n != NULL && n->kind == JL_YAML_SEQ)
		return 0;
	jl_yaml_error(d, n, "expected a list for %s, got %s", what,
	    jl_yaml_kind_name(n));
	return -1;
}

int
jl_yaml_want_map(struct jl_yaml_diag *d, const struct yaml_node *n,
    const char *what)
{
	if (n != NULL && n->kind == JL_YAML_MAP)
		return 0;
	jl_yaml_error(d, n, "expected a mapping for %s, got %s", what,
	    jl_yaml_kind_name(n));
	return -1;
}

int
jl_yaml_strlist(struct jl_arena *a, struct jl_yaml_diag *d,
    const struct yaml_node *n, const char *what, const char ***out)
{
	const char	**v;
	size_t		  i;
	int		  rc = 0;

	*out = NULL;
	if (jl_yaml_want_seq(d, n, what) != 0)
		return -1;
	if ((v = jl_arena_alloc(a, (n->nitems + 1) * sizeof(*v))) == NULL) {
		jl_yaml_error(d, n, "out of memory");
		return -1;
	}
	for (i = 0; i < n->nitems; i++)
		if ((v[i] = jl_yaml_str(d, n->items[i], what)) == NULL)
			rc = -1;
	v[n->nitems] = NULL;
	if (rc == 0)
		*out = v;
	return rc;
}

/* Optimal string alignment distance, case-insensitive, capped at 8. */
static size_t
edit_distance(const char *s, const char *t)
{
	size_t	 d[3][33], n = strlen(s), m = strlen(t), i, j, c, best;

	if (n > 32 || m > 32)
		return 99;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++) {
		size_t	*cur = d[i % 3], *prev = d[(i - 1) % 3];
		size_t	*prev2 = d[(i + 1) % 3];

		cur[0] = i;
		for (j = 1; j <= m; j++) {
			c = tolower((unsigned char)s[i - 1]) ==
			    tolower((unsigned char)t[j - 1]) ? 0 : 1;
			best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (prev[j - 1] + c < best)
				best = prev[j - 1] + c;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)s[i - 1]) ==
			    tolower((unsigned char)t[j - 2]) &&
			    tolower((unsigned char)s[i - 2]) ==
			    tolower((unsigned char)t[j - 1]) &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
	}
	return d[n % 3][m];
}

const char *
jl_yaml_suggest(const char *word, const char *const *candidates)
{
	const char	*best = NULL;
	size_t		 i, dist, bestd = 99, limit, len = strlen(word);

	/* One typo per three letters, at least 1, at most 3. */
	limit = len / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; candidates[i] != NULL; i++) {
		dist = edit_distance(word, candidates[i]);
		if (dist < bestd) {
			bestd = dist;
			best = candidates[i];
		}
	}
	/* A prefix of a known key ("max" for "max_time") also counts. */
	if (bestd > limit)
		for (i = 0; candidates[i] != NULL; i++)
			if (len >= 3 && strncmp(candidates[i], word, len) == 0)
				return candidates[i];
	return bestd <= limit ? best : NULL;
}

size_t
jl_yaml_check_keys(struct jl_yaml_diag *d, const struct yaml_node *map,
    const char *const *known, const char *where)
{
	return jl_yaml_check_keys_hint(d, map, known, NULL, where);
}

size_t
jl_yaml_check_keys_hint(struct jl_yaml_diag *d, const struct yaml_node *map,
    const char *const *known, const char *const *hints, const char *where)
{
	const struct yaml_node	*k;
	const char		*s;
	size_t			 i, j, bad = 0;
	char			 buf[JL_YAML_CLIP];

	if (map == NULL || map->kind != JL_YAML_MAP)
		return 0;
	for (i = 0; i < map->npairs; i++) {
		k = map->pairs[i].key;
		for (j = 0; known[j] != NULL; j++)
			if (jl_yaml_eq(k, known[j]))
				break;
		if (known[j] != NULL)
			continue;
		bad++;
		jl_yaml_clip(buf, sizeof(buf), k->text, k->len);
		s = NULL;
		for (j = 0; hints != NULL && hints[j] != NULL &&
		    hints[j + 1] != NULL; j += 2)
			if (jl_yaml_eq(k, hints[j]))
				s = hints[j + 1];
		if (s == NULL && strlen(k->text) == k->len)
			s = jl_yaml_suggest(k->text, known);
		if (s != NULL)
			jl_yaml_error(d, k, "unknown key \"%s\" in %s; did you "
			    "mean \"%s\"?", buf, where, s);
		else
			jl_yaml_error(d, k, "unknown key \"%s\" in %s", buf,
			    where);
	}
	return bad;
}

/* --- positions inside scalars ------------------------------------------ */

struct walk {
	const char	*raw;
	size_t		 rawlen;
	size_t		 r;
	unsigned	 line, col;
	int		 at_bol;	/* at the start of a raw line */
	long		 indent;	/* block indentation to skip, or -1 */
};

static void
walk_step(struct walk *w)
{
	unsigned char	 b = (unsigned char)w->raw[w->r++];

	if (b == '\n') {
		w->line++;
		w->col = 1;
		w->at_bol = 1;
	} else if ((b & 0xc0) != 0x80)
		w->col++;
}

static void
walk_skip_indent(struct walk *w)
{
	long	 i;

	if (!w->at_bol)
		return;
	w->at_bol = 0;
	for (i = 0; i < w->indent && w->r < w->rawlen &&
	    w->raw[w->r] == ' '; i++)
		walk_step(w);
}

/* Move the walk onto the raw byte that produces text byte ch. */
static int
walk_find(struct walk *w, char ch)
{
	while (w->r < w->rawlen) {
		walk_skip_indent(w);
		if (w->r >= w->rawlen)
			break;
		if (w->raw[w->r] == ch)
			return 1;
		if (ch == ' ' && (w->raw[w->r] == '\n' ||
		    w->raw[w->r] == '\r')) {
			/* A folded line break: the fold is the space. */
			return 2;
		}
		walk_step(w);
	}
	return 0;
}

void
jl_yaml_locate(const struct yaml_node *n, size_t off, unsigned *line,
    unsigned *col)
{
	struct walk	 w;
	size_t		 k, i;
	int		 m;

	if (n == NULL) {
		*line = *col = 1;
		return;
	}
	*line = n->line;
	*col = n->col;
	if (n->kind != JL_YAML_SCALAR || n->raw == NULL)
		return;
	if (off > n->len)
		off = n->len;
	if (n->style == JL_YAML_SQUOTED || n->style == JL_YAML_DQUOTED) {
		*col += 1;
		for (i = 0; i < off; i++)
			if (((unsigned char)n->text[i] & 0xc0) != 0x80)
				(*col)++;
		return;
	}
	memset(&w, 0, sizeof(w));
	w.raw = n->raw;
	w.rawlen = n->rawlen;
	w.line = n->line;
	w.col = n->col;
	w.indent = -1;
	if (n->style == JL_YAML_LITERAL || n->style == JL_YAML_FOLDED) {
		long	 ind = 0;

		/* Skip the header line ("|-", "> # comment"). */
		while (w.r < w.rawlen && w.raw[w.r] != '\n')
			walk_step(&w);
		if (w.r < w.rawlen)
			walk_step(&w);
		/* Indentation: that of the first non-blank line. */
		for (i = w.r; i < w.rawlen; ) {
			ind = 0;
			while (i < w.rawlen && w.raw[i] == ' ') {
				i++;
				ind++;
			}
			if (i < w.rawlen && w.raw[i] != '\n' &&
			    w.raw[i] != '\r')
				break;
			while (i < w.rawlen && w.raw[i] != '\n')
				i++;
			if (i < w.rawlen)
				i++;
		}
		w.indent = ind;
		w.at_bol = 1;
	}
	for (k = 0; k <= off && k < n->len; k++) {
		m = walk_find(&w, n->text[k]);
		if (m == 0 || k == off)
			break;
		if (m == 2) {
			while (w.r < w.rawlen && (w.raw[w.r] == '\n' ||
			    w.raw[w.r] == '\r' || w.raw[w.r] == ' ' ||
			    w.raw[w.r] == '\t'))
				walk_step(&w);
			w.at_bol = 0;
		} else
			walk_step(&w);
	}
	*line = w.line;
	*col = w.col;
}
