/*
 * yaml.h: YAML documents as arena-owned trees with source marks, for
 * policies and rule files, and helpers that report mistakes as
 * "file:line:col: message" lines.
 *
 * The tree is built from libyaml events (lint/yaml.c).  It is read-only
 * after jl_yaml_parse() returns and lives until its arena is freed.
 *
 * Bounds (a hostile file cannot make the parser or its consumers do
 * unbounded work): input at most JL_YAML_MAX_INPUT bytes; at most
 * JL_YAML_MAX_NODES nodes counting every alias as the whole subtree it
 * stands for (a "billion laughs" document is rejected, not expanded);
 * collections nested at most JL_YAML_MAX_DEPTH deep, again through
 * aliases; at most JL_YAML_MAX_ERRORS error lines.
 *
 * Aliases are not copied: an alias node is the anchored node itself, so
 * the tree is a DAG and a message about it points at the anchor.  Merge
 * keys ("<<: *base") are applied.  Only the core schema's "!!" tags are
 * accepted, and they are kept as written (tag "tag:yaml.org,2002:str").
 * Duplicate keys and non-scalar keys are errors.
 *
 * Lines and columns are 1-based; columns count characters as libyaml
 * does, which for ASCII text is the same as bytes.
 *
 * This header shares its name with libyaml's <yaml.h>.  Only yaml.c needs
 * libyaml: it defines JL_YAML_WANT_LIBYAML and includes <yaml.h> with
 * angle brackets, which finds this file through -Ilint; this file then
 * passes the include on to libyaml's header with #include_next.
 */
#if defined(JL_YAML_WANT_LIBYAML) && !defined(YAML_H)
#include_next <yaml.h>
#endif

#ifndef JL_YAML_H
#define JL_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"

#define JL_YAML_MAX_INPUT	(4u << 20)	/* bytes */
#define JL_YAML_MAX_NODES	10000		/* aliases expanded */
#define JL_YAML_MAX_DEPTH	64		/* nested collections */
#define JL_YAML_MAX_ERRORS	100		/* lines, then one "too many" */

enum jl_yaml_kind {
	JL_YAML_SCALAR,
	JL_YAML_SEQ,
	JL_YAML_MAP
};

enum jl_yaml_style {			/* scalars only */
	JL_YAML_PLAIN,			/* also the style of collections */
	JL_YAML_SQUOTED,		/* 'text' */
	JL_YAML_DQUOTED,		/* "text", escapes processed */
	JL_YAML_LITERAL,		/* | */
	JL_YAML_FOLDED			/* > */
};

struct yaml_node;

struct yaml_pair {
	struct yaml_node	*key;		/* always a scalar */
	struct yaml_node	*value;
};

/*
 * One node.  text/len are meaningful for scalars (text is NUL-terminated,
 * but a double-quoted "\0" can put a NUL inside: use len); items for
 * sequences; pairs for mappings, in document order, merged pairs last.
 * An empty plain scalar is YAML's null ("key:" with no value).
 */
struct yaml_node {
	enum jl_yaml_kind	 kind;
	enum jl_yaml_style	 style;
	const char		*text;		/* scalars */
	size_t			 len;
	struct yaml_node	**items;	/* sequences */
	size_t			 nitems;
	struct yaml_pair	*pairs;		/* mappings */
	size_t			 npairs;
	const char		*tag;		/* explicit tag (expanded) */
	const char		*anchor;	/* "&name" given, or NULL */
	unsigned		 line, col;	/* start, 1-based */
	unsigned		 end_line, end_col; /* just past the end */
	const char		*raw;		/* scalars: source bytes */
	size_t			 rawlen;	/* ... start to end mark */
	size_t			 weight;	/* nodes, aliases expanded */
	unsigned		 height;	/* levels, this one included */
	int			 open;		/* internal: being built */
};

/*
 * An error sink.  Messages are kept with their positions and handed out
 * by jl_yaml_diag_take() sorted by line and column (stable), as lines
 * "file:line:col: message\n".  Initialise with jl_yaml_diag_init();
 * jl_yaml_diag_take() or jl_yaml_diag_free() releases the memory.
 */
struct jl_yaml_msg;

struct jl_yaml_diag {
	const char		*file;		/* name used in messages */
	struct jl_yaml_msg	*msgs;		/* malloc'd */
	size_t			 nmsgs;
	size_t			 cap;
	size_t			 nerrors;	/* reported, dropped included */
	int			 failed;	/* out of memory keeping one */
};

void	 jl_yaml_diag_init(struct jl_yaml_diag *, const char *file);
/* Report at a node (NULL: line 1, column 1). */
void	 jl_yaml_error(struct jl_yaml_diag *, const struct yaml_node *,
	    const char *fmt, ...) __attribute__((__format__(printf, 3, 4)));
void	 jl_yaml_error_at(struct jl_yaml_diag *, unsigned line, unsigned col,
	    const char *fmt, ...) __attribute__((__format__(printf, 4, 5)));
