"""The base class of report formats. A format is one module in this package, listed in the
registry (`reports/__init__.py`)."""

from __future__ import annotations

from typing import ClassVar

from osunited.scanner._model import ScanReport


class ReportFormat:
    """Subclasses set `name` (what `osu scan --format` takes), `suffix` (of a report file) and
    `description`, and implement `render`; those written for people set `translated`."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    description: ClassVar[str]
    # Whether `render` writes in the `language` it is given. Formats for programs (JSON, SARIF,
    # SBOMs) stay English, whatever the language: SARIF 2.1.0 has no text per language.
    translated: ClassVar[bool] = False

    def render(
        self, report: ScanReport, *, color: bool = False, language: str | None = None
    ) -> str:
        """The whole report as text, ending with a newline. `color` asks for ANSI colours; formats
        meant for files ignore it. `language` (a Django code: "fr", "zh-hans"; None: English)
        is the language of a translated format's texts; the others ignore it."""
        raise NotImplementedError
