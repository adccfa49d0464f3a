/*
 * judge.h: one job request judged by the site policy, as every front end
 * inside Slurm does it (job_submit plugin, cli_filter plugin, Lua module):
 * build the model (lint/job.h) from a jl_input, run the rules
 * (jl_lint_run), give each finding its action (jl_verdict) and word the
 * message for the user.  The front ends differ only in where the request
 * comes from and where the message goes.
 */
#ifndef JLP_JUDGE_H
#define JLP_JUDGE_H

#include <stddef.h>
#include <stdint.h>

#include "job.h"
#include "mem.h"
#include "verdict.h"

#define JLP_MAX_SCRIPT	(4u * 1024 * 1024)  /* Slurm's max_script_size */

struct jl_ruleset;

struct jlp_req {
	struct jl_input	 in;		/* the request; name = "job script" */
	struct jl_array_conf arrays;	/* in.arrays points here
					   (jlp_input_live(), hold.h) */
	uint32_t	 uid;		/* who submits */
	const char	*account;	/* -A, or NULL; inside slurmctld the
					   account it will charge (assoc.h) */
	int		 account_default; /* 1: account is the user's
					     default (no -A) */
	uint32_t	 job_id;	/* 0: a new job */
	/* Closing line of a rejection (how to check before submitting), or
	 * NULL for the job_submit wording. */
	const char	*hint;
	/* Where the request is judged: the rules' modes there
	 * (JL_POINT_JOB_SUBMIT = 0 when the request was zeroed). */
	enum jl_point	 point;
	/* For the decision record (any may be NULL): */
	const char	*partition;	/* -p as requested ("a,b") */
	const char	*job_name;
	const char	*policy_hash;	/* jlp_hold_hash() */
	int		 record;	/* 1: append to the policy's decisions:
					   log (slurmctld writes it) */
	int		 quiet;		/* 1: no log line, no record (a
					   baseline to compare with) */
	/* job_modify (scontrol update): the options the change sets, for
	 * the record ("event":"modify","changed":[...]), and the same job
	 * judged without the change: a finding of a rule that had the same
	 * action there is not the change's (action none).  NULL: a
	 * submission. */
	const char *const *changed;
	size_t		 nchanged;
	const struct jlp_judged *before;
	const char *const *not_judged;	/* rules whose findings are not
					   the change's either (NULL-ended),
					   or NULL */
};

struct jlp_judged {
	struct jl_arena			 a;	/* owns everything below */
	struct jl_model			 m;
	const struct jl_finding		**f;	/* the findings, sorted */
	enum jl_action			*act;	/* their actions */
	enum jl_mode			*mode;	/* their rules' modes */
	size_t				 n;
	size_t				 nreject, nwarn, nlog;
	size_t				 nexempt;	/* findings an
							   exemption covers */
	/* For the job's AdminComment (bounded; malloc'd), or NULL: the
	 * policy says admin_comment: false, or nothing to say. */
	char				*comment;
	const char			*user;	/* login name, or NULL */
	char				*text;	/* for the user (malloc'd),
						   or NULL: nothing to say */
	int				 internal; /* could not be checked
						      (out of memory) */
	int				 unread;   /* the script was over the
						      policy's script_read_kb:
						      the request was judged
						      alone */
};

/*
 * Judge req under rs.  Logs audit and rejection decisions with the front
 * end's tag (hold.h).  Always fills *out (free with jlp_judged_free);
 * returns 0, or -1 when the job could not be checked (out->internal).
 */
int	jlp_judge(const struct jl_ruleset *, const struct jlp_req *,
	    struct jlp_judged *out);
void	jlp_judged_free(struct jlp_judged *);
/* Append j's decision to the policy's decisions: log, as jlp_judge()
 * does (for a decision made without it: job_modify's time limit);
 * nothing, not even the line built, when the policy keeps no log. */
void	jlp_record(const struct jl_ruleset *, const struct jlp_req *,
	    const struct jlp_judged *j, const char *decision);
/* The script's line of f, or 0 when it is about the request. */
unsigned jlp_finding_line(const struct jlp_judged *,
	    const struct jl_finding *);

/*
 * A job_submit request (job_desc_msg_t: slurmctld's, or one the Lua
 * module filled from job_submit.lua's job_desc) judged as the job_submit
 * plugin does it, so every front end that has one gives the same verdict
 * and message: uid 0 and SlurmUser are not checked; the held policy is
 * reloaded when due; without a good policy on_error decides; the request
 * becomes options (desc.h) and the script (up to JLP_MAX_SCRIPT bytes)
 * and jlp_judge() judges them.  The options live in a (the caller's;
 * free it after out).  Always fills *out (free with jlp_judged_free;
 * out->text: the whole message for the user, or NULL).  Returns 1 when
 * the job must be rejected (an enforced finding; no policy or an
 * internal error under on_error: reject), else 0.
 */
struct job_descriptor;
int	jlp_judge_desc(struct jl_arena *a, const struct job_descriptor *,
	    uint32_t uid, struct jlp_judged *out);
/*
 * Messages for the user are cut at word boundaries to JLP_WRAP columns,
 * a cut line going on JLP_WRAP_INDENT columns further in: Slurm prints
 * each line after its own prefix ("sbatch: error: ", a het job's
 * "sbatch: error: 1: "), and the whole line stays within 100 columns.
 * jlp_wrap() returns text so cut (malloc'd; NULL: text NULL or out of
 * memory).  A word longer than a line is cut where the line ends.
 */
#define JLP_WRAP	80
#define JLP_WRAP_INDENT	4
char	*jlp_wrap(const char *text, size_t width);
/* Free what jlp_judge_desc() keeps between a het job's components (at
 * unload). */
void	jlp_het_forget_all(void);
/* uid 0 and SlurmUser: the policy does not apply. */
int	jlp_uid_exempt(uint32_t uid);

#endif
