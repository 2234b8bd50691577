"""The editors' command line: `finsam check`, `finsam new` and `finsam import`, all in Swedish.

`check` reads the content folder exactly as the MkDocs hook does (every file MkDocs would give
it, read with the same functions) and prints the same messages as `mkdocs build`, in the same
order, without building the site, and exits as the strict build (the pull request's and the
publishing one) does: 0 no problems, 1 errors or warnings (or unread lines for import), 2 wrong
use of the command.

Everything the commands print goes through out and err (main), which make every line printable
(finsam.problems.printable_lines): a log that GitHub's runner reads obeys none of it. The only
workflow commands printed are those `check --format github` means to print (command=True), made
by finsam.editors.github with every text in them escaped by GitHub's rules.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import yaml

from ..background import free_cores
from ..format.corpus import load
from ..format.model import FIRST_YEAR, UNITS, Corpus
from ..format.paths import PROFILE_NAME, SECTION, folder_of, plan_year
from ..format.sources import Source, is_content, read_sources
from ..problems import Problem, errors, printable_lines, strict_summary, summary, warnings
from ..site import validation
from ..site.validation import Folder

if TYPE_CHECKING:
    from .importer import Draft
    from .scaffold import Facts

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_DOCS_DIR = "content"
ERROR_PREFIX = f"{'ERROR':<8}-  "
WARNING_PREFIX = f"{'WARNING':<8}-  "
USAGE = 2


class UsageError(Exception):
    """A mistake in how the command was called, or a project it cannot find: exit code 2."""


# --- argparse in Swedish ----------------------------------------------------------------------

ARGPARSE_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"de här argumenten saknas: \1"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"argumentet \1: ogiltigt val \2 (välj bland \3)",
    ),
    (r"argument (\S+): expected one argument", r"argumentet \1: behöver ett värde"),
    (r"argument (\S+): expected at least one argument", r"argumentet \1: behöver minst ett värde"),
    (
        r"argument (\S+): ignored explicit argument (.*)",
        r"argumentet \1: tar inget värde (fick \2)",
    ),
    (
        r"argument (\S+): not allowed with argument (.*)",
        r"argumentet \1: kan inte kombineras med \2",
    ),
    (r"argument (\S+): invalid \S+ value: (.*)", r"argumentet \1: ogiltigt värde \2"),
    (r"argument (\S+): (.*)", r"argumentet \1: \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"tvetydig flagga \1: kan betyda \2"),
    (r"one of the arguments (.*) is required", r"ett av argumenten \1 behövs"),
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help text as written (examples keep their lines), with a Swedish usage prefix."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "Användning: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose every visible text is Swedish."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - passed on to argparse
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="visa den här hjälpen och avsluta",
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print the usage and a Swedish error, and exit with code 2."""
        for pattern, replacement in ARGPARSE_MESSAGES:
            if re.fullmatch(pattern, message, re.DOTALL):
                message = re.sub(pattern, replacement, message, flags=re.DOTALL)
                break
        self.print_usage(sys.stderr)
        # the arguments as given: printable, as all output
        self.exit(USAGE, printable_lines(f"{self.prog}: fel: {message}") + "\n")


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text.strip()) or not FIRST_YEAR <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(
            f'"{text}" är inget årtal: skriv året med fyra siffror, {FIRST_YEAR} eller senare, '
            "t.ex. 2024"
        )
    return int(text)


def _years(text: str) -> list[int]:
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    years = [_year(p) for p in parts]
    if not years or years != sorted(set(years)):
        raise argparse.ArgumentTypeError(
            f'"{text}": skriv åren i ordning, åtskilda med kommatecken, t.ex. 2021,2022,2023'
        )
    return years


def _unit(text: str) -> str:
    if text not in UNITS:
        raise argparse.ArgumentTypeError(f'"{text}": välj en av {", ".join(UNITS)}')
    return text


MAIN_HELP = """\
Verktyg för redaktörerna av samordningsförbundens planer: kontrollera innehållet
utan att bygga webbplatsen, skapa nya planer och förbund, läsa in budgeten ur en PDF
eller en inklistrad tabell, och se vad en ändring gör med budgetarna.

Kör kommandona i projektets mapp (där mkdocs.yml finns) eller i en mapp under den.
Webbplatsens sidor visar dem som make-kommandon (make check, make new, make import,
make diff), som kör finsam."""

MAIN_EPILOG = """\
exempel:
  finsam check                                  kontrollera allt innehåll
  finsam check content/forbund/varend/2022.md   kontrollera en fil
  finsam new rar-sormland 2024                  ny plan från förbundets senaste plan
  finsam new ostra-skaraborg 2025 --namn …      nytt förbund: profil och första plan
  finsam import dokument.pdf --into PLAN        budgeten ur en PDF, inskriven i planen
  finsam diff                                   vad ändringen gör med budgetarna (mot main)

Kör finsam KOMMANDO --help för mer om ett kommando. Se också sidan Planformatet."""

