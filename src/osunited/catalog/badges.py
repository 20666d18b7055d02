"""A project's badges, in the style of shields.io, for its repository's README: health (the
latest scan's reading), license (the declared SPDX expression) and stage (the development
status, or the catalog's archiving).

The text is measured, not rendered: a monospace font, whose every character has the same
advance (East Asian wide ones twice it), gives each part its width, and `textLength` makes any
other font fit that width. Every text is escaped; the SVG has a title and is an image to
assistive technology."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _

from osunited.catalog.models import DevelopmentStatus, Project, ScanHealth
from osunited.catalog.workflow import ProjectStatus

KINDS = ("health", "license", "stage")
FONT_SIZE = 11
ADVANCE = 6.6  # a monospace character at 11 px: 0.6 em
PADDING = 6
HEIGHT = 20
MAX_CHARACTERS = 48
LABEL_COLOUR = "#555"
# Colours with white text at 4.5:1 or more (WCAG AA for small text).
GREEN, AMBER, RED, BLUE, PURPLE, GREY = (
    "#2e7d32",
    "#8a5300",
    "#c62828",
    "#1565c0",
    "#6a1b9a",
    "#616161",
)
HEALTH_COLOURS = {
    ScanHealth.GOOD: GREEN,
    ScanHealth.NEEDS_ATTENTION: AMBER,
    ScanHealth.AT_RISK: RED,
    ScanHealth.UNMAINTAINED: RED,
}
STAGE_COLOURS = {
    DevelopmentStatus.STABLE: GREEN,
    DevelopmentStatus.BETA: BLUE,
    DevelopmentStatus.DEVELOPMENT: PURPLE,
    DevelopmentStatus.OBSOLETE: RED,
}


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    colour: str


def badge_for(project: Project, kind: str) -> Badge:
    """The badge of `kind` (one of KINDS) for `project`, in the active language."""
    if kind == "health":
        return Badge(_("health"), project.get_scan_health_display(), _health_colour(project))
    if kind == "license":
        declared = project.licenses.strip()
        return Badge(_("license"), declared or _("not declared"), BLUE if declared else GREY)
    return _stage_badge(project)


def _health_colour(project: Project) -> str:
    return HEALTH_COLOURS.get(ScanHealth(project.scan_health), GREY)


def _stage_badge(project: Project) -> Badge:
    if project.status in (ProjectStatus.ARCHIVED, ProjectStatus.SUNSET_NOTICE):
        return Badge(_("stage"), project.get_status_display(), RED)
    status = DevelopmentStatus(project.development_status)
    return Badge(_("stage"), str(status.label), STAGE_COLOURS.get(status, GREY))


def text_width(text: str) -> float:
    """The width of `text` at FONT_SIZE in a monospace font."""
    return sum(0 if unicodedata.combining(c) else ADVANCE * (2 if _is_wide(c) else 1) for c in text)


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in {"W", "F"}


def shortened(text: str) -> str:
    """One line of at most MAX_CHARACTERS characters, without control characters."""
    visible = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    line = " ".join(visible.split())
    return line if len(line) <= MAX_CHARACTERS else line[: MAX_CHARACTERS - 1] + "…"


def badge_svg(badge: Badge, *, rtl: bool = False) -> str:
    """The badge as an SVG document; right to left (`rtl`), the label is on the right."""
    label, message = shortened(badge.label), shortened(badge.message)
    label_width = round(text_width(label) + 2 * PADDING)
    message_width = round(text_width(message) + 2 * PADDING)
    width = label_width + message_width
    label_x, message_x = (message_width, 0) if rtl else (0, label_width)
    title = escape(f"{label}: {message}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<rect x="{label_x}" width="{label_width}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{message_x}" width="{message_width}" height="{HEIGHT}" '
        f'fill="{badge.colour}"/>'
        f'<g fill="#fff" font-family="DejaVu Sans Mono,Menlo,Consolas,monospace" '
        f'font-size="{FONT_SIZE}" text-anchor="middle">'
        f"{_text(label, label_x + label_width / 2)}"
        f"{_text(message, message_x + message_width / 2)}"
        "</g></svg>"
    )


def _text(text: str, middle: float) -> str:
    length = round(text_width(text))
    return (
        f'<text x="{middle:g}" y="14" textLength="{length}" lengthAdjust="spacingAndGlyphs">'
        f"{escape(text)}</text>"
    )
