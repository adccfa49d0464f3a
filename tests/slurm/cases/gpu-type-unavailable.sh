#!/bin/bash
#SBATCH --job-name=gpu-type
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:a100:1
srun singularity exec --nv /ceph/container/pytorch.sif python train.py
