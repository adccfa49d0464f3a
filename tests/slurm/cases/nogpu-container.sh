#!/bin/bash
#SBATCH --job-name=nogpu-container
#SBATCH --time=00:10:00
srun singularity exec /ceph/container/pytorch.sif python preprocess.py
