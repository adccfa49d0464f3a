#!/bin/bash
#SBATCH --job-name=requeue-wrapper
#SBATCH --time=00:10:00
#SBATCH --requeue
# The resume may be in the launcher script: jlint does not read it.
srun bash ./train.sh
