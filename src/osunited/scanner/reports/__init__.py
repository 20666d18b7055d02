"""Report formats of a scan: one module per format, each a `ReportFormat` listed here.

    >>> from osunited.scanner.reports import render
    >>> render(report, "sarif")

To add a format, subclass `ReportFormat` in a new module and add it to `_REGISTRY`.
"""

from __future__ import annotations

from osunited.scanner._model import ScanReport
from osunited.scanner.reports._base import ReportFormat
from osunited.scanner.reports.as_cyclonedx import CycloneDxReport
from osunited.scanner.reports.as_json import JsonReport, report_schema
from osunited.scanner.reports.as_markdown import MarkdownReport
from osunited.scanner.reports.as_sarif import SarifReport
from osunited.scanner.reports.as_spdx import SpdxReport
from osunited.scanner.reports.as_text import TextReport

_REGISTRY: dict[str, ReportFormat] = {
    report_format.name: report_format
    for report_format in (
        TextReport(),
        JsonReport(),
        MarkdownReport(),
        SarifReport(),
        CycloneDxReport(),
        SpdxReport(),
    )
}

FORMATS: tuple[str, ...] = tuple(_REGISTRY)
"""The names `render` accepts, the default (text) first."""


class UnknownFormat(ValueError):
    """`render` was asked for a format that is not in `FORMATS`."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown report format {name!r}; choose one of {', '.join(FORMATS)}.")
        self.name = name


def report_format(name: str) -> ReportFormat:
    """The format called `name`. Raises UnknownFormat."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownFormat(name) from None


def render(
    report: ScanReport, fmt: str, *, color: bool = False, language: str | None = None
) -> str:
    """`report` in the format `fmt` (one of `FORMATS`). `color` asks the text format for ANSI
    colours; `language` the text and Markdown formats for that language (the platform's
    catalogues; None: English); the others ignore both. Raises UnknownFormat."""
    return report_format(fmt).render(report, color=color, language=language)


__all__ = [
    "FORMATS",
    "ReportFormat",
    "UnknownFormat",
    "render",
    "report_format",
    "report_schema",
]
