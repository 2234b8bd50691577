"""Benchmark the site on a synthetic national corpus.

It measures the build, the baseline, the check, the preview, the memory and the page size.

Not a test (pytest collects test_*.py only): a measurement, run by hand.

    .venv/bin/python tests/benchmark.py [--sizes 20,400,1600] [--runs 3] [--keep DIR]

For each size (a number of plans) it writes a temporary project (mkdocs.yml, hooks/, overrides/
and the real content/, plus a synthetic corpus from tests/synthetic.py: 20 plans = 4 förbund ×
5 years, 400 = 20 × 20, 1 600 = 80 × 20; the generator leaves a few years out, so the actual
number of plans is printed) and measures, as medians of --runs runs:

  a. `mkdocs build --strict` with the project's configuration, hooks and generated pages,
     timed as a whole process, and its peak memory (the largest of it and the processes it
     waited for);
  b. the baseline: the same förbund pages with the budgets pre-rendered as Markdown tables,
     no hooks, stock Material with automatic navigation (every page in the nav), search on;
  c. `finsam check` of the whole corpus, as a process;
  d. edit → preview: the time from saving one plan to `mkdocs serve` (what `make serve` runs)
     serving both the rebuilt plan page and its year's comparison page with the new figure;
  e. the HTML size of the plan pages in the build of (a), median and largest;
  f. the bytes a reader's browser fetches for a plan page view (headless Chromium, uncompressed
     bodies of every response until the network is idle), and that none of it is search data;
  g. a first search on that page: the time from the last keystroke to the results shown, and the
     bytes it fetched (a two-word Swedish query for an insats);
  h. the largest HTML page of the whole site in the build of (a);
  and, for the target that the largest build stay within 1.10 × the baseline of the size before
  it, the two run in turn (a b a b …), as a median of the pairs' ratios: this machine's speed
  drifts by more than that between the sizes' measurements;
  and the hooks' own work in-process (read, check, compare, generate, render every page), to
  show that it grows linearly with the number of plans.

It prints the figures, the ratios and, at the largest size, each target with PASS or FAIL.
The exit code is 0 whatever the figures are; 1 only if something failed to run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

import synthetic  # noqa: E402

from finsam import formatting  # noqa: E402
from finsam.editors import cli  # noqa: E402
from finsam.format.corpus import BUDGET_MARKER, load  # noqa: E402
from finsam.format.model import Corpus, Plan  # noqa: E402
from finsam.format.sources import read_sources  # noqa: E402
from finsam.site import compare as compare_pages  # noqa: E402
from finsam.site import pages, stash  # noqa: E402
from finsam.site.derived import compare  # noqa: E402

PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "content")
REAL_FORBUND = {path.name for path in (ROOT / "content" / "forbund").iterdir() if path.is_dir()}
SEED = 0
BUILD_TIMEOUT = 3600
SERVE_TIMEOUT = 300
POLL = 0.02
SERVE_COMMAND = (
    "mkdocs",
    "serve",
    "--dirty",
)  # what `make serve` runs (tests/test_benchmark_smoke.py checks)

# Targets at the largest size (the figures for 1 600 plans on a 2-core machine).
TARGET_BUILD_S = 8.0
TARGET_RATIO = 0.10
TARGET_CHECK_S = 1.0
TARGET_PREVIEW_S = 1.0
TARGET_PEAK_MB = 300.0
TARGET_PAGE_KB = 60.0
TARGET_HOOK_GROWTH = 4.5 / 4  # 4× the plans → at most 4.5× the hook time
# Targets for readers (issue 15), at the largest size: a page view, a first search, the largest
# page, and the build against the baseline of the second-largest size
# (400 plans: 1 600 plans ≤ 1.10 × 400 on stock Material).
TARGET_VIEW_KB = 500.0
TARGET_SEARCH_S = 1.0
TARGET_SEARCH_KB = 300.0
TARGET_LARGEST_KB = 200.0
TARGET_BASELINE_RATIO = 1.10
SEARCH_QUERY = "insatserna"


class BenchmarkError(Exception):
    """Something the benchmark runs failed: a build, the check or the server."""


def shape(size: int) -> tuple[int, int]:
    """Return (n_forbund, n_years) for about size plans.

    20 → 4 × 5, 400 → 20 × 20, 1 600 → 80 × 20.
    """
    years = 5 if size <= 100 else 20
    return max(1, math.ceil(size / years)), years


def environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


# --- projects ---------------------------------------------------------------------------------


@dataclass
class Project:
    """One size's temporary project, its baseline twin, and what was generated."""

    size: int
    n_forbund: int
    n_years: int
    folder: Path
    baseline: Path
    corpus: Corpus
    synthetic_files: int


