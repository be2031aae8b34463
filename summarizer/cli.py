"""The `summarizer` command: `brief` reports into briefings, `segment` a report."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from summarizer.batch import (
    ALL_FORMATS,
    FORMATS,
    Manifest,
    brief_and_write,
    outputs_exist,
    record,
)
from summarizer.budget import DEFAULT_SECONDS
from summarizer.engines import BACKENDS
from summarizer.errors import SummarizerError
from summarizer.load import SUFFIXES, Limits, load_file, load_stdin
from summarizer.models import Report
from summarizer.pipeline import ENGINES, Summarizer
from summarizer.render import Profile, load_profile
from summarizer.segment import segment

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be run as given."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `summarizer` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"summarizer: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SummarizerError as exc:
        print(f"summarizer: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("summarizer: interrupted; finished outputs are kept", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `summarizer segment ... --json | head`: the reader left
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        return 141


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer", description="Vietnamese meeting reports into briefings."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    brief = commands.add_parser("brief", help="write briefings (DOCX, JSON, Markdown)")
    brief.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    brief.add_argument("-o", "--output", required=True, help="a .docx/.json/.md file or a folder")
    brief.add_argument(
        "--format", default=None, help="comma-separated: docx,json,md,pdf (pdf: LibreOffice)"
    )
    brief.add_argument("--engine", default="auto", choices=ENGINES)
    brief.add_argument("--model", default=None, help="hub id or local folder of a seq2seq model")
    brief.add_argument("--device", default="auto", help="auto, cpu or cuda")
    brief.add_argument("--batch-size", type=int, default=None, help="sections per model call")
    brief.add_argument(
        "--quantize", choices=["int8", "none"], default=None, help="CPU weights: int8 or none"
    )
    brief.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="what runs the model on the CPU: torch (the default), ctranslate2 "
        "(summarizer[fast], less memory), or auto (ctranslate2 when installed)",
    )
    brief.add_argument("--profile", type=Path, default=None, help="TOML file of briefing wording")
    brief.add_argument(
        "--template", type=Path, default=None, help="the agency's letterhead .docx/.dotx"
    )
    document = brief.add_argument_group("the DOCX header and signature (over --profile)")
    for flag, help_text in (
        ("--parent-body", "the issuing body's parent, e.g. 'UBND TỈNH QUẢNG TRỊ'"),
        ("--issuing-body", "the body that issues the briefing, e.g. 'VĂN PHÒNG'"),
        ("--number", "the number line, e.g. 'Số: 12/BC-VP'"),
        ("--place", "the place of the date line, e.g. 'Quảng Trị'"),
        ("--signer-title", "the signer's title, e.g. 'CHÁNH VĂN PHÒNG'"),
        ("--signer-name", "the signer's name"),
    ):
        document.add_argument(flag, default=None, help=help_text)
    document.add_argument(
        "--recipient", action="append", default=None, help="a 'Nơi nhận' line (repeatable)"
    )
    brief.add_argument("--no-guard", action="store_true", help="keep unchecked model output")
    brief.add_argument(
        "--skip-existing",
        action="store_true",
        help="leave inputs whose outputs are all there (resume an interrupted run)",
    )
    brief.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_SECONDS,
        metavar="SECONDS",
        help=f"most seconds of work on one report (default {DEFAULT_SECONDS:g}; 0 for none)",
    )
    brief.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise a limit on what one report may hold: bytes, document_bytes, pages, "
        "unzipped, entries, paragraphs, cells, paragraph_chars (repeatable)",
    )
    brief.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    brief.set_defaults(run=_brief)

    digest = commands.add_parser(
        "digest", help="one synthesis (BÁO CÁO TỔNG HỢP) of many reports or briefing JSONs"
    )
    digest.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="reports, briefing .json files, folders"
    )
    digest.add_argument("-o", "--output", required=True, help="the digest file, e.g. digest.docx")
    digest.add_argument(
        "--format", default=None, help="comma-separated: docx,json,md,csv (csv: the task table)"
    )
    digest.add_argument("--as-of", default=None, help="the day overdue is reckoned from (ISO)")
    digest.add_argument("--engine", default="auto", choices=ENGINES)
    digest.add_argument("--model", default=None, help="hub id or local folder of a seq2seq model")
    digest.add_argument("--device", default="auto", help="auto, cpu or cuda")
    digest.add_argument(
        "--quantize", choices=["int8", "none"], default=None, help="CPU weights: int8 or none"
    )
    digest.add_argument("--backend", choices=BACKENDS, default=None, help="as for brief")
    digest.add_argument("--profile", type=Path, default=None, help="TOML file of wording")
    digest.add_argument(
        "--template", type=Path, default=None, help="the agency's letterhead .docx/.dotx"
    )
    digest.add_argument("--time-limit", type=float, default=DEFAULT_SECONDS, metavar="SECONDS")
    digest.add_argument("--limit", action="append", default=[], metavar="NAME=N")
    digest.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    digest.set_defaults(run=_digest)

    seg = commands.add_parser("segment", help="label the paragraphs of a report")
    seg.add_argument("input", metavar="FILE", help="a .txt/.md/.docx file, or - for stdin")
    seg.add_argument("--json", action="store_true", help="print JSON")
    seg.set_defaults(run=_segment)
    return parser


def _read(name: str) -> Report:
    return load_stdin() if name == "-" else load_file(Path(name))


def _segment(args: argparse.Namespace) -> int:
    report = segment(_read(args.input))
    if args.json:
        paragraphs = [
            {"index": p.index, "text": p.text, "label": p.label} for p in report.paragraphs
        ]
        json.dump({"paragraphs": paragraphs}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for p in report.paragraphs:
            print(f"{p.label:<10}\t{p.text}")
    return EXIT_OK


def _inputs(names: list[str], output: Path, suffixes: tuple[str, ...] = SUFFIXES) -> list[str]:
    """Input files: files as given, folders searched (hidden, temporary and output skipped)."""
    found: list[str] = []
    skip = output.resolve()
    for name in names:
        path = Path(name)
        if name == "-" or not path.is_dir():
            found.append(name)
            continue
        for file in _walk(path):
            inside = file.relative_to(path).parts
            if (
                file.suffix.lower() in suffixes
                and not any(part.startswith((".", "~$")) for part in inside)
                and not file.resolve().is_relative_to(skip)
            ):
                found.append(str(file))
    if not found:
        shown = ", ".join(suffixes)
        raise UsageError(f"no {shown} files found in the inputs")
    if found.count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    return found


def _walk(folder: Path) -> list[Path]:
    """The files under a folder, sorted; linked folders followed, each folder once (a link
    back to a folder above is not followed round), unreadable folders left out."""
    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for root, folders, names in os.walk(folder, followlinks=True):
        try:
            info = os.stat(root)
        except OSError:
            folders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            folders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        folders.sort()
        files.extend(Path(root) / n for n in names if os.path.isfile(os.path.join(root, n)))
    return sorted(files)


def _profile(args: argparse.Namespace) -> Profile | None:
    """The --profile file with the header and signature options over it."""
    profile: Profile = {}
    if args.profile is not None:
        try:
            profile = load_profile(args.profile)
        except SummarizerError as exc:
            raise UsageError(str(exc)) from None
    options = {
        ("header", "parent_body"): args.parent_body,
        ("header", "issuing_body"): args.issuing_body,
        ("header", "number_line"): args.number,
        ("header", "place"): args.place,
        ("signature", "signer_title"): args.signer_title,
        ("signature", "signer_name"): args.signer_name,
        ("signature", "recipients"): args.recipient,
    }
    for (table, key), value in options.items():
        if value is not None:
            profile.setdefault(table, {})[key] = value
    return _with_template(profile, args.template) or None


def _with_template(profile: Profile, template: Path | None) -> Profile:
    """The profile with --template over its `[document] template`, checked once here so
    that a bad template is one usage error, not one failure per report."""
    if template is not None:
        profile.setdefault("document", {})["template"] = str(template)
    chosen = (profile.get("document") or {}).get("template")
    if chosen:
        from summarizer.render.docx import open_template

        try:
            open_template(chosen)
        except SummarizerError as exc:
            raise UsageError(str(exc)) from None
    return profile


def _targets(inputs: list[str], output: Path, formats: str | None) -> list[dict[str, Path]]:
    """For each input, the file to write per format."""
    if len(inputs) == 1 and output.suffix.lower().lstrip(".") in ALL_FORMATS:
        if formats:
            raise UsageError("--format cannot be used with a single output file; -o names it")
        return [{output.suffix.lower().lstrip("."): output}]
    chosen = [f.strip() for f in (formats or ",".join(FORMATS)).split(",") if f.strip()]
    unknown = [f for f in chosen if f not in ALL_FORMATS]
    if unknown or not chosen:
        shown = ", ".join(unknown) or repr(formats)
        raise UsageError(f"unknown format {shown}; use docx, json, md and/or pdf")
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: exists and is not a folder; give a folder for several inputs")
    targets, used = [], set()
    for name in inputs:
        stem = "stdin" if name == "-" else Path(name).stem
        unique, n = stem, 1
        while unique in used:
            n += 1
            unique = f"{stem}-{n}"
        used.add(unique)
        targets.append({fmt: output / f"{unique}.{fmt}" for fmt in chosen})
    return targets


def _brief(args: argparse.Namespace) -> int:
    if args.batch_size is not None and args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if args.time_limit < 0:
        raise UsageError("--time-limit must be 0 (none) or more seconds")
    try:
        limits = Limits.parse(args.limit)
    except SummarizerError as exc:
        raise UsageError(str(exc)) from None
    output = Path(args.output)
    inputs = _inputs(args.inputs, output)
    targets = _targets(inputs, output, args.format)
    profile = _profile(args)
    single_file = len(inputs) == 1 and output.suffix.lower().lstrip(".") in ALL_FORMATS
    manifest = None if single_file else Manifest(output)
    summarizer = Summarizer(
        engine=args.engine,
        model=args.model,
        device=args.device,
        batch_size=args.batch_size,
        guard=not args.no_guard,
        quantize=args.quantize,
        backend=args.backend,
        progress=False if args.quiet else None,
        time_limit=args.time_limit or None,
        limits=limits,
    )
    started = time.monotonic()
    counts = {"written": 0, "failed": 0, "skipped": 0}
    bar = _progress(len(inputs), args.quiet)

    def say(message: str) -> None:
        if bar is not None:
            bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    def note(line: dict, outcome: str) -> None:
        counts[outcome] += 1
        if manifest is not None:
            manifest.add(line)
        if bar is not None:
            bar.update(1)

    todo: list[int] = []
    for n, name in enumerate(inputs):
        if args.skip_existing and outputs_exist(targets[n]):
            note(record(name, targets[n], None, skipped=True), "skipped")
        else:
            todo.append(n)
    jobs: list[tuple[str, dict[str, Path], Report | Path | SummarizerError]] = []
    for n in todo:
        shown = "<stdin>" if inputs[n] == "-" else inputs[n]
        try:
            source: Report | Path | SummarizerError = (
                load_stdin(limits=limits) if inputs[n] == "-" else Path(inputs[n])
            )
        except SummarizerError as exc:
            source = exc
        jobs.append((shown, targets[n], source))
    try:
        for shown, paths, result, seconds in brief_and_write(summarizer, jobs, profile):
            failed = isinstance(result, SummarizerError)
            note(record(shown, paths, result, seconds), "failed" if failed else "written")
            if failed:
                say(f"summarizer: {result}")
            elif not args.quiet:
                say(f"{shown} -> {', '.join(str(p) for p in paths.values())}")
    finally:
        if bar is not None:
            bar.close()
        if manifest is not None:
            manifest.close()
    if not args.quiet:
        seconds = time.monotonic() - started
        print(
            f"summarizer: {counts['written']} written, {counts['failed']} failed, "
            f"{counts['skipped']} skipped in {seconds:.1f} s",
            file=sys.stderr,
        )
    return EXIT_FAILED if counts["failed"] else EXIT_OK


DIGEST_FORMATS = ("docx", "json", "md", "csv")


def _digest(args: argparse.Namespace) -> int:
    from datetime import date

    from summarizer.digest import make_digest, tasks_csv
    from summarizer.models import Briefing
    from summarizer.render import write_atomic

    output = Path(args.output)
    chosen = [f.strip() for f in (args.format or output.suffix.lstrip(".") or "docx").split(",")]
    unknown = [f for f in chosen if f not in DIGEST_FORMATS]
    if unknown:
        raise UsageError(f"unknown format {', '.join(unknown)}; use docx, json, md and/or csv")
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise UsageError(f"--as-of {args.as_of}: give a date as YYYY-MM-DD") from None
    try:
        limits = Limits.parse(args.limit)
    except SummarizerError as exc:
        raise UsageError(str(exc)) from None
    profile = _with_template(_profile_file(args.profile) or {}, args.template) or None
    names = _inputs(args.inputs, output, (*SUFFIXES, ".json"))
    reports = [Path(n) for n in names if not n.lower().endswith(".json")]
    briefs = [Path(n) for n in names if n.lower().endswith(".json")]
    summarizer = Summarizer(
        engine=args.engine,
        model=args.model,
        device=args.device,
        quantize=args.quantize,
        backend=args.backend,
        progress=False if args.quiet else None,
        time_limit=args.time_limit or None,
        limits=limits,
    )
    bar = _progress(len(names), args.quiet)

    def items():
        if reports:
            yield from summarizer.brief_many(reports)
        for path in briefs:
            try:
                yield Briefing.model_validate_json(path.read_bytes())
            except (OSError, ValueError) as exc:
                reason = type(exc).__name__
                yield (str(path), f"{path}: not a briefing JSON ({reason}); brief the report again")

    def counted():
        for item in items():
            if bar is not None:
                bar.update(1)
            if not isinstance(item, Briefing):
                print(
                    f"summarizer: {item[1] if isinstance(item, tuple) else item}", file=sys.stderr
                )
            yield item

    try:
        digest = make_digest(counted(), as_of=as_of)
    finally:
        if bar is not None:
            bar.close()
    written = []
    for fmt in chosen:
        path = output.with_suffix(f".{fmt}")
        if fmt == "docx":
            digest.to_docx(path, profile=profile)
        else:
            text = {
                "json": lambda: digest.model_dump_json(indent=2) + "\n",
                "md": lambda: digest.to_markdown(profile),
                "csv": lambda: tasks_csv(digest),
            }[fmt]()
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            write_atomic(path, lambda tmp, text=text, e=encoding: tmp.write_text(text, e))
        written.append(str(path))
    if not args.quiet:
        tasks = sum(len(g.tasks) for g in digest.tasks) + len(digest.unassigned)
        print(
            f"summarizer: {len(digest.meetings)} meetings, {tasks} tasks, "
            f"{len(digest.failed)} not read -> {', '.join(written)}",
            file=sys.stderr,
        )
    return EXIT_FAILED if digest.failed else EXIT_OK


def _profile_file(path: Path | None) -> Profile | None:
    if path is None:
        return None
    try:
        return load_profile(path)
    except SummarizerError as exc:
        raise UsageError(str(exc)) from None


def _progress(total: int, quiet: bool):
    """A progress bar with ETA on stderr, for several inputs on a terminal."""
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="report", desc="briefing", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
