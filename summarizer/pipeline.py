"""Report -> Briefing, for one report or many, with model calls batched across reports."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache

from summarizer import guard as faithfulness
from summarizer import prompts
from summarizer.budget import DEFAULT_SECONDS, Budget
from summarizer.engines import BACKENDS, Engine
from summarizer.engines.extractive import ExtractiveEngine
from summarizer.errors import BackendError, ModelError, SummarizerError
from summarizer.facts import extract_directives, extract_facts
from summarizer.load import Limits, load
from summarizer.models import Briefing, Report, SectionSummary, SegmentedReport
from summarizer.segment import segment
from summarizer.text import fold

Source = str | os.PathLike[str] | Report
ENGINES = ("auto", "seq2seq", "extractive")
# a report this long (characters) is segmented after the reports before it are written
BIG_REPORT = 50_000


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
        backend: str | None = None,
        time_limit: float | None = DEFAULT_SECONDS,
        limits: Limits | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise SummarizerError(f"unknown engine '{engine}'; use one of {', '.join(ENGINES)}")
        if backend is not None and backend not in BACKENDS:
            raise SummarizerError(f"unknown backend '{backend}'; use one of {', '.join(BACKENDS)}")
        self.engine_choice = engine
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.guard = guard
        self.local_files_only = local_files_only
        self.quantize = quantize
        self.progress = progress
        self.backend = backend
        self.window = max(1, window)
        self.time_limit = time_limit
        self.limits = limits or Limits()
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

            engine: Engine = Seq2SeqEngine(
                model=self.model,
                device=self.device,
                batch_size=self.batch_size,
                local_files_only=self.local_files_only,
                quantize=self.quantize,
                progress=self.progress,
                backend=self.backend,
            )
        except BackendError:
            raise
        except (ModelError, ImportError) as exc:
            if self.engine_choice == "seq2seq":
                raise ModelError(str(exc)) from None
            self._warn(f"seq2seq model unavailable, used the extractive engine instead: {exc}")
            return ExtractiveEngine()
        for message in engine.warnings:
            self._warn(message)
        return engine

    def _warn(self, message: str) -> None:
        """A warning for every briefing of this summarizer, shown on stderr once."""
        print(f"summarizer: warning: {message}", file=sys.stderr)
        self._warnings.append(message)

    def brief(self, source: Source) -> Briefing:
        """A briefing of one report (text, file path or loaded Report)."""
        budget = Budget(self.time_limit, _name(source))
        with budget.running():
            report = self._segmented(source)
        result = next(self._brief_window([(report, budget)]))
        if isinstance(result, SummarizerError):
            raise result
        return result

    def brief_many(self, sources: Iterable[Source]) -> Iterator[Briefing | SummarizerError]:
        """Briefings in input order, as they are ready; a failing input yields its error.

        Reports are read `window` at a time, and the model calls of a window are batched
        across its reports, so memory holds one window however long the input is. Each
        report has its own time limit (`time_limit` seconds of its own work): one over it
        yields a `TimeLimitError` and the others go on. The reports before a big one are
        briefed and yielded before it is segmented, so a slow report never holds back
        finished ones; an engine that gains nothing from batching (extractive) gets one
        report at a time.
        """
        window = self.window if getattr(self.engine, "batched", True) else 1
        pending: list[SegmentedReport | SummarizerError] = []
        budgets: dict[int, Budget] = {}
        for source in sources:
            budget = Budget(self.time_limit, _name(source))
            try:
                with budget.running():
                    report = self._loaded(source)
                if pending and _size(report) >= BIG_REPORT:
                    yield from self._flush(pending, budgets)
                with budget.running():
                    item: SegmentedReport | SummarizerError = self._segmented(report)
                budgets[id(item)] = budget
            except SummarizerError as exc:
                item = exc
            except Exception as exc:  # noqa: BLE001  (one input must not end the batch)
                item = _unexpected(_name(source), exc)
            pending.append(item)
            if len(pending) >= window:
                yield from self._flush(pending, budgets)
        yield from self._flush(pending, budgets)

    def _flush(
        self, pending: list[SegmentedReport | SummarizerError], budgets: dict[int, Budget]
    ) -> Iterator[Briefing | SummarizerError]:
        """Brief the reports read so far, in order, and empty the list."""
        items = list(pending)
        pending.clear()
        reports = [(r, budgets.pop(id(r))) for r in items if isinstance(r, SegmentedReport)]
        briefings = self._brief_window(reports)
        for item in items:
            yield item if isinstance(item, SummarizerError) else next(briefings)

    def digest(self, sources: Iterable[Source | Briefing], as_of=None):
        """One digest (`summarizer.digest.Digest`) of many reports or briefings.

        Briefings are taken as they are; reports are briefed (`brief_many`), and one
        that cannot be read is named in the digest's appendix.
        """
        from summarizer.digest import make_digest

        given: list[Briefing] = []

        def reports() -> Iterator[Source]:
            for source in sources:
                if isinstance(source, Briefing):
                    given.append(source)
                else:
                    yield source

        def briefings() -> Iterator[Briefing | SummarizerError]:
            yield from self.brief_many(reports())
            yield from given

        return make_digest(briefings(), as_of=as_of)

    def _loaded(self, source: Source) -> Report:
        if isinstance(source, Report):
            return source
        return load(source, limits=self.limits)

    def _segmented(self, source: Source) -> SegmentedReport:
        report = self._loaded(source)
        return report if isinstance(report, SegmentedReport) else segment(report)

    def _brief_window(
        self, reports: list[tuple[SegmentedReport, Budget]]
    ) -> Iterator[Briefing | SummarizerError]:
        """The briefing of each report, one at a time; the model calls batched."""
        if not reports:
            return
        engine = self.engine
        jobs = [(r, s) for r, _ in reports for s in r.sections]
        try:
            summaries = engine.summarize([s.text for _, s in jobs], [s.kind for _, s in jobs])
        except SummarizerError as exc:
            for report, _ in reports:
                yield type(exc)(f"{report.source}: {exc}")
            return
        by_report: dict[int, list[tuple]] = {}
        for (report, section), summary in zip(jobs, summaries, strict=True):
            by_report.setdefault(id(report), []).append((section, summary))
        for report, budget in reports:
            try:
                with budget.running():
                    result: Briefing | SummarizerError = self._briefing(
                        report, by_report.get(id(report), [])
                    )
            except SummarizerError as exc:
                result = exc
            except Exception as exc:  # noqa: BLE001  (one report must not end the batch)
                result = _unexpected(report.source, exc)
            yield result

    def _briefing(self, report: SegmentedReport, summaries: list[tuple]) -> Briefing:
        engine = self.engine
        briefing = Briefing(
            source=report.source,
            engine=engine.name,
            model=engine.model_name,
            backend=engine.backend,
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
        briefing.directives = extract_directives(report, briefing.facts)
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


def _size(report: Report) -> int:
    return sum(len(p.text) for p in report.paragraphs)


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
