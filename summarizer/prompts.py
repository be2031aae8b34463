"""Wording and knobs kept as TOML data in prompts/ (shipped inside the package)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def prompts_dir() -> Path:
    """Folder holding the TOML files: inside the installed package, else the checkout."""
    for candidate in (_HERE / "prompts", _HERE.parent / "prompts"):
        if (candidate / "cues.vi.toml").is_file():
            return candidate
    raise FileNotFoundError("prompts/ not found next to the summarizer package")


@cache
def load(name: str) -> dict[str, Any]:
    """Parsed content of prompts/<name>.toml."""
    with open(prompts_dir() / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)
