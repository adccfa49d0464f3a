#!/bin/bash
#SBATCH --job-name="resnet train"   # quoted name with a space
#SBATCH --partition=batch
#SBATCH --gres=gpu:a10:2
#SBATCH --cpus-per-task=8
#SBATCH --mem=32G
#SBATCH --time=12:00
#SBATCH --output=logs/%x-%j.out

module load cuda/12.1
#SBATCH --requeue

srun singularity exec /ceph/container/pytorch_24.01.sif \
    python train.py --epochs 90 --nv
