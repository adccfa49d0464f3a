/*
 * fields.h: the job model's public view.  One table (fields.c) names
 * every field the expression language, `jlint parse` (its "job" object)
 * and jlint-policy(5) show, with its type and documentation, so a field
 * has one name everywhere.  The table itself is private to the
 * expression code (expr-int.h: xfields[]).
 */
#ifndef JL_FIELDS_H
#define JL_FIELDS_H

#include "job.h"
#include "mem.h"

/* The FIELDS section of jlint-policy(5) (roff, .TP entries). */
void	jl_fields_man(struct jl_buf *);

/* Row i of the field table: the object it belongs to ("job", "step",
 * ...; NULL for a top-level name), its name, its type as the docs write
 * it and its documentation.  0, or -1 past the end. */
int	jl_field_at(size_t i, const char **object, const char **name,
	    const char **type, const char **doc);

/* The "job" object of `jlint parse`: every job field by its name, with
 * its value (durations in minutes, sizes in MB, absent values null). */
void	jl_job_view_json(const struct jl_model *, struct jl_buf *);

#endif
