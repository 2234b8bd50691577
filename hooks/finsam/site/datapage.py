"""The open-data page: the files to download and every field in them.

From the export's own lists.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from functools import cache

from .. import formatting
from . import dcat, export, keyfigures
from .addresses import (
    DATA,
    FEED,
    FIGURES_CSV_NAME,
    FIGURES_JSON_NAME,
    FORBUND_DATA,
    FORBUND_SCHEMA,
    OVERVIEW,
    relative,
)
from .markup import html_escaped, table_html, tbody, th
from .meta import front_matter
from .stash import block

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RDF_TYPE = "application/rdf+xml"


def data_page(files: dict[str, str], row_count: int, years: Sequence[int] = ()) -> str:
    """Return the Markdown of the open-data page.

    The downloads and every field, from the export's own lists; the files described for search
    engines as a schema.org Dataset (years: the budget years published).
    """
    names = {key: path.rsplit("/", 1)[-1] for key, path in files.items()}
    description = (
        "Ladda ner budgetraderna och nyckeltalen från samordningsförbundens planer som Excel, "
        "CSV och JSON."
    )
    return (
        front_matter("Öppna data", description)
        + _introduction(row_count)
        + _workbook_section(names)
        + _program_section(names)
        + _catalogue_section(names)
        + _fields_section()
        + _terms_section()
        + block(_dataset_markup(names, years))
    )


def _introduction(row_count: int) -> str:
    """Return what the files hold and when they are made."""
    return (
        "Alla budgetrader i alla planer på webbplatsen finns att ladda ner, med samma siffror som "
        "på planernas sidor, och förbundens nyckeltal per år med samma siffror som på "
        "jämförelsesidorna. Filerna skapas på nytt varje gång webbplatsen byggs, efter att "
        "budgetarnas rader har kontrollerats mot planernas tryckta summor. Just nu finns "
        f"{formatting.number(row_count)} budgetrader och insatser.\n\n"
    )


def _workbook_section(names: dict[str, str]) -> str:
    """Return the section on the workbook, and the feed."""
    return (
        "## Att öppna i Excel\n\n"
        f"- [{names['xlsx']}]({names['xlsx']}): en arbetsbok för Excel, LibreOffice och Numbers "
        "med svenska kolumnnamn och belopp som tal. Bladet *Budgetrader* har alla budgetrader och "
        "insatser, bladet *Nyckeltal* förbundens nyckeltal per år som på jämförelsesidorna, med "
        "uppgift om vilka siffror som är beräknade, bladet *Avvikelser* alla summor som inte går "
        "ihop med sina rader, och bladet *Om arbetsboken* förklarar bladen, kolumnerna, "
        "enheterna och källorna.\n\n"
        "Varje år under [Jämför]"
        f"({relative(OVERVIEW, DATA)}) finns också som en egen arbetsbok med årets tabell, "
        "länkad från årets sida.\n\n"
        "Vill du veta när en plan läggs till eller ändras? Prenumerera på [flödet med nya och "
        f"ändrade planer]({relative(FEED, DATA)}) (Atom) i din flödesläsare.\n\n"
    )


def _program_section(names: dict[str, str]) -> str:
    """Return the section on the files for programs: CSV, JSON and the data package."""
    return (
        "## Filer för program\n\n"
        "CSV-filerna här är skrivna för program: kommaseparerade, med decimalpunkt och engelska "
        "kolumnnamn, i UTF-8 utan byte order mark (BOM), så som Frictionless och de flesta "
        "verktyg läser dem. I Excel med svenska inställningar hamnar varje rad i en enda "
        f"kolumn: öppna i stället [{names['xlsx']}]({names['xlsx']}), som har samma rader i "
        "bladen *Budgetrader*, *Nyckeltal* och *Avvikelser*.\n\n"
        f"- [{names['csv']}]({names['csv']}): en rad per budgetrad och per insats, "
        "kommaseparerad, UTF-8.\n"
        f"- [{names['json']}]({names['json']}): samma rader som en JSON-lista.\n"
        + _figure_files(names)
        + _discrepancy_files(names)
        + _forbund_files()
        + f"- [{names['package']}]({names['package']}): en beskrivning av alla filerna enligt "
        "Frictionless Data Package version 2 med tabellscheman, så att de kan läsas och "
        "kontrolleras med vanliga verktyg.\n\n"
        "Varje budgetrad finns med en gång (`row_type` = `line`), och varje insats under en rad "
        "en gång till (`row_type` = `item`). Summera bara raderna av en sort: annars räknas "
        "insatserna två gånger. Beloppen står i kronor i `amount` och som i planen i "
        "`amount_as_printed`.\n\n"
    )


def _catalogue_section(names: dict[str, str]) -> str:
    """Return the section on the DCAT catalogue and how to register it with Sveriges dataportal."""
    if "catalogue" not in names:
        return ""
    name = names["catalogue"]
    return (
        "## För Sveriges dataportal\n\n"
        f"[{name}]({name}) beskriver filerna på den här sidan i RDF/XML enligt DCAT-AP-SE 3.0.1, "
        "den svenska profilen av den europeiska standarden DCAT-AP. Det är det format som "
        "[Sveriges dataportal](https://www.dataportal.se/) läser: portalen hämtar varje natt "
        "katalogen från den adress som en organisation har registrerat och visar datamängderna "
        "där och i den europeiska dataportalen. Katalogen beskriver tre datamängder "
        "(budgetraderna, nyckeltalen och avvikelserna) med en länk till varje fil.\n\n"
        "Så registrerar ett förbund eller webbplatsens ägare katalogen:\n\n"
        "1. Logga in på [admin.dataportal.se](https://admin.dataportal.se/) med organisationens "
        "konto. De flesta offentliga organisationer finns redan där; finns inte din organisation, "
        "kontakta Digg, som förvaltar portalen.\n"
        "2. Ange katalogens fullständiga adress (den här sidans adress följd av "
        f"`{name}`) som organisationens skördningskälla under *Katalogregistrering*.\n"
        "3. Vill du först se hur portalen läser katalogen, kan du provskörda den på "
        "[sandbox.admin.dataportal.se](https://sandbox.admin.dataportal.se/).\n\n"
    )


def _fields_section() -> str:
    """Return the tables of every field of the budget lines and the key figures."""
    return (
        "## Fält\n"
        + block(_fields_html(f"Fälten i {export.CSV_NAME} och {export.JSON_NAME}", export.FIELDS))
        + block(
            _fields_html(f"Fälten i {FIGURES_CSV_NAME} och {FIGURES_JSON_NAME}", keyfigures.FIELDS)
        )
    )


def _terms_section() -> str:
    """Return the terms of use, and where the key figures are explained."""
    return (
        "## Villkor\n\n"
        "Planerna är allmänna handlingar från förbunden. Sammanställningen får användas fritt "
        "(CC0 1.0). Ange gärna webbplatsen som källa.\n\n"
        f"Hur nyckeltalen beräknas står på sidan [Jämför]({relative(OVERVIEW, DATA)}).\n"
    )


def _forbund_files() -> str:
    """Return the list item of the förbund's own JSON files and their schema."""
    folder = posixpath.basename(FORBUND_DATA)
    schema = posixpath.basename(FORBUND_SCHEMA)
    return (
        f"- `{folder}/<förbund>.json`, en fil per förbund, där `<förbund>` är förbundets kod i "
        f"webbadressen (till exempel hör filen `{folder}/varend.json` till förbundets sida "
        "`forbund/varend/`): uppgifter om förbundet och alla dess planer med budgetrader, "
        "insatser och nyckeltal per budgetår. Varje siffra står i kronor (andelar som ett tal "
        "mellan 0 och 1) och, om den är ett belopp, även i planens enhet, med uppgift om "
        "webbplatsen har beräknat den och om en avvikelse berör den; för varje budgetår anges om "
        "det är planens budget, en prognos eller ett tidigare år. Förbundets sida och varje plans "
        f"sida länkar till filen. Filernas format beskrivs i JSON-schemat [{schema}]({schema}), "
        "som varje fil hänvisar till i fältet `$schema`.\n"
    )


