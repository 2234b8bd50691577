"""A heavy generated file is made in another process while the build goes on, and is always there after wait()."""

from __future__ import annotations

import os
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
