"""The package's layers are a contract.

Import-linter checks the contracts in pyproject.toml, and a wrong import fails naming it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACTS = 3


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the finsam package under folder/hooks, with folder's pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(folder / "hooks")}
    command = [str(LINT_IMPORTS), "--no-cache", "--config", str(folder / "pyproject.toml")]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env, timeout=120)


def test_every_layer_contract_is_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {CONTRACTS} kept, 0 broken." in done.stdout


def _copy_with(tmp_path: Path, module: str, line: str) -> Path:
    """Return a copy of the package and its contracts with one line added to a module."""
    shutil.copytree(
        ROOT / "hooks" / "finsam",
        tmp_path / "hooks" / "finsam",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "hooks" / "finsam" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return tmp_path


def test_the_plan_format_importing_the_site_breaks_the_layers(tmp_path: Path) -> None:
    done = lint_imports(
        _copy_with(tmp_path, "format/model.py", "from ..site import pages  # noqa: E402, F401")
    )
    assert done.returncode == 1
    assert "Layers: editors above site above format BROKEN" in done.stdout
    assert "finsam.format.model -> finsam.site.pages" in done.stdout


def test_the_package_importing_mkdocs_breaks_its_contract(tmp_path: Path) -> None:
    done = lint_imports(_copy_with(tmp_path, "site/pages.py", "import mkdocs  # noqa: E402, F401"))
    assert done.returncode == 1
    assert "Nothing in the package imports MkDocs or Material BROKEN" in done.stdout
    assert "finsam.site.pages -> mkdocs" in done.stdout


# --- the glue -------------------------------------------------------------------------------------


def _events() -> list:
    """Return the event functions of the glue (hooks/plans.py), as parsed."""
    import ast

    tree = ast.parse((ROOT / "hooks" / "plans.py").read_text(encoding="utf-8"))
    return [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")
    ]


def test_each_event_of_the_glue_hands_over_in_one_call() -> None:
    """Each event's body is its docstring and at most two statements: the call, and its return."""
    import ast

    events = _events()
    assert len(events) >= 10
    for event in events:
        body = [
            s
            for s in event.body
            if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        ]
        assert len(body) <= 2, f"{event.name} does work of its own ({len(body)} statements)"
        assert not any(
            isinstance(node, (ast.For, ast.While, ast.If, ast.Try)) for node in ast.walk(event)
        ), event.name


def test_only_the_glue_and_its_compatibility_module_import_mkdocs() -> None:
    hooks = sorted(p.name for p in (ROOT / "hooks").glob("*.py"))
    assert hooks == ["mkdocs_compat.py", "plans.py"]
    compat = (ROOT / "hooks" / "mkdocs_compat.py").read_text(encoding="utf-8")
    assert 'MKDOCS_VERSION = "1.6.1"' in compat
    pinned = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"mkdocs==1.6.1"' in pinned  # the version the compatibility module was written for
