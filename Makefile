# Two commands do everything on a fresh machine with CPython 3.11.5 to 3.13:
#   make reports   regenerate every report into reports/
#   make test      run every test (ruff format and check, unit tests, data checks, nbval regression, browser tests); prints each skip's reason
# Both first install the lock, requirements.txt (once, and again only when it or pyproject.toml changes), with uv:
# the one on PATH, or else uv bootstrapped from PyPI into the environment; pip (slower, with progress) if that fails.
# Packages are installed compiled to bytecode: where PYTHONDONTWRITEBYTECODE is set (as on many CI images), an
# uncompiled environment recompiles about 700 modules in every process the build and the tests start (6 s each).
#
# Which environment:
#   - an active virtualenv (VIRTUAL_ENV) or conda environment (CONDA_PREFIX, but not conda's base) is used as it is;
#   - otherwise .venv, made with the newest supported Python on PATH (python3.13, python3.12, python3.11, python3);
#   - PYTHON=/path/to/python chooses the Python for .venv, VENV=folder another folder (made if missing), e.g.
#     make test PYTHON=python3.13 VENV=.venv-3.13
#     (a pythonX.Y not on PATH is looked for among pyenv's installed versions too)
# `make python` prints the Python that would make .venv, or in one line which versions work and how to get one.
SUPPORTED := CPython 3.11.5 to 3.13
UV_VERSION := 0.13.9

ifeq ($(origin VENV)$(origin PYTHON),undefinedundefined)
  ifneq ($(VIRTUAL_ENV),)
    VENV := $(VIRTUAL_ENV)
    ACTIVE := the active virtualenv
  else ifneq ($(and $(CONDA_PREFIX),$(filter-out base,$(CONDA_DEFAULT_ENV))),)
    VENV := $(CONDA_PREFIX)
    ACTIVE := the active conda environment
  endif
endif
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.civcas-installed

# Prints the version and exits 0 for a supported Python, 1 for another; Python 2 can run it. Not 3.14 yet, though every
# locked package has wheels for it: untested, and its multiprocessing starts the build's workers another way.
VERSION_OK := import sys; v = tuple(sys.version_info[:3]); print("%d.%d.%d" % v); sys.exit(not (3, 11, 5) <= v < (3, 14))
CANDIDATES := $(or $(PYTHON),python3.13 python3.12 python3.11 python3)
# The first candidate that runs and is supported, or "!" and what the others are. A PYTHON named pythonX.Y that does
# not run or is not supported (pyenv's shim for a version that is installed but not selected, say) is also looked for
# among pyenv's versions ($PYENV_ROOT, or `pyenv root`), newest first: make test PYTHON=python3.12 finds 3.12.1 there.
FIND_PYTHON := tried=""; root=$${PYENV_ROOT:-$$(pyenv root 2>/dev/null)}; for p in $(CANDIDATES); do \
	  more=""; case "$(PYTHON):$$p" in ?*:python3.*) [ -z "$$root" ] || more=$$(ls -d "$$root"/versions/$${p\#python}.*/bin/"$$p" 2>/dev/null | sort -rV);; esac; \
	  for q in "$$p" $$more; do \
	    v=$$("$$q" -c '$(VERSION_OK)' 2>/dev/null); case $$? in 0) echo "$$q"; exit 0;; 1) tried="$$tried, $$q is $$v";; esac; \
	  done; \
	done; echo "!$$tried"
NEW_PYTHON = $(eval NEW_PYTHON := $$(shell $$(FIND_PYTHON)))$(NEW_PYTHON)
GET_PYTHON := get one with uv (uv python install 3.13), pyenv (pyenv install 3.13, then pyenv local 3.13), conda (conda create -n civcas python=3.13, then conda activate civcas) or your distribution's package (Debian 13: python3 python3-venv; Ubuntu 24.04: python3.12 python3.12-venv), then run make again
NO_PYTHON = no supported Python found ($(if $(PYTHON),PYTHON=$(PYTHON),tried $(CANDIDATES))$(or $(patsubst !%,%,$(NEW_PYTHON)),$(if $(PYTHON),: it does not run))): this project needs $(SUPPORTED); $(GET_PYTHON) (or name it: make PYTHON=/path/to/python3)
# The environment's Python: its version, followed by "!" if it does not run or is not supported.
ENV_PYTHON = $(eval ENV_PYTHON := $$(shell "$$(BIN)/python" -c '$$(VERSION_OK)' 2>/dev/null || echo "!"))$(ENV_PYTHON)
ENV_EXISTS = $(wildcard $(VENV)/pyvenv.cfg $(VENV)/conda-meta $(VENV)/bin/python)
# Expands to nothing, or stops make with one line saying what is wrong and what to do.
CHECK_PYTHON = $(if $(ENV_EXISTS),$(if $(filter !,$(ENV_PYTHON)),$(error $(or $(ACTIVE),$(VENV)) $(if $(ACTIVE),$(VENV) )has $(if $(filter-out !,$(ENV_PYTHON)),Python $(filter-out !,$(ENV_PYTHON)),a Python that does not run); this project needs $(SUPPORTED): $(if $(ACTIVE),deactivate it (make then makes .venv) or activate another,remove it (make clean$(if $(filter .venv,$(VENV)),, VENV=$(VENV))) and run make again))),$(if $(filter !%,$(NEW_PYTHON)),$(error $(NO_PYTHON))))

