"""finsam import --into: the draft written into a plan file, everything else kept as it was.

Hostile plans too: no front-matter, one never closed, budget: in a comment, CRLF line ends, a
byte-order mark, amounts already filled in, a key twice.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml
from test_importer import SEED_001, SEED_002, SEED_004, checked_as_plan

from finsam.editors import cli
from finsam.editors.importer import draft
from finsam.editors.planfile import PlanFileError, with_draft, write, year_of

TITLE = "Verksamhetsplan och budget 2023"
DOCUMENT = f"{TITLE}\n\n" + (
    "Forbundet finansierar och stodjer samverkan i syfte att individen ska oka sin formaga\n"
    "till forvarvsarbete och studier, och darigenom fa mojlighet till egen forsorjning.\n\n"
)
# A plan as finsam new writes it for a förbund without plans: every value to fill in a placeholder.
SCAFFOLD = """\
---
# FYLL I: ny plan för test 2023, skapad med finsam new. Ersätt varje platshållare FYLL I.
# budget: en rad per intäkt och kostnad i dokumentets budgettabell.
title: "FYLL I: titeln som i dokumentet"
forbund: test
year: 2023
source: "FYLL I: namnet på dokumentet, med förbundets namn"
unit: "FYLL I: kr, tkr eller mkr, som beloppen står i dokumentet"
budget:
  2023:
    income:
      - {label: "FYLL I: intäktsradens text", category: "FYLL I: state", amount: "FYLL I: belopp"}
    income_total: "FYLL I: summan av intäkterna (2 rader)"
    costs:
      - {label: "FYLL I: kostnadsradens text", category: "FYLL I: other", amount: "FYLL I: belopp"}
# Planens text följer.
---
FYLL I: planens text.

<!-- budget -->
"""
# As it used to write it: empty values, commented examples.
EMPTY = """\
---
# Ny plan för test 2023, skapad med finsam new.
forbund: test
year: 2023
# adopted: 2022-11-30
source:          # det nya dokumentets namn
unit:            # kr, tkr eller mkr
budget:
  2023:
    income:
      # - {label: Staten, category: state, amount: }
    costs:
      # - {label: Kansli, category: administration, amount: }
    # result:
