/*
 * t_merge.c: the library-free half of `jlint facts` and `jlint --cluster`
 * (lint/facts.c, lint/merge.c): GRES strings, GPU vendors, the facts
 * written as a policy (which must load, with the inferred values), and
 * live facts merged over a policy with notes of what came live.  No
 * cluster needed: the facts are built by hand as facts.c would from
 * libslurm.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "merge.h"
#include "policy.h"
#include "rule.h"

static struct jl_policy *
load_ok(const char *name, const char *yaml)
{
	struct jl_policy	*p;
	char			*errors = NULL;

	p = jl_policy_load(name, yaml, strlen(yaml), &errors);
	if (p == NULL)
		fail_msg("%s rejected:\n%s\n--- yaml:\n%s", name,
		    errors ? errors : "(no message)", yaml);
	assert_null(errors);
	return p;
}

/* --- GRES ----------------------------------------------------------------- */

static void
t_gres(void **state)
{
	static const struct {
		const char	*gres;
		const char	*want;	/* "type:count ..." */
	} cases[] = {
		{ NULL, "" },
		{ "", "" },
		{ "(null)", "" },
		{ "gpu:t4:2", "t4:2" },
		{ "gpu:t4:2(S:0-1)", "t4:2" },
		{ "gpu:a100:4(S:0,2),nvme:1", "a100:4" },
		{ "nvme:1,gpu:a100:4(S:0,2)", "a100:4" },
		{ "gpu:2", "gpu:2" },
		{ "gpu", "gpu:1" },
		{ "gpu:a100", "a100:1" },
		{ "gpu:t4:1(S:0),gpu:t4:1(S:1)", "t4:2" },
		{ "gpu:T4:1,gpu:t4:2", "T4:3" },
		{ "gpu:a100:3,gpu:a40:1", "a100:3 a40:1" },
		{ "gpu:a100:no_consume:4", "a100:4" },
		{ "gpu:tesla:4k", "tesla:4096" },
		{ "gpu:t4:0", "" },
		{ "mps:100,shard:8", "" },
		{ "gpuX:2", "" },
		{ "gpu:a:b:c:d:e:f:g:h:i:2", "a:2" },
	};
	struct jl_arena		 a;
	struct jl_gpu_count	*g;
	char			 got[256];
	size_t			 i, n;
	int			 k, ng;

	(void)state;
	for (i = 0; i < JL_NITEMS(cases); i++) {
		jl_arena_init(&a);
		ng = jl_gres_gpus(&a, cases[i].gres, &g);
		assert_true(ng >= 0);
		got[0] = '\0';
		for (k = 0; k < ng; k++) {
			n = strlen(got);
			snprintf(got + n, sizeof(got) - n, "%s%s:%lld",
			    k ? " " : "", g[k].type, (long long)g[k].count);
		}
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("gres \"%s\": got \"%s\", want \"%s\"",
			    cases[i].gres ? cases[i].gres : "(NULL)", got,
			    cases[i].want);
		jl_arena_free(&a);
	}
}

static void
t_vendor(void **state)
{
	static const char *const nv[] = {
		"t4", "T4", "a100", "a100-sxm4-80gb", "a10", "a40", "h100",
		"h200", "l4", "l40s", "v100", "p100", "k80", "m60", "rtx6000",
		"rtx_a6000", "gtx1080", "titanrtx", "tesla", "quadro_rtx_8000",
		"nvidia_a100", "gh200", "gb200", "geforce"
	};
	static const char *const amd[] = {
		"mi50", "mi100", "mi210", "mi250x", "MI300A", "amd",
		"amd_mi250", "radeon", "instinct", "vega20", "gfx90a"
	};
	static const char *const unknown[] = {
		"gpu", "pvc", "max1550", "arc", "gh", "mi", "x100", "", "fpga",
		"nvme"
	};
	size_t	i;

	(void)state;
	for (i = 0; i < JL_NITEMS(nv); i++)
		if (jl_gpu_vendor(nv[i]) == NULL ||
		    strcmp(jl_gpu_vendor(nv[i]), "nvidia") != 0)
			fail_msg("%s is NVIDIA", nv[i]);
	for (i = 0; i < JL_NITEMS(amd); i++)
		if (jl_gpu_vendor(amd[i]) == NULL ||
		    strcmp(jl_gpu_vendor(amd[i]), "amd") != 0)
			fail_msg("%s is AMD", amd[i]);
	for (i = 0; i < JL_NITEMS(unknown); i++)
		if (jl_gpu_vendor(unknown[i]) != NULL)
			fail_msg("%s: vendor unknown, got %s", unknown[i],
			    jl_gpu_vendor(unknown[i]));
	assert_null(jl_gpu_vendor(NULL));
}

