#!/bin/bash
#SBATCH --job-name=image-ok
#SBATCH --time=00:10:00
srun apptainer exec images/pytorch.sif python preprocess.py
