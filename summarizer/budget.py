"""A time limit for each report: one report's trouble stays its own.

Every stage is linear in its input, so a report can only be slow by being big; the
limit bounds even that. `Budget` counts the seconds spent on one report's own work
(reading, segmenting, facts, checks), and `check()`, called between the steps of each
stage, raises `TimeLimitError` once the report is over its limit. The model calls
batched across reports are not counted: each is bounded by the model's input length.

>>> budget = Budget(60, "bao-cao.txt")
>>> with budget.running():
...     check()  # well within the limit: nothing happens
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from summarizer.errors import SummarizerError

DEFAULT_SECONDS = 60.0


class TimeLimitError(SummarizerError):
    """A report that took longer than its time limit."""


class Budget:
    """The seconds one report may take, and those it has taken so far."""

    def __init__(self, seconds: float | None, name: str) -> None:
        self.seconds = seconds if seconds and seconds > 0 else None
        self.name = name
        self.spent = 0.0
        self._since: float | None = None

    @contextmanager
    def running(self) -> Iterator[Budget]:
        """Count the time spent inside the block against this report."""
        token = _current.set(self)
        self._since = time.monotonic()
        try:
            yield self
        finally:
            self.spent += time.monotonic() - self._since
            self._since = None
            _current.reset(token)

    def check(self) -> None:
        if self.seconds is None or self._since is None:
            return
        if self.spent + time.monotonic() - self._since > self.seconds:
            raise TimeLimitError(
                f"{self.name}: took longer than {self.seconds:g} s, the time limit for one "
                "report; split the report, or raise the limit (--time-limit SECONDS, "
                "0 for none)"
            )


_current: ContextVar[Budget | None] = ContextVar("summarizer_budget", default=None)


def check() -> None:
    """Raise `TimeLimitError` if the report being worked on is over its time limit."""
    budget = _current.get()
    if budget is not None:
        budget.check()
