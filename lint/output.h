/*
 * output.h: findings as text (file:line:col: severity: message [slug]) and
 * as JSON ({"findings": [...]}).  Script text shown to a terminal is
 * sanitised: control bytes never reach the tty raw.
 */
#ifndef JL_OUTPUT_H
#define JL_OUTPUT_H

#include "finding.h"
#include "mem.h"

/* Text, one finding per line plus an indented fix hint. */
void	jl_findings_text(const struct jl_findings *, const char *file,
	    struct jl_buf *);
/* The members of one JSON finding object, without braces. */
void	jl_finding_json(const struct jl_finding *, const char *file,
	    struct jl_buf *);
/* Append a location object {"line":..,"column":..,"end_line":..,"end_column":..}. */
void	jl_loc_json(const struct jl_src *, struct jl_loc, struct jl_buf *);
/* Append s as printable text: control bytes become \xNN. */
void	jl_buf_sanitize(struct jl_buf *, const char *, size_t);

#endif
