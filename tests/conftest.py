"""What the tests share: the project's paths, expected-output files, content trees read as the build
reads them, a copy of the project built by MkDocs (and the real site built once), `finsam check` and
git run as an editor runs them.

tests/ is on pytest's pythonpath (pyproject.toml), so every test, in any folder below, imports these
with `from conftest import ...`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from finsam.format.corpus import load
from finsam.format.model import Corpus
from finsam.format.sources import Source
from finsam.problems import errors

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
EXPECTED = TESTS / "expected"
# UPDATE_EXPECTED=1 rewrites every expected-output file with what the code gives now.
UPDATE_EXPECTED = os.environ.get("UPDATE_EXPECTED") == "1"
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


def build_copy(
    folder: Path,
    content: dict[str, str | bytes],
    remove: tuple[str, ...] = (),
    strict: bool = True,
) -> Build:
    """Copy the project into folder with content changed (as copy_project) and build it into
    folder/site."""
    copy_project(folder, content, remove)
    return run_build(folder, folder / "site", strict=strict)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real content built strictly, once for the whole run: every test only reads it."""
    return run_build(ROOT, tmp_path_factory.mktemp("real-site") / "site")


# --- expected-output files -----------------------------------------------------------------------


def assert_expected(name: str, text: str) -> None:
    """Assert that text is the expected output in tests/expected/<name>; UPDATE_EXPECTED=1 writes
    it there first."""
    path = EXPECTED / name
    if UPDATE_EXPECTED:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with UPDATE_EXPECTED=1 to write it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from tests/expected/{name} (UPDATE_EXPECTED=1 rewrites it)"
    )


# --- content trees, read as the build reads them --------------------------------------------------


def tree_sources(root: Path, skip: tuple[str, ...] = ("expected.txt",)) -> list[Source]:
    """Return the files of a content tree as the build hands them over: uri, path content/<uri>,
    bytes (files named in skip left out)."""
    found = []
    for file in sorted(root.rglob("*")):
        if file.is_file() and file.name not in skip:
            uri = file.relative_to(root).as_posix()
            found.append(Source(uri, f"content/{uri}", file.read_bytes()))
    return found


def load_safely(files: list[Source]) -> Corpus:
    """Load files; an exception is a failure of its own (an editor must never see a traceback)."""
    try:
        return load(files)
    except Exception as error:  # noqa: BLE001 - the point of the tests
        pytest.fail(f"load() raised {type(error).__name__}: {error}")


def messages(corpus: Corpus) -> list[str]:
    """Return the printed messages of a corpus's errors."""
    return [problem.message() for problem in errors(corpus.problems)]


def holds(message: str, fragment: str) -> bool:
    """Return whether a message holds a fragment; "rad 1" stands for that line, not for "rad 17"."""
    if re.fullmatch(r"rad \d+", fragment):
        return re.search(re.escape(fragment) + r"(?!\d)", message) is not None
    return fragment in message


# --- commands, as an editor runs them ----------------------------------------------------------


def finsam_check(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run `finsam check` in a project folder with that folder's hooks, as an editor would."""
    env = {**os.environ, "PYTHONPATH": str(folder / "hooks")}
    return subprocess.run(
        [sys.executable, "-m", "finsam.editors.cli", "check", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def logged(text: str, level: str) -> list[str]:
    """Return the messages of one level in a log as MkDocs and finsam check print them (a
    message's lines indented under its first)."""
    found, current = [], None
    for line in text.splitlines():
        if line.startswith("  ") and current is not None:
            current.append(line)
            continue
        current = [line[len(level) :].lstrip(" -")] if line.startswith(level) else None
        if current is not None:
            found.append(current)
    return sorted("\n".join(message) for message in found)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.se",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.se",
}


def git(folder: Path, *arguments: str) -> str:
    """Run git in a folder with a test author; return what it printed."""
    done = subprocess.run(
        ["git", "-C", str(folder), *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        check=True,
        timeout=120,
    )
    return done.stdout
