"""The briefing as Markdown, with the same parts and wording as the DOCX."""

from __future__ import annotations

from summarizer.models import Briefing
from summarizer.render import Profile, general_info, subject, wording


def render_markdown(briefing: Briefing, profile: Profile | None = None) -> str:
    """Markdown text of the briefing."""
    words = wording(profile)
    headings = words["headings"]
    lines = [f"# {words['title']['title']}", "", f"**{subject(briefing, words)}**", ""]
    info = general_info(briefing, words)
    if info:
        lines += [f"## {headings['general']}", ""]
        lines += [f"- **{label}:** {value}" for label, value in info]
        lines.append("")
    if briefing.sections:
        lines += [f"## {headings['content']}", ""]
        for section in briefing.sections:
            lines += [f"### {headings[section.kind]}", "", section.summary, ""]
    lines += [f"## {headings['directives']}", ""]
    if briefing.directives:
        lines += [f"- {d.text}" for d in briefing.directives]
    else:
        lines.append(words["notes"]["no_directives"])
    lines.append("")
    if briefing.guard_changes:
        lines += [f"*{words['notes']['corrected'].format(n=len(briefing.guard_changes))}*", ""]
    for warning in briefing.warnings:
        lines += [f"> {warning}", ""]
    return "\n".join(lines).rstrip() + "\n"
