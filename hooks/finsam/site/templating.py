"""The Jinja2 templates in templates/ (autoescape): the rarer parts of pages, as raw HTML blocks."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import formatting
from .markup import without_blank_lines

TEMPLATES = Path(__file__).parent / "templates"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.globals.update(number=formatting.number, long_date=formatting.long_date)
    return env


ENV = _environment()


def rendered(template: str, **context: object) -> str:
    """Return a rendered template as one raw HTML block without blank lines."""
    return without_blank_lines(ENV.get_template(template).render(**context))
