"""Read the content folder's förbund files from disk: each a `Source`, its bytes as they are.

The build and `finsam check` read the same files the same way (finsam.site.validation); a preview
reads again only the files whose signature changed since it last read them (`BytesCache`).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass

from ..problems import Problem
from .frontmatter import MAX_BYTES
from .paths import SECTION


@dataclass(frozen=True, slots=True)
class Source:
    """One file of the content folder: its path inside it, its path for messages, its bytes."""

    uri: str
    path: str
    data: bytes


def fingerprint(data: bytes) -> bytes:
    """Return a short fingerprint of a file's bytes: equal bytes, equal fingerprints."""
    return hashlib.blake2b(data, digest_size=16).digest()


def is_content(uri: str) -> bool:
    """Return whether a file of the content folder is a förbund page this package reads."""
    return uri.startswith(f"{SECTION}/") and uri.endswith(".md")


BytesCache = dict[
    str, tuple[tuple[int, ...], bytes]
]  # a file's bytes by path, and its signature then
RACY_NS = 2_000_000_000  # a file changed < 2 s before it is read may change unseen (git's "racy")


def read_sources(
    files: Iterable[tuple[str, str, str]], bytes_cache: BytesCache | None = None
) -> tuple[list[Source], list[Problem]]:
    """Return the förbund files read from disk, and a problem for each that could not be read.

    files are (path in content/, file path, path for messages).

    With bytes_cache (a preview's, between its rebuilds), a file whose signature (inode, size,
    times of change and modification) is unchanged is not read again: git's way of telling a
    changed file.
    """
    sources, problems, seen = [], [], set()
    for uri, path, shown in files:
        if not is_content(uri):
            continue
        try:
            sources.append(
                Source(
                    uri,
                    shown,
                    contents(path) if bytes_cache is None else _cached_contents(path, bytes_cache),
                )
            )
            seen.add(path)
        except OSError as error:
            problems.append(unreadable(shown, error))
    for path in set(bytes_cache or ()) - seen:
        del bytes_cache[path]
    return sources, problems


def _cached_contents(path: str, bytes_cache: BytesCache) -> bytes:
    """Return the bytes of a file, as read before if its signature is unchanged.

    A file changed within RACY_NS of being read is read again next time: a second save in the
    same tick of the file system's clock, with the same size, would have the same signature.
    """
    found = os.stat(path)
    signature = (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
    earlier = bytes_cache.pop(path, None)
    if earlier is not None and earlier[0] == signature:
        bytes_cache[path] = earlier
        return earlier[1]
    data = contents(path)
    if time.time_ns() - max(found.st_mtime_ns, found.st_ctime_ns) > RACY_NS:
        bytes_cache[path] = (signature, data)
    return data


def unreadable(shown: str, error: OSError) -> Problem:
    """Return the problem of a file that could not be read."""
    return Problem(
        shown,
        None,
        None,
        "en fil som går att läsa",
        f"ett fel vid läsning ({error.strerror or error})",
        "Kontrollera att filen finns och att du har rätt att läsa den.",
    )


def contents(path: str) -> bytes:
    """Return the bytes of a file, at most one more than any file may have.

    Read without a Python file object: for many small files, twice as fast. A named pipe given
    in place of a file would block an ordinary open; non-blocking, it reads as empty.
    """
    descriptor = os.open(
        path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    )
    try:
        chunks, size = [], 0
        while size <= MAX_BYTES and (
            chunk := os.read(descriptor, min(1 << 20, MAX_BYTES + 1 - size))
        ):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
