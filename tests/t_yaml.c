/*
 * t_yaml.c: the YAML layer (lint/yaml.c): trees built from libyaml
 * events, the bounds (size, nodes through aliases, nesting), every
 * rejection with its exact "file:line:col: message", merge keys, the
 * typed accessors, suggestions and positions inside scalars.
 * Table-driven: accepted documents are compared through a canonical dump.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "yaml.h"

/* --- helpers ------------------------------------------------------------ */

/*
 * Canonical dump: mappings {k:v,k:v}, lists [a,b], plain scalars as
 * written, 'single' and "double" quoted, |literal| and >folded< with
 * newlines as \n, the null scalar as ~ when empty.
 */
static void
dump(const struct yaml_node *n, char *out, size_t size)
{
	size_t	 i, len = strlen(out);
	char	 c;

#define PUT(s) do {							\
	len = strlen(out);						\
	snprintf(out + len, size - len, "%s", (s));			\
} while (0)
	switch (n->kind) {
	case JL_YAML_SEQ:
		PUT("[");
		for (i = 0; i < n->nitems; i++) {
			if (i > 0)
				PUT(",");
			dump(n->items[i], out, size);
		}
		PUT("]");
		return;
	case JL_YAML_MAP:
		PUT("{");
		for (i = 0; i < n->npairs; i++) {
			if (i > 0)
				PUT(",");
			dump(n->pairs[i].key, out, size);
			PUT(":");
			dump(n->pairs[i].value, out, size);
		}
		PUT("}");
		return;
	default:
		break;
	}
	switch (n->style) {
	case JL_YAML_SQUOTED:	PUT("'"); break;
	case JL_YAML_DQUOTED:	PUT("\""); break;
	case JL_YAML_LITERAL:	PUT("|"); break;
	case JL_YAML_FOLDED:	PUT(">"); break;
	default:
		if (n->len == 0)
			PUT("~");
		break;
	}
	for (i = 0; i < n->len; i++) {
		char	 one[3] = { 0, 0, 0 };

		c = n->text[i];
		if (c == '\n') {
			one[0] = '\\';
			one[1] = 'n';
		} else
			one[0] = c;
		PUT(one);
	}
	switch (n->style) {
	case JL_YAML_SQUOTED:	PUT("'"); break;
	case JL_YAML_DQUOTED:	PUT("\""); break;
	case JL_YAML_LITERAL:	PUT("|"); break;
	case JL_YAML_FOLDED:	PUT("<"); break;
	default:		break;
	}
	(void)len;
#undef PUT
}

struct doc {
	struct jl_arena		 a;
	struct jl_yaml_diag	 d;
	struct yaml_node	*root;
	char			*errors;
};

static void
doc_parse(struct doc *x, const char *text, size_t len)
{
	memset(x, 0, sizeof(*x));
	jl_arena_init(&x->a);
	jl_yaml_diag_init(&x->d, "t.yaml");
	x->root = jl_yaml_parse(&x->a, &x->d, text, len);
	x->errors = jl_yaml_diag_take(&x->d);
}

static void
doc_free(struct doc *x)
{
	free(x->errors);
	jl_yaml_diag_free(&x->d);
	jl_arena_free(&x->a);
}

