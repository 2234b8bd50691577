"""The incremental preview (`make serve` runs `mkdocs serve --dirty`) is never stale.

Unit tests of finsam.site.preview's decisions, then real incremental builds in this process (as
`mkdocs serve` runs them), each compared file by file with a clean build of the same content.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from conftest import VALID_PLAN, copy_project, run_build
from mkdocs.commands.build import build
from mkdocs.config import load_config

from finsam.format.sources import Source
from finsam.site import preview, search

PLAN = "forbund/varend/2022.md"
PROFILE = "forbund/varend/index.md"
OTHER_PLAN = "forbund/rar-sormland/2023.md"
RAR_FILES = (
    "forbund/rar-sormland/index.md",
    "forbund/rar-sormland/2021.md",
    OTHER_PLAN,
    "forbund/rar-sormland/styrelsemote-2023-04-05.md",
)


def _seen(
    files: dict[str, bytes],
    nav: object = ("nav",),
    settings: bytes = b"mkdocs.yml",
    generated: dict[str, str] | None = None,
) -> preview.BuildState:
    sources = [Source(uri, f"content/{uri}", data) for uri, data in files.items()]
    return preview.build_state(sources, nav, settings, generated or {})


FILES = {
    PROFILE: b"profile",
    PLAN: b"plan 2022",
    "forbund/varend/2023.md": b"plan 2023",
    **{uri: uri.encode() for uri in RAR_FILES},
}


def test_the_first_build_and_a_new_navigation_or_settings_build_everything() -> None:
    current = _seen(FILES)
    assert preview.everything_changed(None, current)
    assert preview.everything_changed(_seen(FILES, nav=("other nav",)), current)
    assert preview.everything_changed(_seen(FILES, settings=b"other settings"), current)
    assert not preview.everything_changed(_seen(FILES), current)


def test_a_saved_plan_rebuilds_its_page_and_its_forbund_page_only() -> None:
    changed = {**FILES, PLAN: b"plan 2022, edited"}
    assert preview.stale_pages(_seen(FILES), _seen(changed)) == {PLAN, PROFILE}


def test_a_saved_profile_rebuilds_every_page_of_its_forbund() -> None:
    changed = {**FILES, PROFILE: b"profile, new name"}
    assert preview.stale_pages(_seen(FILES), _seen(changed)) == {
        PROFILE,
        PLAN,
        "forbund/varend/2023.md",
    }


def test_an_added_or_removed_plan_rebuilds_its_forbund_page() -> None:
    added = {**FILES, "forbund/varend/2024.md": b"plan 2024"}
    assert preview.stale_pages(_seen(FILES), _seen(added)) == {PROFILE, "forbund/varend/2024.md"}
    assert preview.stale_pages(_seen(added), _seen(FILES)) == {PROFILE}


def test_nothing_saved_rebuilds_nothing() -> None:
    assert preview.stale_pages(_seen(FILES), _seen(dict(FILES))) == set()


def test_only_generated_content_that_differs_is_written_again() -> None:
    before = _seen(FILES, generated={"jamfor/2022.md": "a", "jamfor/2023.md": "b"})
    after = _seen(
        FILES, generated={"jamfor/2022.md": "a", "jamfor/2023.md": "c", "jamfor/2024.md": "d"}
    )
    assert preview.changed_generated(before, after) == {"jamfor/2023.md", "jamfor/2024.md"}


# --- real incremental builds -----------------------------------------------------------------


class Preview:
    """A project folder built incrementally in this process.

    The way `mkdocs serve --dirty` builds it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.site = folder / "preview-site"
        self.builds = 0

    def build(self) -> None:
        """Build the site again, incrementally after the first build."""
        config = self.config = load_config(str(self.folder / "mkdocs.yml"), site_dir=str(self.site))
        if self.builds == 0:
            config.plugins.on_startup(command="serve", dirty=True)
        self.builds += 1
        build(config, dirty=True)

    def wait(self) -> None:
        """Wait for what the preview makes beside its pages (the glue's session's jobs)."""
        (glue,) = self.config.hooks.values()
        glue._session.jobs.wait()

    def write(self, uri: str, text: str) -> None:
        """Save a content file, a moment after the last build (as an editor would)."""
        path = self.folder / "content" / uri
        path.write_text(text, encoding="utf-8")
        later = max(os.path.getmtime(p) for p in self.site.rglob("*.html")) + 1
        os.utime(path, (later, later))

    def written(self, url: str) -> float:
        """Return when a page was last written."""
        return os.path.getmtime(self.site / url / "index.html")


