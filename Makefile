# Helpdesk — `make run` starts the app, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

HOST ?= 127.0.0.1
PORT ?= 8080
DEBUG_BIN := .build/debug/helpdesk
RELEASE_BIN := .build/release/helpdesk
RUN_PACKAGES := esbuild node-react node-react-dom node-chart.js
TEST_PACKAGES := $(RUN_PACKAGES) postgresql chromium sqlite3 python3-aiosmtpd openssl dovecot-imapd nginx

.PHONY: run dev test build frontend migrate seed lint bench fuzz cluster \
        deps-run deps-test test-frontend test-swift test-postgres-suite test-browser test-hardening clean

## run: build the server and the web app, migrate, seed demo data on first start, serve on $(HOST):$(PORT)
run: deps-run frontend
	swift build --product helpdesk
	$(DEBUG_BIN) migrate
	$(DEBUG_BIN) seed --if-empty
	@echo "Helpdesk is starting on http://$(HOST):$(PORT)"
	@if [ -z "$${SMTP_URL:-}" ]; then echo "Mail is written as .eml files into $${MAIL_DIR:-mail}/ (set SMTP_URL to send it)"; fi
	$(DEBUG_BIN) serve --hostname $(HOST) --port $(PORT)

## cluster: PostgreSQL, three instances and Debian's nginx in front, all on 127.0.0.1 (scripts/cluster.sh);
##          prints the URL, Ctrl-C stops everything
cluster: deps-run frontend
	swift build --product helpdesk
	scripts/cluster.sh

## dev: rebuild the web app whenever a file changes (run `make run` in another terminal)
dev: deps-run
	node frontend/build.mjs --watch

## test: every test — node unit tests, Swift tests on SQLite and on PostgreSQL, hardening and browser tests
test: deps-test frontend
	swift build --build-tests
	$(MAKE) --no-print-directory test-frontend
	$(MAKE) --no-print-directory test-swift
	scripts/with-postgres.sh $(MAKE) --no-print-directory test-postgres-suite
	$(MAKE) --no-print-directory test-browser

test-frontend:
	frontend/test/run.sh

test-swift:
	@echo "== Swift tests on SQLite"
	swift test --skip-build

# Runs inside scripts/with-postgres.sh, which sets TEST_DATABASE_URL.
test-postgres-suite:
	@echo "== Swift tests on PostgreSQL"
	swift test --skip-build
	@echo "== Hardening tests (SQLite, and PostgreSQL where they say so)"
	HELPDESK_BIN=$(CURDIR)/$(DEBUG_BIN) tests/hardening/run.sh

test-hardening:
	HELPDESK_BIN=$(CURDIR)/$(DEBUG_BIN) tests/hardening/run.sh

test-browser:
	@echo "== Browser tests (headless Chromium)"
	HELPDESK_BIN=$(CURDIR)/$(DEBUG_BIN) tests/browser/run.sh

## fuzz: Schemathesis and the upload fuzz for longer, with a random seed it prints first
##       (FUZZ_SEED=n replays a run; FUZZ_EXAMPLES per operation, default 150; FUZZ_UPLOADS, default 20000)
fuzz:
	swift build --build-tests
	@seed="$${FUZZ_SEED:-$$(python3 -c 'import random; print(random.SystemRandom().randrange(2**31))')}"; \
	echo "== fuzz seed $$seed (replay: FUZZ_SEED=$$seed make fuzz)"; \
	HELPDESK_FUZZ_SEED=$$seed HELPDESK_FUZZ_CASES=$${FUZZ_UPLOADS:-20000} \
	  swift test --filter 'MultipartFormTests|UploadFuzzTests|TicketSearchFuzzTests'; \
	HELPDESK_BIN=$(CURDIR)/$(DEBUG_BIN) HARDENING_ST_SEED=$$seed UPLOAD_FUZZ_SEED=$$seed \
	  HARDENING_ST_MAX_EXAMPLES=$${FUZZ_EXAMPLES:-150} UPLOAD_FUZZ_CASES=$${FUZZ_UPLOADS:-20000} \
	  tests/hardening/run.sh test_schemathesis.py test_upload_fuzz.py

## bench: release build, seeded database, wrk scenarios (BENCH_TICKETS, BENCH_DB=postgres)
bench:
	bench/run.sh

frontend: deps-run
	node frontend/build.mjs

migrate:
	swift run helpdesk migrate

seed:
	swift run helpdesk seed --tickets $${TICKETS:-1000}

## lint: swift format, as configured in .swift-format
lint:
	swift format lint --recursive --strict Sources Tests Package.swift

deps-run:
	@scripts/ensure-apt.sh $(RUN_PACKAGES)
	@command -v node >/dev/null || scripts/ensure-apt.sh nodejs

deps-test: deps-run
	@scripts/ensure-apt.sh $(TEST_PACKAGES)

clean:
	rm -rf .build frontend/dist test-artifacts
