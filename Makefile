# lth: two commands on a fresh Debian machine.
#   make demo   the main job on the embedded default
#   make test   the whole suite (Swift tests, the proofs' PDF, script checks)
# Both install the Debian packages they need first (idempotent; quiet when present).

SHELL := /bin/bash
SWIFT ?= swift
# OpenBLAS 0.3.21 misdetects some recent Xeons; the lth binaries re-execute themselves with
# the right kernel set, and the test process gets it from here.
export OPENBLAS_CORETYPE ?= $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo SkylakeX || (grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo Haswell))
# Idle OpenBLAS threads sleep at once instead of spinning against the engine's own threads
# (BLASRuntime.threadTimeout; the lth binaries set it themselves when it is unset).
export OPENBLAS_THREAD_TIMEOUT ?= 4

BUILD_PACKAGES := libgsl-dev libopenblas-dev liblapacke-dev zlib1g-dev pkg-config
DATA_PACKAGES := dataset-fashion-mnist
TEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-pictures lmodern latexmk
# Figures are checked by rendering their SVG to PNG.
TEST_PACKAGES := librsvg2-bin
# `make paper` renders the first page of the example section to PNG with pdftoppm.
PAPER_PACKAGES := poppler-utils
# Python packages of the notebook tests and `make notebooks` (PyPI; about 25 s the first time).
PYTHON_PACKAGES := nbformat nbconvert ipykernel numpy matplotlib
RELEASE_BIN := .build/release
LTH := $(RELEASE_BIN)/lth

.PHONY: demo test test-kernel-families test-slurm flag-table build deps deps-tex proofs paper bench bench-peers reproduce notebooks clean

# Installs the given Debian packages unless all are installed already.
define ensure_packages
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != "0" ]; then \
	    echo "lth: missing Debian packages:$$missing; run 'make $@' as root, or: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	  echo "lth: installing$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || { echo "lth: apt-get update failed" >&2; exit 1; }; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || \
	    { echo "lth: apt-get install$$missing failed" >&2; exit 1; }; \
	fi
endef

define ensure_python_packages
	@python3 -c "import nbformat, nbconvert, ipykernel, numpy, matplotlib" 2>/dev/null || \
	  { echo "lth: installing $(PYTHON_PACKAGES) (pip)"; python3 -m pip install --quiet $(PYTHON_PACKAGES) || \
	    { echo "lth: pip install $(PYTHON_PACKAGES) failed" >&2; exit 1; }; }
endef

deps:
	$(call ensure_packages,$(BUILD_PACKAGES) $(DATA_PACKAGES))

deps-tex:
	$(call ensure_packages,$(TEX_PACKAGES))

build: deps
	$(SWIFT) build -c release --product lth

demo: build
	@echo "== lth bounds: Theorems A-C for a built-in example (parameters given) =="
	$(LTH) bounds --samples 100 --width 1000000 --dim 10 --lambda0 0.05 --k 50 --epsilon 1
	@echo
	@echo "== lth check: theory against runs on the built-in synthetic data (Experiments/theory-demo.yaml) =="
	rm -rf runs/demo
	$(LTH) check --out runs/demo
	@echo
	@echo "== lth sweep: kernel regime, hypothesis ledger and pruned network across widths (Experiments/width-sweep.yaml) =="
	rm -rf runs/width-sweep
	$(LTH) sweep Experiments/width-sweep.yaml --out runs/width-sweep

test: deps deps-tex
	$(call ensure_packages,$(TEST_PACKAGES))
	$(call ensure_python_packages)
	PYTHONPYCACHEPREFIX=$${TMPDIR:-/tmp}/lth-pycache python3 -m compileall -q Benchmarks/peers
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-kernel-families
	python3 Tests/Fuzz/fuzz.py --lth $$($(SWIFT) build --show-bin-path)/lth --seed 14 --seconds 60
	$(MAKE) --no-print-directory proofs

