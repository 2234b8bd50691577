"""Render the generated comparison pages: years side by side, a förbund over time, all insatser."""

from __future__ import annotations


from markupsafe import Markup

from . import charts, export, formatting
from .derived import ADOPTED, EARLIER, FORECAST, Comparison, Figures, phase_of
from .model import COST_CATEGORIES, Corpus, Plan, Profile
from .render import Link, block, rendered

SECTION = "jamfor"
PHASE_NAMES = {ADOPTED: "", FORECAST: "prognos", EARLIER: "jämförelseår"}
INSATSER = "insatser/index.md"
DATA = "data/index.md"

DERIVATION = """## Så räknas siffrorna

Alla belopp räknas om till kronor från den enhet planen har (kr, tkr eller mkr) och visas
här avrundade till hela tusental kronor (tkr). Siffrorna tas direkt från planernas budgetar:

- **Intäkter** är planens intäktsrader utom eget kapital (`equity`), alltså det förbundet får in under året.
- **Medlemsbidrag** är statens, regionens och kommunernas bidrag, eller medlemsavgifterna när planen anger dem som en rad.
- **Kostnader** är summan av planens kostnadsrader. Varje kostnadskategoris **andel** är kategorins belopp delat med den summan.
- **Resultat** är årets resultat så som det är tryckt i planen, annars intäkter minus kostnader.
- **Från tidigare år** är över- eller underskott från tidigare år, där planen anger det.
- **Medlemsbidrag per invånare 16–64 år** är medlemsbidragen delade med förbundets befolkning i åldern 16–64 år, där den finns i förbundets uppgifter.
- Ett års budget för ett förbund är den som står i planen **för** det året. Ett belopp för samma år i en tidigare plan är en **prognos** och visas som prognos.
- Ett förbund som saknar plan för ett år visas med ”–”, aldrig som noll.

Siffrorna kommer från samma kontrollerade budgetar som planernas sidor. Alla budgetrader
finns att ladda ner som öppna data: se [Öppna data]({data}).
"""


def tkr(kronor: int) -> str:
    """Return kronor as whole tkr, rounded half away from zero: 1 438 939 kr → 1 439."""
    return formatting.number(formatting.whole_tkr(kronor))


def _share(figures: Figures, category: str) -> str:
    share = figures.cost_share(category)
    return "–" if share is None else formatting.percent(float(share))


def _front_matter(title: str, description: str) -> str:
    return f"---\ntitle: {title}\ndescription: {description}\n---\n\n"


def _chart_html(chart: charts.Chart) -> str:
    return rendered("chart.html", chart=chart, svg=Markup(chart.svg))


def year_page(year: int, comparison: Comparison, corpus: Corpus, link: Link) -> str:
    """Return the Markdown of the comparison of all förbund in one year."""
    adopted = comparison.adopted_in(year)
    rows = [_year_row(corpus.profiles[slug], adopted.get(slug), link) for slug in comparison.slugs]
    present = [(corpus.profiles[slug].short_name, adopted[slug]) for slug in comparison.slugs if slug in adopted]
    table = rendered(
        "compare_year.html",
        caption=f"Antagna budgetar {year}, alla förbund",
        categories=[f"{name}, andel" for name in COST_CATEGORIES.values()],
        rows=rows,
        year=year,
    )
    intro = (
        f"Förbundens antagna budgetar för {year}, sida vid sida: {len(adopted)} av "
        f"{len(comparison.slugs)} förbund har en plan för {year} på webbplatsen.\n"
    )
    chart = charts.cost_shares_chart(year, present)
    return (
        _front_matter(f"Jämför {year}", f"Samordningsförbundens antagna budgetar för {year} jämförda.")
        + block(f"<h1>Jämför {year}</h1>")
        + intro
        + block(table)
        + f"## Kostnadernas fördelning {year}\n"
        + block(_chart_html(chart))
        + DERIVATION.format(data="../data/index.md")
    )


