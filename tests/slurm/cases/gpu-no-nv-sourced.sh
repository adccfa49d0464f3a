#!/bin/bash
#SBATCH --job-name=gpu-no-nv-sourced
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:1
# A file of the user's may export APPTAINER_NV=1: jlint cannot see it.
source ./container-env.sh
srun singularity exec /ceph/container/pytorch.sif python train.py
