"""Render the page a preview shows in place of every page while the content has errors.

`mkdocs serve` keeps running with broken content, as the development servers of Hugo and Vite do:
every page the browser asks for is this one document, with the same messages the terminal and
`finsam check` print. It stands alone (its style inline, no theme, no script of its own), so it
shows even when the site around it could not be built. Every value from the content is escaped.
"""

from __future__ import annotations

from html import escape

from ..problems import WARNING, Problem, errors, printable, printable_lines, warnings

STYLE = """
body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;color:#8a1111}
h2{font-size:1.1rem;margin:1.5rem 0 .25rem;overflow-wrap:anywhere}
section{border-left:.3rem solid #b3261e;padding:.1rem 0 .1rem .9rem;margin:1rem 0}
section.finsam-warning{border-color:#8a5a00}
dl{margin:0}dt{font-weight:600}dd{margin:0 0 .4rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
code{font:.95em ui-monospace,monospace;background:#f2f2f2;padding:0 .2em}
"""


def document(problems: list[Problem]) -> str:
    """Return the HTML page that lists the content's errors and warnings, in Swedish."""
    found, warned = errors(problems), warnings(problems)
    count = _count(len(found), "fel", "fel")
    parts = [
        "<!doctype html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{count} i innehållet – förhandsvisning</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Webbplatsen kan inte visas: innehållet har fel</h1>",
        (
            f"<p>Förhandsvisningen hittade {count} i innehållet. Rätta "
            f"{'felet' if len(found) == 1 else 'felen'} i filerna och spara: sidan laddas om av "
            "sig själv, och när alla fel är rättade visas webbplatsen igen. Terminalen och "
            "<code>make check</code> visar samma meddelanden.</p>"
        ),
        *(_section(problem) for problem in found),
    ]
    if warned:
        parts += [
            f"<h2>{_count(len(warned), 'varning', 'varningar')}</h2>",
            (
                "<p>En varning stoppar inte förhandsvisningen, men webbplatsen publiceras inte "
                "förrän den är åtgärdad.</p>"
            ),
            *(_section(problem) for problem in warned),
        ]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _section(problem: Problem) -> str:
    """Return one problem as a section headed by its place, as the terminal shows it."""
    place = _shown(printable(problem.path))
    if problem.line is not None:
        place += f", rad {problem.line}"
    if problem.field:
        place += f": fältet {_shown(printable(problem.field))}"
    rows = [("Förväntat", problem.expected), ("Hittat", problem.found), ("Gör så här", problem.fix)]
    details = "".join(
        f"<dt>{name}</dt><dd>{_shown(printable_lines(value))}</dd>"
        for name, value in rows
        if value is not None
    )
    warned = problem.severity == WARNING
    kind, label = ("finsam-warning", "Varning") if warned else ("finsam-error", "Fel")
    return f'<section class="{kind}"><h2>{label}: {place}</h2><dl>{details}</dl></section>'


def _shown(text: str) -> str:
    """Return a text from the content as HTML shows it: escaped, quotes too."""
    return escape(text, quote=True)


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
