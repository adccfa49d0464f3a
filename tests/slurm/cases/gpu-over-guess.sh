#!/bin/bash
#SBATCH --job-name=gpu-over-guess
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:2
# One process, which may drive both GPUs itself (DataParallel): a
# warning, never a rejection.
srun singularity exec --nv /ceph/container/pytorch.sif python train.py
