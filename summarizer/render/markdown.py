"""The briefing as Markdown, with the same parts and wording as the DOCX."""

from __future__ import annotations

from summarizer.models import Briefing
from summarizer.render import (
    ProfileSource,
    date_line,
    digest_rows,
    general_info,
    headings,
    subject,
    task_rows,
    wording,
)


def render_markdown(briefing: Briefing, profile: ProfileSource | None = None) -> str:
    """Markdown text of the briefing."""
    words = wording(profile)
    numbered = headings(briefing, words)
    header = words["header"]
    issuer = " – ".join(
        part.upper() for part in (header.get("parent_body"), header["issuing_body"]) if part
    )
    lines = [f"{issuer} · {header['number_line']}", "", f"*{date_line(briefing, header)}*", ""]
    lines += [f"# {words['title']['title']}", "", f"**{subject(briefing, words)}**", ""]
    info = general_info(briefing, words)
    if info:
        lines += [f"## {numbered['general']}", ""]
        lines += [f"- **{label}:** {value}" for label, value in info]
        lines.append("")
    if briefing.sections:
        lines += [f"## {numbered['content']}", ""]
        for section in briefing.sections:
            lines += [f"### {numbered[section.kind]}", "", section.summary, ""]
    lines += [f"## {numbered['directives']}", ""]
    if briefing.directives:
        columns = words["tasks"]["columns"]
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for row in task_rows(briefing, words):
            cells = (_cell(value) for value in row)
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append(words["notes"]["no_directives"])
    lines.append("")
    if briefing.guard_changes:
        lines += [f"*{words['notes']['corrected'].format(n=len(briefing.guard_changes))}*", ""]
    signature = words["signature"]
    lines += [f"**{signature['recipients_heading']}**", "", *signature["recipients"], ""]
    signer = [signature["signer_title"].upper(), signature.get("signer_name") or ""]
    lines += [f"**{' — '.join(part for part in signer if part)}**", ""]
    for warning in briefing.warnings:
        lines += [f"> {warning}", ""]
    return "\n".join(lines).rstrip() + "\n"


def render_digest_markdown(digest, profile: ProfileSource | None = None) -> str:
    """Markdown text of a digest of many meetings."""
    words = wording(profile)
    table = words["digest"]
    header = words["header"]
    lines = [f"**{header['issuing_body'].upper()}**", "", f"*{date_line(digest, header)}*", ""]
    lines += [f"# {table['title']}", "", f"**{table['subject']}**", ""]
    meetings, groups = digest_rows(digest, words)
    lines += [f"## {table['meetings']}", "", *_table(table["meeting_columns"], meetings), ""]
    lines += [f"## {table['points']}", ""]
    for n, meeting in enumerate(digest.meetings, 1):
        when = f" ({meeting.date_text})" if meeting.date_text else ""
        shown = meeting.subject or meeting.source
        lines += [f"### {n}. {shown[:1].upper()}{shown[1:]}{when}", "", meeting.points, ""]
    lines += [f"## {table['tasks']}", ""]
    for heading, rows in groups:
        lines += [f"### {heading}", "", *_table(table["task_columns"], rows), ""]
    if not groups:
        lines += [table["no_tasks"], ""]
    if digest.failed:
        lines += [f"## {table['failed']}", ""]
        lines += [f"- {failure.error}" for failure in digest.failed]
    return "\n".join(lines).rstrip() + "\n"


def _table(columns: list[str], rows) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return out


def _cell(value: str) -> str:
    """A value in one table cell: its pipes escaped, its lines joined by <br>."""
    return value.replace("|", "\\|").replace("\n", "<br>")
