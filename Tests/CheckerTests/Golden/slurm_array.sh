#!/bin/bash
#SBATCH --job-name=lth-check
#SBATCH --array=0-7%2
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=2:00:00
#SBATCH --partition=cpu
#SBATCH --account=lab
#SBATCH --output=/shared/runs/demo/slurm/logs/%A_%a.out
# lth: one task per cell of /shared/runs/demo (8 cells; task i computes the cell on line i + 1 of cells.tsv)
# A resubmission of the failed cells overrides --array on the sbatch command line.
set -eu
export OPENBLAS_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
cd '/home/me/lth project'
exec /opt/lth/bin/lth check Experiments/theory-demo.yaml --out /shared/runs/demo --epsilon 0.1,0.2 --cell "$SLURM_ARRAY_TASK_ID"