def make_project(base: Path, size: int, seed: int = SEED) -> Project:
    """Write the project with the real and synthetic content, and its baseline, under base."""
    n_forbund, n_years = shape(size)
    folder = base / "project"
    if folder.exists():
        shutil.rmtree(folder)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, folder / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, folder / part)
    written = synthetic.write(folder / "content", n_forbund, n_years, seed)
    corpus = load(project_sources(folder))
    if corpus.problems:
        raise BenchmarkError(
            "the synthetic corpus has problems:\n"
            + "\n".join(p.message() for p in corpus.problems[:10])
        )
    baseline = base / "baseline"
    write_baseline(folder, baseline, corpus)
    return Project(size, n_forbund, n_years, folder, baseline, corpus, len(written))


def project_sources(folder: Path) -> list:
    """Return the förbund files of a project.

    Read exactly as `finsam check` and the hook read them.
    """
    project = cli.find_project(str(folder))
    sources, unreadable = read_sources(
        (uri, path, project.display(path)) for uri, path in cli.content_files(project)
    )
    if unreadable:
        raise BenchmarkError(unreadable[0].message())
    return sources


# --- the baseline: the same pages in plain Markdown, stock Material ------------------------------

BASELINE_CONFIG = """site_name: Samordningsförbundens planer (baslinje)
docs_dir: content
theme:
  name: material
  language: sv
  font: false
plugins:
  - search:
      lang: sv
markdown_extensions:
  - tables
  - footnotes
  - admonition
  - attr_list
  - def_list
  - toc:
      permalink: true
"""


