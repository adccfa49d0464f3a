#!/bin/bash
#SBATCH --job-name=time-ok
#SBATCH --partition=batch
#SBATCH --time=11:00:00
#SBATCH --requeue
srun python simulate.py --resume checkpoints/latest.pt
