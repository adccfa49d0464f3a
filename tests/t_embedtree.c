/*
 * t_embedtree.c: the rule catalog parsed at build time (tools/embed-tree.c,
 * lint/embed-tree.h) is exactly what jl_yaml_parse() makes of the embedded
 * text at run time: every file has a tree, in the order and with the paths
 * of jl_embedded_rules[], and the trees are equal node by node (kind,
 * style, text bytes, tag, anchor, marks, raw bytes, weight, height, items,
 * pairs, and shared nodes where the parser shares them).  Positions
 * inside scalars (jl_yaml_locate) agree too.  The same for the default
 * policy's tree (jl_default_policy_tree).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "embed-tree.h"
#include "yaml.h"

static int
streq0(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Deep equality; msg gets the first difference. */
static int
same(const struct yaml_node *a, const struct yaml_node *b, char *msg,
    size_t size)
{
	size_t		i;
	unsigned	l1, c1, l2, c2;

#define DIFF(what) do {							\
	snprintf(msg, size, "%s differs at line %u col %u", what,	\
	    a->line, a->col);						\
	return 0;							\
} while (0)
	if (a == NULL || b == NULL) {
		snprintf(msg, size, "missing node");
		return a == b;
	}
	if (a->kind != b->kind)
		DIFF("kind");
	if (a->style != b->style)
		DIFF("style");
	if (a->len != b->len || (a->text == NULL) != (b->text == NULL) ||
	    (a->text != NULL && memcmp(a->text, b->text, a->len) != 0))
		DIFF("text");
	if (!streq0(a->tag, b->tag))
		DIFF("tag");
	if (!streq0(a->anchor, b->anchor))
		DIFF("anchor");
	if (a->line != b->line || a->col != b->col ||
	    a->end_line != b->end_line || a->end_col != b->end_col)
		DIFF("marks");
	if (a->rawlen != b->rawlen || (a->raw == NULL) != (b->raw == NULL) ||
	    (a->raw != NULL && memcmp(a->raw, b->raw, a->rawlen) != 0))
		DIFF("raw bytes");
	if (a->weight != b->weight || a->height != b->height ||
	    a->open != b->open)
		DIFF("weight/height");
	if (a->nitems != b->nitems || a->npairs != b->npairs)
		DIFF("children");
	for (i = 0; a->kind == JL_YAML_SCALAR && i <= a->len; i += 7) {
		jl_yaml_locate(a, i, &l1, &c1);
		jl_yaml_locate(b, i, &l2, &c2);
		if (l1 != l2 || c1 != c2)
			DIFF("jl_yaml_locate");
	}
	for (i = 0; i < a->nitems; i++)
		if (!same(a->items[i], b->items[i], msg, size))
			return 0;
	for (i = 0; i < a->npairs; i++)
		if (!same(a->pairs[i].key, b->pairs[i].key, msg, size) ||
		    !same(a->pairs[i].value, b->pairs[i].value, msg, size))
			return 0;
	/* Sharing (aliases) as the parser does it. */
	for (i = 0; i + 1 < a->nitems; i++)
		if ((a->items[i] == a->items[i + 1]) !=
		    (b->items[i] == b->items[i + 1]))
			DIFF("shared items");
	return 1;
#undef DIFF
}

static void
test_trees(void **state)
{
	struct jl_arena		 a;
	struct jl_yaml_diag	 d;
	const struct yaml_node	*run;
	char			 msg[256];
	size_t			 i;

	(void)state;
	assert_int_equal(jl_embedded_trees_n, jl_embedded_nrules);
	for (i = 0; i < jl_embedded_nrules; i++) {
		assert_string_equal(jl_embedded_trees[i].path,
		    jl_embedded_rules[i].path);
		if (jl_embedded_trees[i].root == NULL)
			fail_msg("%s: no build-time tree",
			    jl_embedded_rules[i].path);
		jl_arena_init(&a);
		jl_yaml_diag_init(&d, jl_embedded_rules[i].path);
		run = jl_yaml_parse(&a, &d, jl_embedded_rules[i].data,
		    jl_embedded_rules[i].len);
		jl_yaml_diag_free(&d);
		assert_non_null(run);
		msg[0] = '\0';
		if (!same(jl_embedded_trees[i].root, run, msg, sizeof(msg)))
			fail_msg("%s: %s", jl_embedded_rules[i].path, msg);
		jl_arena_free(&a);
	}
}

/* The default policy's tree, the same way. */
static void
test_default_policy_tree(void **state)
{
	struct jl_arena		 a;
	struct jl_yaml_diag	 d;
	const struct yaml_node	*run;
	char			 msg[256];

	(void)state;
	assert_int_equal(jl_default_policy_tree_n, 1);
	assert_string_equal(jl_default_policy_tree[0].path,
	    "policies/default.yaml");
	if (jl_default_policy_tree[0].root == NULL)
		fail_msg("policies/default.yaml: no build-time tree");
	jl_arena_init(&a);
	jl_yaml_diag_init(&d, "policies/default.yaml");
	run = jl_yaml_parse(&a, &d, jl_default_policy, jl_default_policy_len);
	jl_yaml_diag_free(&d);
	assert_non_null(run);
	msg[0] = '\0';
	if (!same(jl_default_policy_tree[0].root, run, msg, sizeof(msg)))
		fail_msg("policies/default.yaml: %s", msg);
	jl_arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trees),
		cmocka_unit_test(test_default_policy_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
