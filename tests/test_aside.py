"""A heavy generated file is made in another process while the build goes on, and is always there after wait()."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from finsam import aside


def _bytes_of(text: str, times: int) -> bytes:
    return (text * times).encode("utf-8")


def _pid_of_maker(_: str) -> bytes:
    return str(os.getpid()).encode("ascii")


def test_a_file_is_made_in_another_process_and_written_whole(tmp_path: Path) -> None:
    path = str(tmp_path / "data" / "fil.bin")
    aside.start(path, _bytes_of, ("ab", 3))
    aside.wait(path)
    assert Path(path).read_bytes() == b"ababab"
    assert os.listdir(tmp_path / "data") == ["fil.bin"]  # no half-written file left beside it
    aside.start(path, _pid_of_maker, ("x",))
    aside.wait()
    assert Path(path).read_bytes() != str(os.getpid()).encode("ascii")


def test_what_cannot_go_to_another_process_is_made_here(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    aside.start(path, lambda: b"gjord i bygget", ())  # a lambda does not pickle
    aside.wait(path)
    assert Path(path).read_bytes() == b"gjord i bygget"


def test_a_failed_process_leaves_the_file_to_be_made_here_with_its_error(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    aside.start(path, _bytes_of, (None, 2))  # fails in the other process, then again here
    with pytest.raises(TypeError):
        aside.wait(path)


def test_a_stopped_job_writes_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    aside.start(path, _bytes_of, ("x", 10**7))
    aside.stop(path)
    aside.wait()
    assert not os.path.exists(path)


def _niceness(_: str) -> bytes:
    return str(os.nice(0)).encode("ascii")


def test_the_other_process_yields_to_the_build(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    aside.start(path, _niceness, ("x",))
    aside.wait(path)
    assert int(Path(path).read_bytes()) == os.nice(0) + aside.BACKGROUND_NICENESS
    command = aside.lowered(["pagefind", "--service"])
    assert command[-2:] == ["pagefind", "--service"] and command[1:3] == [
        "-n",
        str(aside.BACKGROUND_NICENESS),
    ]


def test_a_stopped_job_is_named_as_unwritten_and_a_finished_one_is_not(tmp_path: Path) -> None:
    slow, quick = str(tmp_path / "slow.bin"), str(tmp_path / "quick.bin")
    aside.start(quick, _bytes_of, ("q", 1))
    aside.start(slow, _bytes_of, ("x", 10**8))
    aside._jobs[quick].process.wait()
    assert aside.stop() == [slow]
    assert not os.path.exists(slow) and Path(quick).read_bytes() == b"q"


def test_deferred_tasks_run_in_order_after_the_caller_goes_on_and_settle_waits_for_them(
    tmp_path: Path,
) -> None:
    done: list[int] = []
    gate = threading.Event()
    aside.defer(lambda: (gate.wait(5), done.append(1)))
    aside.defer(lambda: done.append(2))
    assert done == []  # the caller did not wait
    gate.set()
    aside.settle()
    assert done == [1, 2]
    path = str(tmp_path / "fil.bin")
    aside.write(path, b"hel")
    assert Path(path).read_bytes() == b"hel" and os.listdir(tmp_path) == ["fil.bin"]
