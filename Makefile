# The two commands that matter: `make run` and `make test`. Everything else is set-up they share.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint browser-deps screenshots bench bench-lead bench-media guard-report chaos fuzz clean

$(VENV)/.runtime: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed" or 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium when the machine has it; otherwise Playwright's own build.
browser-deps: $(VENV)/.test
	@if [ -x "$(CHROMIUM)" ]; then echo "browser tests use $(CHROMIUM)"; \
	else $(PY) -m playwright install chromium; fi

run: $(VENV)/.runtime web/node_modules/.installed
	$(PY) -m server serve

# mypy over the tests too: a helper whose signature drifts from its callers fails here.
lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy server tests

test: $(VENV)/.test web/node_modules/.installed browser-deps lint
	$(PY) -m pytest -q

# Re-takes the README's screenshots from the browser tests.
screenshots: $(VENV)/.test web/node_modules/.installed browser-deps
	BALINT_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/browser/test_facilitation.py \
		tests/browser/test_notes.py tests/browser/test_notes_grants.py \
		tests/browser/test_lead_dashboard.py \
		tests/browser/test_settings.py tests/browser/test_lead_small.py \
		tests/browser/test_room_console.py::test_on_a_phone_the_phase_timer_and_message_box_stay_in_view

guard-report: $(VENV)/.test web/node_modules/.installed browser-deps
	PYTHONPATH=. $(PY) bench/guard_report.py --browser

# The real server under load beside bare python-socketio and Node socket.io (bench/README.md).
# ~3-4 minutes; the issue's full size: make bench ARGS="--rooms 500 --members 10 --seconds 60"
bench: $(VENV)/.test web/node_modules/.installed
	cd bench/baselines/node && npm ci --no-audit --no-fund --loglevel=error
	PYTHONPATH=. $(PY) bench/run.py --rooms 200 --members 10 --seconds 30 $(ARGS)

# The lead's report for 10, 50, 100 and 300 groups of 10 trainees over 3 years of fortnightly
# sessions: time to build, share of cells shown, and the independent recovery check (~1 minute).
bench-lead: $(VENV)/.test
	PYTHONPATH=. $(PY) bench/lead_report_bench.py $(ARGS)

# Voice and video in Chromium with fake devices: Enter to first audio (p50/p95 over 20 joins)
# and browser CPU per participant for 4 and 8 people (bench/media_bench.py). ~2 minutes.
bench-media: $(VENV)/.test web/node_modules/.installed browser-deps
	PYTHONPATH=. $(PY) bench/media_bench.py $(ARGS)

# Clients dropped and the server SIGKILLed while 55 clients post 5,000 messages: nothing lost,
# nothing twice, facilitator state kept (bench/chaos.py). ~2 minutes; e.g. ARGS="--seed 7".
chaos: $(VENV)/.runtime
	PYTHONPATH=. $(PY) bench/chaos.py $(ARGS)

# Hostile input for every socket event and HTTP endpoint of the real server (tests/fuzz/):
# 100,000 hypothesis cases (or BALINT_FUZZ_EXAMPLES), ~10 minutes; a short pass runs in
# `make test` (tests/test_fuzz.py).
# e.g. ARGS="--seed 7" to repeat a run, ARGS="--only http:" for the HTTP routes alone.
fuzz: $(VENV)/.test
	PYTHONPATH=. $(PY) bench/fuzz.py $(ARGS)

clean:
	rm -rf $(VENV) web/node_modules .pytest_cache .ruff_cache