/* A string of n copies of s (malloc'd). */
static char *
repeat(const char *s, size_t n)
{
	size_t	 len = strlen(s), i;
	char	*out = malloc(len * n + 1);

	assert_non_null(out);
	for (i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return out;
}

/* --- accepted documents -------------------------------------------------- */

static const struct {
	const char	*yaml;
	const char	*dump;
} good[] = {
	{ "", "~" },
	{ "# only a comment\n", "~" },
	{ "a: 1\n", "{a:1}" },
	{ "a:\n", "{a:~}" },
	{ "a: ~\nb: null\n", "{a:~,b:null}" },
	{ "- x\n- 'y'\n- \"z\"\n", "[x,'y',\"z\"]" },
	{ "a: [1, 2, {b: c}]\n", "{a:[1,2,{b:c}]}" },
	{ "a: |\n  one\n  two\n", "{a:|one\\ntwo\\n|}" },
	{ "a: >-\n  one\n  two\n", "{a:>one two<}" },
	{ "a: \"tab\\there\"\n", "{a:\"tab\there\"}" },
	{ "a: plain\n  continued\n", "{a:plain continued}" },
	{ "---\na: 1\n...\n", "{a:1}" },
	{ "\xef\xbb\xbf" "a: 1\n", "{a:1}" },
	{ "a: \xc3\xa9t\xc3\xa9\n", "{a:\xc3\xa9t\xc3\xa9}" },
	/* core-schema tags are kept, not applied */
	{ "a: !!str 22.05\nb: !!int 3\n", "{a:22.05,b:3}" },
	{ "a: !!seq [1]\nb: !!map {c: d}\n", "{a:[1],b:{c:d}}" },
	/* anchors and aliases share the node */
	{ "a: &x [1, 2]\nb: *x\n", "{a:[1,2],b:[1,2]}" },
	{ "a: &x 1\nb: &x 2\nc: *x\n", "{a:1,b:2,c:2}" },
	/* merge keys: explicit keys win, merged ones come last */
	{ "base: &b {p: 1, q: 2}\nm:\n  <<: *b\n  q: 3\n",
	  "{base:{p:1,q:2},m:{q:3,p:1}}" },
	{ "x: &x {a: 1}\ny: &y {a: 2, b: 2}\nm: {<<: [*x, *y], c: 3}\n",
	  "{x:{a:1},y:{a:2,b:2},m:{c:3,a:1,b:2}}" },
	{ "m: {<<: {a: 1}}\n", "{m:{a:1}}" },
	/* "<<" quoted is an ordinary key */
	{ "m: {'<<': 1}\n", "{m:{'<<':1}}" },
};

static void
t_good(void **state)
{
	struct doc	 x;
	char		 out[512];
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(good); i++) {
		doc_parse(&x, good[i].yaml, strlen(good[i].yaml));
		if (x.root == NULL)
			fail_msg("case %zu: rejected: %s", i,
			    x.errors ? x.errors : "(no message)");
		if (x.errors != NULL)
			fail_msg("case %zu: errors: %s", i, x.errors);
		out[0] = '\0';
		dump(x.root, out, sizeof(out));
		if (strcmp(out, good[i].dump) != 0)
			fail_msg("case %zu: got %s, want %s", i, out,
			    good[i].dump);
		doc_free(&x);
	}
}

/* --- rejected documents --------------------------------------------------- */

static const struct {
	const char	*yaml;
	const char	*errors;	/* exact */
} bad[] = {
	{ "a: 1\n b: 2\n",
	  "t.yaml:2:3: mapping values are not allowed in this context\n" },
	{ "a: \"abc\n",
	  "t.yaml:2:1: found unexpected end of stream (while scanning a "
	  "quoted scalar at line 1, column 4)\n" },
	{ "a: [1, 2\n",
	  "t.yaml:2:1: did not find expected ',' or ']' (while parsing a "
	  "flow sequence at line 1, column 4)\n" },
	{ "a: \xff\n",
	  "t.yaml:1:4: invalid leading UTF-8 octet (byte 0xff)\n" },
	{ "a: 1\nb: 2\na: 3\n",
	  "t.yaml:3:1: duplicate key \"a\" (first at line 1)\n" },
	{ "? [x]\n: y\n",
	  "t.yaml:1:3: mapping keys must be plain strings, not a list\n" },
	{ "a: *nope\n", "t.yaml:1:4: unknown alias *nope\n" },
	{ "a: &r [1, *r]\n",
	  "t.yaml:1:11: alias *r is inside the node it refers to\n" },
	{ "a: !foo bar\n",
	  "t.yaml:1:4: unsupported tag \"!foo\"; only !!str, !!int, !!bool, "
	  "!!null, !!float, !!seq and !!map are allowed\n" },
	{ "a: !!seq x\n",
	  "t.yaml:1:4: tag !!seq cannot be used on a string\n" },
	{ "a: !!binary aGk=\n",
	  "t.yaml:1:4: tag !!binary cannot be used on a string\n" },
	{ "a: 1\n---\nb: 2\n",
	  "t.yaml:2:1: only one document is allowed in a file\n" },
	{ "m: {<<: 1}\n",
	  "t.yaml:1:9: a merge key (<<) takes a mapping or a list of "
	  "mappings\n" },
	{ "x: &x {a: 1}\nm: {<<: [*x, 2]}\n",
	  "t.yaml:2:14: a merge key (<<) takes a mapping or a list of "
	  "mappings\n" },
	/* several problems: all reported, sorted by position */
	{ "a: 1\nb: !foo x\na: 2\nc: *none\n",
	  "t.yaml:2:4: unsupported tag \"!foo\"; only !!str, !!int, !!bool, "
	  "!!null, !!float, !!seq and !!map are allowed\n"
	  "t.yaml:3:1: duplicate key \"a\" (first at line 1)\n"
	  "t.yaml:4:4: unknown alias *none\n" },
};

