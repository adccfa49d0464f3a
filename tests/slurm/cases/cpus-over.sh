#!/bin/bash
#SBATCH --job-name=cpus-over
#SBATCH --time=00:10:00
#SBATCH --cpus-per-task=64
srun ./threads