---
Text.
"""


def blocks_of(document: str = DOCUMENT + SEED_001) -> tuple[tuple[str, str], ...]:
    return draft(document).blocks


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.replace("\r\n", "\n").lstrip("\ufeff").split("---\n")[1])


def test_the_draft_replaces_placeholders_and_keeps_everything_else() -> None:
    written = with_draft(SCAFFOLD, "2023.md", blocks_of(), replace=False)
    assert written.replaced == ("source", "unit", "budget") and written.added == ("discrepancies",)
    data = front_matter(written.text)
    assert data["source"] == TITLE and data["unit"] == "tkr"
    assert data["budget"] == yaml.safe_load(dict(blocks_of())["budget"])["budget"]
    assert data["budget"][2023]["costs"][3]["items"][0]["owner"] == "Region Sörmland"
    assert data["discrepancies"][0]["where"] == "budget.2023.costs.Samverkansinsatser"
    lines = written.text.split("\n")
    for kept in (
        "# FYLL I: ny plan för test 2023, skapad med finsam new. Ersätt varje platshållare FYLL I.",
        "# budget: en rad per intäkt och kostnad i dokumentets budgettabell.",
        'title: "FYLL I: titeln som i dokumentet"',
        "forbund: test",
        "year: 2023",
        "# Planens text följer.",
    ):
        assert kept in lines
    assert written.text.endswith("---\nFYLL I: planens text.\n\n<!-- budget -->\n")
    assert "FYLL I: belopp" not in written.text and "FYLL I: kr" not in written.text
    assert lines.index("# Planens text följer.") > lines.index("discrepancies:")


def test_the_plan_as_written_before_passes_the_check_after_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    written = with_draft(EMPTY, "2023.md", blocks_of(), replace=False)
    assert written.replaced == ("source", "unit", "budget")
    assert "# adopted: 2022-11-30\n" in written.text and written.text.endswith("---\nText.\n")
    front = written.text.split("---\n")[1]
    for key in ("forbund: test\n", "year: 2023\n"):  # checked_as_plan writes these itself
        front = front.replace(key, "")
    code, output = checked_as_plan(
        front.replace(f"source: {TITLE}", "# source"), 2023, tmp_path, monkeypatch, capsys
    )
    assert code == 0, output


def test_amounts_already_in_the_plan_are_not_replaced_without_replace() -> None:
    filled = with_draft(EMPTY, "2023.md", blocks_of(), replace=False).text
    with pytest.raises(PlanFileError) as refused:
        with_draft(filled, "content/forbund/test/2023.md", blocks_of(), replace=False)
    problem = refused.value.problem
    assert (problem.path, problem.field) == ("content/forbund/test/2023.md", "budget")
    assert filled.split("\n")[problem.line - 1].lstrip().startswith("- {label: Medlemsavgifter")
    assert problem.found == "belopp som redan är ifyllda (amount: 16000)"
    assert "Ingenting skrevs" in problem.fix and "--replace" in problem.fix
    again = with_draft(filled, "2023.md", blocks_of(), replace=True)
    assert again.text == filled  # the same draft again: the same file
    assert again.replaced == ("unit", "budget", "discrepancies")  # source is no longer empty


def test_replace_takes_the_old_discrepancies_away_with_the_old_amounts() -> None:
    filled = with_draft(EMPTY, "2023.md", blocks_of(), replace=False).text
    written = with_draft(filled, "2023.md", draft(SEED_002).blocks, replace=True)
    assert written.removed == ("discrepancies",)
    assert "discrepancies" not in front_matter(written.text)
    assert front_matter(written.text)["budget"][2018]["costs_total"] == 12950000


@pytest.mark.parametrize(
    "amount",
    [
        "    result: 0",
        "    costs_total: -12",
        '      - {label: "Kansli # 2", category: administration, amount: "1 200"}',
        "discrepancies:\n  - {where: budget.2023.costs, printed: 3, computed: 4}",
    ],
)
def test_any_amount_is_an_amount(amount: str) -> None:
    text = EMPTY.replace("    # result:\n", f"{amount}\n")
    with pytest.raises(PlanFileError):
        with_draft(text, "2023.md", blocks_of(), replace=False)


@pytest.mark.parametrize(
    "empty",
    [
        "    result:",
        "    result: ~",
        '    result: "FYLL I: årets resultat (2 rader)"',
        "    # result: 3099",
        "    result:  # 3099 i dokumentet",
        '      - {label: "amount: 5", category: other, amount: }',
    ],
)
def test_placeholders_and_comments_are_no_amounts(empty: str) -> None:
    text = EMPTY.replace("    # result:\n", f"{empty}\n")
    assert with_draft(text, "2023.md", blocks_of(), replace=False).replaced[-1] == "budget"


def test_a_plan_without_front_matter_is_refused() -> None:
    with pytest.raises(PlanFileError) as refused:
        with_draft("Bara text, ingen front-matter.\n", "2023.md", blocks_of(), replace=False)
    problem = refused.value.problem
    assert problem.line == 1 and problem.found.startswith("ingen front-matter")
    assert "make new forbund=FÖRBUND ar=ÅR" in problem.fix
    message = problem.message()
    assert message.startswith("2023.md, rad 1\n  Förväntat: en plan med front-matter")
    assert "\n  Gör så här: Ingenting skrevs." in message


def test_a_front_matter_never_closed_is_refused() -> None:
    with pytest.raises(PlanFileError) as refused:
        with_draft(EMPTY.replace("---\nText.", "Text."), "2023.md", blocks_of(), replace=False)
    assert "ingen rad med --- som avslutar" in refused.value.problem.found


def test_budget_in_a_comment_is_no_budget() -> None:
    text = "---\nforbund: test\n# budget: fylls i senare\nyear: 2023\n#budget:\n---\nText.\n"
    written = with_draft(text, "2023.md", blocks_of(), replace=False)
    assert written.added == ("source", "unit", "budget", "discrepancies")
    assert "# budget: fylls i senare\n" in written.text and "#budget:\n" in written.text
    assert list(front_matter(written.text)) == [
        "forbund",
        "year",
        "source",
        "unit",
        "budget",
        "discrepancies",
    ]


def test_missing_keys_are_added_beside_the_others() -> None:
    text = "---\nforbund: test\nyear: 2023\nunit: tkr\ntitle: Plan\n---\n"
    written = with_draft(text, "2023.md", blocks_of(), replace=False)
    assert list(front_matter(written.text)) == [
        "forbund",
        "year",
        "source",
        "unit",
        "budget",
        "discrepancies",
        "title",
    ]


def test_a_source_already_filled_in_is_kept() -> None:
    text = EMPTY.replace("source:          # det nya dokumentets namn", "source: Planen 2023")
    written = with_draft(text, "2023.md", blocks_of(), replace=False)
    assert (
        "source" not in written.replaced and front_matter(written.text)["source"] == "Planen 2023"
    )


def test_crlf_line_ends_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeff" + EMPTY.replace("\n", "\r\n")
    written = with_draft(text, "2023.md", blocks_of(), replace=False)
    assert written.text.startswith("\ufeff---\r\n")
    assert "\n" not in written.text.replace("\r\n", "")
    assert front_matter(written.text)["unit"] == "tkr"
    assert written.text.endswith("---\r\nText.\r\n")


def test_a_body_with_other_line_ends_is_kept_byte_for_byte() -> None:
    body = "Text\r\nmed\rblandade\nradslut \u2028 och tecken.\n"
    written = with_draft(EMPTY.replace("Text.\n", body), "2023.md", blocks_of(), replace=False)
    assert written.text.endswith("\n---\n" + body)


def test_a_key_twice_is_refused() -> None:
    text = EMPTY.replace("forbund: test\n", "forbund: test\nunit: kr\n")
    with pytest.raises(PlanFileError) as refused:
        with_draft(text, "2023.md", blocks_of(), replace=False)
    assert refused.value.problem.field == "unit"
    assert "två gånger" in refused.value.problem.found


def test_the_plans_year() -> None:
    assert year_of(EMPTY) == 2023
    assert year_of("\ufeff---\r\nyear: 2018  # planens år\r\n---\r\n") == 2018
    assert year_of("---\n# year: 2018\n---\n") is None
    assert year_of("Text\nyear: 2018\nmer text\n") is None  # no front-matter
    assert year_of("---\nyear: 2018\n") is None  # never closed


def test_write_replaces_the_file_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    plan = tmp_path / "2023.md"
    plan.write_bytes(EMPTY.replace("\n", "\r\n").encode("utf-8"))
    plan.chmod(0o640)
    write(str(plan), "2023.md", blocks_of(), replace=False)
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640
    assert b"unit: tkr" in plan.read_bytes() and os.listdir(tmp_path) == ["2023.md"]
    plan.write_bytes(b"---\nsource: \xe5\n---\n")  # not UTF-8: refused as finsam check would
    with pytest.raises(PlanFileError) as refused:
        write(str(plan), "2023.md", blocks_of(), replace=False)
    assert "UTF-8" in refused.value.problem.expected
    assert plan.read_bytes() == b"---\nsource: \xe5\n---\n"


# --- the command ------------------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_into_a_plan(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    document, plan = tmp_path / "dokument.txt", tmp_path / "2023.md"
    document.write_text(DOCUMENT + SEED_001, encoding="utf-8")
    plan.write_text(SCAFFOLD, encoding="utf-8")
    code, out, err = run(["import", str(document), "--into", str(plan)], capsys)
    assert code == 0, err
    assert out.splitlines() == [
        f"Skrev utkastet i {plan}. Ersatta fält: source, unit, budget. "
        "Tillagda fält: discrepancies.",
        "Nästa steg:",
        "  - jämför varje rad, belopp och kategori med dokumentet (se kommentarerna under budget)",
        f"  - kontrollera filen: make check fil={plan}",
    ]
    assert err.startswith("Obs: Budgettabellen hittades på rad 6–28;")
    assert front_matter(plan.read_text(encoding="utf-8"))["source"] == TITLE
    before = plan.read_bytes()
    code, out, err = run(["import", str(document), "--into", str(plan)], capsys)
    assert code == 1 and out == "" and plan.read_bytes() == before
    assert f"{plan}, rad 15: fältet budget\n  Förväntat: en plan utan belopp" in err
    code, out, err = run(["import", str(document), "--into", str(plan), "--replace"], capsys)
    assert code == 0 and plan.read_bytes() == before
    assert "Obs: planens source är redan ifylld och ändrades inte." in err


def test_import_into_takes_the_plans_year_for_a_table_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    table, plan = tmp_path / "tabell.txt", tmp_path / "2022.md"
    table.write_text(SEED_004, encoding="utf-8")
    plan.write_text(EMPTY.replace("2023", "2022"), encoding="utf-8")
    code, _out, err = run(["import", str(table), "--into", str(plan)], capsys)
    assert code == 1  # two lines of the table could not be read: written, and listed
    assert "Obs: tabellen har inget årtal; beloppen räknas till planens år, 2022." in err
    assert "2 rader kunde inte läsas; de står också som kommentarer under budget i planen." in err
    text = plan.read_text(encoding="utf-8")
    assert front_matter(text)["budget"][2022]["income_total"] == 6292000
    assert '  #   Rad 6: kunde inte läsa "Styrelse/delning och administration:"' in text
    assert "Obs: hittade ingen titel i dokumentet" in err


def test_import_into_refuses_what_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    table, plan = tmp_path / "tabell.txt", tmp_path / "2023.md"
    table.write_text(SEED_001, encoding="utf-8")
    code, _, err = run(["import", str(table), "--into", str(plan)], capsys)
    assert code == 2 and f"{plan} finns inte" in err and "make new" in err
    code, _, err = run(["import", str(table), "--replace"], capsys)
    assert code == 2 and "--replace gäller bara tillsammans med --into" in err
    plan.write_text("Ingen front-matter.\n", encoding="utf-8")
    code, out, err = run(["import", str(table), "--into", str(plan)], capsys)
    assert code == 1 and out == "" and "ingen front-matter" in err
    assert plan.read_text(encoding="utf-8") == "Ingen front-matter.\n"
    plan.write_text(EMPTY, encoding="utf-8")
    table.write_text("Intäkter\nStaten 8 000 8 000\nKostnader\nKansli 8 000 8 000\n")
    code, _, err = run(["import", str(table), "--into", str(plan)], capsys)
    assert code == 1 and "Ingenting skrevs" in err and "--years" in err
    assert plan.read_text(encoding="utf-8") == EMPTY
    table.write_text(DOCUMENT + DOCUMENT, encoding="utf-8")
    code, _, err = run(["import", str(table), "--into", str(plan)], capsys)
    assert code == 1 and "Hittade ingen budgettabell" in err and "inga budgetrader" in err
    assert plan.read_text(encoding="utf-8") == EMPTY
