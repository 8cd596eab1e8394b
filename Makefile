# Two commands do everything on a fresh machine with Python 3.11:
#   make reports   regenerate every report into reports/
#   make test      run every test (unit tests, data checks, nbval regression, browser tests)
# Both create .venv and install the pinned packages first (once; again only when the pins change).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: reports test setup references lab dictionary clean
setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

reports: $(STAMP)
	$(BIN)/python -m helpers.cli build $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadscope --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg $(ARGS)

# After an intended change to data, helpers or notebooks: regenerate the references nbval compares against.
references: reports

dictionary: $(STAMP)
	$(BIN)/python -m helpers.cli dictionary

# JupyterLab on the whole project, opening notebooks/overview.ipynb; registers the kernel `civcas` in .venv first.
# Extra Lab options go in ARGS, e.g. make lab ARGS="--no-browser --allow-root".
lab: $(STAMP)
	$(BIN)/python -m helpers.lab $(ARGS)

clean:
	rm -rf $(VENV)