CHECK_HELP = """\
Kontrollera planer, förbund och dokument under content/ utan att bygga webbplatsen.
Meddelandena är desamma, och kommer i samma ordning, som när webbplatsen byggs
(make build eller make serve). Kontrollen stoppar vid samma problem som bygget i pull
requesten och vid publiceringen: både fel (ERROR) och varningar (WARNING), eftersom
webbplatsen inte publiceras med varningar. Bara förhandsvisningen (make serve) visar
sidorna trots varningar.

Utan SÖKVÄG kontrolleras hela innehållet. Med en eller flera filer eller mappar under
content/ visas bara problemen i dem; resten av innehållet läses ändå, så att t.ex.
förbundets profil hittas.

Med --format github skrivs varje problem som ett kommando till GitHub, så att pull
requesten visar det vid raden i filen, och alla meddelanden i loggen. Finns
miljövariabeln GITHUB_STEP_SUMMARY skrivs resultatet också dit, som Markdown.

Slutstatus: 0 om inga fel eller varningar finns, 1 om det finns fel eller varningar,
2 om kommandot används fel."""

CHECK_EPILOG = """\
exempel:
  finsam check
  finsam check content/forbund/varend/2022.md
  finsam check content/forbund/rar-sormland/
  finsam check --format github      i GitHubs arbetsflöde"""

DIFF_HELP = """\
Visa vad en ändring gör med budgetarna: innehållet i content/ som det är nu jämförs med
innehållet i BAS (en gren, tagg eller commit i git). Utan BAS jämförs med den punkt där
grenen skildes från main (git merge-base HEAD main).

Resultatet är Markdown på svenska, per förbund, plan och budgetår: rader som lagts till,
tagits bort och ändrats (med belopp före och efter och skillnaden, i planens enhet),
de tryckta summorna och resultatet före och efter, avvikelser som lagts till, tagits bort
eller fått en ändrad förklaring eller bekräftelse (confirmed), planernas övriga uppgifter
(titel, källdokument och dess adress, antagningsdatum, enhet), förbundens uppgifter (namn,
organisationsnummer, medlemmar, invånare 16–64 år med flera), planer och förbund som lagts
till eller tagits bort, och sidorna som ändras. En ny plan jämförs med förbundets närmast
föregående plan. Oförändrade rader visas inte. Finns miljövariabeln SITE_URL blir sidorna
länkar dit.

Fel som stoppar bygget står först, under en rad i fetstil, och räknas i sammanfattningen:
filer som har fel efter ändringen (de kunde inte läsas och jämförs inte) och avvikelser i
en ändrad plan som inte stämmer med budgeten. Filer som bara hade fel före ändringen
räknas upp sist. Kör make check för felmeddelandena.

Slutstatus: 0 när jämförelsen är gjord och ändringen inte ger några sådana fel, 1 när
den ger fel som stoppar bygget, 2 om kommandot används fel eller BAS inte finns."""

DIFF_EPILOG = """\
exempel:
  finsam diff                  jämför med main
  finsam diff origin/main      jämför med grenen main på GitHub
  finsam diff HEAD             visa ändringar som inte är sparade i git än
  finsam diff v2024 > diff.md  skriv jämförelsen till en fil"""

NEW_HELP = """\
Skapa ett utkast till en ny plan eller ett nytt förbund under content/forbund/.

Med ÅR skrivs content/forbund/FÖRBUND/ÅR.md, planen för året. Har förbundet en tidigare
plan används den som förlaga: samma rader, kategorier, insatser och insatsägare, och samma
rubriker i texten. Har förbundet ingen plan skrivs en mall.

Allt som bara finns i det nya dokumentet står som platshållare: FYLL I: följt av vad
som ska fyllas i. Det gäller belopp, summor, datum, source och unit, texten under varje
rubrik, och rubriker och radnamn från förra planen som nämner ett årtal (de visar hur
det stod där). Kontrollen (finsam check) räknar upp varje platshållare som är kvar, och
en fil med en platshållare publiceras aldrig.

Har förbundet ingen profil skrivs den också, content/forbund/FÖRBUND/index.md, så att
ett nytt förbund läggs in med ett kommando. Det du redan vet om förbundet kan du ange med
flaggorna nedan; resten står som platshållare. Utan ÅR skrivs bara profilen.

En fil som redan finns skrivs aldrig över."""

NEW_EPILOG = """\
exempel:
  finsam new rar-sormland 2024     plan för 2024 från förbundets senaste plan
  finsam new ostra-skaraborg 2025 --namn "Samordningsförbundet Östra Skaraborg" \\
      --kortnamn "Östra Skaraborg" --lan "Västra Götalands län" \\
      --medlem "Västra Götalandsregionen" --medlem "Skövde kommun"
                                   nytt förbund: profil och första plan
  finsam new ostra-skaraborg       bara en ny profil för förbundet

FÖRBUND är mappens namn: små bokstäver a–z, siffror och bindestreck (å, ä → a; ö → o)."""

IMPORT_HELP = """\
Gör ett utkast till front-matter (unit:, budget: och vid behov discrepancies:) av en
budgettabell: ur en PDF (dess text), ur en textfil med hela dokumentet eller ur en tabell
som kopierats ur en PDF. I ett helt dokument letar kommandot själv upp budgettabellen och
anger var den står; dokumentets titel föreslås som source.

Utan --into skrivs utkastet på standard ut. Med --into PLAN skrivs det i planfilen:
unit, budget och discrepancies ersätts, source bara om fältet är tomt eller en
platshållare (FYLL I), och övriga fält, kommentarer och texten står kvar. Har planen
redan belopp skrivs ingenting, om du inte anger --replace.

Raderna läses som etikett följd av ett belopp per år (t.ex. "Kansli 3 000 3 000 3 000").
Årtalen tas från tabellens rubrik (t.ex. "Intäkter 2021 2022 2023"), från --years eller,
med --into och en enda beloppskolumn utan årtal, från planens year. Summarader (Summa
intäkter, S:A KOSTNADER, Resultat, Över-/underskott från tidigare år) blir tryckta
summor, rader med insatsägare (i en egen kolumn) blir insatser under raden ovanför.
Kategorin gissas ur etiketten och märks "# kontrollera kategorin". Inget belopp ändras:
siffrorna står som i texten, bara utan mellanrum. Kostnader som står med minustecken
skrivs utan tecken, med en kommentar om det.

Rader som inte kan läsas visas på standard fel med radnummer (i en PDF: sida och rad) och
står som kommentarer i utkastet. Slutstatus: 0 om alla rader lästes (och utkastet
skrevs), 1 om någon rad inte kunde läsas eller ingenting skrevs, 2 om kommandot används
fel."""

