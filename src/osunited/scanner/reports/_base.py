"""The base class of report formats. A format is one module in this package, listed in the
registry (`reports/__init__.py`)."""

from __future__ import annotations

from typing import ClassVar

from osunited.scanner._model import ScanReport


class ReportFormat:
    """Subclasses set `name` (what `osu scan --format` takes), `suffix` (of a report file) and
    `description`, and implement `render`."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    description: ClassVar[str]

    def render(self, report: ScanReport, *, color: bool = False) -> str:
        """The whole report as text, ending with a newline. `color` asks for ANSI colours; formats
        meant for files ignore it."""
        raise NotImplementedError
