/*
 * output.h: findings as people and programs read them.
 *
 *   text    file:line:col: severity: message [slug], the source line with
 *           the span underlined (^~~~), the fix hint; a summary line
 *   gcc     file:line:col: severity: message [slug], one line each
 *   json    {"version":1,"findings":[{file, line, column, end_line,
 *           end_column, rule, severity, message, fix, code}]}; a finding
 *           also has "mode" when the policy gives its rule one, and
 *           "exempted": true plus "exemption": {reason, until} when an
 *           exemption covers it
 *
 * Every format says what the site policy does with a finding: its mode
 * (text, gcc, github: "(site policy: enforce)" after the message; sarif:
 * properties.mode) and whether an exemption covers it (sarif: an external
 * suppression).  Exempted findings are counted apart, not as errors.
 *   sarif   SARIF 2.1.0: one run, tool.driver.rules with each rule's
 *           summary and doc, results with regions
 *   github  workflow commands (::error file=...,line=...::message)
 *
 * Nothing here prints: every function appends to a struct jl_buf that the
 * front end writes.  Script text shown to a terminal is sanitised: control
 * bytes, C1 controls, invalid UTF-8 and bidi overrides become \xNN or
 * \u{NNNN}, so a script's escape sequences never reach the tty raw.
 */
#ifndef JL_OUTPUT_H
#define JL_OUTPUT_H

#include "finding.h"
#include "mem.h"
#include "rule.h"

/* Version of the json format's schema ("version" at the top level). */
#define JL_JSON_VERSION	1

enum jl_format {
	JL_FMT_TEXT,
	JL_FMT_GCC,
	JL_FMT_JSON,
	JL_FMT_SARIF,
	JL_FMT_GITHUB
};

/* What a report keeps of a rule (rule sets may be freed between files). */
struct jl_report_rule {
	const char	*slug, *code, *summary, *doc, *fix;
	enum jl_sev	 sev;		/* effective severity when first seen */
};

/*
 * One run's output over many files.  Text, gcc and github output is
 * produced file by file; json and sarif are collected and closed by
 * jl_report_finish().
 */
struct jl_report {
	enum jl_format	 fmt;
	int		 color;		/* ANSI colours (text only) */
	const char	*version;	/* tool version for sarif */
	struct jl_arena	 a;
	struct jl_buf	 body;		/* json/sarif results so far */
	size_t		 nresults;
	struct jl_vec	 rules;		/* struct jl_report_rule * */
	size_t		 nerr, nwarn, ninfo;	/* not exempted */
	size_t		 nexempt;	/* findings an exemption covers */
	size_t		 nenforced;	/* not exempted, rule mode enforce */
	size_t		 nfiles;	/* files reported on */
	size_t		 dropped;	/* findings over the per-file bound */
};

void	jl_report_init(struct jl_report *, enum jl_format, int color,
	    const char *version);
/* Add one file's findings under rule set rs (may be NULL). */
void	jl_report_add(struct jl_report *, const struct jl_ruleset *,
	    const struct jl_findings *, const char *file, struct jl_buf *out);
/* Close the output: the summary line (text) or the document (json, sarif). */
void	jl_report_finish(struct jl_report *, struct jl_buf *out);
void	jl_report_free(struct jl_report *);
/* "text", "gcc", ... <-> enum; 0 or -1 for an unknown name. */
int	jl_format_parse(const char *, enum jl_format *);

/* Text, one finding per line plus an indented fix hint (no excerpt). */
void	jl_findings_text(const struct jl_findings *, const char *file,
	    struct jl_buf *);
/* What the site policy does with a finding, as text after its message:
 * " (site policy: enforce)", " (exempted until DATE: reason)", both, or
 * nothing. */
void	jl_finding_note(struct jl_buf *, const struct jl_finding *);
/* The members of one JSON finding object, without braces. */
void	jl_finding_json(const struct jl_finding *, const char *file,
	    struct jl_buf *);
/* Append a location object {"line":..,"column":..,"end_line":..,"end_column":..}. */
void	jl_loc_json(const struct jl_src *, struct jl_loc, struct jl_buf *);
/* Append s as printable text: control bytes, C1 controls, invalid UTF-8
 * become \xNN, bidi controls \u{NNNN}, a tab one space. */
void	jl_buf_sanitize(struct jl_buf *, const char *, size_t);
/* Line and column span of a location (end column exclusive). */
void	jl_loc_span(const struct jl_src *, struct jl_loc, unsigned *l1,
	    unsigned *c1, unsigned *l2, unsigned *c2);

#endif