static void
t_gres_conf(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "", NULL },
		{ "AutoDetect=nvml\n", "nvidia" },
		{ "autodetect=NVML", "nvidia" },
		{ "AutoDetect=rsmi\n", "amd" },
		{ "AutoDetect=off\nNodeName=vm Name=gpu Type=t4 "
		    "File=/tmp/x/dev/nvidia[0-1]\n", "nvidia" },
		{ "# File=/dev/nvidia0\nName=gpu File=/dev/dri/renderD128\n",
		    NULL },
		{ "AutoDetect=nvml\nNodeName=b AutoDetect=rsmi\n", NULL },
		{ "Name=gpu Type=a100 File=/dev/nvidia0", "nvidia" },
	};
	const char	*v;
	size_t		 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cases); i++) {
		v = jl_gres_conf_vendor(cases[i].text, strlen(cases[i].text));
		if ((v == NULL) != (cases[i].want == NULL) || (v != NULL &&
		    strcmp(v, cases[i].want) != 0))
			fail_msg("gres.conf %zu: got %s, want %s", i,
			    v ? v : "NULL", cases[i].want ? cases[i].want :
			    "NULL");
	}
}

/* --- facts as a policy ---------------------------------------------------- */

/* The test cluster of tests/slurm-audit/run.sh, by hand. */
static const struct jl_facts_node lab_nodes[] = {
	{ "cpun1", 32, 128000, NULL },
	{ "t4n1", 64, 256000, "gpu:t4:6(S:0-1)" },
	{ "t4n2", 64, 256000, "gpu:t4:6(S:0-1)" },
	{ "big1", 128, 1000000, "gpu:a100:4,gpu:a40:2" },
	{ NULL, 0, 0, NULL },			/* a hidden node record */
};
static const size_t prio_nodes[] = { 1, 2 };
static const size_t batch_nodes[] = { 0, 1, 2 };
static const size_t big_nodes[] = { 3, 4, 99 };	/* 99: out of range */
static const char *const batch_notes[] = {
	"AllowAccounts=ALL AllowQos=normal", "a\nnew line", NULL
};

static void
lab(struct jl_facts *f, struct jl_facts_part *parts)
{
	memset(f, 0, sizeof(*f));
	memset(parts, 0, 4 * sizeof(*parts));
	parts[0].name = "prioritized";
	parts[0].is_default = 1;
	parts[0].max_time = 6 * 1440;
	parts[0].default_time = JL_UNSET;
	parts[0].preempt_mode = JL_PMODE_REQUEUE;
	parts[0].preempt_text = "REQUEUE";
	parts[0].priority_tier = 2;
	parts[0].nodes = prio_nodes;
	parts[0].nnodes = JL_NITEMS(prio_nodes);
	parts[1].name = "batch";
	parts[1].max_time = 720;
	parts[1].default_time = 60;
	parts[1].preempt_mode = JL_PMODE_REQUEUE;
	parts[1].preempt_text = "REQUEUE";
	parts[1].priority_tier = 1;
	parts[1].nodes = batch_nodes;
	parts[1].nnodes = JL_NITEMS(batch_nodes);
	parts[1].notes = batch_notes;
	parts[2].name = "big";
	parts[2].max_time = INT64_MAX;
	parts[2].default_time = INT64_MAX;
	parts[2].preempt_mode = JL_PMODE_OFF;
	parts[2].preempt_text = "OFF";
	parts[2].nodes = big_nodes;
	parts[2].nnodes = JL_NITEMS(big_nodes);
	parts[3].name = "empty";
	parts[3].max_time = 0;			/* MaxTime=0 */
	parts[3].default_time = 30;		/* longer than MaxTime */
	parts[3].preempt_mode = JL_PMODE_SUSPEND;
	parts[3].preempt_text = "SUSPEND,GANG";
	f->cluster = "lab";
	f->version = "22.05.8";
	f->source = "Slurm 22.05.8, /etc/slurm/slurm.conf";
	f->preempt_type = JL_PREEMPT_PARTITION_PRIO;
	f->preempt_type_text = "preempt/partition_prio";
	f->nodes = lab_nodes;
	f->nnodes = JL_NITEMS(lab_nodes);
	f->parts = parts;
	f->nparts = 4;
	f->max_array_size = 10001;
	f->max_array_tasks = 2000;
	f->max_array_size_known = 1;
}

