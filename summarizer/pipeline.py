"""Report -> Briefing, for one report or many, with model calls batched across reports."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice

from summarizer import guard as faithfulness
from summarizer import prompts
from summarizer.engines import Engine
from summarizer.engines.extractive import ExtractiveEngine
from summarizer.errors import ModelError, SummarizerError
from summarizer.facts import extract_directives, extract_facts
from summarizer.load import load
from summarizer.models import Briefing, Report, SectionSummary, SegmentedReport
from summarizer.segment import segment
from summarizer.text import fold

Source = str | os.PathLike[str] | Report
ENGINES = ("auto", "seq2seq", "extractive")


class Summarizer:
    """Turns meeting reports into briefings with one engine, loaded once.

    >>> s = Summarizer(engine="extractive")
    >>> s.brief("Sáng 5/3, UBND xã tổ chức hội nghị. Ông Lê Văn Tâm chủ trì.").engine
    'extractive'
    """

    def __init__(
        self,
        engine: str = "auto",
        model: str | os.PathLike[str] | None = None,
        device: str = "auto",
        batch_size: int | None = None,
        guard: bool = True,
        local_files_only: bool | None = None,
        window: int = 32,
        quantize: str | None = None,
        progress: bool | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise SummarizerError(f"unknown engine '{engine}'; use one of {', '.join(ENGINES)}")
        self.engine_choice = engine
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.guard = guard
        self.local_files_only = local_files_only
        self.quantize = quantize
        self.progress = progress
        self.window = max(1, window)
        self._engine: Engine | None = None
        self._warnings: list[str] = []

    @property
    def engine(self) -> Engine:
        """The engine, loaded on first use; `auto` falls back to extractive with a warning."""
        if self._engine is None:
            self._engine = self._make_engine()
        return self._engine

    def _make_engine(self) -> Engine:
        if self.engine_choice == "extractive":
            return ExtractiveEngine()
        try:
            from summarizer.engines.seq2seq import Seq2SeqEngine

            return Seq2SeqEngine(
                model=self.model,
                device=self.device,
                batch_size=self.batch_size,
                local_files_only=self.local_files_only,
                quantize=self.quantize,
                progress=self.progress,
            )
        except (ModelError, ImportError) as exc:
            if self.engine_choice == "seq2seq":
                raise ModelError(str(exc)) from None
            message = f"seq2seq model unavailable, used the extractive engine instead: {exc}"
            print(f"summarizer: warning: {message}", file=sys.stderr)
            self._warnings.append(message)
            return ExtractiveEngine()

    def brief(self, source: Source) -> Briefing:
        """A briefing of one report (text, file path or loaded Report)."""
        result = self._brief_window([_segmented(source)])[0]
        if isinstance(result, SummarizerError):
            raise result
        return result

    def brief_many(self, sources: Iterable[Source]) -> Iterator[Briefing | SummarizerError]:
        """Briefings in input order, as they are ready; a failing input yields its error.

        Reports are read `window` at a time, and the model calls of a window are batched
        across its reports, so memory holds one window however long the input is.
        """
        iterator = iter(sources)
        while chunk := list(islice(iterator, self.window)):
            loaded: list[SegmentedReport | SummarizerError] = []
            for source in chunk:
                try:
                    loaded.append(_segmented(source))
                except SummarizerError as exc:
                    loaded.append(exc)
                except Exception as exc:  # noqa: BLE001  (one input must not end the batch)
                    loaded.append(_unexpected(_name(source), exc))
            reports = [r for r in loaded if isinstance(r, SegmentedReport)]
            briefings = iter(self._brief_window(reports) if reports else [])
            for item in loaded:
                yield item if isinstance(item, SummarizerError) else next(briefings)

    def _brief_window(self, reports: list[SegmentedReport]) -> list[Briefing | SummarizerError]:
        engine = self.engine
        jobs = [(r, s) for r in reports for s in r.sections]
        try:
            summaries = engine.summarize([s.text for _, s in jobs], [s.kind for _, s in jobs])
        except SummarizerError as exc:
            return [type(exc)(f"{report.source}: {exc}") for report in reports]
        by_report: dict[int, list[tuple]] = {}
        for (report, section), summary in zip(jobs, summaries, strict=True):
            by_report.setdefault(id(report), []).append((section, summary))
        results: list[Briefing | SummarizerError] = []
        for report in reports:
            try:
                results.append(self._briefing(report, by_report.get(id(report), [])))
            except Exception as exc:  # noqa: BLE001  (one report must not end the batch)
                results.append(_unexpected(report.source, exc))
        return results

    def _briefing(self, report: SegmentedReport, summaries: list[tuple]) -> Briefing:
        engine = self.engine
        briefing = Briefing(
            source=report.source,
            engine=engine.name,
            model=engine.model_name,
            warnings=list(self._warnings),
        )
        for section, summary in summaries:
            if self.guard:
                result = faithfulness.check(summary, section.sentences, section.kind)
                summary = result.summary
                briefing.guard_changes.extend(result.changes)
            briefing.sections.append(
                SectionSummary(
                    kind=section.kind,
                    summary=summary,
                    paragraph_indexes=section.paragraph_indexes,
                    engine=engine.name,
                )
            )
        briefing.facts = extract_facts(report)
        briefing.subject = briefing.facts.meeting
        briefing.directives = extract_directives(report)
        if not report.sections:
            briefing.warnings.append(
                "no opening, discussion or conclusion recognised; is this a meeting report?"
            )
        briefing.warnings.extend(_content_warnings(report))
        return briefing


_MARKED = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


def _content_warnings(report: SegmentedReport) -> list[str]:
    """Warnings for text that is not Vietnamese, or not about a meeting."""
    text = fold(" ".join(p.text for p in report.paragraphs))
    words = re.findall(r"[^\W\d_]+", text)
    warnings = []
    if len(words) >= 20 and sum(bool(_MARKED.search(w)) for w in words) < 0.1 * len(words):
        warnings.append(
            "the text does not look like Vietnamese; the summary and the facts may be wrong"
        )
    elif report.sections and not any(
        re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in _meeting_words()
    ):
        warnings.append(
            "no meeting is mentioned (hội nghị, cuộc họp, ...); is this a meeting report?"
        )
    return warnings


@cache
def _meeting_words() -> list[str]:
    return prompts.load("cues.vi")["meeting"]["words"]


def _name(source: Source) -> str:
    if isinstance(source, Report):
        return source.source
    return "<text>" if isinstance(source, str) else str(source)


def _unexpected(name: str, exc: Exception) -> SummarizerError:
    return SummarizerError(
        f"{name}: could not be briefed ({type(exc).__name__}: {exc}); "
        "the other reports are not affected; please report this file"
    )


def _segmented(source: Source) -> SegmentedReport:
    if isinstance(source, SegmentedReport):
        return source
    return segment(source if isinstance(source, Report) else load(source))


def brief(
    source: Source,
    *,
    engine: str = "auto",
    model: str | os.PathLike[str] | None = None,
    device: str = "auto",
    guard: bool = True,
) -> Briefing:
    """A briefing of one report: text (`str`) or a file (`pathlib.Path`)."""
    return Summarizer(engine=engine, model=model, device=device, guard=guard).brief(source)
