#!/bin/bash
#SBATCH --job-name=array-clobber
#SBATCH --time=00:10:00
#SBATCH --array=1-3
#SBATCH --output=result.log
srun ./task "$SLURM_ARRAY_TASK_ID"
