#!/bin/bash
# Het on sbatch's command line (sbatch -n1 : -n1 --gres=gpu:t4:1): the
# steps name the components; component 1's container has no --nv.
#SBATCH --job-name=het-cli
#SBATCH --time=00:30:00
srun --het-group=0 python prepare.py
srun --het-group=1 singularity exec /opt/images/pytorch.sif python train.py
