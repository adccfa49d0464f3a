#!/bin/bash
#SBATCH --job-name=image-typo
#SBATCH --time=00:10:00
srun apptainer exec images/pytroch.sif python preprocess.py
