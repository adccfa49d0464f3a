#!/bin/bash
# Het: the GPU in component 1, and component 1's container step has no
# --nv (gpu-container-no-nv, component 1's finding; component 0 clean).
#SBATCH --job-name=het-nonv
#SBATCH --time=00:30:00
#SBATCH --ntasks=1
#SBATCH hetjob
#SBATCH --time=00:30:00
#SBATCH --ntasks=1
#SBATCH --gres=gpu:t4:1
srun --het-group=0 python prepare.py
srun --het-group=1 singularity exec /opt/images/pytorch.sif python train.py