static struct jl_policy *
facts_policy(const struct jl_facts *f, struct jl_buf *y)
{
	jl_buf_init(y);
	jl_facts_yaml(f, y);
	assert_false(y->failed);
	return load_ok("facts.yaml", y->data);
}

static void
t_facts_lab(void **state)
{
	struct jl_facts_part		 parts[4];
	struct jl_facts			 f;
	struct jl_policy		*p;
	const struct jl_partition	*pt;
	struct jl_buf			 y;

	(void)state;
	lab(&f, parts);
	p = facts_policy(&f, &y);
	assert_string_equal(p->name, "lab");
	assert_int_equal(p->slurm_version, 2205);
	assert_int_equal(p->max_array_size, 10001);
	assert_int_equal(p->max_array_tasks, 2000);
	/* a100 and a40 are NVIDIA too. */
	assert_non_null(p->gpu_flag);
	assert_string_equal(p->gpu_flag, "--nv");
	assert_int_equal(p->npartitions, 4);

	pt = jl_policy_partition(p, NULL);
	assert_non_null(pt);
	assert_string_equal(pt->name, "prioritized");
	assert_int_equal(pt->max_time, 6 * 1440);
	assert_int_equal(pt->default_time, JL_UNSET);
	assert_int_equal(pt->preemptible, 0);
	assert_int_equal(pt->nnodes, 1);
	assert_int_equal(pt->nodes[0].count, 2);
	assert_int_equal(pt->nodes[0].cpus, 64);
	assert_int_equal(pt->nodes[0].mem_mb, 256000);
	assert_int_equal(pt->nodes[0].ngpus, 1);
	assert_string_equal(pt->nodes[0].gpus[0].type, "t4");
	assert_int_equal(pt->nodes[0].gpus[0].count, 6);

	pt = jl_policy_partition(p, "batch");
	assert_non_null(pt);
	assert_false(pt->is_default);
	assert_int_equal(pt->max_time, 720);
	assert_int_equal(pt->default_time, 60);
	/* prioritized (tier 2) shares t4n1/t4n2 and requeues its jobs. */
	assert_int_equal(pt->preemptible, 1);
	assert_int_equal(pt->nnodes, 2);
	assert_int_equal(pt->nodes[0].count, 1);
	assert_int_equal(pt->nodes[0].cpus, 32);
	assert_int_equal(pt->nodes[0].mem_mb, 128000);
	assert_int_equal(pt->nodes[0].ngpus, 0);
	assert_int_equal(pt->nodes[1].count, 2);

	pt = jl_policy_partition(p, "big");
	assert_non_null(pt);
	assert_int_equal(pt->max_time, INT64_MAX);
	assert_int_equal(pt->default_time, INT64_MAX);
	assert_int_equal(pt->preemptible, 0);	/* PreemptMode=OFF */
	assert_int_equal(pt->nnodes, 2);	/* big1, the nameless record */
	assert_int_equal(pt->nodes[0].ngpus, 2);
	assert_string_equal(pt->nodes[0].gpus[0].type, "a100");
	assert_int_equal(pt->nodes[0].gpus[0].count, 4);
	assert_string_equal(pt->nodes[0].gpus[1].type, "a40");
	assert_int_equal(pt->nodes[0].mem_mb, 1000000);

	pt = jl_policy_partition(p, "empty");
	assert_non_null(pt);
	assert_int_equal(pt->max_time, JL_UNSET);	/* MaxTime=0: comment */
	assert_int_equal(pt->default_time, JL_UNSET);
	assert_int_equal(pt->preemptible, 0);	/* no higher tier */
	assert_int_equal(pt->nnodes, 0);

	/* Comments: the reasons and the notes, one line each. */
	assert_non_null(strstr(y.data, "# gpu_flag: NVIDIA GPUs (t4, a100, "
	    "a40)\n"));
	assert_non_null(strstr(y.data, "    # PreemptMode=REQUEUE, "
	    "PriorityTier 1: partition prioritized (PriorityTier 2) shares "
	    "its nodes and preempts its jobs\n"));
	assert_non_null(strstr(y.data, "    # AllowAccounts=ALL "
	    "AllowQos=normal\n    # a?new line\n"));
	assert_non_null(strstr(y.data, "    # max_time: 0 (MaxTime=0"));
	assert_non_null(strstr(y.data, "      # t4n1,t4n2\n      - { count: 2, "
	    "cpus: 64, mem: 250G, gpus: { t4: 6 } }\n"));
	assert_non_null(strstr(y.data, "    nodes:\n      # cpun1\n"
	    "      - { count: 1, cpus: 32, mem: 125G }\n"));
	jl_buf_free(&y);
	jl_policy_free(p);
}

