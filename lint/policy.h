/*
 * policy.h: a site policy (policies/<site>.yaml): site facts and rule
 * settings.  policies/default.yaml documents every key for site admins.
 *
 *   name: ai-lab                    # default: the file name
 *   description: ...                # free text
 *   extends: default                # accepted, not applied yet
 *   slurm_version: "22.05"
 *   gpu_flag: --nv                  # or --rocm; absent = the vendor the
 *                                   # script shows, else NVIDIA
 *   require_gpu_flag: false         # true: --rocm even when /dev is shown
 *   container_runtimes: [singularity, apptainer]
 *   image_dirs: [/ceph/container]
 *   limits:
 *     { max_gpus_per_job: 8, max_cpus_per_gpu: 16, max_mem_per_gpu: 128G }
 *   partitions:
 *     - name: prioritized
 *       default: true
 *       max_time: 6-00:00:00        # --time grammar; UNLIMITED allowed
 *       default_time: 1:00:00
 *       preemptible: false
 *       nodes:                       # node classes in the partition
 *         - { count: 4, cpus: 64, mem: 256G, gpus: { t4: 6 } }
 *   rules:                           # slug or code: setting
 *     gpu-container-no-nv: { severity: error, mode: enforce }
 *     time-mmss: off                 # also: on, error|warning|info,
 *     late-directive: enforce        #   enforce|warn|audit
 *     mem-per-gpu-typo:              # a mode per enforcement point:
 *       { mode: { cli_filter: warn, job_submit: enforce } }
 *                                    #   cli, cli_filter, job_submit,
 *                                    #   audit, default (jl_point)
 *   site_rules: [ ...same format as rules/<slug>.yaml... ]
 *   exemptions:
 *     - { rules: [partition-time-limit], users: [alice],
 *         reason: "...", expires: 2027-01-31 }
 *   on_error: accept                 # plugin: accept|reject when the
 *                                    # policy is broken
 *   enforce_part_limits: ANY         # slurm.conf EnforcePartLimits
 *                                    # (NO, ANY, ALL; absent: NO)
 *   gres_names: [gpu]                # slurm.conf GresTypes
 *   decisions:                       # plugin: where decisions go
 *     log: /var/log/slurm/jlint-decisions.jsonl   # one JSON line each
 *     admin_comment: true            # summary appended to AdminComment
 *   script_read_kb: 64               # plugin: longer scripts are judged
 *                                    # on the job request alone
 *
 * A policy is immutable after load.  Everything lives in its arena,
 * including the YAML tree site_rules point into.  Facts that a policy
 * does not give are "absent" and rules that need them stay quiet.
 */
#ifndef JL_POLICY_H
#define JL_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "mem.h"
#include "opt.h"

#define JL_UNSET	(-1)		/* integer facts not given */
#define JL_NO_LIMIT	INT64_MAX	/* a partition's limit: none */

struct jl_gpu_count {
	const char	*type;		/* "t4", "a100" */
	int64_t		 count;		/* per node */
};

struct jl_nodeclass {
	int64_t			 count;		/* nodes of this class, JL_UNSET */
	int64_t			 cpus;		/* per node, JL_UNSET */
	int64_t			 mem_mb;	/* per node, JL_UNSET */
	struct jl_gpu_count	*gpus;		/* per-node GPU counts by type */
	size_t			 ngpus;
};

struct jl_partition {
	const char		*name;
	int			 is_default;
	int64_t			 max_time;	/* minutes; JL_UNSET; INT64_MAX = unlimited */
	int64_t			 default_time;	/* minutes; JL_UNSET */
	int			 preemptible;	/* 0/1; JL_UNSET */
	/* limits: of this partition, over the site's: 0 = not given (the
	 * site's), JL_NO_LIMIT = none here (0 in the policy). */
	int64_t			 max_gpus_per_job;
	int64_t			 max_cpus_per_gpu;
	int64_t			 max_mem_per_gpu_mb;
	struct jl_nodeclass	*nodes;
	size_t			 nnodes;
	unsigned		 line, col;	/* where it is defined */
};

enum jl_mode {
	JL_MODE_DEFAULT,	/* not set: warn for the plugin */
	JL_MODE_ENFORCE,
	JL_MODE_WARN,
	JL_MODE_AUDIT
};

/*
 * Where the policy is applied; a rule has a mode at each.  "mode: enforce"
 * sets every point; "mode: { cli_filter: warn, job_submit: enforce }" sets
 * the points named, "default:" in that mapping the points not named.  A
 * point without a mode: cli and audit follow job_submit (they say what
 * enforcement does), cli_filter and job_submit have none.
 */