IMPORT_EPILOG = """\
exempel:
  finsam import dokument.pdf
  finsam import dokument.pdf --into content/forbund/varend/2025.md
  finsam import dokument.pdf --into content/forbund/varend/2025.md --replace
  finsam import tabell.txt --years 2021,2022,2023 --unit tkr
  pbpaste | finsam import > utkast.yml"""


def _parser() -> _Parser:
    """Return the command line's parser, with its commands in the order the help lists them."""
    parser = _Parser(prog="finsam", description=MAIN_HELP, epilog=MAIN_EPILOG)
    commands = parser.add_subparsers(
        dest="command", title="kommandon", metavar="KOMMANDO", parser_class=_Parser
    )
    _add_check(commands)
    _add_diff(commands)
    _add_new(commands)
    _add_import(commands)
    return parser


def _add_check(commands: argparse._SubParsersAction[_Parser]) -> None:
    """Add `finsam check`: the paths to show problems in, and --format."""
    check = commands.add_parser(
        "check",
        help="kontrollera innehållet utan att bygga webbplatsen",
        description=CHECK_HELP,
        epilog=CHECK_EPILOG,
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="SÖKVÄG",
        help="filer eller mappar under content/ (standard: hela content/)",
    )
    check.add_argument(
        "--strict",  # warnings have stopped the check as they stop the build since issue 23;
        action="store_true",  # the option is still taken, so that older scripts still run
        help=argparse.SUPPRESS,
    )
    check.add_argument(
        "--format",
        choices=tuple(REPORTS),
        default="plain",
        help="plain: som bygget (standard); github: kommandon som GitHub visar vid raderna",
    )


def _add_diff(commands: argparse._SubParsersAction[_Parser]) -> None:
    """Add `finsam diff`: the git ref to compare with."""
    diff = commands.add_parser(
        "diff",
        help="visa vad en ändring gör med budgetarna, som Markdown",
        description=DIFF_HELP,
        epilog=DIFF_EPILOG,
    )
    diff.add_argument(
        "base",
        metavar="BAS",
        nargs="?",
        help="gren, tagg eller commit att jämföra med (standard: git merge-base HEAD main)",
    )


def _add_new(commands: argparse._SubParsersAction[_Parser]) -> None:
    """Add `finsam new`: the förbund's folder, the plan's year and a new profile's facts."""
    new = commands.add_parser(
        "new",
        help="skapa en ny plan eller en ny förbundsprofil",
        description=NEW_HELP,
        epilog=NEW_EPILOG,
    )
    new.add_argument("slug", metavar="FÖRBUND", help="förbundets mapp, t.ex. rar-sormland")
    new.add_argument(
        "year",
        metavar="ÅR",
        nargs="?",
        type=_year,
        help="planens år; utan år skapas bara en förbundsprofil",
    )
    facts = new.add_argument_group(
        "uppgifter till en ny förbundsprofil",
        "Används bara när profilen skapas. Det du inte anger står som platshållare i filen.",
    )
    facts.add_argument(
        "--namn", help='förbundets officiella namn (name), t.ex. "Samordningsförbundet Exempel"'
    )
    facts.add_argument(
        "--kortnamn",
        metavar="NAMN",
        help="kort namn i tabeller och diagram (short_name), t.ex. Exempel",
    )
    facts.add_argument("--lan", metavar="LÄN", help='länet (county), t.ex. "Exempels län"')
    facts.add_argument(
        "--medlem",
        action="append",
        default=[],
        help=(
            'en medlem (members), t.ex. "Region Exempel" eller "Exempels kommun"; ange flaggan '
            "en gång per medlem, eller flera medlemmar åtskilda av semikolon. "
            "Försäkringskassan och Arbetsförmedlingen kommer alltid med"
        ),
    )
    facts.add_argument(
        "--bildat", metavar="ÅR", type=_year, help="året förbundet bildades (founded)"
    )
    facts.add_argument("--orgnr", metavar="NNNNNN-NNNN", help="organisationsnumret (org_number)")
    facts.add_argument(
        "--webbplats", metavar="ADRESS", help="förbundets webbadress (website), https://…"
    )