static void
t_facts_inference(void **state)
{
	struct jl_facts_part	 parts[4];
	struct jl_facts		 f;
	struct jl_policy	*p;
	struct jl_facts_node	 nodes[JL_NITEMS(lab_nodes)];
	struct jl_buf		 y;
	size_t			 i;

	(void)state;
	/* preempt/none: nothing is preemptible. */
	lab(&f, parts);
	f.preempt_type = JL_PREEMPT_NONE;
	p = facts_policy(&f, &y);
	for (i = 0; i < p->npartitions; i++)
		assert_int_equal(p->partitions[i].preemptible, 0);
	assert_non_null(strstr(y.data, "PreemptType=preempt/none: no job is "
	    "preempted"));
	jl_buf_free(&y);
	jl_policy_free(p);

	/* preempt/qos: unknown, left out. */
	lab(&f, parts);
	f.preempt_type = JL_PREEMPT_QOS;
	p = facts_policy(&f, &y);
	for (i = 0; i < p->npartitions; i++)
		assert_int_equal(p->partitions[i].preemptible, JL_UNSET);
	jl_buf_free(&y);
	jl_policy_free(p);

	/* SUSPEND: jobs resume, not preemptible in the requeue sense. */
	lab(&f, parts);
	parts[1].preempt_mode = JL_PMODE_SUSPEND;
	parts[1].preempt_text = "SUSPEND,GANG";
	p = facts_policy(&f, &y);
	assert_int_equal(jl_policy_partition(p, "batch")->preemptible, 0);
	assert_non_null(strstr(y.data, "suspend its jobs"));
	jl_buf_free(&y);
	jl_policy_free(p);

	/* Two default partitions: the loader wants one, the first wins. */
	lab(&f, parts);
	parts[1].is_default = 1;
	p = facts_policy(&f, &y);
	assert_string_equal(jl_policy_partition(p, NULL)->name, "prioritized");
	jl_buf_free(&y);
	jl_policy_free(p);

	/* A release jlint does not know: a comment, not a key. */
	lab(&f, parts);
	f.version = "99.11.1";
	p = facts_policy(&f, &y);
	assert_int_equal(p->slurm_version, 0);
	assert_non_null(strstr(y.data, "# slurm_version: \"99.11.1\" is not "
	    "a release"));
	jl_buf_free(&y);
	jl_policy_free(p);

	/* Mixed vendors, untyped GPUs, AMD: the flag. */
	memcpy(nodes, lab_nodes, sizeof(nodes));
	lab(&f, parts);
	f.nodes = nodes;
	nodes[0].gres = "gpu:mi250x:8";
	p = facts_policy(&f, &y);
	assert_null(p->gpu_flag);
	assert_non_null(strstr(y.data, "cannot tell one vendor"));
	jl_buf_free(&y);
	jl_policy_free(p);
	for (i = 0; i < JL_NITEMS(nodes); i++)
		nodes[i].gres = i == 4 ? NULL : "gpu:mi250x:8";
	p = facts_policy(&f, &y);
	assert_string_equal(p->gpu_flag, "--rocm");
	jl_buf_free(&y);
	jl_policy_free(p);
	for (i = 0; i < JL_NITEMS(nodes); i++)
		nodes[i].gres = i == 4 ? NULL : "gpu:2";
	p = facts_policy(&f, &y);
	assert_null(p->gpu_flag);
	assert_string_equal(jl_policy_partition(p, "batch")->nodes[0].gpus[0].
	    type, "gpu");
	jl_buf_free(&y);
	jl_policy_free(p);
	f.gres_conf_vendor = "nvidia";		/* gres.conf: AutoDetect=nvml */
	p = facts_policy(&f, &y);
	assert_string_equal(p->gpu_flag, "--nv");
	jl_buf_free(&y);
	jl_policy_free(p);
	for (i = 0; i < JL_NITEMS(nodes); i++)
		nodes[i].gres = NULL;
	p = facts_policy(&f, &y);
	assert_null(p->gpu_flag);
	assert_non_null(strstr(y.data, "the nodes have no GPUs"));
	jl_buf_free(&y);
	jl_policy_free(p);
}