@pytest.fixture()
def preview_project(tmp_path: Path) -> Preview:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    project = Preview(copy_project(tmp_path / "project", {}))
    project.build()
    return project


def _same_as_a_clean_build(project: Preview, tmp_path: Path) -> None:
    project.wait()  # the preview waits for neither the workbook nor the search index
    clean = run_build(project.folder, tmp_path / f"clean-{project.builds}")
    assert clean.returncode == 0, clean.log
    made = {p.relative_to(clean.site) for p in clean.site.rglob("*") if p.is_file()}
    kept = {p.relative_to(project.site) for p in project.site.rglob("*") if p.is_file()}
    assert kept == made
    for path in sorted(made):
        if path.parts[0] == search.FOLDER:
            # The index's files are named by their content: the same names are the same index.
            continue
        if path.suffix != ".gz":
            assert (project.site / path).read_bytes() == (clean.site / path).read_bytes(), (
                f"{path} is stale"
            )


@pytest.mark.slow
def test_a_saved_plan_updates_its_pages_the_comparisons_and_the_data(
    preview_project: Preview, tmp_path: Path
) -> None:
    untouched = preview_project.written("forbund/rar-sormland/2023/")
    text = (preview_project.folder / "content" / PLAN).read_text(encoding="utf-8")
    edited = (
        text.replace("amount: 4262000", "amount: 5262000")
        .replace("income_total: 6292000", "income_total: 7292000")
        .replace("amount: 1700000", "amount: 2700000")
        .replace("costs_total: 6292000", "costs_total: 7292000")
        + "\nOrdet förhandsvisning.\n"
    )
    preview_project.write(PLAN, edited)
    preview_project.build()
    assert "förhandsvisning" in (preview_project.site / "forbund/varend/2022/index.html").read_text(
        encoding="utf-8"
    )
    assert "5\u00a0262" in (preview_project.site / "jamfor/2022/index.html").read_text(
        encoding="utf-8"
    )
    preview_project.wait()  # the preview writes its data files just after its pages
    assert "5262000" in (preview_project.site / "data/budgetrader.csv").read_text(encoding="utf-8")
    assert preview_project.written("forbund/rar-sormland/2023/") == untouched
    _same_as_a_clean_build(preview_project, tmp_path)


@pytest.mark.slow
def test_a_new_plan_year_rebuilds_every_page_and_removing_it_removes_its_page(
    preview_project: Preview, tmp_path: Path
) -> None:
    preview_project.write("forbund/varend/2024.md", VALID_PLAN)
    preview_project.build()
    assert (preview_project.site / "jamfor/2024/index.html").is_file()
    _same_as_a_clean_build(preview_project, tmp_path)
    (preview_project.folder / "content/forbund/varend/2024.md").unlink()
    preview_project.build()
    assert not (preview_project.site / "forbund/varend/2024/index.html").exists()
    assert not (preview_project.site / "jamfor/2024/index.html").exists()
    _same_as_a_clean_build(preview_project, tmp_path)


@pytest.mark.slow
def test_a_renamed_forbund_is_renamed_on_all_its_pages(
    preview_project: Preview, tmp_path: Path
) -> None:
    text = (preview_project.folder / "content" / PROFILE).read_text(encoding="utf-8")
    preview_project.write(
        PROFILE,
        text.replace(
            "name: Samordningsförbundet Värend", "name: Samordningsförbundet Värend och Sunnerbo", 1
        ),
    )
    preview_project.build()
    assert "Värend och Sunnerbo" in (
        preview_project.site / "forbund/varend/2022/index.html"
    ).read_text(encoding="utf-8")
    _same_as_a_clean_build(preview_project, tmp_path)


@pytest.mark.slow
def test_a_changed_county_updates_the_start_pages_list_of_forbund(
    preview_project: Preview, tmp_path: Path
) -> None:
    text = (preview_project.folder / "content" / PROFILE).read_text(encoding="utf-8")
    preview_project.write(PROFILE, text.replace("county: Kronobergs län", "county: Kalmar län", 1))
    preview_project.build()
    start = (preview_project.site / "index.html").read_text(encoding="utf-8")
    assert "Samordningsförbundet Värend</a>, Kalmar län" in start
    _same_as_a_clean_build(preview_project, tmp_path)


