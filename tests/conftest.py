"""Shared fixtures: the project's root, and a builder that runs MkDocs on a content tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from finsam.format.corpus import Source, load
from finsam.format.model import Corpus

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides")
# A valid plan for Värend 2024, beside the real content: the base of many broken variants.
VALID_PLAN = """---
forbund: varend
year: 2024
source: Testplan
unit: kr
budget:
  2024:
    income:
      - {label: Medlemsavgifter, category: members, amount: 100}
    costs:
      - {label: Kansli, category: administration, amount: 100}
---
Text.
"""


def real_corpus() -> Corpus:
    """Return the corpus read from the project's real content folder."""
    content = ROOT / "content"
    sources = [
        Source(
            path.relative_to(content).as_posix(),
            f"content/{path.relative_to(content).as_posix()}",
            path.read_bytes(),
        )
        for path in sorted((content / "forbund").rglob("*.md"))
    ]
    return load(sources)


@dataclass(frozen=True)
class Build:
    """The outcome of one mkdocs build: exit code, log and the site folder."""

    returncode: int
    log: str
    site: Path

    def page(self, url: str) -> str:
        """Return the HTML of one built page, by its URL path."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def run_build(project: Path, site: Path, strict: bool = True) -> Build:
    """Build a project folder with MkDocs into site, in a subprocess, and return the outcome."""
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, timeout=300
    )
    return Build(done.returncode, done.stdout + done.stderr, site)


def copy_project(
    folder: Path, content: dict[str, str | bytes], remove: tuple[str, ...] = ()
) -> Path:
    """Copy the project into folder, add or replace content files, remove others; return folder."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, folder / part)
    docs = folder / "content"
    shutil.copytree(ROOT / "content", docs)
    for name in remove:
        (docs / name).unlink()
    for name, data in content.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return folder
