"""The benchmark runs: its corpus setup and one tiny measurement (20 plans, one run) give numbers.

No timing is asserted: tests/benchmark.py is a measurement, run by hand.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import benchmark
import pytest
from conftest import ROOT

# Every test here builds the site with MkDocs: `make quick` leaves them out.
pytestmark = pytest.mark.slow


def test_benchmark_sets_up_a_corpus_and_measures_one_build(tmp_path: Path) -> None:
    project = benchmark.make_project(tmp_path, 20)
    assert (project.n_forbund, project.n_years) == (4, 5)
    assert len(project.corpus.plans) >= 15
    assert (project.baseline / "mkdocs.yml").is_file()
    builds, site = benchmark.measure_build(project, 1)
    assert len(builds) == 1 and builds[0].seconds > 0 and builds[0].peak_mb > 0
    sizes = benchmark.plan_page_sizes(site)
    assert len(sizes) == len(project.corpus.plans) and min(sizes) > 0
    hooks = benchmark.measure_hooks(project, 1)
    assert len(hooks) == 1 and math.isfinite(hooks[0]) and hooks[0] > 0
    checks = benchmark.measure_check(project, 1)
    assert checks[0].returncode == 0 and checks[0].seconds > 0


def test_benchmark_previews_the_way_make_serve_does() -> None:
    recipe = re.search(
        r"^serve:.*\n\t\$\(BIN\)/(.+)$",
        (ROOT / "Makefile").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert recipe and tuple(recipe[1].split()) == benchmark.SERVE_COMMAND
