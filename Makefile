# Two entry points: `make demo` runs the pipeline on the seed, `make test` runs every check.
# Each creates .venv and installs the pinned dependencies (requirements.lock) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out

.PHONY: install demo reference test lint typecheck pytest bench bench-serve bench-store slice docs clean screenshots train

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m filmkg.demo --seed seeds/anora.txt --data-dir data --store $(OUT)/demo.db

# Regenerate the committed reference outputs data/anora.ttl and data/anora.jsonld
# after the extractor changes (tests/test_demo_reference.py compares against them).
reference: $(STAMP)
	$(BIN)/python -m filmkg.demo --seed seeds/anora.txt --data-dir data --no-queries

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check extract filmkg tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -W error -c "import extract, filmkg"
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

# The persistent store against files + rdflib on generated graphs (100k and 1M triples); see bench/README.md.
bench-store: $(STAMP)
	$(BIN)/python bench/store.py
# Rebuild the trained extractor (extract/model/trained/) from the shared gold data: fixed seed,
# about 5 minutes on 2 cores. It writes REPORT.md and metrics.json beside the artefacts.
# Training gold: web-film train, plus the Re-DocRED documents about films that no
# measuring set holds (converted by filmkg.training.docred; the measured ones are excluded).
SHARED := ../shared
DOCRED := $(SHARED)/eval/docred
train: $(STAMP)
	$(BIN)/python -m filmkg.training.docred $(DOCRED)/raw/redocred_dev_revised.json \
	    $(DOCRED)/raw/redocred_test_revised.json --exclude $(DOCRED)/*-film.jsonl \
	    $(DOCRED)/*-nonfilm-matches.jsonl -o $(OUT)/redocred-train.jsonl
	$(BIN)/filmkg train --train $(SHARED)/corpus/web-film/train.jsonl --train $(OUT)/redocred-train.jsonl \
	    --dev $(SHARED)/corpus/web-film/dev.jsonl --dev $(SHARED)/eval/seed/anora.jsonl \
	    --dev $(SHARED)/eval/docred/redocred-dev-film.jsonl --dev $(SHARED)/eval/docred/redocred-test-film.jsonl \
	    -o extract/model/trained

slice: $(STAMP)
	$(BIN)/python -m filmkg.wikidata.build --source ../shared/wikidata --out data/wikidata

# 50 concurrent clients run the named queries against `filmkg serve` on 127.0.0.1 for 20 s.
bench-serve: $(STAMP)
	$(BIN)/python bench/serve_load.py --clients 50 --seconds 20

# Screenshots of the web pages for the README (needs Debian's chromium and chromium-driver).
screenshots: $(STAMP)
	FILMKG_SCREENSHOT_DIR=docs $(BIN)/pytest -q -p no:cacheprovider tests/test_web_browser.py

# Time-boxed fuzzing of the untrusted-input readers (tools/fuzz.py): FUZZ_SECONDS per target, atheris
# (pinned in tools/fuzz-requirements.lock) when it installs, else Hypothesis. Findings go to tests/fixtures/fuzz/.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r tools/fuzz-requirements.lock \
		|| echo "atheris does not install here: fuzzing with Hypothesis"
	$(BIN)/python tools/fuzz.py --seconds $(FUZZ_SECONDS)

docs: $(STAMP)
	$(BIN)/python tools/cli_docs.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