def _year_row(profile: Profile, figures: Figures | None, link: Link) -> dict[str, object]:
    if figures is None:
        return {"name": profile.short_name, "figures": None}
    per_capita = figures.per_capita
    return {
        "name": profile.short_name,
        "figures": figures,
        "href": link(figures.plan_uri),
        "revenue": tkr(figures.revenue),
        "members": tkr(figures.member_contributions),
        "costs": tkr(figures.costs),
        "shares": [_share(figures, category) for category in COST_CATEGORIES],
        "result": tkr(figures.result),
        "carried_over": "–" if figures.carried_over is None else tkr(figures.carried_over),
        "per_capita": "–" if per_capita is None else formatting.number(formatting.rounded(per_capita)),
    }


def overview_page(comparison: Comparison, corpus: Corpus, link: Link) -> str:
    """Return the Markdown of the overview across all years, with links to each year."""
    years = [{"year": year, "href": link(f"{SECTION}/{year}.md")} for year in comparison.years]
    rows = []
    for slug in comparison.slugs:
        profile = corpus.profiles[slug]
        cells = []
        for year in comparison.years:
            figures = comparison.adopted.get((slug, year))
            cells.append({"text": tkr(figures.revenue), "href": link(figures.plan_uri)} if figures else {"text": "–", "href": None})
        rows.append({"name": profile.short_name, "href": link(profile.uri), "cells": cells})
    table = rendered("compare_overview.html", caption="Intäkter i antagna budgetar, tkr, per förbund och år", years=years, rows=rows)
    series = [(corpus.profiles[slug].short_name, comparison.timeline(slug)) for slug in comparison.slugs]
    chart = charts.revenue_chart(series)
    year_links = ", ".join(f"[{year}]({year}.md)" for year in comparison.years) or "inga år ännu"
    return (
        _front_matter("Jämför förbund och år", "Samordningsförbundens budgetar jämförda över alla år.")
        + "Här jämförs förbundens antagna budgetar över alla år. Välj ett år för att se alla "
        + f"förbund sida vid sida med kostnadernas fördelning: {year_links}.\n"
        + block(table)
        + "## Intäkter över tid\n"
        + block(_chart_html(chart))
        + DERIVATION.format(data="../data/index.md")
    )


def profile_history(profile: Profile, comparison: Comparison, corpus: Corpus, link: Link) -> str:
    """Return the Markdown of a förbund's budgets over time and its forecasts beside the adopted budgets."""
    timeline = comparison.timeline(profile.slug)
    if not timeline:
        return ""
    plans = {plan.uri: plan for plan in corpus.plans_of(profile.slug)}
    rows = [
        {
            "year": f.year,
            "revenue": tkr(f.revenue),
            "members": tkr(f.member_contributions),
            "costs": tkr(f.costs),
            "result": tkr(f.result),
            "href": link(f.plan_uri),
            "title": plans[f.plan_uri].display_title,
        }
        for f in timeline
    ]
    parts = [
        "\n\n## Budget över tid\n",
        block(rendered("timeline.html", caption=f"Antagna budgetar för {profile.short_name}, tkr", rows=rows)),
    ]
    pairs = comparison.forecast_pairs(profile.slug)
    if pairs:
        forecast_rows = [row for forecast, adopted in pairs for row in _forecast_rows(forecast, adopted, plans, link)]
        parts.append("\n\n## Prognoser och antagna budgetar\n\n")
        parts.append(
            "En plan kan innehålla prognoser för de följande åren. Här står varje prognos bredvid "
            "den budget som senare antogs för samma år, med skillnaden (antagen minus prognos).\n"
        )
        parts.append(block(rendered("forecasts.html", caption=f"Prognoser jämförda med antagna budgetar, {profile.short_name}", rows=forecast_rows)))
    return "".join(parts)


