#!/bin/bash
# Submitted by another user into the preemptible partition, no --requeue:
# preemptible-without-requeue.
#SBATCH --job-name=preempt
#SBATCH --partition=batch
#SBATCH --time=2:00:00
srun hostname
