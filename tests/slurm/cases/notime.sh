#!/bin/bash
#SBATCH --job-name=notime
srun hostname