def _forecast_rows(forecast: Figures, adopted: Figures | None, plans: dict[str, Plan], link: Link) -> list[dict[str, object]]:
    measures = (("Intäkter", "revenue"), ("Kostnader", "costs"), ("Resultat", "result"))
    rows = []
    for name, attribute in measures:
        predicted = getattr(forecast, attribute)
        actual = getattr(adopted, attribute) if adopted else None
        rows.append(
            {
                "year": forecast.year,
                "measure": name,
                "forecast": tkr(predicted),
                "forecast_plan": plans[forecast.plan_uri].display_title,
                "forecast_href": link(forecast.plan_uri),
                "adopted": "– ingen antagen budget på webbplatsen" if actual is None else tkr(actual),
                "adopted_href": link(adopted.plan_uri) if adopted else None,
                "difference": "–" if actual is None else tkr(actual - predicted),
            }
        )
    return rows


def insatser_page(corpus: Corpus, comparison: Comparison, link: Link) -> str:
    """Return the Markdown listing every itemised insats of every plan, by förbund and year."""
    groups = []
    for slug in comparison.slugs:
        profile = corpus.profiles[slug]
        for plan in corpus.plans_of(slug):
            for budget in plan.budget:
                rows = [
                    {"label": item.label, "owner": item.owner or "–", "line": line.label, "amount": formatting.money(item.amount, plan.unit)}
                    for line in budget.costs
                    for item in line.items
                ]
                if rows:
                    kind = PHASE_NAMES[phase_of(plan.year, budget.year)]
                    groups.append({"name": profile.short_name, "year": budget.year, "plan_year": plan.year, "kind": kind, "href": link(plan.uri), "rows": rows})
    count = sum(len(g["rows"]) for g in groups)
    intro = (
        "Här finns alla insatser som förbundens planer specificerar under en kostnadsrad: "
        f"{count} insatser i {len(groups)} {'budget' if len(groups) == 1 else 'budgetar'}. De är grupperade per förbund och år, och varje grupp "
        "länkar till sin plan. Beloppen står i planens egen enhet.\n"
    )
    body = block(rendered("insatser.html", caption="Insatser per förbund och år", groups=groups)) if groups else "\nInga planer specificerar ännu några insatser.\n"
    return _front_matter("Insatser", "Alla insatser i samordningsförbundens planer, per förbund och år.") + intro + body


def data_page(files: dict[str, str], row_count: int) -> str:
    """Return the Markdown of the open-data page: the downloads and every field, from the export's own list."""
    names = {key: path.rsplit("/", 1)[-1] for key, path in files.items()}
    return (
        _front_matter("Öppna data", "Ladda ner alla budgetrader från samordningsförbundens planer som CSV och JSON.")
        + "Alla budgetrader i alla planer på webbplatsen finns att ladda ner, med samma siffror som "
        + "planernas sidor. Filerna skapas på nytt varje gång webbplatsen byggs, ur de kontrollerade "
        + f"planerna. Just nu innehåller de {formatting.number(row_count)} rader.\n\n"
        + "## Filer\n\n"
        + f"- [{names['csv']}]({names['csv']}): en rad per budgetrad och per insats, kommaseparerad, UTF-8.\n"
        + f"- [{names['json']}]({names['json']}): samma rader som en JSON-lista.\n"
        + f"- [{names['package']}]({names['package']}): en beskrivning enligt Frictionless Data Package "
        + "med tabellschema, så att filerna kan läsas och kontrolleras med vanliga verktyg.\n\n"
        + "Varje budgetrad finns med en gång (`row_type` = `line`), och varje insats under en rad en gång "
        + "till (`row_type` = `item`). Summera bara raderna av en sort: annars räknas insatserna två gånger. "
        + "Beloppen står i kronor i `amount` och som de är tryckta i `amount_as_printed`.\n\n"
        + "## Fält\n"
        + block(rendered("data_fields.html", fields=export.FIELDS))
        + "## Villkor\n\n"
        + "Planerna är allmänna handlingar från förbunden. Sammanställningen får användas fritt "
        + "(CC0 1.0). Ange gärna webbplatsen som källa.\n\n"
        + f"Hur siffrorna på jämförelsesidorna räknas fram står på sidan [Jämför](../{SECTION}/index.md).\n"
    )