def _figure_files(names: dict[str, str]) -> str:
    """Return the list item of the key figures' files, where the site writes them."""
    if "figures_csv" not in names:
        return ""
    csv_name, json_name = names["figures_csv"], names["figures_json"]
    return (
        f"- [{csv_name}]({csv_name}) och [{json_name}]({json_name}): nyckeltalen för varje "
        "förbund och år, en rad per "
        "budget och en per prognos, i kronor. Kolumnen `computed` räknar upp de siffror i raden "
        "som webbplatsen har beräknat "
        "(de är inte tryckta i planen), och kolumnen `discrepancy` de siffror som berörs av en "
        "avvikelse. "
        "En siffra som planen inte anger är tom, aldrig 0.\n"
    )


def _discrepancy_files(names: dict[str, str]) -> str:
    """Return the list item of the discrepancies' files, where the site writes them."""
    if "discrepancies_csv" not in names:
        return ""
    csv_name, json_name = names["discrepancies_csv"], names.get("discrepancies_json")
    also = f" och [{json_name}]({json_name})" if json_name else ""
    return (
        f"- [{csv_name}]({csv_name}){also}: varje summa i planerna som inte går ihop med sina "
        "rader. "
        "Kolumnen `confirmed` är `true` om avskriften är jämförd med originaldokumentet och "
        "siffrorna inte går ihop där heller "
        "(ett fel i källdokumentet), och `false` om den inte är det (raderna så som de är "
        "avskrivna går inte ihop med den tryckta summan).\n"
    )


def _dataset_markup(names: dict[str, str], years: Sequence[int]) -> str:
    """Return the files as a schema.org Dataset in JSON-LD, for search engines.

    Addresses are relative to the data page, where the markup is; `<` is written as \\u003c, so that
    no text can end the script element.
    """
    formats = {"csv": "text/csv", "json": "application/json", "xlsx": XLSX_TYPE, "rdf": RDF_TYPE}
    dataset: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dcat.TITLE,
        "description": dcat.DESCRIPTION,
        "url": "./",
        "inLanguage": "sv",
        "keywords": list(dcat.KEYWORDS),
        "license": dcat.LICENCE,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": dcat.PUBLISHER, "url": "../"},
        "publisher": {"@type": "Organization", "name": dcat.PUBLISHER, "url": "../"},
        "spatialCoverage": {"@type": "Place", "name": "Sverige"},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "contentUrl": name,
                "encodingFormat": formats[name.rsplit(".", 1)[-1]],
            }
            for name in names.values()
        ],
    }
    if years:
        dataset["temporalCoverage"] = f"{min(years)}/{max(years)}"
    text = json.dumps(dataset, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>'


@cache
def _fields_html(caption: str, fields: tuple[tuple[str, str, str], ...]) -> str:
    """Return the table of a file's fields: name, type and description."""
    body = (
        f'<tr><th scope="row"><code>{_breakable_name(name)}</code></th>'
        f"<td>{kind}</td><td>{html_escaped(description)}</td></tr>"
        for name, kind, description in fields
    )
    return table_html(caption, th("Fält", "Typ", "Beskrivning"), tbody(body))


def _breakable_name(name: str) -> str:
    """Return a field's name, escaped, with a place to break the line after each underscore."""
    return "_<wbr>".join(html_escaped(part) for part in name.split("_"))