def write_baseline(folder: Path, baseline: Path, corpus: Corpus) -> None:
    """Write the baseline project.

    The site's own pages as they are, förbund pages as plain Markdown.

    No hooks, no nav (automatic navigation lists every page), stock Material. A plain list of
    the förbund stands in for the generated förbund index; the other generated pages
    (comparisons, insatser, open data, error catalogue) are not in the baseline.
    """
    if baseline.exists():
        shutil.rmtree(baseline)
    docs = baseline / "content"
    docs.mkdir(parents=True)
    (baseline / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    for path in (folder / "content").iterdir():
        if path.is_file():
            shutil.copy(path, docs / path.name)
    index = ["---\ntitle: Förbund\n---\n\n# Förbund\n"]
    for profile in sorted(corpus.profiles.values(), key=lambda p: p.name):
        years = ", ".join(
            f"[{plan.year}]({profile.slug}/{plan.year}.md)"
            for plan in corpus.plans_of(profile.slug)
        )
        index.append(f"- [{profile.name}]({profile.slug}/index.md): {years}")
    _write(docs / "forbund" / "index.md", "\n".join(index) + "\n")
    for profile in corpus.profiles.values():
        plans = corpus.plans_of(profile.slug)
        documents = corpus.documents_of(profile.slug)
        text = [
            f"---\ntitle: {_yaml(profile.name)}\n---\n\n# {profile.name}\n",
            f"- Län: {profile.county}",
            f"- Medlemmar: {', '.join(profile.members)}",
        ]
        if profile.founded:
            text.append(f"- Bildat: {profile.founded}")
        if profile.website:
            text.append(f"- Webbplats: <{profile.website}>")
        text += ["", profile.body.strip(), "", "## Verksamhetsplaner", ""]
        text += [f"- [{plan.display_title}]({plan.year}.md)" for plan in plans]
        if documents:
            text += ["", "## Övriga dokument", ""] + [
                f"- [{d.title}]({d.uri.rsplit('/', 1)[1]})" for d in documents
            ]
        _write(docs / profile.uri, "\n".join(text) + "\n")
    for plan in corpus.plans:
        _write(docs / plan.uri, baseline_plan(plan, corpus.profiles[plan.slug].name))
    for document in corpus.documents:
        _write(
            docs / document.uri,
            f"---\ntitle: {_yaml(document.title)}\n---\n\n# {document.title}\n\n"
            f"{document.body.strip()}\n",
        )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def budget_markdown(plan: Plan) -> str:
    """Return a plan's budget years as Markdown tables.

    Label | category | amount, then the totals.
    """
    parts = [f"Beloppen är i {plan.unit}, så som i källdokumentet.\n"]
    for year in plan.budget:
        kind = (
            "Budget"
            if year.year == plan.year
            else ("Prognos" if year.year > plan.year else "Jämförelseår")
        )
        rows = ["| Rad | Kategori | Belopp |", "|---|---|---:|"]
        for line in year.income:
            rows.append(
                f"| {_cell(line.label)} | {line.category} | {formatting.number(line.amount)} |"
            )
        income_total = year.income_total if year.income_total is not None else year.income_sum
        rows.append(f"| **Summa intäkter** | | **{formatting.number(income_total)}** |")
        for line in year.costs:
            rows.append(
                f"| {_cell(line.label)} | {line.category} | {formatting.number(line.amount)} |"
            )
            for item in line.items:
                owner = f" ({_cell(item.owner)})" if item.owner else ""
                rows.append(
                    f"| &nbsp;&nbsp;{_cell(item.label)}{owner} | insats | "
                    f"{formatting.number(item.amount)} |"
                )
        costs_total = year.costs_total if year.costs_total is not None else year.costs_sum
        rows.append(f"| **Summa kostnader** | | **{formatting.number(costs_total)}** |")
        result = year.result if year.result is not None else year.result_computed
        rows.append(f"| **Resultat** | | **{formatting.number(result)}** |")
        if year.carried_over is not None:
            rows.append(f"| Från tidigare år | | {formatting.number(year.carried_over)} |")
        parts.append(f"\n### {kind} {year.year}\n\n" + "\n".join(rows) + "\n")
    return "".join(parts)


def baseline_plan(plan: Plan, forbund_name: str) -> str:
    head = (
        f"---\ntitle: {_yaml(plan.display_title)}\n---\n\n# {plan.display_title}\n\n"
        f"{forbund_name}, {plan.year}. Källa: {plan.source}.\n"
    )
    lines = plan.body.split("\n")
    budget = budget_markdown(plan)
    if any(line.strip() == BUDGET_MARKER for line in lines):
        body = "\n".join(budget if line.strip() == BUDGET_MARKER else line for line in lines)
    else:
        body = f"{plan.body.rstrip()}\n\n## Budget\n\n{budget}"
    return head + body


# --- processes --------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    log: str


# Linux counts in a new program's peak memory that of the process it was started from (the
# benchmark, which holds a whole corpus). A small launcher in between starts the command, times it
# and reads its peak: that of the command and every process it waited for, and nothing else.
LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
with open(sys.argv[1], "w", encoding="ascii") as handle:
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    json.dump({"seconds": seconds, "peak_kb": peak_kb}, handle)
sys.exit(code)
"""


def run_process(command: list[str], cwd: Path, timeout: float = BUILD_TIMEOUT) -> Run:
    """Run a command to its end through the launcher.

    Return its wall time and its peak memory (with the processes it waited for).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryDirectory() as folder:
        figures = Path(folder) / "figures.json"
        launcher = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(figures), *command],
            cwd=cwd,
            env=environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            returncode = launcher.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            returncode = launcher.wait()
        out.seek(0)
        log = out.read().decode("utf-8", "replace")
        measured = (
            json.loads(figures.read_text(encoding="ascii"))
            if figures.exists()
            else {"seconds": float(timeout), "peak_kb": 0}
        )
    return Run(measured["seconds"], measured["peak_kb"] / 1024, returncode, log)


def mkdocs_build(folder: Path, site: Path, strict: bool) -> Run:
    """Build folder into site from nothing (an earlier site there is removed first, untimed).

    Return the run.
    """
    if site.exists():
        shutil.rmtree(site)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    if strict:
        command.append("--strict")
    run = run_process(command, folder)
    if run.returncode != 0:
        raise BenchmarkError(
            f"mkdocs build in {folder} failed ({run.returncode}):\n{run.log[-4000:]}"
        )
    return run


def measure_build(project: Project, runs: int) -> tuple[list[Run], Path]:
    """(a): the project's strict build, runs times; return the runs and the last site."""
    site = project.folder.parent / "site"
    return [mkdocs_build(project.folder, site, strict=True) for _ in range(runs)], site


