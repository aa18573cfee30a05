#!/bin/bash
#SBATCH --job-name=lth-check-collect
#SBATCH --cpus-per-task=1
#SBATCH --mem=300M
#SBATCH --time=2:00:00
#SBATCH --output=/shared/runs/demo/slurm/logs/collect_%j.out
# lth: builds the report of /shared/runs/demo from its finished cells (submitted with --dependency=afterany:<array job>)
set -eu
export OPENBLAS_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
cd '/home/me/lth project'
exec /opt/lth/bin/lth check Experiments/theory-demo.yaml --out /shared/runs/demo --collect
