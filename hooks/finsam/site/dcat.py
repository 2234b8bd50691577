"""data/katalog.rdf: the open data described for Sveriges dataportal, in DCAT-AP-SE 3.0.1.

Sveriges dataportal (dataportal.se) harvests a publisher's catalogue every night. The catalogue
is RDF/XML in DCAT-AP-SE, the Swedish profile of the European DCAT-AP: the catalogue itself (title,
description, publisher, homepage, language, licence, where to report an error), one dataset per
kind of data (budget lines, key figures, discrepancies), and one distribution per file of each.
Themes, languages, places, file types and licences are addresses from the EU's vocabularies, each
typed as DCAT-AP's shapes expect, so that the catalogue validates without inference.

Addresses are those of the built site: absolute when `site_url` is set, else relative to the
catalogue's folder, which a harvester reads against the catalogue's own address.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

from .addresses import DATA, DATA_FILES, url_from
from .feed import AUTHOR as PUBLISHER

PROFILE = "https://docs.dataportal.se/dcat/3.0.1/"  # DCAT-AP-SE 3.0.1 (dct:conformsTo)
EU = "http://publications.europa.eu/resource/authority"
LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/"
LANGUAGE = f"{EU}/language/SWE"
SWEDEN = f"{EU}/country/SWE"
THEMES = (
    (f"{EU}/data-theme/GOVE", "Regeringen och den offentliga sektorn"),
    (f"{EU}/data-theme/ECON", "Ekonomi och finans"),
)
KEYWORDS = ("samordningsförbund", "finansiell samordning", "rehabilitering", "budget")
FORMATS = {  # a file's ending: its file type in the EU vocabulary and its media type
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
TITLE = "Samordningsförbundens budgetar"
DESCRIPTION = (
    "Budgetarna i samordningsförbundens verksamhetsplaner, så som de publiceras på webbplatsen "
    "Samordningsförbundens planer: varje budgetrad, nyckeltalen per förbund och år samt de summor "
    "som inte går ihop med sina rader. Varje summa i en plan kontrolleras mot planens rader när "
    "webbplatsen byggs. Samordningsförbunden bildas enligt lagen (2003:1210) om finansiell "
    "samordning av rehabiliteringsinsatser."
)
NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DATE = NAMESPACES["xsd"] + "date"
DATE_TIME = NAMESPACES["xsd"] + "dateTime"


@dataclass(frozen=True, slots=True)
class Dataset:
    """One kind of data: its name in the catalogue, title, description and files (DATA_FILES)."""

    name: str
    title: str
    description: str
    files: tuple[str, ...]


DATASETS = (
    Dataset(
        "budgetrader",
        "Budgetrader och insatser i samordningsförbundens verksamhetsplaner",
        "Varje budgetrad och varje insats i planernas budgetar, för varje budgetår i varje plan: "
        "beloppet i kronor och så som det står i planen, kategori, plan och förbund. Finns även "
        "i arbetsboken och beskrivs i datapaketet (Frictionless Data Package).",
        ("csv", "json", "xlsx", "package"),
    ),
    Dataset(
        "nyckeltal",
        "Nyckeltal per samordningsförbund och år",
        "Summor, andelar och bidrag per invånare för varje förbund och budgetår, som på "
        "webbplatsens jämförelsesidor, med uppgift om vilka siffror webbplatsen har beräknat (de "
        "är inte tryckta i planen) och vilka som berörs av en avvikelse. En siffra som planen "
        "inte anger är tom, aldrig 0.",
        ("figures_csv", "figures_json", "xlsx", "package"),
    ),
    Dataset(
        "avvikelser",
        "Avvikelser: summor som inte går ihop med sina rader",
        "Varje tryckt summa i en plan som inte stämmer med summan av sina rader, med tryckt och "
        "beräknad siffra och uppgift om avvikelsen är bekräftad i originaldokumentet.",
        ("discrepancies_csv", "discrepancies_json", "package"),
    ),
)
FILE_TITLES = {  # the files whose names do not say what they are; the others go by their names
    "xlsx": "Arbetsbok (Excel)",
    "package": "Datapaket (Frictionless Data Package, JSON)",
}


@dataclass(frozen=True, slots=True)
class Site:
    """What the catalogue says of the site: its addresses, years, last change, error reports."""

    url_for: Callable[[str], str]
    years: Sequence[int]
    modified: str | None  # when a plan last changed (ISO 8601), from the repository's history
    contact: str | None  # where to report an error: the issue form, if the site is on GitHub


def catalogue(site: Site) -> str:
    """Return the catalogue as RDF/XML."""
    site = replace(site, url_for=_from_catalogue(site.url_for))
    home = site.url_for("index.md")
    own = site.url_for(DATA_FILES["catalogue"])
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<rdf:RDF "
        + " ".join(f"xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in NAMESPACES.items())
        + ">",
        f"  <dcat:Catalog rdf:about={quoteattr(own)}>",
        *_texts(TITLE, DESCRIPTION),
        _agent(home),
        f"    <foaf:homepage><foaf:Document rdf:about={quoteattr(home)}/></foaf:homepage>",
        _typed("dcterms:language", "dcterms:LinguisticSystem", LANGUAGE),
        _typed("dcterms:license", "dcterms:LicenseDocument", LICENCE),
        _typed("dcterms:spatial", "dcterms:Location", SWEDEN),
        _typed("dcterms:conformsTo", "dcterms:Standard", PROFILE),
        *_modified(site.modified),
        *_contact(site.contact),
        *(
            f"    <dcat:dataset>\n{_dataset(dataset, site, own, home)}\n    </dcat:dataset>"
            for dataset in DATASETS
        ),
        "  </dcat:Catalog>",
        "</rdf:RDF>",
    ]
    return "\n".join(lines) + "\n"


def _dataset(dataset: Dataset, site: Site, own: str, home: str) -> str:
    """Return one dataset, with its distributions."""
    address = f"{own}#{dataset.name}"
    lines = [
        f"      <dcat:Dataset rdf:about={quoteattr(address)}>",
        *_texts(dataset.title, dataset.description),
        _agent(home),
        *(f'      <dcat:keyword xml:lang="sv">{escape(word)}</dcat:keyword>' for word in KEYWORDS),
        *(
            f"      <dcat:theme><skos:Concept rdf:about={quoteattr(theme)}>"
            f'<skos:prefLabel xml:lang="sv">{escape(label)}</skos:prefLabel>'
            "</skos:Concept></dcat:theme>"
            for theme, label in THEMES
        ),
        _typed("dcterms:language", "dcterms:LinguisticSystem", LANGUAGE),
        _typed("dcterms:spatial", "dcterms:Location", SWEDEN),
        *_period(site.years),
        *_modified(site.modified),
        *_contact(site.contact),
        "      <dcat:landingPage>"
        f"<foaf:Document rdf:about={quoteattr(site.url_for(DATA))}/></dcat:landingPage>",
        *(
            f"      <dcat:distribution>\n{_distribution(kind, site, address)}\n"
            "      </dcat:distribution>"
            for kind in dataset.files
        ),
        "      </dcat:Dataset>",
    ]
    return "\n".join(lines)


def _distribution(kind: str, site: Site, dataset: str) -> str:
    """Return one file of a dataset as a distribution."""
    url = site.url_for(DATA_FILES[kind])
    name = posixpath.basename(DATA_FILES[kind])
    file_type, media_type = FORMATS[name.rsplit(".", 1)[-1]]
    title = FILE_TITLES.get(kind, name)
    return "\n".join(
        [
            f"        <dcat:Distribution rdf:about={quoteattr(f'{dataset}-{kind}')}>",
            f'          <dcterms:title xml:lang="sv">{escape(title)}</dcterms:title>',
            f"          <dcat:accessURL rdf:resource={quoteattr(url)}/>",
            f"          <dcat:downloadURL rdf:resource={quoteattr(url)}/>",
            "  "
            + _typed("dcterms:format", "dcterms:MediaTypeOrExtent", f"{EU}/file-type/{file_type}"),
            "  "
            + _typed(
                "dcat:mediaType",
                "dcterms:MediaType",
                f"https://www.iana.org/assignments/media-types/{media_type}",
            ),
            "  " + _typed("dcterms:license", "dcterms:LicenseDocument", LICENCE),
            "        </dcat:Distribution>",
        ]
    )


def _from_catalogue(url_for: Callable[[str], str]) -> Callable[[str], str]:
    """Return url_for with each address from the site's root made relative to the catalogue."""
    folder = posixpath.dirname(DATA_FILES["catalogue"])
    return lambda uri: url_from(url_for(uri), folder)


