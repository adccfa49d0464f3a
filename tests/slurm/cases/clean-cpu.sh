#!/bin/bash
#SBATCH --job-name=clean-cpu
#SBATCH --time=00:10:00
#SBATCH --ntasks=2
#SBATCH --mem-per-cpu=500M
srun hostname
