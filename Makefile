# Set-up and the two everyday commands: `make demo` and `make test`. The environment has the
# `formats` and `fast` extras a user would install (PDF and web page readers, CTranslate2)
# and the `dev` extra (the tests need all of them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE ?= examples/hoi-nghi-so-ket-6-thang.txt
OUT ?= out

.PHONY: install demo test render-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev,formats,fast]"
	touch $(STAMP)

install: $(STAMP)

# A briefing DOCX (plus JSON and Markdown) from an example report, with no network.
demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/summarizer brief $(EXAMPLE) -o $(OUT)
	@echo "Briefing written under $(OUT)/"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# DOCX briefings of the seed and the examples rendered by LibreOffice to PDF and PNG
# (docs/*.png), with fonts, text and page numbers checked.
render-check: $(STAMP)
	$(BIN)/python -m tests.render_check --out docs

clean:
	rm -rf $(VENV) $(OUT) dist build *.egg-info
