#!/bin/bash
# Violates gpu-container-no-nv in its directives: a GPU, no --nv.
#SBATCH --job-name=gpu-nonv
#SBATCH --time=1:00:00
#SBATCH --gres=gpu:t4:1
srun singularity exec /opt/images/pytorch.sif python train.py
