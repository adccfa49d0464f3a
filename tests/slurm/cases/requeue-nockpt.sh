#!/bin/bash
#SBATCH --job-name=requeue-nockpt
#SBATCH --time=01:00:00
#SBATCH --requeue
srun python simulate.py --steps 100000
