# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= .resultsqa/index
DOC := data/iij_1q_fy2009_results.txt
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install run test bench eval clean

$(BIN)/resultsqa: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: a looser request pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/resultsqa

$(INDEX)/manifest.json: | $(BIN)/resultsqa
	$(BIN)/resultsqa ingest $(DOC) --index $(INDEX)

run: install $(INDEX)/manifest.json
	$(BIN)/resultsqa serve --index $(INDEX)

test: install
	$(BIN)/python -m pytest

eval: install
	$(BIN)/resultsqa eval --gold eval/gold.jsonl

bench: install
	$(BIN)/resultsqa bench

clean:
	rm -rf $(VENV) .resultsqa
