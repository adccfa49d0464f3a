#!/bin/bash
# An array whose tasks all write one file: array-output-clobber.
#SBATCH --job-name=array
#SBATCH --time=00:10:00
#SBATCH --array=1-4
#SBATCH --output=result.txt
srun hostname
