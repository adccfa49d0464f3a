#!/bin/bash
#SBATCH --job-name=time-over
#SBATCH --partition=batch
#SBATCH --time=13:00:00
#SBATCH --requeue
srun python simulate.py --resume checkpoints/latest.pt