static void
t_bad(void **state)
{
	struct doc	 x;
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(bad); i++) {
		doc_parse(&x, bad[i].yaml, strlen(bad[i].yaml));
		if (x.root != NULL)
			fail_msg("case %zu: accepted", i);
		if (x.errors == NULL || strcmp(x.errors, bad[i].errors) != 0)
			fail_msg("case %zu: errors\n%s\nwant\n%s", i,
			    x.errors ? x.errors : "(none)", bad[i].errors);
		doc_free(&x);
	}
}

/* --- bounds ---------------------------------------------------------- */

static void
t_depth(void **state)
{
	struct doc	 x;
	char		*open, *close, *text;
	size_t		 n;

	(void)state;
	/* 64 nested lists are fine, 65 are not. */
	for (n = 64; n <= 65; n++) {
		open = repeat("[", n);
		close = repeat("]", n);
		text = malloc(2 * n + 2);
		assert_non_null(text);
		snprintf(text, 2 * n + 2, "%s%s\n", open, close);
		doc_parse(&x, text, strlen(text));
		if (n == 64) {
			assert_non_null(x.root);
			assert_int_equal(x.root->height, 64);
		} else {
			assert_null(x.root);
			assert_string_equal(x.errors, "t.yaml:1:65: lists and "
			    "mappings are nested more than 64 deep\n");
		}
		doc_free(&x);
		free(open);
		free(close);
		free(text);
	}
	/* Block mappings count the same way. */
	{
		char	 buf[8192];
		size_t	 i, len = 0;

		for (i = 0; i < 65; i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			    "%*sk:\n", (int)i, "");
		doc_parse(&x, buf, len);
		assert_null(x.root);
		assert_string_equal(x.errors, "t.yaml:65:65: lists and "
		    "mappings are nested more than 64 deep\n");
		doc_free(&x);
	}
	/* Nesting through an alias counts the anchored subtree. */
	open = repeat("[", 40);
	close = repeat("]", 40);
	{
		char	 buf[512];
		char	*o2 = repeat("[", 30), *c2 = repeat("]", 30);

		snprintf(buf, sizeof(buf), "a: &x %s%s\nb: %s*x%s\n", open,
		    close, o2, c2);
		doc_parse(&x, buf, strlen(buf));
		assert_null(x.root);
		assert_string_equal(x.errors, "t.yaml:2:34: lists and mappings "
		    "are nested more than 64 deep (through alias *x)\n");
		doc_free(&x);
		/* 40 + 23 + the mapping = 64: fine. */
		free(o2);
		free(c2);
		o2 = repeat("[", 23);
		c2 = repeat("]", 23);
		snprintf(buf, sizeof(buf), "a: &x %s%s\nb: %s*x%s\n", open,
		    close, o2, c2);
		doc_parse(&x, buf, strlen(buf));
		assert_non_null(x.root);
		doc_free(&x);
		free(o2);
		free(c2);
	}
	free(open);
	free(close);
}

