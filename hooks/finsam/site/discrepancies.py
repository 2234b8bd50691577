"""The boxes on a plan page that explain its recorded discrepancies to readers, in Swedish.

A discrepancy confirmed in the source document is an error: a box in the error style, whose icon
(a cross) and title ("Fel i källdokumentet") say so. One not yet checked against the original is a
warning: the warning style, a warning sign and the title "Ej kontrollerat". Colour only repeats
what the title and the icon say (the colours are in overrides/assets/stylesheets/finsam.css).
"""

from __future__ import annotations

from .. import formatting
from ..format import checks
from ..format.model import Plan
from .budgettables import SHARE_NAMES
from .derived import discrepancy_anchor
from .markup import html_escaped, without_blank_lines

SHARE_WORDS = {"state": "hälften", "region": "en fjärdedel", "municipalities": "en fjärdedel"}
# Material's admonition kinds, for their icons: a cross for an error, a warning sign for a warning.
CONFIRMED_BOX = "failure finsam-discrepancies finsam-confirmed"
UNCONFIRMED_BOX = "warning finsam-discrepancies finsam-unconfirmed"


UNCONFIRMED_EXPLANATION = (
    "Avskriften har inte jämförts med det publicerade originaldokumentet. Det är alltså inte känt "
    "om siffrorna går ihop där, "
    "eller om en rad har fallit bort eller lästs fel när texten togs ut ur dokumentet."
)


def discrepancies_html(plan: Plan, accepted: list[tuple[int, checks.Mismatch]]) -> str:
    """Return the boxes that explain each recorded discrepancy in plain Swedish.

    Each accepted discrepancy is its index in the plan and the mismatch. Errors confirmed in the
    source come first, then sums not yet checked.
    """
    confirmed = [(i, f) for i, f in accepted if plan.discrepancies[i].confirmed]
    unconfirmed = [(i, f) for i, f in accepted if not plan.discrepancies[i].confirmed]
    boxes = []
    if confirmed:
        title = (
            "Fel i källdokumentet: summan stämmer inte"
            if len(confirmed) == 1
            else "Fel i källdokumentet: summor som inte stämmer"
        )
        paragraphs = [
            _discrepancy_paragraph(i, discrepancy_text(f, plan.unit), plan.discrepancies[i].note)
            for i, f in confirmed
        ]
        closing = (
            "Avskriften är jämförd med originaldokumentet, och siffrorna går inte ihop där "
            "heller. Alla belopp visas så som de är tryckta; webbplatsen rättar dem inte."
        )
        boxes.append(_box(CONFIRMED_BOX, title, paragraphs, closing))
    if unconfirmed:
        title = (
            "Ej kontrollerat: summan går inte ihop i avskriften"
            if len(unconfirmed) == 1
            else "Ej kontrollerat: summor som inte går ihop i avskriften"
        )
        paragraphs = [
            _discrepancy_paragraph(i, unconfirmed_text(f, plan.unit), plan.discrepancies[i].note)
            for i, f in unconfirmed
        ]
        closing = (
            f"{UNCONFIRMED_EXPLANATION} Alla belopp visas så som de står i avskriften; "
            "webbplatsen rättar dem inte."
        )
        boxes.append(_box(UNCONFIRMED_BOX, title, paragraphs, closing))
    return "\n".join(boxes)


def _discrepancy_paragraph(index: int, text: str, note: str | None) -> str:
    """Return one discrepancy's explanation, with the id that figures touched by it link to."""
    comment = (
        f' <span class="finsam-note">Redaktionens kommentar: {html_escaped(note)}</span>'
        if note
        else ""
    )
    return f'<p id="{discrepancy_anchor(index)}">{html_escaped(text)}{comment}</p>'


def _box(kind: str, title: str, paragraphs: list[str], closing: str) -> str:
    html_lines = [
        f'<div class="admonition {kind}">',
        f'<p class="admonition-title">{html_escaped(title)}</p>',
        *paragraphs,
        f"<p>{html_escaped(closing)}</p>",
        "</div>",
    ]
    return without_blank_lines("\n".join(html_lines))


def _amounts(finding: checks.Mismatch, unit: str) -> tuple[str, str, str]:
    """Return a discrepancy's printed and computed amounts and their difference, for readers."""
    return tuple(
        formatting.money(amount, unit)
        for amount in (finding.printed, finding.computed, abs(finding.printed - finding.computed))
    )


def discrepancy_text(finding: checks.Mismatch, unit: str) -> str:
    """Return one discrepancy confirmed in the source, explained in a Swedish sentence."""
    printed, computed, difference = _amounts(finding, unit)
    direction = "större" if finding.printed > finding.computed else "mindre"
    what = {
        checks.INCOME: (
            f"Summa intäkter för {finding.year} är enligt dokumentet {printed}",
            f"intäktsraderna summerar till {computed}",
        ),
        checks.COSTS: (
            f"Summa kostnader för {finding.year} är enligt dokumentet {printed}",
            f"kostnadsraderna summerar till {computed}",
        ),
        checks.ITEMS: (
            f"Raden ”{finding.label}” för {finding.year} är enligt dokumentet {printed}",
            f"insatserna under den summerar till {computed}",
        ),
        checks.RESULT: (
            f"Årets resultat för {finding.year} är enligt dokumentet {printed}",
            f"intäkter minus kostnader blir {computed}",
        ),
        checks.SHARES: (
            f"{SHARE_NAMES.get(finding.label or '', finding.label)}s bidrag för {finding.year} är "
            f"enligt dokumentet {printed}",
            f"enligt lagen ska {SHARE_NAMES.get(finding.label or '', '').lower() or 'parten'} stå "
            f"för {SHARE_WORDS.get(finding.label or '', 'sin andel')} av medlemsbidragen, "
            f"{computed}",
        ),
    }[finding.kind]
    return f"{what[0]}, men {what[1]}: dokumentets siffra är {difference} {direction}."


def unconfirmed_text(finding: checks.Mismatch, unit: str) -> str:
    """Return one discrepancy not checked against the original.

    Explained in a Swedish sentence about the transcription.
    """
    printed, computed, difference = _amounts(finding, unit)
    party = SHARE_NAMES.get(finding.label or "", finding.label or "Parten")
    transcribed = "så som de är avskrivna här"
    what = {
        checks.INCOME: (
            f"Summa intäkter för {finding.year} är enligt dokumentet {printed}",
            f"intäktsraderna {transcribed} summerar till {computed}",
        ),
        checks.COSTS: (
            f"Summa kostnader för {finding.year} är enligt dokumentet {printed}",
            f"kostnadsraderna {transcribed} summerar till {computed}",
        ),
        checks.ITEMS: (
            f"Raden ”{finding.label}” för {finding.year} är enligt dokumentet {printed}",
            f"insatserna under den {transcribed} summerar till {computed}",
        ),
        checks.RESULT: (
            f"Årets resultat för {finding.year} är enligt dokumentet {printed}",
            f"intäkter minus kostnader {transcribed} blir {computed}",
        ),
        checks.SHARES: (
            f"{party}s bidrag för {finding.year} är enligt dokumentet {printed}",
            f"enligt lagen ska {party.lower()} stå för "
            f"{SHARE_WORDS.get(finding.label or '', 'sin andel')} av medlemsbidragen "
            f"{transcribed}, {computed}",
        ),
    }[finding.kind]
    return f"{what[0]}, men {what[1]}. Skillnaden är {difference}."
