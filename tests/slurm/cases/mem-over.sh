#!/bin/bash
#SBATCH --job-name=mem-over
#SBATCH --time=00:10:00
#SBATCH --mem=2T
srun ./bigmem
