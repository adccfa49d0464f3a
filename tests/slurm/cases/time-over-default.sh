#!/bin/bash
#SBATCH --job-name=time-over-default
#SBATCH --time=7-00:00:00
srun hostname
