#!/bin/bash
# Clean on its own; submitted with -p batch -t 13:00:00 --requeue on the
# command line it asks for more than batch's MaxTime (12:00:00).
#SBATCH --job-name=checkpoint
#SBATCH --time=1:00:00
srun python train.py --resume-from ckpt/ --checkpoint-dir ckpt/
