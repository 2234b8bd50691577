"""The DCAT-AP-SE catalogue (data/katalog.rdf) that Sveriges dataportal harvests.

Validated with pySHACL against the DCAT-AP 3.0.1 shapes from their publisher, kept outside the
project in ../shared/validators/ (never copied into it).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, Build

from finsam.site import dcat
from finsam.site.addresses import DATA_FILES

rdflib = pytest.importorskip("rdflib")
pyshacl = pytest.importorskip("pyshacl")

SHAPES = Path(
    os.environ.get("DCAT_AP_SHAPES", ROOT.parent / "shared/validators/dcat-ap-3.0.1-SHACL.ttl")
)
BASE = "https://example.org/"  # where the catalogue is read from, for its addresses from the root
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _shapes() -> rdflib.Graph:
    if not SHAPES.is_file():
        pytest.skip(f"the DCAT-AP 3.0.1 shapes are not at {SHAPES} (set DCAT_AP_SHAPES)")
    return rdflib.Graph().parse(SHAPES, format="turtle")


def _graph(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="xml", publicID=BASE + DATA_FILES["catalogue"])


def _violations(graph: rdflib.Graph) -> list[str]:
    """Return each violation pySHACL finds, as its message and focus node."""
    _, report, _ = pyshacl.validate(graph, shacl_graph=_shapes(), inference="none")
    return [
        f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
        f"{report.value(result, SH.resultMessage)}"
        for result in report.subjects(SH.resultSeverity, SH.Violation)
    ]


def _catalogue(site: Build) -> str:
    return (site.site / DATA_FILES["catalogue"]).read_text(encoding="utf-8")


@pytest.mark.slow  # builds the real site
def test_the_built_catalogue_has_no_violation_of_the_dcat_ap_shapes(real_site: Build) -> None:
    assert real_site.returncode == 0, real_site.log
    assert _violations(_graph(_catalogue(real_site))) == []


@pytest.mark.slow  # builds the real site
def test_the_shapes_find_a_missing_mandatory_property(real_site: Build) -> None:
    graph = _graph(_catalogue(real_site))
    catalogue = next(graph.subjects(rdflib.RDF.type, DCAT.Catalog))
    graph.remove((catalogue, DCT.publisher, None))
    distribution = next(graph.subjects(rdflib.RDF.type, DCAT.Distribution))
    graph.remove((distribution, DCAT.accessURL, None))
    found = _violations(graph)
    assert any(str(catalogue) in line and "publisher" in line for line in found), found
    assert any(str(distribution) in line and "accessURL" in line for line in found), found


@pytest.mark.slow  # builds the real site
def test_every_address_in_the_catalogue_is_a_file_of_the_built_site(real_site: Build) -> None:
    graph = _graph(_catalogue(real_site))
    addresses = {
        str(url)
        for prop in (DCAT.accessURL, DCAT.downloadURL, DCAT.landingPage, rdflib.FOAF.homepage)
        for url in graph.objects(None, prop)
    }
    assert len(addresses) >= 9
    for address in addresses:
        assert address.startswith(BASE), address
        path = urlsplit(address).path.lstrip("/")
        target = real_site.site / path
        assert (target / "index.html" if path.endswith("/") or not path else target).is_file(), (
            address
        )


@pytest.mark.slow  # builds the real site
def test_the_catalogue_describes_each_kind_of_data_with_its_files(real_site: Build) -> None:
    graph = _graph(_catalogue(real_site))
    datasets = {
        str(graph.value(dataset, DCT.title)): {
            urlsplit(str(graph.value(distribution, DCAT.downloadURL))).path.rsplit("/", 1)[-1]
            for distribution in graph.objects(dataset, DCAT.distribution)
        }
        for dataset in graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    }
    assert len(datasets) == 3
    assert {"budgetrader.csv", "budgetrader.json", "budget.xlsx", "datapackage.json"} in (
        datasets.values()
    )
    assert {"avvikelser.csv", "avvikelser.json", "datapackage.json"} in datasets.values()
    catalogue = next(graph.subjects(rdflib.RDF.type, DCAT.Catalog))
    assert graph.value(catalogue, DCT.title).language == "sv"
    assert str(graph.value(catalogue, DCT.language)).endswith("/language/SWE")
    modified = graph.value(catalogue, DCT.modified)  # from git: the real site is in a repository
    assert modified is not None and not modified.ill_typed, modified


def test_absolute_addresses_when_the_site_address_is_known() -> None:
    site = dcat.Site(
        lambda uri: "https://planer.example.se/" + uri.removesuffix("index.md"),
        (2021, 2024),
        "2026-11-30",
        "https://github.com/o/r/issues/new?template=fel-i-en-plan.yml",
    )
    graph = rdflib.Graph().parse(data=dcat.catalogue(site), format="xml")
    assert _violations(graph) == []
    urls = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert "https://planer.example.se/data/nyckeltal.csv" in urls
    period = next(graph.objects(None, DCT.temporal))
    assert str(graph.value(period, DCAT.startDate)) == "2021-01-01"
    assert str(graph.value(period, DCAT.endDate)) == "2024-12-31"
    assert {str(date) for date in graph.objects(None, DCT.modified)} == {"2026-11-30"}


def test_an_address_with_an_ampersand_is_read_as_written() -> None:
    site = dcat.Site(lambda uri: f"{uri}?a=1&b=2", (), None, None)
    graph = _graph(dcat.catalogue(site))
    assert "/data/budgetrader.csv?a=1&b=2" in {
        urlsplit(str(url)).path + "?" + urlsplit(str(url)).query
        for url in graph.objects(None, DCAT.downloadURL)
    }


@pytest.mark.slow  # builds the real site
def test_the_data_page_describes_the_same_files_for_search_engines(real_site: Build) -> None:
    page = real_site.page("data")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert len(scripts) == 1
    dataset = json.loads(scripts[0])
    assert (dataset["@type"], dataset["license"], dataset["inLanguage"]) == (
        "Dataset",
        dcat.LICENCE,
        "sv",
    )
    assert dataset["publisher"]["name"] == dcat.PUBLISHER
    names = {download["contentUrl"] for download in dataset["distribution"]}
    assert names == {path.rsplit("/", 1)[-1] for path in DATA_FILES.values()}
    for name in names:
        assert (real_site.site / "data" / name).is_file(), name
    assert re.fullmatch(r"\d{4}/\d{4}", dataset["temporalCoverage"])
