"""Links that let a reader report an error in a plan.

A new GitHub issue from the issue form, its page and plan filled in.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from .markup import html_escaped

ISSUE_FORM = "fel-i-en-plan.yml"  # in .github/ISSUE_TEMPLATE/
_GITHUB_REPO = re.compile(r"https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?")


def repository(repo_url: str | None) -> str | None:
    """Return https://github.com/owner/name of a GitHub repository address, else None.

    The address is repo_url in mkdocs.yml.
    """
    match = _GITHUB_REPO.fullmatch((repo_url or "").strip())
    return f"https://github.com/{match.group(1)}/{match.group(2)}" if match else None


def issue_url(
    repo_url: str | None, issue_title: str, fields: dict[str, str], template: str = ISSUE_FORM
) -> str | None:
    """Return the address that opens a new issue from the issue form.

    Its title and fields filled in; None if not on GitHub.
    """
    base = repository(repo_url)
    if base is None:
        return None
    query = urlencode(
        {"template": template, "title": issue_title, **fields}, quote_via=quote, safe=""
    )
    return f"{base}/issues/new?{query}"


def form_url(repo_url: str | None) -> str | None:
    """Return the address of the empty issue form for reporting an error; None if not on GitHub."""
    base = repository(repo_url)
    return None if base is None else f"{base}/issues/new?template={ISSUE_FORM}"


REPORT_FIELDS = {
    "page": "sida",
    "plan": "plan",
}  # ids of the prefilled fields in .github/ISSUE_TEMPLATE/fel-i-en-plan.yml


def plan_issue_url(
    repo_url: str | None, page_url: str, forbund: str, plan_title: str, path: str
) -> str | None:
    """Return the address of a new issue about an error in a plan.

    Its page and plan filled in; None if not on GitHub.
    """
    fields = {
        REPORT_FIELDS["page"]: page_url,
        REPORT_FIELDS["plan"]: f"{forbund}: {plan_title} ({path})",
    }
    return issue_url(repo_url, f"Fel i planen: {forbund}, {plan_title}", fields)


def report_html(href: str) -> str:
    """Return the plan page's link "Rapportera ett fel" to a prefilled issue form.

    Opening in a new tab.
    """
    return (
        '<p class="finsam-report">Har du hittat ett fel på sidan? '
        f'<a href="{html_escaped(href)}" target="_blank" rel="noopener noreferrer">Rapportera ett '
        "fel</a> (öppnas i en ny flik på GitHub, där du behöver ett konto).</p>"
    )
