#!/bin/bash
#SBATCH --job-name=gpu-no-nv-unset
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:1
# The steps get the job's environment, not sbatch's --export (which srun
# would take from SLURM_EXPORT_ENV); the container still lacks --nv.
unset SLURM_EXPORT_ENV
srun singularity exec /ceph/container/pytorch.sif python train.py
