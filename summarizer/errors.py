"""The library's one error type: a message a user can act on."""

from __future__ import annotations


class SummarizerError(Exception):
    """A problem with an input, a model or an option, worded for the person who ran it."""


class InputError(SummarizerError):
    """An input file or text that cannot be read as a report."""


class ModelError(SummarizerError):
    """A seq2seq model that cannot be loaded or run."""


class BackendError(ModelError):
    """A model backend named explicitly that cannot run here."""