enum jl_point {
	JL_POINT_JOB_SUBMIT,	/* job_submit plugin, Lua module (slurmctld);
				   0: what a zeroed request is judged at */
	JL_POINT_CLI_FILTER,	/* cli_filter plugin in sbatch, salloc, srun */
	JL_POINT_CLI,		/* jlint at the terminal, pre-commit, jlint test */
	JL_POINT_AUDIT,		/* jlint audit of queued and running jobs */
	JL_NPOINTS
};

struct jl_rule_setting {
	const char	*rule;		/* slug or code */
	int		 enabled;	/* 1, 0 (off) */
	int		 has_severity;
	enum jl_sev	 severity;
	enum jl_mode	 mode[JL_NPOINTS]; /* as written (or inherited);
					    read it with jl_setting_mode() */
	unsigned	 line, col;
};

struct jl_exemption {
	const char	**rules;	/* slugs/codes; NULL-terminated */
	const char	**users;	/* NULL-terminated, may be empty */
	const char	**accounts;
	const char	**partitions;
	const char	*reason;
	int64_t		 expires;	/* epoch seconds at end of day (UTC); 0 = never */
	unsigned	 line, col;
};

/* EnforcePartLimits: what slurmctld does with a job over a partition limit. */
enum jl_epl {
	JL_EPL_UNKNOWN,		/* not given: Slurm's default, NO */
	JL_EPL_NO,		/* accepted; runs where it fits or pends */
	JL_EPL_ANY,		/* rejected if no listed partition fits */
	JL_EPL_ALL		/* rejected if any listed partition does not */
};

struct yaml_node;		/* yaml.h: a parsed YAML node with marks */

struct jl_policy {
	struct jl_arena		 arena;
	const char		*path;		/* file, or "(embedded default)" */
	const char		*name;		/* policy name: key */
	unsigned		 slurm_version;	/* 2205...; 0 = not given */
	const char		*gpu_flag;	/* "--nv", "--rocm", NULL */
	int			 require_gpu_flag; /* 1: GPU containers need
						   gpu_flag even where /dev
						   shows the GPUs (AMD) */
	const char		**runtimes;	/* NULL-terminated; NULL = any */
	const char		**image_dirs;	/* NULL-terminated; NULL = any */
	int64_t			 max_gpus_per_job;	/* JL_UNSET */
	int64_t			 max_cpus_per_gpu;
	int64_t			 max_mem_per_gpu_mb;
	struct jl_partition	*partitions;
	size_t			 npartitions;
	struct jl_rule_setting	*settings;
	size_t			 nsettings;
	struct jl_exemption	*exemptions;
	size_t			 nexemptions;
	const struct yaml_node	**site_rules;	/* inline rule documents */
	size_t			 nsite_rules;
	int			 on_error_reject;	/* plugin: reject when broken */
	const char		*description;	/* or NULL */
	const char		*extends;	/* not applied yet; or NULL */
	enum jl_epl		 enforce_part_limits;
	int64_t			 max_array_size;	/* MaxArraySize; JL_UNSET */
	int64_t			 max_array_tasks; /* SchedulerParameters
						   max_array_tasks; JL_UNSET */
	const char		**gres_names;	/* GresTypes; NULL-terminated;
						 * NULL = not given */
	const char		*decision_log;	/* absolute path, or NULL */
	int			 admin_comment;	/* -1 not given (on), 0, 1 */
	/* The most KiB of a job script the job_submit plugin (and the Lua
	 * module) read; JL_UNSET: JL_SCRIPT_READ_KB. */
	int64_t			 script_read_kb;
};

/* Default of script_read_kb: a script of this size reads in well under
 * 20 ms inside slurmctld, whatever it holds (bench/slurm, issue 15). */
#define JL_SCRIPT_READ_KB	64
#define JL_SCRIPT_READ_KB_MAX	4096	/* Slurm's default max_script_size */
/* The byte limit of a policy (NULL: the default). */
size_t	jl_policy_script_read_limit(const struct jl_policy *);

/*
 * The policy file's keys (policy.c's key table, which the loader checks
 * keys against): per key its type, the words it takes (WORD, WORDS) and
 * the keys of its mapping (MAP, MAPS: a list of mappings; SETTINGS: each
 * value a word or a mapping of these keys).  A table ends with a NULL
 * name.  jl_policy_schema() (output.h) makes the JSON Schema from it.
 */
