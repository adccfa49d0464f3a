#!/bin/bash
# Het: the GPU and --nv in component 0; component 1 is CPU only, so its
# container step needs no --nv (it does not borrow component 0's GPU).
#SBATCH --job-name=het-gpu0
#SBATCH --time=00:30:00
#SBATCH --gres=gpu:t4:1
#SBATCH hetjob
#SBATCH --time=00:30:00
#SBATCH --ntasks=1
srun --het-group=0 singularity exec --nv /opt/images/pytorch.sif python train.py
srun --het-group=1 singularity exec /opt/images/tools.sif python report.py
