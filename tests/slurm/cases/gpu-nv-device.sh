#!/bin/bash
#SBATCH --job-name=gpu-nv-device
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:1
# gpu-nv.sh with its program told one device: a change to more GPUs
# leaves them idle, and jlint can tell (slurm-trust).
srun singularity exec --nv /ceph/container/pytorch.sif python train.py --device cuda:0