/* The messages so far, sorted, as one malloc'd string (caller frees
 * with free()), or NULL if there were none; the sink is left empty
 * (nerrors 0).  If memory ran out the text says so. */
char	*jl_yaml_diag_take(struct jl_yaml_diag *);
void	 jl_yaml_diag_free(struct jl_yaml_diag *);

/*
 * Parse one YAML document.  The tree and its strings are allocated from
 * the arena (they live until it is freed); data is copied and need not
 * outlive the call.  An empty stream gives an empty plain scalar.
 * Returns NULL after reporting every problem found to diag (libyaml stops
 * at its first syntax error, so that is at most one syntax error).
 */
struct yaml_node *jl_yaml_parse(struct jl_arena *, struct jl_yaml_diag *,
	    const char *data, size_t len);

/* --- reading a tree ------------------------------------------------- */

/*
 * Copy s[0..n) into buf for a message: control bytes become '?', text
 * longer than fits is cut with "...".  Returns buf.
 */
const char *jl_yaml_clip(char *buf, size_t size, const char *s, size_t n);
#define JL_YAML_CLIP	64	/* a good buffer size for jl_yaml_clip */

/* "a string", "a list", "a mapping", "null": for messages. */
const char *jl_yaml_kind_name(const struct yaml_node *);
/* Plain untagged "", "~", "null", "Null", "NULL", or tagged !!null. */
int	 jl_yaml_is_null(const struct yaml_node *);
/* The value for key in a mapping, or NULL (also when map is no mapping). */
const struct yaml_node *jl_yaml_get(const struct yaml_node *map,
	    const char *key);
/*
 * Whether a scalar's text is exactly s.  Inline, byte by byte, stopping at
 * the first difference: the loaders ask every key of a map against lists of
 * known words, and most differ at the first byte (a call and a strlen() of
 * every word were a fifth of a zero-config start-up).  A NUL in the scalar
 * never equals: s ends there.
 */
static inline int
jl_yaml_eq(const struct yaml_node *n, const char *s)
{
	size_t	i;

	if (n == NULL || n->kind != JL_YAML_SCALAR)
		return 0;
	for (i = 0; i < n->len; i++)
		if (s[i] == '\0' || s[i] != n->text[i])
			return 0;
	return s[i] == '\0';
}

/*
 * Typed accessors.  what names the thing in messages ("gpu_flag",
 * "partition \"gpu\": max_time").  On a mistake they report
 * "expected <type> for <what>, got <kind>" (or a more precise message)
 * and return NULL / -1.
 */
/* A scalar with no NUL inside; returns its text (borrowed). */
const char *jl_yaml_str(struct jl_yaml_diag *, const struct yaml_node *,
	    const char *what);
/* YAML 1.1 booleans, plain only: true/false, yes/no, on/off (any case). */
int	 jl_yaml_bool(struct jl_yaml_diag *, const struct yaml_node *,
	    const char *what, int *out);
/* A plain decimal integer in [min, max]. */
int	 jl_yaml_int(struct jl_yaml_diag *, const struct yaml_node *,
	    const char *what, int64_t min, int64_t max, int64_t *out);
/* Kind checks: 0 if node has the kind, else report and -1. */
int	 jl_yaml_want_seq(struct jl_yaml_diag *, const struct yaml_node *,
	    const char *what);
int	 jl_yaml_want_map(struct jl_yaml_diag *, const struct yaml_node *,
	    const char *what);
/*
 * A list of strings (a single string is not accepted) as a
 * NULL-terminated array in the arena; *out is NULL on error.  An empty
 * list gives an array holding only NULL.
 */
int	 jl_yaml_strlist(struct jl_arena *, struct jl_yaml_diag *,
	    const struct yaml_node *, const char *what, const char ***out);

/*
 * Report every key of map that is not in the NULL-terminated list known:
 * 'unknown key "max_walltime" in <where>; did you mean "max_time"?'.
 * Returns the number of unknown keys.
 */
size_t	 jl_yaml_check_keys(struct jl_yaml_diag *, const struct yaml_node *map,
	    const char *const *known, const char *where);
/*
 * The same, with hints for likely mistakes that are not typos: pairs
 * { "max_walltime", "max_time", ..., NULL } ("did you mean" the second
 * when a key is the first).  hints may be NULL.
 */
size_t	 jl_yaml_check_keys_hint(struct jl_yaml_diag *,
	    const struct yaml_node *map, const char *const *known,
	    const char *const *hints, const char *where);
/*
 * The candidate closest to word (edit distance, case-insensitive) if it
 * is close enough to be a likely typo, else NULL.  candidates is
 * NULL-terminated.
 */
const char *jl_yaml_suggest(const char *word,
	    const char *const *candidates);

/*
 * The source position of byte off of a scalar's text.  Exact for plain
 * scalars and for literal and folded block scalars (the forms the rule
 * format allows for expressions), including continuation lines; for
 * quoted scalars the position assumes no escapes and no line breaks.
 */
void	 jl_yaml_locate(const struct yaml_node *, size_t off, unsigned *line,
	    unsigned *col);

#endif