def _add_import(commands: argparse._SubParsersAction[_Parser]) -> None:
    """Add `finsam import`: the PDF or text, --unit, --years, and --into a plan (--replace)."""
    imp = commands.add_parser(
        "import",
        help="gör ett utkast till budgeten ur en PDF eller en inklistrad tabell",
        description=IMPORT_HELP,
        epilog=IMPORT_EPILOG,
    )
    imp.add_argument(
        "file",
        metavar="FIL",
        nargs="?",
        default="-",
        help=(
            "PDF- eller textfil med dokumentet eller tabellen; med - eller utan fil läses "
            "texten från standardinmatningen (stdin)"
        ),
    )
    imp.add_argument(
        "--unit",
        type=_unit,
        metavar="ENHET",
        help="enheten i tabellen: kr, tkr eller mkr (standard: gissas ur texten och beloppen)",
    )
    imp.add_argument(
        "--years",
        type=_years,
        metavar="ÅR,ÅR,…",
        help="årtalen för beloppskolumnerna, t.ex. 2021,2022,2023 (standard: ur tabellens rubrik)",
    )
    imp.add_argument(
        "--into",
        metavar="PLAN",
        help=(
            "skriv utkastet i planfilen, t.ex. content/forbund/varend/2025.md, "
            "i stället för på standard ut"
        ),
    )
    imp.add_argument(
        "--replace",
        action="store_true",
        help="med --into: ersätt belopp som redan står i planen (annars skrivs ingenting)",
    )


# --- the project ------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Read mkdocs.yml safely, turning tags such as !ENV and !!python/name into nothing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        raise UsageError(
            "Den mapp du står i finns inte längre: gå till projektets mapp och försök igen."
        ) from None


def find_project(start: str) -> Folder:
    """Return the nearest project at or above start; raise UsageError if there is none."""
    folder = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            config = os.path.join(folder, name)
            if os.path.isfile(config):
                return _project(folder, config)
        parent = os.path.dirname(folder)
        if parent == folder:
            raise UsageError(
                f"Hittade ingen mkdocs.yml i {os.path.abspath(start)} eller någon mapp ovanför. "
                "Kör finsam i projektets mapp (där mkdocs.yml finns) eller i en mapp under den."
            )
        folder = parent