def _texts(title: str, description: str) -> list[str]:
    return [
        f'    <dcterms:title xml:lang="sv">{escape(title)}</dcterms:title>',
        f'    <dcterms:description xml:lang="sv">{escape(description)}</dcterms:description>',
    ]


def _agent(home: str) -> str:
    return (
        "    <dcterms:publisher><foaf:Agent>"
        f'<foaf:name xml:lang="sv">{escape(PUBLISHER)}</foaf:name>'
        f"<foaf:homepage><foaf:Document rdf:about={quoteattr(home)}/></foaf:homepage>"
        "</foaf:Agent></dcterms:publisher>"
    )


def _typed(property_name: str, class_name: str, uri: str) -> str:
    return f"    <{property_name}><{class_name} rdf:about={quoteattr(uri)}/></{property_name}>"


def _modified(when: str | None) -> list[str]:
    """Return the date of the last change: a date, or a date and time (as git gives it)."""
    if not when:
        return []
    kind = DATE_TIME if "T" in when else DATE
    return [
        f"    <dcterms:modified rdf:datatype={quoteattr(kind)}>{escape(when)}</dcterms:modified>"
    ]


def _period(years: Sequence[int]) -> list[str]:
    if not years:
        return []
    return [
        "      <dcterms:temporal><dcterms:PeriodOfTime>"
        f"<dcat:startDate rdf:datatype={quoteattr(DATE)}>{min(years)}-01-01</dcat:startDate>"
        f"<dcat:endDate rdf:datatype={quoteattr(DATE)}>{max(years)}-12-31</dcat:endDate>"
        "</dcterms:PeriodOfTime></dcterms:temporal>"
    ]


def _contact(url: str | None) -> list[str]:
    if not url:
        return []
    return [
        "      <dcat:contactPoint><vcard:Organization>"
        f'<rdf:type rdf:resource="{NAMESPACES["vcard"]}Kind"/>'
        '<vcard:fn xml:lang="sv">Rapportera ett fel i en plan</vcard:fn>'
        f"<vcard:hasURL rdf:resource={quoteattr(url)}/>"
        "</vcard:Organization></dcat:contactPoint>"
    ]
