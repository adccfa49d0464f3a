/*
 * cmd-lsp.h: jlint lsp's pieces (cmd-lsp.c the server, cmd-lsp-json.c
 * the JSON reader for the client's messages).  Writing JSON is liblint's
 * (jl_buf_json_str(), mem.h); reading it is only needed here.
 */
#ifndef JL_CMD_LSP_H
#define JL_CMD_LSP_H

#include <stddef.h>

#include "mem.h"

enum lsp_jtype {
	LSP_J_NULL,
	LSP_J_BOOL,
	LSP_J_NUM,
	LSP_J_STR,
	LSP_J_ARR,
	LSP_J_OBJ
};

/* A JSON value; everything lives in the arena it was read into. */
struct lsp_json {
	enum lsp_jtype	  type;
	int		  b;		/* BOOL */
	double		  num;		/* NUM */
	const char	 *str;		/* STR (UTF-8, NUL-terminated; may
					   hold NULs: len) */
	size_t		  len;		/* STR bytes */
	const char	 *raw;		/* NUM: the text as written */
	size_t		  rawlen;
	/* ARR: items; OBJ: values, with keys[i] their names */
	struct lsp_json	**items;
	const char	**keys;
	size_t		  n;
};

/*
 * Read one JSON text (RFC 8259; nesting at most 64 deep).  The value, or
 * NULL with *err a static description of the first problem.
 */
struct lsp_json *lsp_json_parse(struct jl_arena *, const char *data,
	    size_t len, const char **err);
/* Member key of an object, or NULL (also when o is not an object). */
const struct lsp_json *lsp_json_get(const struct lsp_json *o,
	    const char *key);
/* A path of members, "a.b.c"; NULL when any step is missing. */
const struct lsp_json *lsp_json_path(const struct lsp_json *o,
	    const char *path);
/* The string at path, or NULL when absent or not a string. */
const char *lsp_json_str(const struct lsp_json *o, const char *path);
/* The integer at path (a number with no fraction), or def. */
long long lsp_json_int(const struct lsp_json *o, const char *path,
	    long long def);
/* The value's JSON text again (ids are echoed as the client sent them). */
void	lsp_json_write(struct jl_buf *, const struct lsp_json *);

#endif