def measure_baseline(project: Project, runs: int) -> list[Run]:
    """(b): the baseline's build.

    Not strict: the site's own pages link to generated pages it lacks.
    """
    return [
        mkdocs_build(project.baseline, project.baseline / "site", strict=False) for _ in range(runs)
    ]


def measure_paired(large: Path, small: Path, runs: int) -> list[float]:
    """a at the largest size and b at the size before it, run in turn (a b a b …).

    Each pair's ratio, so that the machine's drift between them cancels out.
    """
    pairs = (
        (
            mkdocs_build(large / "project", large / "paired-site", True),
            mkdocs_build(small / "baseline", small / "paired-site", False),
        )
        for _ in range(runs)
    )
    return [a.seconds / b.seconds for a, b in pairs]


def measure_check(project: Project, runs: int) -> list[Run]:
    """(c): `finsam check` of the whole corpus, as the editors run it, runs times."""
    results = []
    for _ in range(runs):
        run = run_process([sys.executable, "-m", "finsam.editors.cli", "check"], project.folder)
        if run.returncode != 0:
            raise BenchmarkError(f"finsam check failed ({run.returncode}):\n{run.log[-4000:]}")
        results.append(run)
    return results


# --- the hooks' own work, in-process ------------------------------------------------------------


def hook_work(folder: Path) -> int:
    """Do what the hooks do for a build.

    Read, check, compare, generate pages, render every förbund page.
    """
    corpus = load(project_sources(folder))
    comparison = compare(corpus)
    link = lambda uri: uri  # noqa: E731 - a trivial link function
    generated = pages.generated_content(corpus, comparison, lambda uri: link, link)
    rendered = 0
    for item in [*corpus.profiles.values(), *corpus.plans, *corpus.documents]:
        _, markdown = pages.page(item, corpus, comparison, link)
        markdown, _ = stash.stash(markdown)
        rendered += len(markdown)
    for markdown in generated.values():
        if isinstance(markdown, str):  # the workbook is bytes
            stash.stash(markdown)
    return rendered


