"""A page's title and description, and the förbund and year a search result shows, escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..format.model import Document, Plan, Profile
from .markup import escaped


@dataclass(frozen=True, slots=True)
class Meta:
    """A page's title and description, and the förbund and year a search result shows.

    Escaped for templates that print them raw.
    """

    title: str
    description: str
    forbund: str = ""
    year: str = ""
    data_json: str = ""  # the href of the förbund's JSON file (overrides/main.html, rel=alternate)

    def as_dict(self) -> dict[str, str]:
        """Return the values as page metadata (förbund, year and JSON where the page has them)."""
        found = {
            "title": self.title,
            "description": self.description,
            "forbund": self.forbund,
            "year": self.year,
            "data_json": self.data_json,
        }
        return {key: value for key, value in found.items() if value}


PRINTED_META = ("title", "description", "forbund", "year")  # page metadata the theme prints raw
GENERATED_META = ("data_json",)  # set by the site on förbund pages only, never by front-matter


def escaped_page_meta(meta: dict) -> dict:
    """Return a site page's metadata with its title and description escaped, for the theme.

    Which prints them raw.
    """
    return {
        key: escaped(str(value)) if key in PRINTED_META and value is not None else value
        for key, value in meta.items()
        if key not in GENERATED_META
    }


def escaped_meta(title: str, description: str, forbund: str = "", year: int | None = None) -> Meta:
    """Return title, description and the page's förbund with HTML special characters escaped."""
    return Meta(
        escaped(title), escaped(description), escaped(forbund), "" if year is None else str(year)
    )


def plan_meta(plan: Plan, profile: Profile) -> Meta:
    """Return the escaped title and description of a plan page."""
    description = (
        f"{plan.display_title} för {profile.name}: planens text och budget för {plan.year}."
    )
    return escaped_meta(plan_title(plan, profile), description, profile.name, plan.year)


def plan_title(plan: Plan, profile: Profile) -> str:
    """Return a plan page's title, which names its year and its förbund.

    Verksamhetsplan och budget 2022 – Samordningsförbundet Värend: the plan's title, with its year
    where the title has none and the förbund's name where the title does not name it.
    """
    title = plan.display_title
    if not _names(title, str(plan.year)):
        title = f"{title} {plan.year}"
    if _names(title, profile.name) or _names(title, profile.short_name):
        return title
    return f"{title} – {profile.name}"


def _names(text: str, name: str) -> bool:
    """Return whether text holds name as words of its own (Öst is not in Östersund)."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def profile_meta(profile: Profile) -> Meta:
    """Return the escaped title and description of a förbund page."""
    return escaped_meta(
        profile.name,
        f"{profile.name}, {profile.county}: verksamhetsplaner och budgetar.",
        profile.name,
    )


def document_meta(document: Document, profile: Profile) -> Meta:
    """Return the escaped title and description of a document page."""
    return escaped_meta(
        document.title, document.description or f"{document.title}, {profile.name}.", profile.name
    )


def front_matter(title: str, description: str, extra: str = "") -> str:
    """Return the front-matter of a generated page: its title, description and any extra fields."""
    return f"---\ntitle: {title}\ndescription: {description}\n{extra}---\n\n"
