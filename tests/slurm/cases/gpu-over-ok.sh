#!/bin/bash
#SBATCH --job-name=gpu-over-ok
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:2
srun singularity exec --nv /ceph/container/pytorch.sif \
    torchrun --nproc_per_node=2 train.py