def _project(folder: str, config: str) -> Folder:
    try:
        with open(config, encoding="utf-8") as handle:
            values = yaml.load(handle, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        values = None
    values = values if isinstance(values, dict) else {}
    docs = values.get("docs_dir")
    docs = docs if isinstance(docs, str) and docs.strip() else DEFAULT_DOCS_DIR
    urls = values.get("use_directory_urls")
    return Folder(
        folder,
        os.path.abspath(os.path.join(folder, docs)),
        urls if isinstance(urls, bool) else True,
    )


def content_files(project: Folder) -> list[tuple[str, str]]:
    """Return (content-folder path, absolute path) of every file MkDocs gives the hooks.

    Walked as the build walks the folder, without judging it (finsam check does that).
    """
    return [(entry.uri, entry.path) for entry in validation.published(project)]


def _sources(project: Folder, files: list[tuple[str, str]]) -> tuple[list[Source], list[Problem]]:
    return read_sources((uri, path, project.display(path)) for uri, path in files)


# --- check ------------------------------------------------------------------------------------


def _check(args: argparse.Namespace, out: Callable[[str], None], err: Callable[[str], None]) -> int:
    project = find_project(_cwd())
    if not os.path.isdir(project.docs_dir):
        raise UsageError(
            f"Innehållsmappen {project.display(project.docs_dir)} finns inte "
            "(docs_dir i mkdocs.yml)."
        )
    judged = validation.judge(project)
    files = [(entry.uri, entry.path) for entry in judged.files]
    selected = _selected(project, files, args.paths, err) if args.paths else None
    if not judged.safe:  # as the build, which stops before MkDocs would follow a link
        return REPORTS[args.format](_among(judged.problems, selected), out, "content/")
    checked = validation.validate(project, judged, workers=free_cores())
    with _collector_frozen():
        problems = _among(checked.problems, selected)
        return REPORTS[args.format](
            problems, out, _checked(checked.corpus, selected, checked.sources)
        )


def _among(problems: list[Problem], selected: set[str] | None) -> list[Problem]:
    """Return the problems in the files named on the command line, or in a folder around one.

    With no files named, return all of them.
    """
    if selected is None:
        return problems
    return [
        p
        for p in problems
        if p.path in selected or any(path.startswith(f"{p.path.rstrip('/')}/") for path in selected)
    ]


@contextlib.contextmanager
def _collector_frozen() -> Iterator[None]:
    """Keep Python's cycle collector off what exists now, until the end.

    What exists now is the corpus: many objects, no cycles.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _selected(
    project: Folder, files: list[tuple[str, str]], paths: Sequence[str], err: Callable[[str], None]
) -> set[str]:
    """Return the displayed paths of the files named on the command line (files or folders)."""
    selected: set[str] = set()
    docs = project.docs_dir
    for given in paths:
        path = os.path.abspath(given)
        if not os.path.lexists(path):
            raise UsageError(f"{given} finns inte.")
        if not _inside(path, docs):
            real = os.path.realpath(path)
            if not _inside(real, os.path.realpath(docs)):
                raise UsageError(f"{given} ligger inte i innehållsmappen {project.display(docs)}/.")
            path = os.path.join(docs, os.path.relpath(real, os.path.realpath(docs)))
        if os.path.isdir(path):
            if not os.access(path, os.R_OK | os.X_OK):
                raise UsageError(f"Mappen {given} går inte att läsa: kontrollera rättigheterna.")
            prefix = path.rstrip(os.sep) + os.sep
            chosen = {project.display(p) for _, p in files if p.startswith(prefix)}
        else:
            chosen = {project.display(p) for uri, p in files if p == os.path.normpath(path)}
        if not chosen:
            err(f"Obs: {given} innehåller inga filer som webbplatsen läser.")
        selected |= chosen
    return selected


def _inside(path: str, folder: str) -> bool:
    relative = os.path.relpath(path, folder)
    return relative != os.pardir and not relative.startswith(os.pardir + os.sep)


def _checked(corpus: Corpus, selected: set[str] | None, sources: list[Source]) -> str:
    if selected is not None:
        count = len(selected)
        return f"{count} {'fil' if count == 1 else 'filer'}"
    return (
        f"{len(corpus.profiles)} förbund, {len(corpus.plans)} planer, "
        f"{len(corpus.documents)} dokument"
    )


def _report(problems: list[Problem], out: Callable[[str], None], checked: str) -> int:
    """Print warnings, then errors and the build's summary line, as MkDocs logs them.

    Return the exit code.
    """
    for line in _messages(problems):
        out(line)
    code, closing = _outcome(problems, checked)
    out(closing)
    return code


def _messages(problems: list[Problem]) -> list[str]:
    """Return the warnings, then the errors, as MkDocs logs them."""
    return [WARNING_PREFIX + p.message() for p in warnings(problems)] + [
        ERROR_PREFIX + p.message() for p in errors(problems)
    ]


def _outcome(problems: list[Problem], checked: str) -> tuple[int, str]:
    """Return the exit code of a check and its closing line: the strict build's."""
    warned = warnings(problems)
    found = errors(problems)
    if found:
        return 1, ERROR_PREFIX + summary(len(found))
    if warned:
        return 1, ERROR_PREFIX + strict_summary(len(warned))
    return 0, f"Inga fel ({checked})."


def _report_github(problems: list[Problem], out: Callable[..., None], checked: str) -> int:
    """Print every problem as a GitHub workflow command, then all messages in a log group.

    Then write the job summary, and return the exit code. out(line, command=True) prints a
    workflow command as it is; every other line is made printable.
    """
    from . import github

    for line in github.annotations(problems):
        out(line, command=True)
    messages = _messages(problems)
    if messages:
        lines = github.log_lines(messages)
        for number, line in enumerate(lines):
            # two markers before the messages (group, stop-commands), two after
            out(line, command=number < 2 or number >= len(lines) - 2)
    code, closing = _outcome(problems, checked)
    out(closing)
    note = _step_summary(github.check_summary(problems, checked))
    if note:
        out(note)
    return code


def _step_summary(markdown: str) -> str | None:
    """Append Markdown to the job summary if GitHub gives one (GITHUB_STEP_SUMMARY).

    Return a note if it cannot be written.
    """
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(printable_lines(markdown) + "\n")
    except OSError as error:
        return f"Obs: kunde inte skriva sammanfattningen till {path}: {error.strerror or error}."
    return None


REPORTS: dict[str, Callable[[list[Problem], Callable[..., None], str], int]] = {
    "plain": _report,
    "github": _report_github,
}


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# --- new --------------------------------------------------------------------------------------


def _new(args: argparse.Namespace, out: Callable[[str], None], err: Callable[[str], None]) -> int:
    from ..format.placeholders import count
    from . import scaffold

    slug = args.slug
    _check_slug(slug)
    project = find_project(_cwd())
    folder = os.path.join(project.docs_dir, SECTION, slug)
    profile = os.path.join(folder, PROFILE_NAME)
    facts = _facts(args)
    new_profile = args.year is None or not os.path.lexists(profile)
    if not new_profile and facts is not None:
        raise UsageError(
            f"Förbundet {slug} har redan en profil ({project.display(profile)}). Flaggorna "
            "--namn, --kortnamn, --lan, --medlem, --bildat, --orgnr och --webbplats (med make: "
            "namn=, kortnamn= och så vidare) fyller bara i en ny profil: ändra uppgifterna i "
            "filen i stället."
        )
    files = (
        [(profile, scaffold.profile_template(slug, facts), f"en ny förbundsprofil för {slug}")]
        if new_profile
        else []
    )
    if args.year is not None:
        path = _new_plan_path(project, folder, args.year, err)
        if path is None:
            return 1
        files.append((path, *_plan_text(project, slug, args.year, err)))
    for path, text, what in files:
        shown = project.display(path)
        if not _write_new(folder, path, shown, text, err):
            return 1
        out(f"Skrev {shown}: {what}, med {count(text)} platshållare att fylla i.")
    checked = project.display(folder) + "/" if len(files) > 1 else project.display(files[0][0])
    out("Nästa steg:")
    where = "i filen" if len(files) == 1 else "i varje fil"
    out(
        "  - ersätt varje platshållare FYLL I med uppgiften den ber om (kommentarerna överst "
        f"{where} säger hur)"
    )
    if args.year is not None:
        out(
            "  - gör gärna ett utkast till unit och budget ur dokumentets budgettabell med "
            "make import (se make import val=--help)"
        )
    out(
        f"  - kontrollera med make check fil={checked}: den visar varje platshållare som är kvar, "
        "och ingenting publiceras förrän alla är borta"
    )
    if args.year is None:
        out(f"  - skapa förbundets första plan: make new forbund={slug} ar=ÅR")
    out(
        "  - när kontrollen inte visar några fel: titta på sidan med make serve "
        "(http://127.0.0.1:8000)"
    )
    return 0


def _facts(args: argparse.Namespace) -> Facts | None:
    """Return the facts of a new profile given on the command line, or None if none was."""
    from . import scaffold

    facts = scaffold.Facts(
        name=args.namn,
        short_name=args.kortnamn,
        county=args.lan,
        members=tuple(m.strip() for given in args.medlem for m in given.split(";") if m.strip()),
        founded=args.bildat,
        org_number=args.orgnr,
        website=args.webbplats,
    )
    return None if facts == scaffold.Facts() else facts


def _check_slug(slug: str) -> None:
    """Raise UsageError, with a suggestion where there is one, if slug cannot name a folder."""
    from . import scaffold

    if not scaffold.is_slug(slug):
        suggestion = scaffold.suggested_slug(slug)
        hint = f" Menade du {suggestion}?" if suggestion and scaffold.is_slug(suggestion) else ""
        raise UsageError(
            f'"{slug}" går inte som mappnamn: använd små bokstäver a–z, siffror och bindestreck '
            f"(å, ä → a; ö → o).{hint}"
        )


def _new_plan_path(
    project: Folder, folder: str, year: int, err: Callable[[str], None]
) -> str | None:
    """Return the path of the förbund's new plan for year.

    Return None, having said why, if the plan exists already.
    """
    path = os.path.join(folder, f"{year}.md")
    if os.path.lexists(path):
        err(
            f"{project.display(path)} finns redan och skrivs inte över. "
            "Öppna den och redigera den i stället."
        )
        return None
    return path


def _write_new(folder: str, path: str, shown: str, text: str, err: Callable[[str], None]) -> bool:
    """Write text to a new file at path, never over one; return False, having said why, if not."""
    try:
        os.makedirs(folder, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        err(f"{shown} finns redan och skrivs inte över. Öppna den och redigera den i stället.")
        return False
    except OSError as error:
        err(f"Kunde inte skriva {shown}: {error.strerror or error}.")
        return False
    return True


def _plan_text(
    project: Folder, slug: str, year: int, err: Callable[[str], None]
) -> tuple[str, str]:
    """Return a new plan's text, from the förbund's nearest plan or a template, and what it is."""
    from ..format.frontmatter import decode, split
    from . import scaffold

    files = [(uri, path) for uri, path in content_files(project) if uri.startswith(folder_of(slug))]
    sources, _ = _sources(project, files)
    corpus = load(sources)
    plans = corpus.plans_of(slug)
    plan_files = sorted(found for uri, _ in files if (found := plan_year(uri, slug)) is not None)
    earlier = [p for p in plans if p.year < year]
    later = [p for p in plans if p.year > year]
    previous = earlier[-1] if earlier else (later[0] if later else None)
    broken = sorted(set(plan_files) - {p.year for p in plans})
    if broken:
        names = ", ".join(f"{y}.md" for y in broken)
        err(f"Obs: {names} har fel och användes inte som förlaga (se make check).")
    if previous is None:
        return (
            scaffold.plan_template(slug, year),
            f"en mall för planen {year} (förbundet har ingen plan att utgå från)",
        )
    name = os.path.basename(previous.uri)
    source = next(s for s in sources if s.uri == previous.uri)
    body = split(decode(source.data)).body
    budget = previous.own_budget or previous.budget[-1]
    counts = (
        f"{_count(len(budget.income), 'intäktsrad', 'intäktsrader')}, "
        f"{_count(len(budget.costs), 'kostnadsrad', 'kostnadsrader')}, "
        f"{_count(sum(len(line.items) for line in budget.costs), 'insats', 'insatser')}"
    )
    text = scaffold.next_plan(previous, name, body, year)
    return text, f"planen {year} från {name} ({counts})"


# --- import -----------------------------------------------------------------------------------


def _import(
    args: argparse.Namespace, out: Callable[[str], None], err: Callable[[str], None]
) -> int:
    from . import importer

    if args.replace and args.into is None:
        raise UsageError("--replace gäller bara tillsammans med --into PLAN.")
    if args.into is not None and not os.path.isfile(args.into):
        raise UsageError(
            f"{args.into} finns inte eller är ingen fil. Skapa planen först, t.ex. med "
            "make new forbund=FÖRBUND ar=ÅR, och kör importen igen."
        )
    read = _import_text(args, err)
    if read is None:
        return 1
    text, pages = read
    if not text.strip():
        err("Ingen text att läsa: kopiera tabellen ur PDF:en och klistra in den.")
        return 1
    result = importer.draft(text, args.unit, args.years, pages)
    if args.into is not None:
        result = _with_plan_year(args, result, text, pages, err)
    else:
        out(result.yaml.rstrip("\n"))
    for note in result.notes:
        err(f"Obs: {note}")
    for line in result.unread:
        err(line.message())
    if args.into is not None and not _write_into(args, result, out, err):
        return 1
    if result.unread:
        where = "under budget i planen" if args.into is not None else "överst i utkastet"
        they = "den" if len(result.unread) == 1 else "de"
        err(
            f"{_count(len(result.unread), 'rad', 'rader')} kunde inte läsas; "
            f"{they} står också som kommentarer {where}."
        )
    return 1 if result.unread else 0


def _import_text(
    args: argparse.Namespace, err: Callable[[str], None]
) -> tuple[str, tuple[int, ...]] | None:
    """Return the text to import and the first line of each page (a PDF's), or None.

    None when a PDF has no text to read, having said why and what to do.
    """
    from . import pdftext

    if args.file == "-":
        if sys.stdin is None:
            raise UsageError(
                "Ingen tabell att läsa: ange en fil, eller skicka tabellen till "
                "standardinmatningen (stdin)."
            )
        if sys.stdin.isatty():
            err("Klistra in tabellen och avsluta med Ctrl-D (Ctrl-Z och Enter i Windows).")
        buffer = getattr(sys.stdin, "buffer", None)
        data = buffer.read() if buffer is not None else sys.stdin.read()
    else:
        try:
            with open(args.file, "rb") as handle:
                data = handle.read()
        except IsADirectoryError:
            raise UsageError(f"{args.file} är en mapp, inte en PDF- eller textfil.") from None
        except OSError as error:
            raise UsageError(f"Kunde inte läsa {args.file}: {error.strerror or error}.") from None
    if isinstance(data, str):
        return data, ()
    if pdftext.is_pdf(data):
        try:
            found = pdftext.text_of(data, "standardinmatningen" if args.file == "-" else args.file)
        except pdftext.PdfError as error:
            err(error.problem.message())
            return None
        return found.text, found.pages
    if args.file.lower().endswith(".pdf"):
        raise UsageError(
            f"{args.file} är ingen PDF: filen börjar inte som en PDF-fil. "
            "Ladda ner dokumentet igen."
        )
    return _decoded(data, err), ()


def _with_plan_year(
    args: argparse.Namespace,
    result: Draft,
    text: str,
    pages: tuple[int, ...],
    err: Callable[[str], None],
) -> Draft:
    """Return the draft with the plan's year for a table of one column without a year."""
    from . import importer

    if not (result.placeholder and result.columns == 1):
        return result
    year = _plan_year_of(args.into)
    if year is None:
        return result
    err(f"Obs: tabellen har inget årtal; beloppen räknas till planens år, {year}.")
    return importer.draft(text, args.unit, [year], pages)


def _write_into(
    args: argparse.Namespace,
    result: Draft,
    out: Callable[[str], None],
    err: Callable[[str], None],
) -> bool:
    """Write the draft into the plan file --into names; return False, having said why, if not."""
    from . import planfile

    if not result.found:
        err(f"Ingenting skrevs i {args.into}: utkastet har inga budgetrader.")
        return False
    if result.placeholder:
        err(
            f"Ingenting skrevs i {args.into}: tabellen har inga årtal. Ange dem med --years, "
            't.ex. --years 2023 eller --years 2023,2024,2025 (med make: val="--years 2023").'
        )
        return False
    try:
        written = planfile.write(args.into, args.into, result.blocks, args.replace)
    except planfile.PlanFileError as error:
        err(error.problem.message())
        return False
    changes = [
        f" {what} fält: {', '.join(keys)}."
        for what, keys in (
            ("Ersatta", written.replaced),
            ("Tillagda", written.added),
            ("Borttagna", written.removed),
        )
        if keys
    ]
    out(f"Skrev utkastet i {args.into}.{''.join(changes)}")
    if "source" in dict(result.blocks) and "source" not in written.replaced + written.added:
        err("Obs: planens source är redan ifylld och ändrades inte.")
    elif "source" not in dict(result.blocks):
        err("Obs: hittade ingen titel i dokumentet; fyll i source själv om planen saknar den.")
    year = _plan_year_of(args.into)
    if year is not None and year not in result.years:
        shown = ", ".join(str(y) for y in result.years)
        years = "året" if len(result.years) == 1 else "åren"
        err(
            f"Obs: planen gäller {year}, men tabellen har {years} {shown}. Kontrollera att det "
            "är rätt dokument; står åren fel i tabellen, ange dem med --years och kör igen med "
            '--replace (med make: val="--years 2023 --replace").'
        )
    out("Nästa steg:")
    out("  - jämför varje rad, belopp och kategori med dokumentet (se kommentarerna under budget)")
    out(f"  - kontrollera filen: make check fil={args.into}")
    return True


def _plan_year_of(path: str) -> int | None:
    from . import planfile

    try:
        with open(path, encoding="utf-8-sig") as handle:
            return planfile.year_of(handle.read())
    except (OSError, UnicodeDecodeError):
        return None


def _decoded(data: bytes, err: Callable[[str], None]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        err(
            "Obs: texten är inte UTF-8; den lästes som Windows-1252. "
            "Kontrollera å, ä och ö i utkastet."
        )
        return data.decode("cp1252", errors="replace")


# --- diff -------------------------------------------------------------------------------------


def _diff(args: argparse.Namespace, out: Callable[[str], None], err: Callable[[str], None]) -> int:
    from . import budgetdiff

    project = find_project(_cwd())
    try:
        top = _git(project.root, "rev-parse", "--show-toplevel").decode("utf-8", "replace").strip()
    except GitError:
        raise UsageError(
            f"finsam diff jämför med innehållet i git, men {project.root} ligger inte i "
            "ett git-arkiv."
        ) from None
    commit, shown = _base(top, args.base)
    files = (
        [(uri, path) for uri, path in content_files(project) if is_content(uri)]
        if os.path.isdir(project.docs_dir)
        else []
    )
    sources, unreadable = _sources(project, files)
    after = budgetdiff.Side.of(
        load(sources), {uri: project.display(path) for uri, path in files}, unreadable
    )
    before_sources, before_unreadable, before_paths = _sources_at(project, top, commit)
    before = budgetdiff.Side.of(load(before_sources), before_paths, before_unreadable)
    pages = budgetdiff.Pages(project.use_directory_urls, os.environ.get("SITE_URL") or None)
    comparison = budgetdiff.compare(before, after, shown, pages)
    out(comparison.markdown.rstrip("\n"))
    return 1 if comparison.failures else 0


def _git(folder: str, *arguments: str) -> bytes:
    """Return what a local git command prints.

    Raise UsageError, in Swedish, if git is missing or refuses.
    """
    try:
        done = subprocess.run(
            ["git", "-C", folder, *arguments],
            capture_output=True,
            timeout=120,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
    except FileNotFoundError:
        raise UsageError(
            "finsam diff behöver git, som inte finns på datorn. Installera git och försök igen."
        ) from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UsageError(f"Kunde inte köra git: {error}.") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git svarade: {said[0] if said else f'status {done.returncode}'}")
    return done.stdout


class GitError(UsageError):
    """A git command that refused: its first line of explanation."""


def _base(top: str, given: str | None) -> tuple[str, str]:
    """Return the commit to compare with and how to name it.

    The commit is the given ref, or where HEAD left main.
    """
    if given is not None:
        if given.startswith("-") or not given.strip():
            raise UsageError(
                f'"{given}" är ingen gren, tagg eller commit. Skriv t.ex. finsam diff main.'
            )
        commit = _commit(top, given)
        if commit is None:
            raise UsageError(
                f"{given} finns inte i git: ingen gren, tagg eller commit heter så. "
                "Hämta den först (git fetch) eller skriv t.ex. finsam diff main."
            )
        return commit, f"{given} ({commit[:7]})"
    for branch in ("main", "origin/main"):
        if _commit(top, branch) is not None:
            try:
                commit = _git(top, "merge-base", "HEAD", branch).decode("ascii").strip()
            except GitError:
                raise UsageError(
                    f"Hittade ingen gemensam punkt mellan HEAD och {branch}. "
                    f"Ange vad du vill jämföra med, t.ex. finsam diff {branch}."
                ) from None
            return commit, f"{branch}, där grenen utgick ifrån ({commit[:7]})"
    raise UsageError(
        "Hittade ingen gren main att jämföra med. "
        "Ange vad du vill jämföra med, t.ex. finsam diff origin/main."
    )


def _commit(top: str, ref: str) -> str | None:
    try:
        return (
            _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
            .decode("ascii")
            .strip()
        )
    except GitError:
        return None


def _sources_at(
    project: Folder, top: str, commit: str
) -> tuple[list[Source], list[Problem], dict[str, str]]:
    """Return the förbund files of the content folder as they were in a commit.

    They are read with git archive, never from the network. Also return the unreadable ones,
    and every file's path for messages.
    """
    import io
    import tarfile

    folder = os.path.relpath(project.docs_dir, top).replace(os.sep, "/")
    if folder == os.pardir or folder.startswith(f"{os.pardir}/"):
        raise UsageError(
            f"Innehållsmappen {project.display(project.docs_dir)} ligger inte i git-arkivet {top}."
        )
    section = f"{folder}/{SECTION}" if folder != "." else SECTION
    if not _git(top, "ls-tree", "--name-only", commit, "--", section).strip():
        return [], [], {}
    sources, problems, paths = [], [], {}
    with tarfile.open(
        fileobj=io.BytesIO(_git(top, "archive", "--format=tar", commit, "--", section))
    ) as archive:
        for member in archive.getmembers():
            uri = member.name[len(folder) + 1 :] if folder != "." else member.name
            shown = project.display(os.path.join(top, member.name))
            paths[uri] = shown
            if member.isfile():
                sources.append(Source(uri, shown, archive.extractfile(member).read()))
            elif not member.isdir() and is_content(uri):
                problems.append(
                    Problem(
                        shown,
                        None,
                        None,
                        "en vanlig fil",
                        "en symbolisk länk eller annan sorts fil",
                        "Ersätt den med en vanlig fil.",
                    )
                )
    return sources, problems, paths


# --- main -------------------------------------------------------------------------------------

COMMANDS = {"check": _check, "new": _new, "import": _import, "diff": _diff}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code; never shows a traceback."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    parser = _parser()

    def out(text: str, command: bool = False) -> None:
        """Print to standard output: every line printable, unless command is true.

        command=True marks one of the workflow commands check --format github means to print.
        """
        print(text if command else printable_lines(text), file=sys.stdout)

    def err(text: str) -> None:
        print(printable_lines(text), file=sys.stderr)

    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command is None:
            parser.print_help(sys.stderr)
            return USAGE
        code = COMMANDS[args.command](args, out, err)
        sys.stdout.flush()
        return code
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else USAGE)
    except UsageError as error:
        err(f"finsam: {error}")
        return USAGE
    except KeyboardInterrupt:
        err("Avbrutet.")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except Exception as error:
        if os.environ.get("FINSAM_DEBUG"):
            raise
        err(
            "finsam: ett oväntat fel inträffade: "
            + textwrap.shorten(f"{type(error).__name__}: {error}", 300)
            + ". Kör igen med FINSAM_DEBUG=1 för detaljer, och rapportera gärna felet."
        )
        return 1


def _quiet_stdout() -> None:
    """Point stdout at devnull after a closed pipe (finsam import | head), so exiting is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
