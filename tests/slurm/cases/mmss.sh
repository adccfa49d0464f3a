#!/bin/bash
#SBATCH --job-name=mmss
#SBATCH --time=2:00
srun hostname
