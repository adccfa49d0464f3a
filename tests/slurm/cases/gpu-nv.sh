#!/bin/bash
#SBATCH --job-name=gpu-nv
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:1
srun singularity exec --nv /ceph/container/pytorch.sif python train.py
