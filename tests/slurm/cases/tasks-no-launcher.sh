#!/bin/bash
#SBATCH --job-name=tasks-no-launcher
#SBATCH --time=00:10:00
#SBATCH --ntasks=2
python serial.py
