"""Work beside the build (finsam.background): jobs started, waited for and cancelled alike."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from finsam import background
from finsam.background import Jobs, in_process


def _bytes_of(text: str, times: int) -> bytes:
    return (text * times).encode("utf-8")


def _pid_of_maker(_: str) -> bytes:
    return str(os.getpid()).encode("ascii")


def _niceness(_: str) -> bytes:
    return str(os.nice(0)).encode("ascii")


def _slowly(text: str) -> bytes:
    time.sleep(30)
    return text.encode("utf-8")


def test_a_file_is_made_in_another_process_and_written_whole(tmp_path: Path) -> None:
    path = str(tmp_path / "data" / "fil.bin")
    jobs = Jobs()
    jobs.start(path, in_process(path, _bytes_of, ("ab", 3)))
    jobs.wait()
    assert Path(path).read_bytes() == b"ababab"
    assert os.listdir(tmp_path / "data") == ["fil.bin"]  # no half-written file left beside it
    jobs.start(path, in_process(path, _pid_of_maker, ("x",)))
    jobs.wait()
    assert Path(path).read_bytes() != str(os.getpid()).encode("ascii")


def test_what_cannot_go_to_another_process_is_made_here(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    jobs = Jobs()
    jobs.start(path, in_process(path, lambda: b"gjord i bygget", ()))  # a lambda does not pickle
    jobs.wait()
    assert Path(path).read_bytes() == b"gjord i bygget"


def test_a_failed_process_leaves_the_file_to_be_made_here_with_its_error(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    jobs = Jobs()
    jobs.start(path, in_process(path, _bytes_of, (None, 2)))  # fails there, then again here
    with pytest.raises(TypeError):
        jobs.wait()


def test_the_other_process_yields_to_the_build(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    jobs = Jobs()
    jobs.start(path, in_process(path, _niceness, ("x",)))
    jobs.wait()
    assert int(Path(path).read_bytes()) == os.nice(0) + background.BACKGROUND_NICENESS
    command = background.lowered(["pagefind", "--service"])
    assert command[-2:] == ["pagefind", "--service"]
    assert command[1:3] == ["-n", str(background.BACKGROUND_NICENESS)]


def test_cancel_stops_every_job_names_the_unfinished_and_writes_nothing_of_them(
    tmp_path: Path,
) -> None:
    slow, quick = str(tmp_path / "slow.bin"), str(tmp_path / "quick.bin")
    jobs = Jobs()
    jobs.start(quick, in_process(quick, _bytes_of, ("q", 1)))
    jobs.wait()
    jobs.start(slow, in_process(slow, _slowly, ("x",)))
    started = time.monotonic()
    time.sleep(0.5)  # the process has started
    assert jobs.cancel() == [slow]
    assert time.monotonic() - started < 5  # the process was killed, not waited for
    assert not os.path.exists(slow) and Path(quick).read_bytes() == b"q"
    assert [name for name in os.listdir(tmp_path) if name.endswith(".part")] == []
    jobs.wait()  # nothing left to wait for


def test_a_job_runs_beside_the_caller_and_wait_raises_its_error() -> None:
    gate, done = threading.Event(), []
    jobs = Jobs()
    jobs.start("first", lambda cancel: (gate.wait(5), done.append(1)))
    jobs.start("second", lambda cancel: done.append(2))
    jobs.start("failing", lambda cancel: 1 / 0)
    assert 1 not in done  # the caller did not wait
    gate.set()
    with pytest.raises(ZeroDivisionError):
        jobs.wait()
    assert sorted(done) == [1, 2]


def test_a_cancelled_job_is_told_and_its_error_is_not_raised() -> None:
    jobs, told = Jobs(), []

    def work(cancel: background.Cancel) -> None:
        cancel.on_cancel(lambda: told.append("stopp"))
        cancel.wait(30)
        raise RuntimeError("stoppad")

    jobs.start("long", work)
    assert jobs.cancel() == ["long"] and told == ["stopp"]
    jobs.wait()


def test_write_and_replace_folder_put_things_in_place_whole(tmp_path: Path) -> None:
    path = str(tmp_path / "fil.bin")
    background.write(path, b"hel")
    assert Path(path).read_bytes() == b"hel" and os.listdir(tmp_path) == ["fil.bin"]
    old, new = tmp_path / "index", tmp_path / "index.part"
    old.mkdir()
    (old / "gammal").write_text("x")
    new.mkdir()
    (new / "ny").write_text("y")
    background.replace_folder(str(new), str(old))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fil.bin", "index"]
    assert [p.name for p in old.iterdir()] == ["ny"]


def _doubled(items: list[int]) -> list[int]:
    return [item * 2 for item in items]


def test_forked_map_keeps_the_order_of_the_items() -> None:
    items = list(range(1001))
    assert background.forked_map(_doubled, items, 2) in (_doubled(items), None)
