"""The code is formatted and linted as pyproject.toml's [tool.ruff] says.

`make lint` runs the same.

Ruff is the pinned one in the project's environment (pyproject's test extras, requirements.txt),
run as `python -m ruff` by the Python that runs the tests; a failure shows Ruff's own output.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT


def ruff(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the environment's Ruff on the project, from its root, as `make lint` does."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "arguments",
    [("format", "--check", "."), ("check", "--no-fix", "--output-format=concise", ".")],
    ids=["format", "check"],
)
def test_ruff_finds_nothing(arguments: tuple[str, ...]) -> None:
    done = ruff(*arguments)
    assert "No module named ruff" not in done.stderr, done.stderr
    assert done.returncode == 0, (
        f"ruff {' '.join(arguments)} (fix with `.venv/bin/ruff format .` and "
        f"`.venv/bin/ruff check --fix .`):\n{done.stdout}{done.stderr}"
    )
