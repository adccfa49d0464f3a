#!/bin/bash
#SBATCH --job-name=unknown-partition
#SBATCH --partition=gpu
#SBATCH --time=00:10:00
srun hostname