def measure_hooks(project: Project, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        hook_work(project.folder)
        times.append(time.perf_counter() - start)
    return times


# --- (d) edit → preview with mkdocs serve --------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = SERVE_TIMEOUT) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - localhost
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


@dataclass
class Edit:
    """The plan edited in (d).

    A forecast-free plan whose one cost line, costs_total and result change together.
    """

    path: Path
    slug: str
    year: int
    unit: str
    line_text: str
    label: str
    amount: int
    costs_kronor: int
    factor: int
    delta: int = 0
    words: list[str] = field(default_factory=list)


FLOW_LINE = re.compile(
    r"^      - \{label: (?P<label>.+), category: (?P<category>[a-z]+), amount: "
    r"(?P<amount>[0-9]+)\}$"
)


def choose_edit(project: Project) -> Edit:
    """Return a synthetic plan with one budget year, no discrepancies and plain integer amounts."""
    from finsam.format.model import UNITS

    candidates = [
        p
        for p in project.corpus.plans
        if len(p.budget) == 1 and not p.discrepancies and p.unit in ("kr", "tkr")
    ]
    for plan in sorted(candidates, key=lambda p: (-p.year, p.uri)):
        path = project.folder / "content" / plan.uri
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        budget = plan.budget[0]
        totals_plain = all(
            re.fullmatch(rf"    {name}: -?[0-9]+", line)
            for line in lines
            for name in ("costs_total", "result")
            if line.startswith(f"    {name}:")
        )
        if not totals_plain:
            continue
        for line in lines:
            match = FLOW_LINE.match(line)
            if (
                match
                and lines.count(line) == 1
                and any(
                    c.label == synthetic_label(match["label"]) and not c.items for c in budget.costs
                )
            ):
                factor = UNITS[plan.unit]
                return Edit(
                    path,
                    plan.slug,
                    plan.year,
                    plan.unit,
                    line,
                    match["label"],
                    int(match["amount"]),
                    budget.costs_sum * factor,
                    factor,
                )
    raise BenchmarkError("no plan fit for the edit → preview measurement")


def synthetic_label(text: str) -> str:
    return text[1:-1].replace('\\"', '"') if text.startswith('"') else text


def apply_edit(edit: Edit, run: int) -> tuple[str, str]:
    """Change the plan: +step on one cost line (and costs_total, result), one new word.

    Return what to look for.
    """
    step = 7 * (1000 // edit.factor)  # 7 tkr, in the plan's unit
    text = edit.path.read_text(encoding="utf-8")
    old_amount = edit.amount + edit.delta
    edit.delta += step
    new_line = edit.line_text.replace(
        f"amount: {edit.amount}}}", f"amount: {edit.amount + edit.delta}}}"
    )
    current = edit.line_text.replace(f"amount: {edit.amount}}}", f"amount: {old_amount}}}")
    assert text.count(current + "\n") == 1, "the edited line is not in the plan"
    text = text.replace(current + "\n", new_line + "\n")
    text = re.sub(
        r"^(    costs_total: )(-?[0-9]+)$",
        lambda m: f"{m[1]}{int(m[2]) + step}",
        text,
        flags=re.MULTILINE,
    )
    text = re.sub(
        r"^(    result: )(-?[0-9]+)$",
        lambda m: f"{m[1]}{int(m[2]) - step}",
        text,
        flags=re.MULTILINE,
    )
    word = f"Mätord{run}x{random.randrange(10**9)}"
    edit.words.append(word)
    text = text.rstrip("\n") + f"\n\n{word}.\n"
    costs = compare_pages.tkr(edit.costs_kronor + edit.delta * edit.factor)
    with open(edit.path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return word, costs


def compare_costs(html: str, slug: str, year: int) -> str | None:
    """Return the costs cell (tkr) of a förbund's row on a year's comparison page, as shown.

    The third number of the row (after revenue and member contributions), without its marks.
    """
    row = re.search(rf'forbund/{re.escape(slug)}/{year}/">[^<]*</a></th>(.*?)</tr>', html)
    cells = re.findall(r'<td class="finsam-num">(.*?)</td>', row.group(1)) if row else []
    if len(cells) < 3:
        return None
    shown = re.sub(
        r'<sup class="finsam-mark".*?</sup>|<span class="finsam-visually-hidden">.*?</span>',
        "",
        cells[2],
    )
    return re.sub(r"<[^>]+>", "", shown)


def measure_preview(project: Project, runs: int) -> list[float]:
    """(d): save one plan, time until mkdocs serve serves the change.

    That is the new plan page and the new comparison figure.
    """
    edit = choose_edit(project)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    plan_url = f"{base}/forbund/{edit.slug}/{edit.year}/"
    year_url = f"{base}/jamfor/{edit.year}/"
    log_path = project.folder.parent / "serve.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", *SERVE_COMMAND, "-a", f"127.0.0.1:{port}"],
            cwd=project.folder,
            env=environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            # Ctrl-C stops it even when the benchmark runs in the background.
            preexec_fn=_default_sigint,
        )
    try:
        deadline = time.perf_counter() + SERVE_TIMEOUT
        while fetch(plan_url, timeout=5) is None:
            if server.poll() is not None or time.perf_counter() > deadline:
                raise BenchmarkError(
                    f"mkdocs serve did not serve {plan_url}:\n"
                    f"{log_path.read_text(errors='replace')[-4000:]}"
                )
            time.sleep(0.2)
        start_costs = compare_costs(fetch(year_url) or "", edit.slug, edit.year)
        if start_costs != compare_pages.tkr(edit.costs_kronor):
            raise BenchmarkError(
                f"the comparison page {year_url} does not show "
                f"{compare_pages.tkr(edit.costs_kronor)} for {edit.slug} (found {start_costs})"
            )
        times = []
        for run in range(runs):
            time.sleep(1.5)  # let the server settle
            word, costs = apply_edit(edit, run)
            start = time.perf_counter()
            plan_done = year_done = False
            while not (plan_done and year_done):
                if time.perf_counter() - start > SERVE_TIMEOUT or server.poll() is not None:
                    raise BenchmarkError(
                        f"the preview did not show the change within {SERVE_TIMEOUT} s:\n"
                        f"{log_path.read_text(errors='replace')[-4000:]}"
                    )
                plan_done = plan_done or word in (fetch(plan_url) or "")
                year_done = (
                    year_done or compare_costs(fetch(year_url) or "", edit.slug, edit.year) == costs
                )
                if not (plan_done and year_done):
                    time.sleep(POLL)
            times.append(time.perf_counter() - start)
        return times
    finally:
        stop(server)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(process: subprocess.Popen) -> None:
    """Stop the server: Ctrl-C as at the terminal, then terminate, then kill."""
    for action, wait in (
        (lambda: process.send_signal(signal.SIGINT), 10),
        (process.terminate, 5),
        (process.kill, 5),
    ):
        if process.poll() is not None:
            return
        action()
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --- (e) page sizes -------------------------------------------------------------------------------

PLAN_PAGE = re.compile(r"forbund/[a-z0-9-]+/[0-9]{4}/index\.html")


def plan_page_sizes(site: Path) -> list[int]:
    return [
        path.stat().st_size
        for path in site.glob("forbund/*/*/index.html")
        if PLAN_PAGE.fullmatch(path.relative_to(site).as_posix())
    ]


# --- (f, g) a reader's page view and first search, in Chromium; (h) the largest page --------------


def largest_page(site: Path) -> tuple[int, str]:
    """(h): return the size and path of the largest HTML page of the site."""
    return max(
        (path.stat().st_size, path.relative_to(site).as_posix()) for path in site.rglob("*.html")
    )


def measure_reader(site: Path, plan_path: str) -> tuple[float, float, float, bool]:
    """(f, g): return what a plan page view and a first search fetch.

    The KB fetched by a plan page view, the seconds and KB of a first search, and whether the view
    fetched search data.
    """
    import threading

    from browser_support import CHROMIUM, LAUNCH_ARGS
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    fetched: list[tuple[str, int]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "requestfinished",
                lambda request: fetched.append((request.url, _body_size(request))),
            )
            page.goto(f"{base}/{plan_path}")
            page.wait_for_load_state("networkidle")
            view = sum(size for _, size in fetched)
            search_data = any("/pagefind/" in url for url, _ in fetched)
            fetched.clear()
            page.keyboard.press("/")
            page.keyboard.type(SEARCH_QUERY)
            start = time.perf_counter()
            page.wait_for_function(
                "() => /^[\\d\\s]+ "
                "sökresultat/.test(document.querySelector('.md-search-result__meta').textContent)",
                timeout=30_000,
            )
            seconds = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            search = sum(size for _, size in fetched)
            browser.close()
    finally:
        server.shutdown()
    return view / 1024, seconds, search / 1024, search_data


def _body_size(request) -> int:
    response = request.response()
    try:
        return len(response.body()) if response else 0
    except Exception:  # noqa: BLE001 - a body that cannot be read (a redirect) counts as nothing
        return 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


# --- one size, and the report ---------------------------------------------------------------------


@dataclass
class Result:
    size: int
    shape: str
    plans: int
    pages: int
    build: float
    baseline: float
    check: float
    preview: float
    peak_mb: float
    baseline_peak_mb: float
    page_kb_median: float
    page_kb_max: float
    hooks: float
    view_kb: float = float("nan")
    search_s: float = float("nan")
    search_kb: float = float("nan")
    view_has_search_data: bool = False
    largest_kb: float = float("nan")
    largest_path: str = ""


def measure(size: int, runs: int, base: Path, say=print) -> Result:
    project = make_project(base, size)
    plans = len(project.corpus.plans)
    real = sum(1 for plan in project.corpus.plans if plan.slug in REAL_FORBUND)
    say(
        f"  size {size}: {project.n_forbund} förbund × {project.n_years} years → {plans} plans "
        f"({plans - real} synthetic + {real} real), {len(project.corpus.profiles)} förbund"
    )
    hooks = measure_hooks(project, runs)
    say(f"    hooks' own work: {statistics.median(hooks):.3f} s")
    builds, site = measure_build(project, runs)
    say(
        f"    a. build --strict: {statistics.median(r.seconds for r in builds):.2f} s, peak "
        f"{max(r.peak_mb for r in builds):.0f} MB"
    )
    page_count = sum(1 for _ in site.rglob("index.html"))
    sizes = plan_page_sizes(site)
    baselines = measure_baseline(project, runs)
    say(f"    b. baseline: {statistics.median(r.seconds for r in baselines):.2f} s")
    checks = measure_check(project, runs)
    say(f"    c. finsam check: {statistics.median(r.seconds for r in checks):.2f} s")
    previews = measure_preview(project, runs)
    say(
        f"    d. edit → preview: {statistics.median(previews):.2f} s "
        f"({', '.join(f'{t:.2f}' for t in previews)})"
    )
    plan = max(project.corpus.plans, key=lambda p: (p.year, p.uri))
    readers = [measure_reader(site, f"forbund/{plan.slug}/{plan.year}/") for _ in range(runs)]
    largest, largest_path = largest_page(site)
    say(
        f"    f. page view: {statistics.median(r[0] for r in readers):.0f} KB; g. first search: "
        f"{statistics.median(r[1] for r in readers):.2f} s, "
        f"{statistics.median(r[2] for r in readers):.0f} KB; h. largest page: "
        f"{largest / 1024:.0f} KB ({largest_path})"
    )
    return Result(
        size=size,
        shape=f"{project.n_forbund}×{project.n_years}",
        plans=plans,
        pages=page_count,
        build=statistics.median(r.seconds for r in builds),
        baseline=statistics.median(r.seconds for r in baselines),
        check=statistics.median(r.seconds for r in checks),
        preview=statistics.median(previews),
        peak_mb=max(r.peak_mb for r in builds),
        baseline_peak_mb=max(r.peak_mb for r in baselines),
        page_kb_median=statistics.median(sizes) / 1024 if sizes else float("nan"),
        page_kb_max=max(sizes) / 1024 if sizes else float("nan"),
        hooks=statistics.median(hooks),
        view_kb=statistics.median(r[0] for r in readers),
        search_s=statistics.median(r[1] for r in readers),
        search_kb=statistics.median(r[2] for r in readers),
        view_has_search_data=any(r[3] for r in readers),
        largest_kb=largest / 1024,
        largest_path=largest_path,
    )


def table(results: list[Result], runs: int) -> str:
    head = (
        "size",
        "shape",
        "plans",
        "pages",
        "a build s",
        "b base s",
        "a/b",
        "c check s",
        "d preview s",
        "peak MB",
        "base MB",
        "plan KB med/max",
        "hooks s",
        "hooks ×",
        "plans ×",
        "f view KB",
        "g search s/KB",
        "h largest KB",
    )
    rows = []
    previous = None
    for r in results:
        growth = f"{r.hooks / previous.hooks:.2f}" if previous else "–"
        plans_growth = f"{r.plans / previous.plans:.2f}" if previous else "–"
        rows.append(
            (
                str(r.size),
                r.shape,
                str(r.plans),
                str(r.pages),
                f"{r.build:.2f}",
                f"{r.baseline:.2f}",
                f"{r.build / r.baseline:.3f}",
                f"{r.check:.3f}",
                f"{r.preview:.2f}",
                f"{r.peak_mb:.0f}",
                f"{r.baseline_peak_mb:.0f}",
                f"{r.page_kb_median:.1f}/{r.page_kb_max:.1f}",
                f"{r.hooks:.3f}",
                growth,
                plans_growth,
                f"{r.view_kb:.0f}",
                f"{r.search_s:.2f}/{r.search_kb:.0f}",
                f"{r.largest_kb:.0f}",
            )
        )
        previous = r
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    out = [
        f"Medians of {runs} run(s); peak MB is the largest of the runs; times are whole processes.",
        line(head),
        line(["-" * w for w in widths]),
    ]
    out += [line(row) for row in rows]
    return "\n".join(out)


def verdicts(results: list[Result], paired: list[float]) -> list[tuple[str, str, bool]]:
    """Return (target, measured, passed) at the largest size.

    And the build against the baseline and the hooks' growth between the last two sizes.
    """
    last = results[-1]
    found = [
        (f"a. build ≤ {TARGET_BUILD_S:g} s", f"{last.build:.2f} s", last.build <= TARGET_BUILD_S),
        (
            f"a/b ≤ {TARGET_RATIO:g}",
            f"{last.build / last.baseline:.3f}",
            last.build / last.baseline <= TARGET_RATIO,
        ),
        (f"c. check ≤ {TARGET_CHECK_S:g} s", f"{last.check:.3f} s", last.check <= TARGET_CHECK_S),
        (
            f"d. edit → preview ≤ {TARGET_PREVIEW_S:g} s (plan and comparison page)",
            f"{last.preview:.2f} s",
            last.preview <= TARGET_PREVIEW_S,
        ),
        (
            f"e. peak memory of a ≤ {TARGET_PEAK_MB:g} MB",
            f"{last.peak_mb:.0f} MB",
            last.peak_mb <= TARGET_PEAK_MB,
        ),
        (
            f"e. plan page ≤ {TARGET_PAGE_KB:g} KB of HTML (largest)",
            f"{last.page_kb_max:.1f} KB",
            last.page_kb_max <= TARGET_PAGE_KB,
        ),
        (
            f"f. plan page view ≤ {TARGET_VIEW_KB:g} KB fetched, no search data",
            f"{last.view_kb:.0f} KB, search data: {'yes' if last.view_has_search_data else 'no'}",
            last.view_kb <= TARGET_VIEW_KB and not last.view_has_search_data,
        ),
        (
            f"g. first search ≤ {TARGET_SEARCH_S:g} s",
            f"{last.search_s:.2f} s",
            last.search_s <= TARGET_SEARCH_S,
        ),
        (
            f"g. first search ≤ {TARGET_SEARCH_KB:g} KB fetched",
            f"{last.search_kb:.0f} KB",
            last.search_kb <= TARGET_SEARCH_KB,
        ),
        (
            f"h. largest page ≤ {TARGET_LARGEST_KB:g} KB of HTML",
            f"{last.largest_kb:.0f} KB ({last.largest_path})",
            last.largest_kb <= TARGET_LARGEST_KB,
        ),
    ]
    if len(results) >= 2:
        before = results[-2]
        ratio = statistics.median(paired)
        found.append(
            (
                (
                    f"a ≤ {TARGET_BASELINE_RATIO:g} × b of the previous size ({before.plans} "
                    "plans, "
                    "stock Material), search indexing included, runs in turn"
                ),
                (
                    f"median of {len(paired)} pairs {ratio:.2f} "
                    f"({', '.join(f'{r:.2f}' for r in paired)})"
                ),
                ratio <= TARGET_BASELINE_RATIO,
            )
        )
        plans_ratio = last.plans / before.plans
        hooks_ratio = last.hooks / before.hooks
        allowed = TARGET_HOOK_GROWTH * plans_ratio
        found.append(
            (
                (
                    f"hooks linear: {before.plans}→{last.plans} plans (×{plans_ratio:.2f}) → hook "
                    f"time ≤ ×{allowed:.2f}"
                ),
                f"×{hooks_ratio:.2f}",
                hooks_ratio <= allowed,
            )
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="20,400,1600",
        help="numbers of plans, comma-separated (default 20,400,1600)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs per measurement; the median is reported (default 3)",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="write the projects under DIR/size-N and keep them (default: a temporary folder, "
        "removed)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1 or not sizes or min(sizes) < 1:
        parser.error("--runs and every size must be at least 1")
    temporary = None if args.keep else tempfile.TemporaryDirectory(prefix="finsam-benchmark-")
    base = Path(args.keep or temporary.name).resolve()
    print(
        f"Benchmark: sizes {sizes}, {args.runs} run(s) each, {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}, projects in {base}"
    )
    results, paired = [], []
    try:
        for size in sizes:
            folder = base / f"size-{size}"
            folder.mkdir(parents=True, exist_ok=True)
            results.append(measure(size, args.runs, folder))
        if len(sizes) >= 2:
            paired = measure_paired(
                base / f"size-{sizes[-1]}", base / f"size-{sizes[-2]}", args.runs
            )
            print(
                f"  a at {sizes[-1]} / b at {sizes[-2]}, run in turn: "
                f"{', '.join(f'{r:.3f}' for r in paired)}"
            )
    except (BenchmarkError, OSError, subprocess.SubprocessError) as error:
        print(f"benchmark: failed: {error}", file=sys.stderr)
        return 1
    finally:
        if temporary is not None:
            temporary.cleanup()
    print()
    print(table(results, args.runs))
    print()
    print(f"Targets at {results[-1].plans} plans (size {results[-1].size}):")
    for target, measured, passed in verdicts(results, paired):
        print(f"  {'PASS' if passed else 'FAIL'}  {target}: {measured}")
    print()
    print(
        "b is stock Material without hooks, automatic navigation, not strict; it has a plain "
        "förbund list but not the other generated pages (comparisons, insatser, data, error "
        "catalogue)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
