# The two commands of the README: `make demo` (set up, then the CARTITUDE-4 demo) and `make test`.
# Everything is installed into the project's own virtual environment, .venv; Debian packages with apt-get when
# run as root (scripts/setup.sh says what to install otherwise).
PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
.PHONY: install demo test typecheck bench references scout-model

install:
	@PYTHON=$(PYTHON) VENV=$(VENV) sh scripts/setup.sh test

demo: install
	$(VENV)/bin/trialscout demo --out demo-out

typecheck: install
	$(VPY) -m mypy

test: install
	$(VPY) -m mypy
	$(VPY) -m pytest -q

# Retrain the scout's learned record filter from the committed corpus (after any change to the reader's rules,
# the corpus or the features): rewrites src/trialscout/scout/scout_model.json and tests/scout/results/model-cv.txt.
scout-model: install
	PYTHONPATH=src $(VPY) scripts/train_scout_model.py

bench: install
	@PYTHON=$(PYTHON) VENV=$(VENV) sh scripts/setup.sh test,bench
	$(VPY) benchmarks/bench_survival.py

# Refresh the committed R reference figures (needs R: Debian's r-base-core r-cran-survival r-cran-rpact
# r-cran-survminer, installed here when run as root). The data sets come first; json_writer.R is a helper that
# the others source, not a script of its own.
R_DEBIAN = r-base-core r-cran-survival r-cran-rpact r-cran-survminer ghostscript
# Scripts run from tests/reference, then those run from the repository root.
R_REFERENCES = survival_reference.R tte_cli_reference.R trial_small_trial.R trial_single_arm_strata.R \
	survival_lifetest.R binary_freq.R binary_freq_sas_more.R design_rpact.R
R_ROOT_REFERENCES = binary_reference.R extrapolate_survreg.R reconstruct_shapes.R
references: install
	@command -v Rscript >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(R_DEBIAN) >/dev/null; } || \
	  { echo "make references needs R: sudo apt-get install $(R_DEBIAN)"; exit 1; }
	cd tests/reference && Rscript export_datasets.R
	cd tests/reference && for f in $(R_REFERENCES); do Rscript "$$f" || exit 1; done
	for f in $(R_ROOT_REFERENCES); do Rscript "tests/reference/$$f" || exit 1; done
	Rscript tests/digitize/generate/gen_r.R && Rscript tests/digitize/generate/gen_vector.R && $(VPY) tests/digitize/generate/gen_py.py