.PHONY: reports test setup references lab dictionary clean python python-matches
setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml | python-matches
	$(CHECK_PYTHON)@set -e; \
	if [ -n "$(ENV_EXISTS)" ]; then \
	  echo "Installing the locked packages into $(if $(ACTIVE),$(ACTIVE) )$(VENV) (Python $(ENV_PYTHON))"; \
	else \
	  py="$(NEW_PYTHON)"; \
	  echo "Making $(VENV) with $$py (Python $$("$$py" -c '$(VERSION_OK)')), then installing the locked packages into it"; \
	  if command -v uv >/dev/null 2>&1; then uv venv --quiet --python "$$py" "$(VENV)"; else "$$py" -m venv "$(VENV)"; fi; \
	fi; \
	uv=$$(command -v uv || true); \
	if [ -z "$$uv" ] && [ ! -x "$(BIN)/uv" ]; then \
	  echo "Installing uv $(UV_VERSION), a fast installer, from PyPI into $(VENV)"; \
	  "$(BIN)/python" -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" \
	    || echo "uv could not be installed: installing with pip instead (slower)"; \
	fi; \
	[ -n "$$uv" ] || [ ! -x "$(BIN)/uv" ] || uv="$(BIN)/uv"; \
	if [ -n "$$uv" ]; then \
	  "$$uv" pip install --compile-bytecode --python "$(BIN)/python" -r requirements.txt; \
	  "$$uv" pip install --quiet --python "$(BIN)/python" --no-deps --no-build-isolation -e .; \
	else \
	  "$(BIN)/python" -m pip install --compile --disable-pip-version-check --progress-bar on -r requirements.txt; \
	  "$(BIN)/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .; \
	fi; \
	touch "$(STAMP)"

# The Python that would make .venv: what PYTHON names, or the newest supported one on PATH.
python:
	$(if $(filter !%,$(NEW_PYTHON)),$(error $(NO_PYTHON)))@echo "$(NEW_PYTHON)"

# PYTHON=... given for an environment that exists: it must be that Python (the stamp alone would not notice).
VERSION_OF = $(shell "$(1)" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo "none")
python-matches:
ifneq ($(origin PYTHON),undefined)
	$(if $(wildcard $(BIN)/python),$(eval WANT := $(call VERSION_OF,$(if $(filter !%,$(NEW_PYTHON)),$(PYTHON),$(NEW_PYTHON))))$(eval HAVE := $(call VERSION_OF,$(BIN)/python))$(if $(filter-out $(WANT),$(HAVE)),$(error $(VENV) has Python $(HAVE), not $(PYTHON) ($(WANT)): remove it (make clean VENV=$(VENV)) and run again, or give each its own: make test PYTHON=$(PYTHON) VENV=.venv-$(basename $(WANT)))))@:
endif

reports: $(STAMP)
	$(BIN)/python -m helpers build $(ARGS)

test: $(STAMP)
	$(BIN)/ruff format --check --quiet --no-cache . || { echo "ruff format would change the files above: run $(BIN)/ruff format . and commit"; exit 1; }
	$(BIN)/ruff check --quiet --no-cache .
	$(BIN)/python -m pytest -rfEs -n 2 --dist loadscope --no-loadscope-reorder --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg $(ARGS)

# After an intended change to data, helpers or notebooks: regenerate the references nbval compares against.
references: reports

dictionary: $(STAMP)
	$(BIN)/python -m helpers dictionary

# JupyterLab on the whole project, opening notebooks/overview.ipynb; registers the kernel `civcas` in the environment first.
# Extra Lab options go in ARGS, e.g. make lab ARGS="--no-browser --allow-root".
lab: $(STAMP)
	$(BIN)/python -m helpers.build.lab $(ARGS)

# Removes the environment make made (.venv, or VENV=...); never an active virtualenv or conda environment.
clean:
ifneq ($(ACTIVE),)
	@echo "make clean leaves $(ACTIVE) $(VENV) alone: deactivate it first to remove .venv"
else
	rm -rf $(VENV)
endif
