"""Vietnamese meeting reports into briefings (DOCX, JSON, Markdown).

>>> import summarizer
>>> doc = summarizer.segment("Sáng 5/3, UBND xã tổ chức hội nghị. Ông Lê Văn Tâm chủ trì.")
>>> doc.paragraphs[0].label
'opening'
"""

from summarizer.errors import InputError, ModelError, SummarizerError
from summarizer.load import load
from summarizer.models import (
    Briefing,
    Directive,
    Facts,
    GuardChange,
    Paragraph,
    Report,
    Section,
    SectionSummary,
    SegmentedReport,
    Span,
)
from summarizer.pipeline import Summarizer, brief
from summarizer.segment import segment

__all__ = [
    "Briefing",
    "Directive",
    "Facts",
    "GuardChange",
    "InputError",
    "ModelError",
    "Paragraph",
    "Report",
    "Section",
    "SectionSummary",
    "Span",
    "SegmentedReport",
    "Summarizer",
    "SummarizerError",
    "brief",
    "load",
    "segment",
]
__version__ = "0.1.0"
