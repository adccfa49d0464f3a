/*
 * embed-tree.h: the rule catalog (rules/NAME.yaml) and the default policy
 * parsed at build time.
 *
 * tools/embed-tree.c runs jl_yaml_parse() on every catalog file when jlint
 * is built and writes the resulting trees as C initialisers
 * ($(BUILD)/gen/rules-tree.c), in the order of jl_embedded_rules[].  The
 * rule loader uses a tree instead of parsing the embedded text again:
 * parsing the catalog with libyaml was 85% of jlint's start-up (about 0.4
 * ms a process; bench/RESULTS.md).  The trees are exactly what the parser
 * produced (tests/t_embedtree.c compares them), their scalars' raw bytes
 * point into a copy of the file, and a file that did not parse has no
 * tree (root NULL), so the loader parses it at run time and reports the
 * error as before.
 */
#ifndef JL_EMBED_TREE_H
#define JL_EMBED_TREE_H

#include <stddef.h>

struct yaml_node;

struct jl_embedded_tree {
	const char		*path;	/* as in jl_embedded_rules[] */
	const struct yaml_node	*root;	/* NULL: parse at run time */
};

extern const struct jl_embedded_tree	jl_embedded_trees[];
extern const size_t			jl_embedded_trees_n;

/*
 * policies/default.yaml, the policy of a run with no policy file, parsed
 * at build time the same way ($(BUILD)/gen/default-policy-tree.c): one
 * entry, root NULL if it did not parse.  Parsing it with libyaml was a
 * quarter of the instructions of a zero-config jlint process.
 */
extern const struct jl_embedded_tree	jl_default_policy_tree[];
extern const size_t			jl_default_policy_tree_n;

#endif
