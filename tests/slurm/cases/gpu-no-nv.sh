#!/bin/bash
#SBATCH --job-name=gpu-no-nv
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:1
# The container cannot see the GPU without --nv.
srun singularity exec /ceph/container/pytorch.sif python train.py