@pytest.mark.slow
def test_a_broken_save_keeps_the_pages_and_shows_the_problems_until_it_is_mended(
    preview_project: Preview, tmp_path: Path
) -> None:
    (glue,) = preview_project.config.hooks.values()
    pages = {p: p.read_bytes() for p in preview_project.site.rglob("*.html") if "404" not in p.name}
    text = (preview_project.folder / "content" / PLAN).read_text(encoding="utf-8")
    preview_project.write(PLAN, text.replace("year: 2022", "year: tjugotjugotvå", 1))
    preview_project.build()  # no error: the preview goes on
    shown = glue._session.shown_problems()
    assert "content/forbund/varend/2022.md, rad " in shown and "fältet year" in shown
    assert {p: p.read_bytes() for p in pages} == pages  # nothing written over, nothing removed
    preview_project.write(PLAN, text + "\nOrdet lagad.\n")
    preview_project.build()
    assert glue._session.shown_problems() is None
    assert "lagad" in (preview_project.site / "forbund/varend/2022/index.html").read_text(
        encoding="utf-8"
    )
    _same_as_a_clean_build(preview_project, tmp_path)


# RAR Sörmland's plan for 2022 beside Värend's: each plan page's budget at a glance compares with
# the other's (finsam.site.glance), so a save of one changes the other's page too.
RAR_2022 = "forbund/rar-sormland/2022.md"
RAR_2022_PLAN = """---
forbund: rar-sormland
year: 2022
source: Testplan
unit: tkr
budget:
  2022:
    income:
      - {label: Medlemsavgifter, category: members, amount: 16000}
    costs:
      - {label: Kansli, category: administration, amount: 3000}
      - {label: Insatser, category: individual, amount: 13000}
---
Text.
"""


@pytest.mark.slow
def test_a_saved_plan_rebuilds_the_plans_whose_glance_compares_with_it(tmp_path: Path) -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    project = Preview(copy_project(tmp_path / "project", {RAR_2022: RAR_2022_PLAN}))
    project.build()
    other = project.site / "forbund/rar-sormland/2022/index.html"
    assert "11\u00a0146" in other.read_text(encoding="utf-8")  # the median: (6 292 + 16 000) / 2
    untouched = project.written("forbund/rar-sormland/2023/")
    text = (project.folder / "content" / PLAN).read_text(encoding="utf-8")
    project.write(
        PLAN,
        text.replace("amount: 4262000", "amount: 5262000")
        .replace("income_total: 6292000", "income_total: 7292000")
        .replace("amount: 1700000", "amount: 2700000")
        .replace("costs_total: 6292000", "costs_total: 7292000"),
    )
    project.build()
    assert "11\u00a0646" in other.read_text(encoding="utf-8")  # Värend's 7 292 tkr in the median
    assert project.written("forbund/rar-sormland/2023/") == untouched  # no budget for 2022
    _same_as_a_clean_build(project, tmp_path)


def test_a_page_whose_glance_shows_other_figures_is_stale_though_its_files_are_not() -> None:
    before = preview.build_state(
        [Source(uri, f"content/{uri}", data) for uri, data in FILES.items()],
        ("nav",),
        b"mkdocs.yml",
        {},
        glances={PLAN: ("median", 1), OTHER_PLAN: ("median", 2), PROFILE: ("median", 1)},
    )
    after = preview.build_state(
        [Source(uri, f"content/{uri}", data) for uri, data in FILES.items()],
        ("nav",),
        b"mkdocs.yml",
        {},
        glances={PLAN: ("median", 3), OTHER_PLAN: ("median", 2), PROFILE: ("median", 3)},
    )
    assert preview.stale_pages(before, after) == {PLAN, PROFILE}


def test_serve_looks_for_saves_more_often_rebuilds_sooner_and_still_watches_the_same_paths(
    tmp_path: Path,
) -> None:
    from mkdocs.livereload import LiveReloadServer

    project = copy_project(tmp_path / "project", {})
    config = load_config(str(project / "mkdocs.yml"))
    hooks = config.plugins["hooks/plans.py"]
    import mkdocs_compat

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    watched = dict(server._watched_paths)
    observed = {watch.path for watch in server.observer._watches}
    assert hooks.on_serve(server, config=config, builder=server.builder) is server
    assert server.observer.timeout == mkdocs_compat.POLL_SECONDS < 0.5
    assert server.build_delay == mkdocs_compat.BUILD_DELAY_SECONDS < 0.1
    assert server._watched_paths == watched
    assert {watch.path for watch in server.observer._watches} == observed
