# Two commands for a newcomer: `make run` opens the app, `make test` runs the whole suite.
# Both bootstrap .venv from pyproject.toml on first use (only Python 3.11+ and make are needed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo bench clean snapshots e2e screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77" wheel
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/digiworkshop $(ARGS)

demo: $(STAMP)
	$(BIN)/digiworkshop demo

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Re-draw the screen snapshots after an intended UI change (look at the SVGs before committing).
snapshots: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider --snapshot-update tests/ui/test_snapshots.py

# The end-to-end test alone: the installed app in a real terminal (tmux).
e2e: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/e2e/test_e2e_tmux.py

# Re-draw the README's screenshots (docs/*.png) from the demo workshop; needs rsvg-convert.
screenshots: $(STAMP)
	$(BIN)/python docs/make_screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info

bench: $(STAMP)
	$(BIN)/python bench/run_all.py
