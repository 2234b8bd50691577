"""The editors' commands as the site's pages show them: `make check`, `make new`, `make import`,
`make diff`, each passing its values to finsam as one argument each."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

MAKE = shutil.which("make")
STAMP = ".venv/.installed"  # never remade here: the tests run inside the environment it marks
PAGES = [ROOT / "content" / "uppdatera.md", ROOT / "content" / "redaktorer.md", ROOT / "README.md"]
MAKE_COMMAND_RE = re.compile(r"(?m)(?:^|`)(make (?:check|new|import|diff)\b[^`\n]*)")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _make(*arguments: str, bin_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [MAKE, "-s", "-o", STAMP, *arguments]
    if bin_dir is not None:
        command.append(f"BIN={bin_dir}")
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture()
def echo(tmp_path: Path) -> Path:
    """A folder with a `finsam` that prints the arguments it was given, as JSON."""
    script = tmp_path / "finsam"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n", encoding="utf-8"
    )
    script.chmod(0o755)
    return tmp_path


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["check"], ["check"]),
        (
            ["check", "fil=content/forbund/varend/2025.md"],
            ["check", "content/forbund/varend/2025.md"],
        ),
        (["new", "forbund=varend", "ar=2025"], ["new", "varend", "2025"]),
        (["new", "forbund=nytt-forbund"], ["new", "nytt-forbund"]),
        (
            [
                "new",
                "forbund=exempel",
                "ar=2025",
                "namn=Samordningsförbundet Exempel",
                "kortnamn=Exempel",
                "lan=Exempels län",
                "medlemmar=Region Exempel; Exempels kommun",
                "bildat=2009",
                "orgnr=222000-0000",
                "webbplats=https://example.se",
            ],
            [
                "new",
                "exempel",
                "2025",
                "--namn",
                "Samordningsförbundet Exempel",
                "--kortnamn",
                "Exempel",
                "--lan",
                "Exempels län",
                "--medlem",
                "Region Exempel; Exempels kommun",
                "--bildat",
                "2009",
                "--orgnr",
                "222000-0000",
                "--webbplats",
                "https://example.se",
            ],
        ),
        (
            ["import", "fil=Budget 2025 (antagen).pdf", "plan=content/forbund/varend/2025.md"],
            ["import", "Budget 2025 (antagen).pdf", "--into", "content/forbund/varend/2025.md"],
        ),
        (["import", "fil=tabell.txt"], ["import", "tabell.txt"]),
        (["diff"], ["diff"]),
        (["diff", "bas=HEAD"], ["diff", "HEAD"]),
        (["check", "val=--format github"], ["check", "--format", "github"]),
        (["check", "fil=it's `x` (1).md"], ["check", "it's `x` (1).md"]),
    ],
)
def test_each_value_reaches_finsam_as_one_argument(
    echo: Path, arguments: list[str], expected: list[str]
) -> None:
    done = _make(*arguments, bin_dir=echo)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


def test_make_check_runs_the_check() -> None:
    done = _make("check", "fil=content/forbund/varend/2022.md")
    assert (done.returncode, done.stdout) == (0, "Inga fel (1 fil).\n"), done.stderr


def test_every_make_command_the_pages_show_is_a_target() -> None:
    shown = {match for page in PAGES for match in MAKE_COMMAND_RE.findall(page.read_text("utf-8"))}
    assert shown, "the pages show no make command"
    for command in sorted(shown):
        done = _make("-n", *command.split()[1:2])
        assert done.returncode == 0, f"{command}: {done.stderr}"
