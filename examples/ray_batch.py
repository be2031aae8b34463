"""Briefings of a whole folder of reports on a Ray cluster (`pip install 'summarizer[ray]'`).

On a machine of a running cluster (the output folder on a file system every node sees):

    python examples/ray_batch.py /shared/reports /shared/briefings --gpus 1 --actors 4

On this machine alone, with a local Ray:

    .venv/bin/python examples/ray_batch.py examples out/ray --local --engine extractive

Every .txt, .md and .docx file under the folder is one row; each actor loads the model
once and briefs its rows in batches. The outputs and `manifest.jsonl` go to the output
folder, as with `summarizer brief`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SUFFIXES = (".txt", ".md", ".docx")


def reports(folder: Path) -> list[Path]:
    """The report files under `folder`, hidden and temporary files left out."""
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.suffix.lower() in SUFFIXES
        and not any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Brief a folder of reports on Ray Data.")
    parser.add_argument("inputs", type=Path, help="a folder of .txt, .md and .docx reports")
    parser.add_argument("output", type=Path, help="the folder for briefings and manifest.jsonl")
    parser.add_argument("--local", action="store_true", help="start Ray here, not join a cluster")
    parser.add_argument("--engine", default="auto", choices=["auto", "seq2seq", "extractive"])
    parser.add_argument("--model", default=None, help="hub id or local folder of a seq2seq model")
    parser.add_argument("--actors", type=int, default=2, help="workers, each with one model")
    parser.add_argument("--gpus", type=float, default=0, help="GPUs per worker, e.g. 1 or 0.5")
    args = parser.parse_args(argv)

    import ray

    from summarizer.distributed import run

    files = reports(args.inputs)
    if not files:
        print(f"no .txt, .md or .docx files under {args.inputs}", file=sys.stderr)
        return 2
    ray.init(address=None if args.local else "auto")
    try:
        ds = ray.data.from_items([{"path": str(path)} for path in files])
        lines = run(
            ds,
            args.output,
            engine=args.engine,
            model=args.model,
            concurrency=args.actors,
            num_gpus_per_actor=args.gpus,
        )
    finally:
        ray.shutdown()
    failed = [line for line in lines if line["error"]]
    for line in failed:
        print(f"failed: {line['error']}", file=sys.stderr)
    print(
        f"{len(lines) - len(failed)} written, {len(failed)} failed; "
        f"manifest: {args.output / 'manifest.jsonl'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
