#!/bin/bash
# Clean on its own (no GPU asked for); submitted with -G t4:1 on the
# command line it violates gpu-container-no-nv.
#SBATCH --job-name=container
#SBATCH --time=1:00:00
srun singularity exec /opt/images/pytorch.sif python train.py
