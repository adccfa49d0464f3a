#!/bin/bash
# Het, the clean twin: the GPU in component 1 and --nv in its step.
#SBATCH --job-name=het-nv
#SBATCH --time=00:30:00
#SBATCH --ntasks=1
#SBATCH hetjob
#SBATCH --time=00:30:00
#SBATCH --ntasks=1
#SBATCH --gres=gpu:t4:1
srun --het-group=0 python prepare.py
srun --het-group=1 singularity exec --nv /opt/images/pytorch.sif python train.py
