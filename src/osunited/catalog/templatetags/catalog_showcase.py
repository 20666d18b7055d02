"""The project page's showcase: `{% project_showcase project as showcase %}` reads what the
latest scan kept (one query) for the logo, the README, the history's figures and the badges,
which `catalog/_logo.html` and `catalog/_showcase.html` show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi

from osunited.catalog.activity_chart import ActivityChart, activity_chart
from osunited.catalog.badges import KINDS, badge_for
from osunited.catalog.models import Project, ScanShowcase
from osunited.catalog.readme import readme_html
from osunited.catalog.selectors import is_public
from osunited.catalog.showcase import logo_url, monogram, monogram_colour, showcase_of

register = template.Library()


@dataclass(frozen=True)
class Release:
    name: str
    date: date | None


@dataclass(frozen=True)
class BadgeSnippet:
    kind: str
    text: str  # what the badge says, its image's alternative text
    image_url: str
    markdown: str


@dataclass(frozen=True)
class Showcase:
    logo_url: str
    monogram: str
    monogram_colour: int
    readme: SafeString | None = None
    readme_path: str = ""
    readme_truncated: bool = False
    measured: bool = False  # the history was read
    complete: bool = False
    contributors: int = 0
    top_contributors: list[dict[str, Any]] = field(default_factory=list)
    releases: int = 0
    latest_releases: list[Release] = field(default_factory=list)
    chart: ActivityChart | None = None
    badges: list[BadgeSnippet] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def project_showcase(context: template.Context, project: Project) -> Showcase:
    kept = showcase_of(project)
    return Showcase(
        logo_url=logo_url(project, kept),
        monogram=monogram(project.name),
        monogram_colour=monogram_colour(project.slug),
        badges=badge_snippets(context["request"], project) if is_public(project) else [],
        **(_kept_parts(kept) if kept is not None else {}),
    )


def _kept_parts(kept: ScanShowcase) -> dict[str, Any]:
    history = kept.history if isinstance(kept.history, dict) else {}
    parts: dict[str, Any] = {
        "readme": readme_html(kept.readme, kept.readme_format) if kept.readme else None,
        "readme_path": kept.readme_path,
        "readme_truncated": kept.readme_truncated,
    }
    if history:
        parts |= {
            "measured": True,
            "complete": bool(history.get("complete")),
            "contributors": int(history.get("contributors") or 0),
            "top_contributors": list(history.get("top_contributors") or []),
            "releases": int(history.get("releases") or 0),
            "latest_releases": [
                Release(str(r.get("name", "")), parse_date(str(r.get("date", ""))))
                for r in history.get("latest_releases") or []
            ],
            "chart": activity_chart(history.get("commits_by_month"), rtl=get_language_bidi()),
        }
    return parts


def badge_snippets(request: HttpRequest, project: Project) -> list[BadgeSnippet]:
    """Each badge's address and the Markdown that embeds it, linking to the project's page."""
    page = request.build_absolute_uri(reverse("catalog:detail", kwargs={"slug": project.slug}))
    snippets = []
    for kind in KINDS:
        image = reverse("catalog:badge", kwargs={"slug": project.slug, "kind": kind})
        markdown = f"[![{kind}]({request.build_absolute_uri(image)})]({page})"
        badge = badge_for(project, kind)
        snippets.append(BadgeSnippet(kind, f"{badge.label}: {badge.message}", image, markdown))
    return snippets
