/*
 * slurm-dl.h: libslurm, loaded when a command needs it (cluster.c,
 * cmd-audit.c: `jlint facts`, `jlint audit`, --cluster), not when jlint
 * starts: plain linting never maps libslurm, libm and libresolv (half of
 * a jlint process's start-up, bench/RESULTS.md).
 *
 * jl_slurm_load() dlopen()s the libslurm whose headers jlint was built
 * with (JL_LIBSLURM, its SONAME, found by the Makefile: libslurm.so.38
 * for Slurm 22.05, another number for each release whose ABI differs),
 * RTLD_GLOBAL because the plugins libslurm loads itself (auth/munge...)
 * resolve libslurm's symbols from the global scope, then looks up every
 * function below; the prototypes are the headers' own (__typeof__), so a
 * change in the API is a compile error, as with direct linking.  Include
 * this after <slurm/slurm.h>: the names below then call through the
 * table, and nothing may call them before jl_slurm_load() returned 0
 * (jl_cluster_connect() calls it first).
 */
#ifndef JL_SLURM_DL_H
#define JL_SLURM_DL_H

struct jl_slurm_api {
	__typeof__(slurm_init)			*init;
	__typeof__(slurm_load_ctl_conf)		*load_ctl_conf;
	__typeof__(slurm_load_partitions)	*load_partitions;
	__typeof__(slurm_load_node)		*load_node;
	__typeof__(slurm_load_jobs)		*load_jobs;
	__typeof__(slurm_job_batch_script)	*job_batch_script;
	__typeof__(slurm_free_partition_info_msg) *free_partition_info_msg;
	__typeof__(slurm_free_node_info_msg)	*free_node_info_msg;
	__typeof__(slurm_free_job_info_msg)	*free_job_info_msg;
	__typeof__(slurm_strerror)		*strerror;
	slurm_conf_t				*conf;	/* the exported
							   global slurm_conf */
};

extern struct jl_slurm_api jl_slurm;

/* 0, or -1 with a malloc'd one-line message in *err (NULL if memory ran
 * out).  Loads once; later calls return 0 at once. */
int	jl_slurm_load(char **err);

#define slurm_init			(*jl_slurm.init)
#define slurm_load_ctl_conf		(*jl_slurm.load_ctl_conf)
#define slurm_load_partitions		(*jl_slurm.load_partitions)
#define slurm_load_node			(*jl_slurm.load_node)
#define slurm_load_jobs			(*jl_slurm.load_jobs)
#define slurm_job_batch_script		(*jl_slurm.job_batch_script)
#define slurm_free_partition_info_msg	(*jl_slurm.free_partition_info_msg)
#define slurm_free_node_info_msg	(*jl_slurm.free_node_info_msg)
#define slurm_free_job_info_msg		(*jl_slurm.free_job_info_msg)
#define slurm_strerror			(*jl_slurm.strerror)
#define slurm_conf			(*jl_slurm.conf)

#endif