/* The classic "billion laughs": ten levels of ten aliases each. */
static void
t_alias_bomb(void **state)
{
	struct doc	 x;
	char		 buf[4096];
	size_t		 len, i, j;
	clock_t		 t0;

	(void)state;
	len = (size_t)snprintf(buf, sizeof(buf),
	    "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 10; i++) {
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "a%zu: &a%zu [", i, i);
		for (j = 0; j < 10; j++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			    "%s*a%zu", j ? ", " : "", i - 1);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "]\n");
	}
	t0 = clock();
	doc_parse(&x, buf, len);
	/* Rejected as soon as the count passes the bound, quickly. */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	assert_null(x.root);
	/* a3's eighth *a2 (1111 nodes each) passes 10000. */
	assert_string_equal(x.errors, "t.yaml:4:45: document has more than "
	    "10000 nodes (aliases count as the nodes they stand for)\n");
	doc_free(&x);
}

static void
t_node_count(void **state)
{
	struct doc	 x;
	char		*items, *text;
	size_t		 n;

	(void)state;
	/* A list of k scalars is k + 1 nodes. */
	for (n = 9999; n <= 10000; n++) {
		items = repeat("1,", n);
		items[2 * n - 1] = '\0';	/* drop the last comma */
		text = malloc(2 * n + 8);
		assert_non_null(text);
		snprintf(text, 2 * n + 8, "[%s]\n", items);
		doc_parse(&x, text, strlen(text));
		if (n == 9999) {
			assert_non_null(x.root);
			assert_int_equal(x.root->weight, 10000);
		} else {
			assert_null(x.root);
			assert_string_equal(x.errors, "t.yaml:1:20000: "
			    "document has more than 10000 nodes (aliases "
			    "count as the nodes they stand for)\n");
		}
		doc_free(&x);
		free(items);
		free(text);
	}
}

static void
t_too_big(void **state)
{
	struct doc	 x;
	char		*text;
	size_t		 n = JL_YAML_MAX_INPUT + 1;

	(void)state;
	text = malloc(n);
	assert_non_null(text);
	memset(text, '#', n);
	doc_parse(&x, text, n);
	assert_null(x.root);
	assert_string_equal(x.errors, "t.yaml:1:1: file is larger than "
	    "4194304 bytes\n");
	doc_free(&x);
	/* Exactly the limit is read (a comment: an empty document). */
	doc_parse(&x, text, n - 1);
	assert_non_null(x.root);
	assert_true(jl_yaml_is_null(x.root));
	doc_free(&x);
	free(text);
}

static void
t_too_many_errors(void **state)
{
	struct doc	 x;
	char		*text, *last;
	size_t		 i, len = 0, lines = 0;

	(void)state;
	text = malloc(200 * 16);
	assert_non_null(text);
	for (i = 0; i < 150; i++)
		len += (size_t)sprintf(text + len, "k%zu: *u\n", i);
	doc_parse(&x, text, len);
	assert_null(x.root);
	for (i = 0; x.errors[i] != '\0'; i++)
		if (x.errors[i] == '\n')
			lines++;
	assert_int_equal(lines, JL_YAML_MAX_ERRORS + 1);
	assert_int_equal(x.d.nerrors, 0);	/* taken: sink reset */
	last = strstr(x.errors, "t.yaml:101:7: too many errors");
	assert_non_null(last);
	assert_string_equal(last, "t.yaml:101:7: too many errors; only the "
	    "first 100 are shown\n");
	doc_free(&x);
	free(text);
}

/* --- accessors ------------------------------------------------------------ */

