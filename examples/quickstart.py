"""Quickstart: a briefing from an example report, in a few lines of Python.

Run from the project folder:  .venv/bin/python examples/quickstart.py [MODEL_FOLDER]
With no argument it uses the default model when it is cached, else the extractive
engine (the warning says so); pass a local model folder to use that model.
"""

import sys
from pathlib import Path

import summarizer

here = Path(__file__).resolve().parent
report = here / "hoi-nghi-so-ket-6-thang.txt"

# Which paragraph is which part of the meeting.
for paragraph in summarizer.segment(report).paragraphs:
    print(f"{paragraph.label:<10} {paragraph.text[:70]}")

# One call for one report: engine "auto" tries the seq2seq model, else extractive.
model = sys.argv[1] if len(sys.argv) > 1 else None
briefing = summarizer.brief(report, model=model)
print(briefing.to_markdown())

# Files: Decree 30 style DOCX, and JSON (the pydantic model itself).
out = here.parent / "out"
out.mkdir(exist_ok=True)
briefing.to_docx(out / "quickstart.docx")
(out / "quickstart.json").write_text(briefing.model_dump_json(indent=2), encoding="utf-8")
print(f"written: {out / 'quickstart.docx'}, {out / 'quickstart.json'}")

# Many reports: one engine, model calls batched across reports, errors returned as values.
engine = summarizer.Summarizer(engine="extractive")
for result in engine.brief_many(sorted(here.glob("*.txt")) + sorted(here.glob("*.md"))):
    if isinstance(result, summarizer.SummarizerError):
        print("failed:", result)
    else:
        print(result.source, "->", [s.kind for s in result.sections])