# The kernel and determinism suites again with OpenBLAS forced to another kernel family this CPU
# runs (Haswell on an AVX-512 machine, SkylakeX where Haswell is preset, ...) and with the C
# kernels' generic build (LTH_KERNEL_ISA=generic): a test that asserts bits which depend on the
# CPU's kernels fails here on any machine, not only on the machine kind where they differ.
DETERMINISM_SUITES := NTKStepKernelTests|MLPStepKernelTests|FixedPointGramKernelTests|GreedyIncrementalTests|TrainingTests|ThreadDeterminismTests
OTHER_CORETYPE := $(shell if [ "$(OPENBLAS_CORETYPE)" = Haswell ]; then grep -qw avx512f /proc/cpuinfo && echo SkylakeX || echo Sandybridge; \
  elif grep -qw avx2 /proc/cpuinfo; then echo Haswell; else echo Nehalem; fi)
test-kernel-families:
	@echo "== kernel and determinism suites with OPENBLAS_CORETYPE=$(OTHER_CORETYPE) (this run: $(OPENBLAS_CORETYPE)) =="
	OPENBLAS_CORETYPE=$(OTHER_CORETYPE) $(SWIFT) test --skip-build --filter '$(DETERMINISM_SUITES)'
	@echo "== kernel and determinism suites with the C kernels' generic build =="
	LTH_KERNEL_ISA=generic $(SWIFT) test --skip-build --filter '$(DETERMINISM_SUITES)'

# `lth check --slurm` against a real single-node Slurm started in a temporary folder (installs
# slurm-wlm and munge when missing; needs root, otherwise it says so and fails): the report of the
# array equals a local run's, and a cancelled task is resubmitted by `lth status --resubmit-failed`.
test-slurm: deps
	$(SWIFT) build --product lth
	Tests/Slurm/test-slurm.sh

# Rewrites the README's table of every flag from the subcommands' own --help (a test checks it).
flag-table:
	$(SWIFT) build --product lth
	python3 Tests/Docs/flag_table.py $$($(SWIFT) build --show-bin-path)/lth --write README.md

proofs: deps-tex
	cd Proofs && latexmk -pdf -interaction=nonstopmode -halt-on-error -outdir=build lth-proofs.tex >build.log 2>&1 \
	  || { tail -40 build.log; echo "lth: the proofs did not compile (Proofs/build.log)" >&2; exit 1; }
	@rm -f Proofs/build.log
	@echo "proofs: Proofs/build/lth-proofs.pdf"

# An example paper section (Experiments/paper/paper.tex, a two-column article) that \inputs the
# demo check's tables and figures unchanged: runs the demo check when runs/demo has no report,
# compiles the section, and puts its PDF and a PNG of its first page into notebooks-export/.
paper: build deps-tex
	$(call ensure_packages,$(PAPER_PACKAGES) $(TEST_PACKAGES))
	@test -f runs/demo/report/result.json || { rm -rf runs/demo && $(LTH) check Experiments/theory-demo.yaml --out runs/demo; }
	cd Experiments/paper && latexmk -pdf -interaction=nonstopmode -halt-on-error -outdir=build paper.tex >build.log 2>&1 \
	  || { tail -40 build.log; echo "lth: the example paper did not compile (Experiments/paper/build.log)" >&2; exit 1; }
	@rm -f Experiments/paper/build.log
	mkdir -p notebooks-export/figures
	cp Experiments/paper/build/paper.pdf notebooks-export/paper-example.pdf
	pdftoppm -png -r 110 -f 1 -l 1 -singlefile notebooks-export/paper-example.pdf notebooks-export/figures/paper-example-page1
	@echo "paper: notebooks-export/paper-example.pdf, notebooks-export/figures/paper-example-page1.png"

# The paper's experiment on Fashion-MNIST (Experiments/fashion-mnist-paper.json), then IMP with
# rewinding, stability and early-bird tickets of LeNet-300-100 (three seeds, random-pruning and
# reinitialisation controls) and of a two-layer MLP whose greedy threshold t_hat is measured:
# about 7 minutes on 2 cores.
reproduce: build
	$(LTH) reproduce --out runs/reproduce
	rm -rf runs/reproduce-rewinding
	$(LTH) rewinding --width 300,100 --loss cross-entropy --controls --seeds 0,1,2 --rewind 0,50,100 \
	  --levels 3 --density-per-level 0.3 --out runs/reproduce-rewinding/lenet-300-100
	$(LTH) rewinding --out runs/reproduce-rewinding/two-layer-300

