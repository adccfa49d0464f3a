#!/bin/bash
#SBATCH --job-name=requeue-ckpt
#SBATCH --time=01:00:00
#SBATCH --requeue
srun python simulate.py --steps 100000 --resume checkpoints/latest.pt
