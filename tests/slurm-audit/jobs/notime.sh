#!/bin/bash
# No --time: missing-time-limit (the test policy puts it in audit mode).
#SBATCH --job-name=notime
srun hostname
