#!/bin/bash
#SBATCH --job-name=gpu-over
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:2
# One process told to use one device: the second GPU sits idle.
srun singularity exec --nv /ceph/container/pytorch.sif python train.py --device cuda:0
