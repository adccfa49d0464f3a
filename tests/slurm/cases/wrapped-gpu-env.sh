#!/bin/bash
#SBATCH --job-name=wrapped
#SBATCH --time=00:20:00
#SBATCH --gpus=1
export CUDA_VISIBLE_DEVICES=0
srun apptainer exec --nv /ceph/container/pytorch.sif python train.py
