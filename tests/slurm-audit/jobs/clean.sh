#!/bin/bash
# Clean: a time limit, a CPU job step.
#SBATCH --job-name=clean
#SBATCH --time=00:30:00
#SBATCH --ntasks=2
srun hostname
