# Two commands set everything up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test lint bench run-shared sync-corpus clean browser

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# Extract the bundled corpus (68 releases) into outputs/, score it against corpus/gold/
# (48 gold records), write tables and the report.
run: $(STAMP)
	$(BIN)/tradefacts extract corpus/releases --manifest corpus/releases/manifest.jsonl --out outputs
	@echo "score: P = share of extracted facts that are in the gold, R = share of gold facts found,"
	@echo "F1 = their harmonic mean; TP/FP/FN = found right / spurious / missed; micro = F1 over"
	@echo "all facts of the six core types; attributes = accuracy on facts matched to gold."
	$(BIN)/tradefacts score outputs corpus/gold
	$(BIN)/tradefacts report outputs --gold corpus/gold -o outputs/report.html

# The same over the shared corpus beside the repo (it may hold releases and gold that
# are not redistributable, or not synced yet); the seed is bundled here with its date.
run-shared: $(STAMP)
	$(BIN)/tradefacts extract $(SHARED)/corpus/releases --manifest $(SHARED)/corpus/releases/manifest.jsonl --out outputs/shared
	$(BIN)/tradefacts extract corpus/releases/000_b60951ee979ae1a4.txt --manifest corpus/releases/manifest.jsonl --out outputs/shared
	$(BIN)/tradefacts score outputs/shared $(SHARED)/corpus/gold --baseline $(SHARED)/corpus/releases --baseline corpus/releases

# Copy new gold, and new releases whose licence allows redistribution, from ../shared.
sync-corpus:
	$(PY) corpus/sync.py $(SHARED)

# Debian's Chromium for the browser test (root on CI; skipped silently when already there).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: $(STAMP) browser
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) outputs/*.json outputs/*.jsonl outputs/tables outputs/report.html outputs/report_files
