"""The built wheel carries prompts/ and its command works outside the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.mark.slow
def test_wheel_ships_prompts_and_segments_outside_the_checkout(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("summarizer-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for toml in ("cues.vi.toml", "segment.weights.json", "models.toml", "briefing.vi.toml"):
        assert f"summarizer/prompts/{toml}" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, capture_output=True)
    subprocess.run([*pip, "pydantic>=2.5,<3"], check=True, capture_output=True)

    report = tmp_path / "report.txt"
    report.write_bytes((EXAMPLES / "hoi-nghi-so-ket-6-thang.txt").read_bytes())
    result = subprocess.run(
        [str(env_dir / "bin" / "summarizer"), "segment", str(report), "--json"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    labels = [p["label"] for p in json.loads(result.stdout)["paragraphs"]]
    assert {"opening", "discussion", "conclusion"} <= set(labels)
