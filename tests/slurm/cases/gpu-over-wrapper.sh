#!/bin/bash
#SBATCH --job-name=gpu-over-wrapper
#SBATCH --time=00:10:00
#SBATCH --gres=gpu:t4:2
# The launcher script may start one process per GPU: jlint does not read it.
bash ./train_ddp.sh
