# Shiftready: `make run` for a demo on this machine, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Python writes the bytecode of our modules (into __pycache__/, ignored by git) so that every
# process the suite and the site start after the first reads it instead of compiling again; a
# machine may have switched that off for its own reasons.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-sqlite test-postgres lint venv migrate demo worker clean system-packages chromium redis-server poppler-utils screenshots pdf-samples audit

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# Serves on http://127.0.0.1:8000 with the background worker (PDF exports, reminders) beside it.
run: demo
	@mkdir -p build/static
	@$(PY) manage.py db_worker --interval 1 & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The worker of TASKS_BACKEND: the database's, or RQ's with TASKS_BACKEND=rq (README "Scaling out").
worker: $(STAMP)
ifeq ($(TASKS_BACKEND),rq)
	$(PY) manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default
else
	$(PY) manage.py db_worker
endif

# The programs the suite drives, as `program:Debian package`: Chromium (the browser journeys),
# redis-server (the shared cache and RQ, started on 127.0.0.1), poppler's pdfsig and pdftoppm (an
# independent check of our PDF signatures; the README's PDF pictures). `make system-packages`
# installs the missing ones with apt in one go (CI runs as root); `make test` runs it beside the
# venv's install.
SYSTEM_PROGRAMS := chromium:chromium redis-server:redis-server pdfsig:poppler-utils pdftoppm:poppler-utils
system-packages:
	@missing=$$(for pair in $(SYSTEM_PROGRAMS); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || echo "$${pair#*:}"; done | sort -u | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Each alone, for the targets that need one of them.
chromium redis-server poppler-utils:
	@$(MAKE) --no-print-directory system-packages SYSTEM_PROGRAMS="$(filter %:$@,$(SYSTEM_PROGRAMS))"

# The SQLite and the PostgreSQL suites run side by side (a core each), each into its log in build/
# (test-sqlite.log, test-postgres.log); both logs are printed once both are done, and the target
# fails if either suite failed. Each suite keeps its own ports and temporary folders.
# Side by side, the tiny bench's run end to end is left to the PostgreSQL suite, to even the two
# suites' times out (a minute and a half each): its scratch database there is the one with more to
# go wrong (CREATE and DROP DATABASE, VACUUM). `make test-sqlite` alone runs it on SQLite too.
ONCE_IN_POSTGRES := tests/bench/test_smoke.py::test_tiny_bench_writes_every_figure_and_target
test:
	@$(MAKE) --no-print-directory -j2 venv system-packages
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	.ci/side-by-side build/test-sqlite.log "$(MAKE) --no-print-directory test-sqlite PYTEST_ARGS='$(addprefix --deselect=,$(ONCE_IN_POSTGRES))'" \
	                 build/test-postgres.log "$(MAKE) --no-print-directory test-postgres"

test-sqlite: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The tests marked own_database (the production start and the upgrade of an old database make
# SQLite databases of their own) run once, in the SQLite suite; so do the Chromium journeys of
# tests/browser/ (a third of the suite's time: what they check is the pages in a browser; every
# rule and query under them runs on PostgreSQL in the rest). schemathesis fuzzes the API on both:
# PostgreSQL refuses input SQLite takes (a NUL character in a name was a 500 there).
test-postgres: $(STAMP)
	.ci/with-postgres $(PY) -m pytest -m "not own_database" --ignore=tests/browser

# PNGs of the main pages and of the first page of each sample PDF, for the README tour.
screenshots: $(STAMP) chromium poppler-utils
	$(PY) -m pytest -q tests/browser/screenshots.py

# One sample of every PDF and CSV, from the demo data, into build/samples/. Runs on a throwaway
# SQLite database and media folder (it signs a demo engineer off), never on yours.
pdf-samples: $(STAMP)
	@SCRATCH=$$(mktemp -d /tmp/shiftready-samples.XXXXXX); trap 'rm -rf "$$SCRATCH"' EXIT; \
	export DATABASE_URL="sqlite:///$$SCRATCH/db.sqlite3" MEDIA_ROOT="$$SCRATCH/media" \
	       EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend; \
	$(PY) manage.py migrate --noinput -v0 && $(PY) manage.py load_demo >/dev/null && \
	$(PY) manage.py pdf_samples build/samples

# ruff, and the import contracts of pyproject.toml (README "How the code is laid out").
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) build .pytest_cache

# Security audit: bandit on the application code (not migrations or tests) and ruff's security
# rules (flake8-bandit) on everything. A finding is fixed, or justified where it stands with
# `# nosec BXXX: reason` (bandit) / `# noqa: SXXX: reason` (ruff). Bandit's hard-coded password
# checks (B105-B107) are left to ruff's S105-S107, the same rules with fewer false alarms (bandit
# flags any value next to a name containing "pass", such as a quiz's pass_mark). S101 (assert)
# is what pytest tests are made of.
audit: $(STAMP)
	$(VENV)/bin/bandit -q -r training content assessments -x '*/migrations/*,*/tests/*' -s B105,B106,B107
	$(VENV)/bin/ruff check --select S --ignore S101 .

# Benchmark on a synthetic organisation in a throwaway database (a temporary SQLite file, or a
# temporary shiftready_bench_* database on the server DATABASE_URL names): prints the figures
# against their targets and writes build/bench.json. SIZE=tiny|small|large (README "Performance").
# REDIS=1: the cache in a throwaway redis-server on 127.0.0.1, as a scaled-out site keeps it.
SIZE ?= small
.PHONY: bench load scale
bench: $(STAMP) $(if $(REDIS),redis-server)
	$(PY) manage.py bench --size $(SIZE)$(if $(REDIS), --redis)

# Load run with writes: gunicorn (2 workers) on 127.0.0.1 against a throwaway PostgreSQL cluster and
# redis-server (LOAD_DB=sqlite: SQLite), the bench organisation at size small, driven by Locust
# headless (50 users reading, logging work, deciding and signing off for 60 s); writes build/load.json.
load: $(STAMP) redis-server
	$(PY) tests/load/run_load.py

# Scale-out run on 127.0.0.1: a throwaway PostgreSQL cluster, a redis-server (cache and RQ queues),
# gunicorn (2 workers) and 2 RQ workers; the bench's organisation (SIZE=large unless given:
# 2,000 engineers) exports its teams while pages are read. Prints the figures and writes
# build/scale.json (README "Scaling out"). SCALE_TEAMS=N exports N teams; SCALE_STORAGE=s3 stores
# the files in moto's S3 server.
scale: $(STAMP) redis-server
	SCALE_SIZE=$(if $(filter command line environment,$(origin SIZE)),$(SIZE),large) $(PY) tests/load/run_scale.py