enum jl_pkey_type {
	JL_PK_STR,		/* a string */
	JL_PK_BOOL,		/* true/false (also yes/no, on/off) */
	JL_PK_INT,		/* a count > 0 */
	JL_PK_INT0,		/* a count >= 0 */
	JL_PK_DURATION,		/* --time grammar, UNLIMITED */
	JL_PK_SIZE,		/* --mem grammar */
	JL_PK_SIZE0,		/* --mem grammar, or 0 */
	JL_PK_WORD,		/* one of words */
	JL_PK_WORDS,		/* one or a list of words */
	JL_PK_STRS,		/* a string or a list of strings */
	JL_PK_DATE,		/* YYYY-MM-DD */
	JL_PK_RELEASE,		/* a Slurm release: jl_slurm_release_text() */
	JL_PK_MAP,		/* a mapping of keys */
	JL_PK_MAPS,		/* a list of mappings of keys */
	JL_PK_SETTINGS,		/* rule -> word or a mapping of keys */
	JL_PK_SITE_RULES,	/* a list of rule documents (rules/NAME.yaml) */
	JL_PK_GPUS,		/* GPU type -> count */
	JL_PK_MODE		/* one of words, or keys -> one of words */
};

struct jl_policy_key {
	const char			*name;
	enum jl_pkey_type		 type;
	const char *const		*words;
	const struct jl_policy_key	*keys;
	const char			*doc;
};

extern const struct jl_policy_key	jl_policy_keys[];	/* top level */
/* The words a boolean (and a rule setting) takes for false and true. */
extern const char *const *const		jl_policy_off_words;
extern const char *const *const		jl_policy_on_words;

/*
 * Load a policy from bytes.  name is the file name used in messages (and
 * becomes path).  Returns the policy (free with jl_policy_free) and sets
 * *errors to NULL, or returns NULL with every problem found in *errors as
 * "file:line:col: message" lines sorted by position (malloc'd; caller
 * frees with free(); NULL only if memory ran out).  name: defaults to the
 * file name without directory and .yaml/.yml.  Durations are minutes
 * (UNLIMITED is INT64_MAX), sizes MB; facts not given are JL_UNSET/NULL.
 * A mapping setting a rule by both slug and code is not detected here:
 * slugs and codes are only known to the rule loader.
 */
struct jl_policy *jl_policy_load(const char *name, const char *data,
	    size_t len, char **errors);
void	jl_policy_free(struct jl_policy *);
/* The lines a judgement reads from p: its struct, partitions and their
 * node classes, rule settings and lists (jl_ruleset_prefetch() in rule.h). */
void	jl_policy_lines(const struct jl_policy *, struct jl_lines *);
/* The same, but with errors the policy read so far comes back too (the
 * caller frees it; it is not to be used, only checked further, so that
 * one report names every problem). */
struct jl_policy *jl_policy_load_partial(const char *name, const char *data,
	    size_t len, char **errors);
/* The embedded default policy (policies/default.yaml compiled in), loaded
 * as jl_policy_load("(embedded default)", ...) would. */
struct jl_policy *jl_policy_default(char **errors);
/*
 * The partition named (exact, as Slurm compares names), or when name is
 * NULL the one marked default, else the only partition if there is just
 * one, else NULL.  Borrowed from the policy.
 */
const struct jl_partition *jl_policy_partition(const struct jl_policy *,
	    const char *name);
/*
 * GPUs of a type (any case; NULL: of every type, as an untyped request
 * such as --gpus-per-node=2 takes them: seen with slurmctld 22.05 on a
 * node of one a100 and one v100) on one node of the class.
 */
int64_t	jl_nodeclass_gpus(const struct jl_nodeclass *, const char *type);
/* The first setting naming the rule by slug (exact) or code (any case),
 * or NULL.  Either argument may be NULL.  Borrowed from the policy. */
const struct jl_rule_setting *jl_policy_setting(const struct jl_policy *,
	    const char *slug, const char *code);
/* "enforce", "warn", "audit" as written in a policy; NULL for
 * JL_MODE_DEFAULT (no mode set). */
const char *jl_mode_name(enum jl_mode);
/* The mode of a setting (NULL: none) at a point, cli and audit following
 * job_submit when not set. */
enum jl_mode jl_setting_mode(const struct jl_rule_setting *, enum jl_point);
/* "cli", "cli_filter", "job_submit", "audit", as written in a policy. */
const char *jl_point_name(enum jl_point);

#endif