/* Names YAML would read as something else are quoted. */
static void
t_facts_quoting(void **state)
{
	static const char *const names[] = {
		"on", "No", "null", "123", "1.5", "gpu-a.b_c", "x#y", "a:b",
		"-dash", "q\"uote"
	};
	static const size_t one[] = { 0 };
	struct jl_facts_node	 node = { "n1", 4, 1000, "gpu:on:2" };
	struct jl_facts_part	 pt;
	struct jl_facts		 f;
	struct jl_policy	*p;
	struct jl_buf		 y;
	size_t			 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(names); i++) {
		memset(&f, 0, sizeof(f));
		memset(&pt, 0, sizeof(pt));
		pt.name = names[i];
		pt.max_time = 60;
		pt.default_time = JL_UNSET;
		pt.nodes = one;
		pt.nnodes = 1;
		f.cluster = names[i];
		f.nodes = &node;
		f.nnodes = 1;
		f.parts = &pt;
		f.nparts = 1;
		p = facts_policy(&f, &y);
		assert_string_equal(p->name, names[i]);
		assert_int_equal(p->npartitions, 1);
		assert_string_equal(p->partitions[0].name, names[i]);
		assert_string_equal(p->partitions[0].nodes[0].gpus[0].type,
		    "on");
		jl_buf_free(&y);
		jl_policy_free(p);
	}
}

/* --- merge ---------------------------------------------------------------- */

static const char *site_yaml =
    "name: site\n"
    "slurm_version: \"23.02\"\n"
    "max_array_size: 1001\n"
    "limits: { max_gpus_per_job: 8 }\n"
    "partitions:\n"
    "  - name: prioritized\n"
    "    default: true\n"
    "    max_time: 1-00:00:00\n"
    "    default_time: 1:00:00\n"
    "    preemptible: true\n"
    "    limits: { max_cpus_per_gpu: 12, max_mem_per_gpu: 0 }\n"
    "    nodes: [ { count: 1, cpus: 8, mem: 16G } ]\n"
    "  - name: retired\n"
    "    max_time: 1:00:00\n"
    "rules:\n"
    "  partition-time-limit: enforce\n"
    "  missing-time-limit: { severity: error, mode: audit }\n"
    "exemptions:\n"
    "  - { rules: [partition-time-limit], users: [alice], reason: test }\n";

static const char *live_yaml =
    "name: lab\n"
    "slurm_version: \"22.05.8\"\n"
    "gpu_flag: --nv\n"
    "max_array_size: 10001\n"
    "max_array_tasks: 2000\n"
    "partitions:\n"
    "  - name: prioritized\n"
    "    max_time: 6-00:00:00\n"
    "    nodes: [ { count: 2, cpus: 64, mem: 250G, gpus: { t4: 6 } } ]\n"
    "  - name: batch\n"
    "    default: true\n"
    "    max_time: 12:00:00\n"
    "    default_time: 1:00:00\n"
    "    preemptible: true\n";

static const char *
note_of(const struct jl_vec *notes, const char *key, const char **was)
{
	const struct jl_merge_note	*n;
	size_t				 i;

	for (i = 0; i < notes->n; i++) {
		n = notes->items[i];
		if (strcmp(n->key, key) == 0) {
			*was = n->was;
			return n->value;
		}
	}
	fail_msg("no note for %s", key);
	return NULL;
}

