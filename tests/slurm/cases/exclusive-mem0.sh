#!/bin/bash
#SBATCH --job-name=exclusive-mem0
#SBATCH --time=00:10:00
#SBATCH --exclusive
#SBATCH --mem=0
srun hostname
