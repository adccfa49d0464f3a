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
 *           summary, doc and helpUri (its docs/rules page), results with
 *           regions and partialFingerprints (primaryLocationLineHash:
 *           the rule and the flagged line's text, so a line moved keeps
 *           its alert), findings a # jlint disable comment suppressed
 *           with an inSource suppression
 *   github  workflow commands (::error file=...,line=...::message)
 *
 * The other reports jlint prints live here too, so that every format has
 * one home: the rule catalog (jlint rules: text, json, markdown, slugs),
 * a rule's documentation (jlint explain), jlint test's expected-findings
 * lines, and jlint audit's report (text, json, csv: jl_audit_write() over
 * a struct jl_audit_report that cmd-audit.c fills from the queue, plain
 * data, no libslurm types).
 *
 * Nothing here prints: every function appends to a struct jl_buf that the
 * front end writes.  Script text shown to a terminal is sanitised: control
 * bytes, C1 controls, invalid UTF-8 and bidi overrides become \xNN or
 * \u{NNNN}, so a script's escape sequences never reach the tty raw.
 */
#ifndef JL_OUTPUT_H
#define JL_OUTPUT_H

#include <stdint.h>

#include "finding.h"
#include "mem.h"
#include "rule.h"
#include "verdict.h"

/* Where docs/rules/SLUG.md is for SARIF's helpUri: the pages `make
 * install` puts under PREFIX (/usr/local); jl_report.docs_url overrides
 * it (jlint: $JLINT_DOCS_URL, e.g. the repository's docs/rules/ URL). */
#define JL_DOCS_URL	"file:///usr/local/share/jlint/docs/rules/"

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
	const char	*docs_url;	/* rule pages (sarif helpUri), ending
					   in "/"; NULL: JL_DOCS_URL */
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
/* SARIF only: the findings a "# jlint disable" comment suppressed, as
 * results with an inSource suppression (not counted). */
void	jl_report_add_suppressed(struct jl_report *,
	    const struct jl_ruleset *, const struct jl_findings *,
	    const char *file);
/* Close the output: the summary line (text) or the document (json, sarif). */
void	jl_report_finish(struct jl_report *, struct jl_buf *out);
void	jl_report_free(struct jl_report *);
/* "text", "gcc", ... <-> enum; 0 or -1 for an unknown name. */
int	jl_format_parse(const char *, enum jl_format *);

/* Text, one finding per line plus an indented fix hint (no excerpt). */
void	jl_findings_text(const struct jl_findings *, const char *file,
	    struct jl_buf *);
/* The same lines without the file name, as jlint test's NAME.out sidecars
 * hold them: "LINE:COL: SEV: MESSAGE [slug]" or " (where): ...". */
void	jl_findings_expect(const struct jl_findings *, struct jl_buf *);
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

/* --- jlint rules, jlint explain ------------------------------------------ */

enum jl_rules_fmt {
	JL_RULES_TEXT,
	JL_RULES_JSON,
	JL_RULES_MARKDOWN,	/* README's rule table */
	JL_RULES_SLUGS
};

/* "text", "json", ... <-> enum; 0 or -1 for an unknown name. */
int	jl_rules_fmt_parse(const char *, enum jl_rules_fmt *);
/* Every rule of rs, with its severity and mode under rs's policy. */
void	jl_rules_write(const struct jl_ruleset *rs, enum jl_rules_fmt,
	    struct jl_buf *);
/* One rule's documentation, examples and what rs's policy does with it. */
void	jl_rule_explain(const struct jl_ruleset *rs, const struct jl_rule *,
	    struct jl_buf *);

/* --- the JSON Schema of policy files ------------------------------------ */

/* schema/jlint-policy.schema.json (draft-07): from the policy loader's
 * key table (jl_policy_keys), the rule loader's keys and the field
 * table; `jlint policy schema` prints it. */
void	jl_policy_schema(struct jl_buf *);

/* --- jlint audit's report ------------------------------------------------ */

enum jl_audit_fmt { JL_AUDIT_TEXT, JL_AUDIT_JSON, JL_AUDIT_CSV };
/* The report's columns: what the plugin would do with a finding. */
enum jl_audit_act { JL_AUDIT_REJECT, JL_AUDIT_WARN, JL_AUDIT_LOG, JL_AUDIT__N };
enum jl_audit_script {
	JL_AUDIT_SCRIPT_READ,
	JL_AUDIT_SCRIPT_NONE,		/* srun/salloc; a het component whose
					   job is not all listed, or salloc het */
	JL_AUDIT_SCRIPT_UNREADABLE
};

/* One finding of one job, copied out of the job's model. */
struct jl_audit_find {
	const char		*rule;		/* slug */
	const char		*code;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	enum jl_audit_act	 act;
	unsigned		 line;		/* 0: outside the script */
	const char		*where;		/* when line is 0 */
	const char		*message;
};

struct jl_audit_job {
	const char		*id;		/* "12", "4_[1-5%2]", "7+1" */
	uint32_t		 job_id;
	uint32_t		 uid;
	const char		*user;
	const char		*account;	/* or NULL */
	const char		*partition;
	const char		*state;
	enum jl_audit_script	 script;
	const char		*why;		/* JL_AUDIT_SCRIPT_UNREADABLE */
	struct jl_audit_find	*f;
	size_t			 nf;
	int			 nact[JL_AUDIT__N];
	int			 exempt;	/* root or SlurmUser */
	int			 worst;		/* top severity + 1; 0 */
};

struct jl_audit_rule {
	const char		*rule, *code;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	size_t			 njobs;
	struct jl_vec		 users;		/* const char *, distinct */
	struct jl_vec		 jobs;		/* const char * ids */
};

struct jl_audit_report {
	struct jl_arena		*a;		/* scratch for the writers */
	const char		*policy_name;
	int			 pending, running;	/* states asked for */
	int			 table_rules;	/* csv: the rule table */
	size_t			 nseen;		/* jobs the filters kept */
	struct jl_vec		 jobs;		/* struct jl_audit_job * */
	struct jl_vec		 rules;		/* struct jl_audit_rule * */
	size_t			 nnone, nunread, nclean, nexempt;
};

/* "text", "json", "csv" <-> enum; 0 or -1 for an unknown name. */
int	jl_audit_fmt_parse(const char *, enum jl_audit_fmt *);
/* The column of a verdict (JL_ACT_NONE: none; callers skip those). */
enum jl_audit_act jl_audit_column(enum jl_action);
/* The report in fmt (sorts r->rules). */
void	jl_audit_write(struct jl_audit_report *r, enum jl_audit_fmt,
	    struct jl_buf *out);

#endif