static void
t_merge(void **state)
{
	struct jl_policy		*p, *live;
	struct jl_ruleset		*rs;
	const struct jl_partition	*pt;
	struct jl_vec			 notes;
	struct jl_buf			 b;
	const char			*was;
	char				*errors = NULL;

	(void)state;
	p = load_ok("site.yaml", site_yaml);
	live = load_ok("live.yaml", live_yaml);
	memset(&notes, 0, sizeof(notes));
	assert_int_equal(jl_policy_merge(p, live, &notes), 0);
	jl_policy_free(live);		/* p no longer needs it */

	assert_int_equal(p->slurm_version, 2205);
	assert_string_equal(p->gpu_flag, "--nv");
	assert_int_equal(p->max_gpus_per_job, 8);	/* not a live fact */
	assert_int_equal(p->max_array_size, 10001);
	assert_int_equal(p->max_array_tasks, 2000);
	assert_int_equal(p->npartitions, 2);
	assert_null(jl_policy_partition(p, "retired"));
	pt = jl_policy_partition(p, NULL);
	assert_string_equal(pt->name, "batch");		/* live default */
	pt = jl_policy_partition(p, "prioritized");
	assert_false(pt->is_default);
	assert_int_equal(pt->max_time, 6 * 1440);
	assert_int_equal(pt->default_time, JL_UNSET);	/* live: none */
	assert_int_equal(pt->preemptible, 1);		/* live: unknown */
	/* not live facts: the policy's own limits stay */
	assert_int_equal(pt->max_cpus_per_gpu, 12);
	assert_int_equal(pt->max_mem_per_gpu_mb, JL_NO_LIMIT);
	assert_int_equal(pt->max_gpus_per_job, 0);
	assert_int_equal(pt->nnodes, 1);
	assert_int_equal(pt->nodes[0].count, 2);
	assert_string_equal(pt->nodes[0].gpus[0].type, "t4");
	assert_int_equal(pt->line, 6);			/* the policy's */
	pt = jl_policy_partition(p, "batch");
	assert_int_equal(pt->max_time, 720);
	assert_int_equal(pt->preemptible, 1);

	assert_string_equal(note_of(&notes, "slurm_version", &was), "22.05");
	assert_string_equal(was, "23.02");
	assert_string_equal(note_of(&notes, "gpu_flag", &was), "--nv");
	assert_null(was);
	assert_string_equal(note_of(&notes, "partitions.prioritized.max_time",
	    &was), "6-00:00:00");
	assert_string_equal(was, "1-00:00:00");
	assert_string_equal(note_of(&notes,
	    "partitions.prioritized.default_time", &was), "none");
	assert_string_equal(was, "01:00:00");
	assert_string_equal(note_of(&notes, "partitions.prioritized.default",
	    &was), "false");
	assert_string_equal(note_of(&notes, "partitions.prioritized.nodes",
	    &was), "{ count: 2, cpus: 64, mem: 256000M, gpus: { t4: 6 } }");
	assert_string_equal(was, "{ count: 1, cpus: 8, mem: 16384M }");
	assert_string_equal(note_of(&notes, "partitions.batch", &was),
	    "(added from the cluster)");
	assert_string_equal(note_of(&notes, "partitions.retired", &was),
	    "(removed: not on the cluster)");
	assert_string_equal(note_of(&notes, "max_array_size", &was), "10001");
	assert_string_equal(was, "1001");
	assert_string_equal(note_of(&notes, "max_array_tasks", &was), "2000");
	assert_null(was);
	assert_int_equal(notes.n, 10);

	jl_buf_init(&b);
	jl_merge_notes_text(&notes, &b);
	assert_non_null(strstr(b.data, "# live: partitions.prioritized."
	    "max_time: 6-00:00:00 (policy: 1-00:00:00)\n"));
	assert_non_null(strstr(b.data, "# live: gpu_flag: --nv (policy: not "
	    "given)\n"));
	jl_buf_free(&b);

	/* The merged policy still makes a rule set, settings intact. */
	rs = jl_ruleset_load(p, &errors);
	if (rs == NULL)
		fail_msg("%s", errors ? errors : "no rule set");
	assert_non_null(jl_policy_setting(rs->policy, "partition-time-limit",
	    NULL));
	assert_int_equal(rs->policy->nexemptions, 1);
	jl_ruleset_free(rs);
}

/* Nothing live, or the same values: no change, no notes. */
static void
t_merge_quiet(void **state)
{
	struct jl_policy	*p, *live;
	struct jl_vec		 notes;

	(void)state;
	p = load_ok("site.yaml", site_yaml);
	live = load_ok("empty.yaml", "name: x\n");
	memset(&notes, 0, sizeof(notes));
	assert_int_equal(jl_policy_merge(p, live, &notes), 0);
	assert_int_equal(notes.n, 0);
	assert_int_equal(p->npartitions, 2);
	assert_int_equal(p->slurm_version, 2302);
	jl_policy_free(live);
	live = load_ok("same.yaml", site_yaml);
	assert_int_equal(jl_policy_merge(p, live, &notes), 0);
	assert_int_equal(notes.n, 0);
	assert_int_equal(jl_policy_merge(p, live, NULL), 0);
	jl_policy_free(live);
	jl_policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_gres),
		cmocka_unit_test(t_vendor),
		cmocka_unit_test(t_gres_conf),
		cmocka_unit_test(t_facts_lab),
		cmocka_unit_test(t_facts_inference),
		cmocka_unit_test(t_facts_quoting),
		cmocka_unit_test(t_merge),
		cmocka_unit_test(t_merge_quiet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
