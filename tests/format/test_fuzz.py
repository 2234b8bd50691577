"""The front-matter reader under fuzzing, in a subprocess.

A crash from a signal fails this test, not the run.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import fuzz_frontmatter
import pytest
from conftest import ROOT

FUZZ_SECONDS = 600  # a bound for a hang; the run takes well under a minute


@pytest.mark.slow
def test_fuzzed_front_matter_gives_a_value_or_problems_never_a_crash() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fuzz_frontmatter.py")],
        capture_output=True,
        text=True,
        timeout=FUZZ_SECONDS,
    )
    if done.returncode < 0:
        raise AssertionError(
            f"the fuzzer's process died from signal {signal.Signals(-done.returncode).name}:\n"
            f"{done.stdout}{done.stderr[-3000:]}"
        )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert (
        done.stdout.count("\nok ") + done.stdout.startswith("ok ")
        == len(fuzz_frontmatter.STRATEGIES)
        == 11
    ), done.stdout
    assert all(
        f"ok {strategy.__name__}: " in done.stdout for strategy in fuzz_frontmatter.STRATEGIES
    ), done.stdout