static void
t_accessors(void **state)
{
	static const char *const known[] = {
		"max_time", "default_time", "preemptible", "nodes", NULL
	};
	struct doc		 x;
	struct jl_yaml_diag	 d;
	const struct yaml_node	*n;
	const char		**list;
	int64_t			 v;
	int			 b;
	char			*e;
	const char		*text =
	    "s: hello\n"
	    "q: 'true'\n"
	    "b1: yes\n"
	    "b2: Off\n"
	    "i: 42\n"
	    "neg: -7\n"
	    "big: 99999999999999999999\n"
	    "f: 1.5\n"
	    "l: [a, b]\n"
	    "m: {max_tme: 1, nodes: 2, bogus: 3}\n"
	    "z: \"a\\0b\"\n"
	    "e:\n";

	(void)state;
	doc_parse(&x, text, strlen(text));
	assert_non_null(x.root);
	jl_yaml_diag_init(&d, "t.yaml");

	assert_string_equal(jl_yaml_str(&d, jl_yaml_get(x.root, "s"), "s"),
	    "hello");
	assert_null(jl_yaml_get(x.root, "missing"));
	assert_null(jl_yaml_get(jl_yaml_get(x.root, "s"), "x"));
	assert_true(jl_yaml_eq(jl_yaml_get(x.root, "s"), "hello"));
	assert_true(jl_yaml_is_null(jl_yaml_get(x.root, "e")));
	assert_false(jl_yaml_is_null(jl_yaml_get(x.root, "q")));

	assert_int_equal(jl_yaml_bool(&d, jl_yaml_get(x.root, "b1"), "b1", &b),
	    0);
	assert_int_equal(b, 1);
	assert_int_equal(jl_yaml_bool(&d, jl_yaml_get(x.root, "b2"), "b2", &b),
	    0);
	assert_int_equal(b, 0);
	assert_int_equal(jl_yaml_int(&d, jl_yaml_get(x.root, "i"), "i", 0, 100,
	    &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(jl_yaml_int(&d, jl_yaml_get(x.root, "neg"), "neg",
	    -10, 10, &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(jl_yaml_strlist(&x.a, &d, jl_yaml_get(x.root, "l"),
	    "l", &list), 0);
	assert_string_equal(list[0], "a");
	assert_string_equal(list[1], "b");
	assert_null(list[2]);
	assert_int_equal(d.nerrors, 0);

	/* Mistakes, each reported once, at the value. */
	assert_int_equal(jl_yaml_bool(&d, jl_yaml_get(x.root, "q"), "q", &b),
	    -1);
	assert_int_equal(jl_yaml_int(&d, jl_yaml_get(x.root, "i"), "i", 1, 10,
	    &v), -1);
	assert_int_equal(jl_yaml_int(&d, jl_yaml_get(x.root, "big"), "big",
	    1, INT64_MAX, &v), -1);
	assert_int_equal(jl_yaml_int(&d, jl_yaml_get(x.root, "f"), "f", 0, 9,
	    &v), -1);
	assert_null(jl_yaml_str(&d, jl_yaml_get(x.root, "l"), "l"));
	assert_null(jl_yaml_str(&d, jl_yaml_get(x.root, "z"), "z"));
	assert_null(jl_yaml_str(&d, jl_yaml_get(x.root, "e"), "e"));
	assert_int_equal(jl_yaml_want_map(&d, jl_yaml_get(x.root, "l"), "l"),
	    -1);
	assert_int_equal(jl_yaml_want_seq(&d, jl_yaml_get(x.root, "m"), "m"),
	    -1);
	assert_int_equal(jl_yaml_strlist(&x.a, &d, jl_yaml_get(x.root, "s"),
	    "s", &list), -1);
	assert_null(list);
	n = jl_yaml_get(x.root, "m");
	assert_int_equal(jl_yaml_check_keys(&d, n, known, "partition \"gpu\""),
	    2);
	e = jl_yaml_diag_take(&d);
	assert_non_null(e);
	assert_string_equal(e,
	    "t.yaml:1:4: expected a list for s, got a string\n"
	    "t.yaml:2:4: expected true or false for q, got \"true\"\n"
	    "t.yaml:5:4: i must be between 1 and 10, not 42\n"
	    "t.yaml:7:6: big must be a positive number, not "
	    "99999999999999999999\n"
	    "t.yaml:8:4: expected a whole number for f, got \"1.5\"\n"
	    "t.yaml:9:4: expected a string for l, got a list\n"
	    "t.yaml:9:4: expected a mapping for l, got a list\n"
	    "t.yaml:10:4: expected a list for m, got a mapping\n"
	    "t.yaml:10:5: unknown key \"max_tme\" in partition \"gpu\"; "
	    "did you mean \"max_time\"?\n"
	    "t.yaml:10:27: unknown key \"bogus\" in partition \"gpu\"\n"
	    "t.yaml:11:4: z contains a NUL character\n"
	    "t.yaml:12:3: expected a string for e, got nothing\n");
	free(e);
	jl_yaml_diag_free(&d);
	doc_free(&x);
}

static void
t_suggest(void **state)
{
	static const char *const words[] = {
		"max_time", "default_time", "preemptible", "nodes", "name",
		"default", NULL
	};
	static const struct {
		const char	*word;
		const char	*want;		/* NULL: no suggestion */
	} cases[] = {
		{ "max_tme", "max_time" },
		{ "MAX_TIME", "max_time" },
		{ "maxtime", "max_time" },
		{ "mxa_time", "max_time" },	/* transposition */
		{ "preemptable", "preemptible" },
		{ "nodse", "nodes" },
		{ "nam", "name" },
		{ "max", "max_time" },		/* prefix */
		{ "defualt", "default" },
		{ "walltime", NULL },
		{ "x", NULL },
		{ "completely_unrelated_key", NULL },
	};
	const char	*s;
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cases); i++) {
		s = jl_yaml_suggest(cases[i].word, words);
		if (cases[i].want == NULL ? s != NULL : s == NULL ||
		    strcmp(s, cases[i].want) != 0)
			fail_msg("%s: got %s, want %s", cases[i].word,
			    s ? s : "NULL", cases[i].want ? cases[i].want :
			    "NULL");
	}
}

static void
t_clip(void **state)
{
	char	 buf[JL_YAML_CLIP], small[8];
	char	*long_text = repeat("abcdefghij", 10);

	(void)state;
	assert_string_equal(jl_yaml_clip(buf, sizeof(buf), "a\tb\x7f", 4),
	    "a?b?");
	assert_string_equal(jl_yaml_clip(small, sizeof(small), "abcdefghij",
	    10), "abcd...");
	/* Not cut in the middle of a UTF-8 character. */
	assert_string_equal(jl_yaml_clip(small, sizeof(small),
	    "abc\xc3\xa9xyz", 8), "abc...");
	assert_string_equal(jl_yaml_clip(small, sizeof(small),
	    "ab\xc3\xa9\xc3\xa9xyz", 9), "ab\xc3\xa9...");
	jl_yaml_clip(buf, sizeof(buf), long_text, 100);
	assert_int_equal(strlen(buf), JL_YAML_CLIP - 1);
	free(long_text);
}

/* --- positions ------------------------------------------------------------ */

static void
t_marks(void **state)
{
	struct doc		 x;
	const struct yaml_node	*m, *l;
	const char		*text =
	    "top:\n"
	    "  - name: a\n"
	    "    v: [1, \"two\"]\n";

	(void)state;
	doc_parse(&x, text, strlen(text));
	assert_non_null(x.root);
	assert_int_equal(x.root->line, 1);
	assert_int_equal(x.root->col, 1);
	l = jl_yaml_get(x.root, "top");
	assert_int_equal(l->kind, JL_YAML_SEQ);
	assert_int_equal(l->line, 2);
	assert_int_equal(l->col, 3);
	m = l->items[0];
	assert_int_equal(m->line, 2);
	assert_int_equal(m->col, 5);
	assert_int_equal(m->pairs[0].key->line, 2);
	assert_int_equal(m->pairs[0].key->col, 5);
	assert_int_equal(m->pairs[0].value->col, 11);
	l = jl_yaml_get(m, "v");
	assert_int_equal(l->items[1]->line, 3);
	assert_int_equal(l->items[1]->col, 12);
	assert_int_equal(l->items[1]->style, JL_YAML_DQUOTED);
	assert_int_equal(l->items[1]->end_col, 17);
	doc_free(&x);
}

static const struct {
	const char	*yaml;		/* the value of key "w" */
	size_t		 off;		/* offset in the value's text */
	unsigned	 line, col;
} locs[] = {
	/* plain, one line */
	{ "w: job.time > 5\n", 0, 1, 4 },
	{ "w: job.time > 5\n", 9, 1, 13 },
	{ "w: job.time > 5\n", 11, 1, 15 },
	/* plain over lines: the fold is a space */
	{ "w: job.time != null and\n  job.time > 5\n", 17, 1, 21 },
	{ "w: job.time != null and\n  job.time > 5\n", 20, 1, 24 },
	{ "w: job.time != null and\n  job.time > 5\n", 21, 2, 3 },
	{ "w: job.time != null and\n  job.time > 5\n", 32, 2, 14 },
	/* literal block: lines kept, indentation stripped */
	{ "w: |\n  one\n    two\n  x\n", 0, 2, 3 },
	{ "w: |\n  one\n    two\n  x\n", 4, 3, 3 },
	{ "w: |\n  one\n    two\n  x\n", 6, 3, 5 },
	{ "w: |\n  one\n    two\n  x\n", 10, 4, 3 },
	/* folded block with a header comment */
	{ "w: >- # c\n  alpha beta\n  gamma\n", 6, 2, 9 },
	{ "w: >- # c\n  alpha beta\n  gamma\n", 11, 3, 3 },
	{ "w: >- # c\n  alpha beta\n  gamma\n", 15, 3, 7 },
	/* blank line inside a literal block */
	{ "w: |\n  a\n\n  b\n", 3, 4, 3 },
	/* quoted: after the quote, escapes not accounted for */
	{ "w: 'abc'\n", 1, 1, 6 },
	{ "w: \"abc\"\n", 0, 1, 5 },
	/* columns count characters */
	{ "w: \xc3\xa9t\xc3\xa9 x\n", 6, 1, 8 },
	/* offset past the end: clamped */
	{ "w: ab\n", 99, 1, 6 },
};

static void
t_locate(void **state)
{
	struct doc	 x;
	unsigned	 line, col;
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(locs); i++) {
		doc_parse(&x, locs[i].yaml, strlen(locs[i].yaml));
		assert_non_null(x.root);
		jl_yaml_locate(jl_yaml_get(x.root, "w"), locs[i].off, &line,
		    &col);
		if (line != locs[i].line || col != locs[i].col)
			fail_msg("case %zu: got %u:%u, want %u:%u", i, line,
			    col, locs[i].line, locs[i].col);
		doc_free(&x);
	}
	jl_yaml_locate(NULL, 3, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
}

/* The sink sorts by position and keeps report order on ties. */
static void
t_diag(void **state)
{
	struct jl_yaml_diag	 d;
	char			*e;

	(void)state;
	jl_yaml_diag_init(&d, "p.yaml");
	assert_null(jl_yaml_diag_take(&d));
	jl_yaml_error_at(&d, 9, 1, "third");
	jl_yaml_error_at(&d, 2, 5, "second");
	jl_yaml_error_at(&d, 2, 1, "first");
	jl_yaml_error_at(&d, 9, 1, "fourth");
	jl_yaml_error(&d, NULL, "zeroth %d", 0);
	assert_int_equal(d.nerrors, 5);
	e = jl_yaml_diag_take(&d);
	assert_string_equal(e,
	    "p.yaml:1:1: zeroth 0\n"
	    "p.yaml:2:1: first\n"
	    "p.yaml:2:5: second\n"
	    "p.yaml:9:1: third\n"
	    "p.yaml:9:1: fourth\n");
	free(e);
	assert_null(jl_yaml_diag_take(&d));
	jl_yaml_diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_good),
		cmocka_unit_test(t_bad),
		cmocka_unit_test(t_depth),
		cmocka_unit_test(t_alias_bomb),
		cmocka_unit_test(t_node_count),
		cmocka_unit_test(t_too_big),
		cmocka_unit_test(t_too_many_errors),
		cmocka_unit_test(t_accessors),
		cmocka_unit_test(t_suggest),
		cmocka_unit_test(t_clip),
		cmocka_unit_test(t_marks),
		cmocka_unit_test(t_locate),
		cmocka_unit_test(t_diag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
