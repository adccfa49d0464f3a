/*
 * check.h: the C checks registered in check.c:jl_builtins[], one per
 * rule whose rules/<slug>.yaml says "check: builtin".
 */
#ifndef JL_CHECK_H
#define JL_CHECK_H

struct jl_check;

/* check-gpu.c */
void	check_gpu_container_no_nv(struct jl_check *);
void	check_gpu_vendor_flag(struct jl_check *);
void	check_gpu_over_allocation(struct jl_check *);
void	check_gpu_type_unavailable(struct jl_check *);
void	check_cuda_visible_devices_override(struct jl_check *);
/* check-container.c */
void	check_container_image_unpinned(struct jl_check *);
void	check_containall_drops_slurm_env(struct jl_check *);
void	check_interactive_in_batch(struct jl_check *);
/* check-job.c */
void	check_partition_time_limit(struct jl_check *);
void	check_missing_time_limit(struct jl_check *);
void	check_time_mmss(struct jl_check *);
void	check_unknown_partition(struct jl_check *);
void	check_unknown_gres(struct jl_check *);
void	check_mem_exceeds_node(struct jl_check *);
void	check_cpus_exceed_node(struct jl_check *);
void	check_conflicting_options(struct jl_check *);
void	check_array_output_clobber(struct jl_check *);
void	check_output_dir_missing(struct jl_check *);
void	check_tasks_without_launcher(struct jl_check *);
void	check_requeue_without_checkpoint(struct jl_check *);
void	check_preemptible_without_requeue(struct jl_check *);
void	check_srun_cpus_per_task(struct jl_check *);
void	check_per_gpu_limit(struct jl_check *);

#endif
