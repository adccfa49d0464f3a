#!/bin/bash
#SBATCH --job-name=late
#SBATCH --time=00:10:00
cd "$SLURM_SUBMIT_DIR"
#SBATCH --mem=1G
srun hostname