# The demo check and the `make reproduce` experiment exported as notebooks and PDF reports into
# notebooks-export/ (see its README), with the figures and tables README.md shows.
notebooks: build deps-tex
	$(call ensure_python_packages)
	$(LTH) check Experiments/theory-demo.yaml --out runs/demo
	$(LTH) export notebook runs/demo --config Experiments/theory-demo.yaml --out notebooks-export/demo.ipynb
	$(LTH) export report runs/demo --config Experiments/theory-demo.yaml --out notebooks-export/demo-report.tex
	python3 -m jupyter nbconvert --to notebook --execute notebooks-export/demo.ipynb --output /tmp/lth-demo-executed.ipynb
	$(LTH) reproduce --out runs/reproduce
	$(LTH) export notebook runs/reproduce --config Experiments/fashion-mnist-paper.json --out notebooks-export/reproduce.ipynb
	$(LTH) export report runs/reproduce --config Experiments/fashion-mnist-paper.json --out notebooks-export/reproduce-report.tex
	python3 -m jupyter nbconvert --to notebook --execute notebooks-export/reproduce.ipynb --output /tmp/lth-reproduce-executed.ipynb
	mkdir -p notebooks-export/figures
	cp runs/demo/report/figure_pruned_loss.svg notebooks-export/figures/demo-pruned-loss.svg
	cp runs/demo/report/figure_threshold_law.svg notebooks-export/figures/demo-threshold-law.svg
	cp runs/reproduce/figure_paper_accuracy.svg notebooks-export/figures/reproduce-accuracy.svg
	cp runs/reproduce/figure_paper_plateau.svg notebooks-export/figures/reproduce-plateau.svg
	cp runs/reproduce/tables.md notebooks-export/reproduce-tables.md

# Seeded mutations of files lth writes (run directories, .npy, meta.json, check cells and
# configurations) and of CSV and IDX data through the real readers (Tests/Fuzz/fuzz.py): prints
# inputs, rejections, crashes, hangs and peak memory; fails on a crash, a hang, a mishandled input (not exit 2 with one line) or an input above
# 1 GB. `make test` runs a one-minute pass of seed 14; FUZZ_SECONDS and FUZZ_SEED change this one.
FUZZ_SECONDS ?= 1800
FUZZ_SEED ?= 1
.PHONY: fuzz
fuzz: build
	python3 Tests/Fuzz/fuzz.py --lth $(LTH) --seed $(FUZZ_SEED) --seconds $(FUZZ_SECONDS)

bench: deps
	$(SWIFT) build -c release --product lth-bench
	$(RELEASE_BIN)/lth-bench

# The toolkit against PyTorch and scipy on the same inputs, alternating (Benchmarks/peers/):
# installs the pinned CPU PyTorch, numpy and scipy (about 250 MB) into a virtual environment
# outside the tree once, runs about 15 minutes, and rewrites README.md's bench-peers table.
# Not part of `make test`. PEERS_PIP_ARGS='--extra-index-url https://download.pytorch.org/whl/cpu'
# fetches the CPU build of torch when no local wheel is configured.
PEERS_VENV ?= $(HOME)/.cache/lth-peers-venv
PEERS_REPS ?= 3
PEERS_PIP_ARGS ?=
bench-peers: deps
	$(SWIFT) build -c release --scratch-path $(patsubst %/release,%,$(RELEASE_BIN)) --product lth-bench
	python3 Benchmarks/peers/venv.py $(PEERS_VENV) --pip-args "$(PEERS_PIP_ARGS)"
	cd Benchmarks/peers && PYTHONDONTWRITEBYTECODE=1 $(PEERS_VENV)/bin/python driver.py \
	  --bench $(abspath $(RELEASE_BIN))/lth-bench --readme $(CURDIR)/README.md --reps $(PEERS_REPS)

clean:
	rm -rf .build Proofs/build Experiments/paper/build
