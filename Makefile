# The two commands of the README: `make demo` (set up, then the CARTITUDE-4 demo) and `make test`.
PYTHON ?= python3
.PHONY: install demo test bench references

install:
	$(PYTHON) -m pip install -q --disable-pip-version-check -e ".[test]"
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium (the report tests open the HTML in a headless browser)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "could not install chromium: the browser test will be skipped"; }

demo: install
	trialscout demo --out demo-out

test: install
	$(PYTHON) -m pytest -q

bench: install
	$(PYTHON) -m pip install -q --disable-pip-version-check -e ".[bench]"
	$(PYTHON) benchmarks/bench_survival.py

# Refresh the committed R reference figures (needs Debian's r-base-core and r-cran-survival). The data sets
# come first; json_writer.R is a helper that the others source, not a script of its own.
R_REFERENCES = survival_reference.R tte_cli_reference.R trial_small_trial.R trial_single_arm_strata.R
references:
	cd tests/reference && Rscript export_datasets.R
	cd tests/reference && for f in $(R_REFERENCES); do Rscript "$$f" || exit 1; done
	Rscript tests/reference/binary_reference.R
