"""PyYAML's English: every message its parser raises, read from its source, and the words in them.

Shared by the tests that no English from the YAML parser reaches an editor (test_units.py) and that
the error page shows none (test_catalogue.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

# The words of PyYAML's own messages (yaml/reader.py, scanner.py, parser.py, composer.py), read from
# its source.
PYYAML_MODULES = ("reader", "scanner", "parser", "composer")
# Words PyYAML's messages share with the Swedish ones: the format's name, and "escape" as in
# escape-kod.
SHARED_WORDS = {"yaml", "escape"}


def pyyaml_messages() -> list[tuple[str | None, str | None]]:
    """Return every (context, problem) PyYAML raises, as written in its source.

    With %r, %s and %d.
    """

    def text(node: ast.expr | None) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            return text(node.left)
        return None

    found = []
    for module in PYYAML_MODULES:
        for call in ast.walk(
            ast.parse((Path(yaml.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
        ):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in ("ScannerError", "ParserError", "ComposerError")
            ):
                args = [*call.args, None, None, None][:3]
                found.append((text(args[0]), text(args[2])))
            elif (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "ReaderError"
            ):
                found.append((None, text(call.args[4]) if len(call.args) > 4 else None))
    return found


def words(text: str) -> list[str]:
    """Return the words of a text, in any alphabet."""
    return re.findall(r"[^\W\d_]+", text)


ENGLISH_WORDS = {
    word.lower()
    for pair in pyyaml_messages()
    for part in pair
    if part
    for word in words(part)
    if len(word) > 2
} - SHARED_WORDS
