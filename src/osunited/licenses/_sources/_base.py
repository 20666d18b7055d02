"""What every compatibility source shares: one license term of an expression (a license id
with its exception, if any), the way a source answers, and reading a source's data file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

import yaml

from osunited.licenses._types import Source, SourceVerdict, Use, Verdict

COMBINING_USES = frozenset({Use.DYNAMIC_LINKING, Use.STATIC_LINKING, Use.MERGED_SOURCES})
LINKING_USES = frozenset({Use.DYNAMIC_LINKING, Use.STATIC_LINKING})
USE_WORDS = {
    Use.DISTINCT_COMPONENT: "shipped beside the project as a distinct component",
    Use.TOOL: "used as a tool (to build, test or run the project, not shipped in it)",
    Use.DYNAMIC_LINKING: "linked dynamically (loaded at run time)",
    Use.STATIC_LINKING: "linked statically (bundled into the project's binary)",
    Use.MERGED_SOURCES: "merged into the project's own source files",
}
_GNU = re.compile(r"^(A?GPL|LGPL)-(\d\.\d)(?:-(only|or-later))?$")


@dataclass(frozen=True)
class Term:
    """One license of an SPDX expression: `GPL-2.0-only WITH Classpath-exception-2.0`."""

    license: str
    exception: str | None = None

    def __str__(self) -> str:
        return f"{self.license} WITH {self.exception}" if self.exception else self.license


class CompatSource(Protocol):
    """A source module: its `SOURCE` and `judge(inbound, outbound, use)` for single terms."""

    SOURCE: Source

    def judge(self, inbound: Term, outbound: Term, use: Use) -> SourceVerdict: ...


@dataclass(frozen=True)
class GnuLicense:
    """A GNU license id taken apart: AGPL-3.0-or-later is ("AGPL", "3.0", True)."""

    kind: str  # GPL, LGPL or AGPL
    version: str
    or_later: bool


def gnu_license(license_id: str) -> GnuLicense | None:
    match = _GNU.match(license_id)
    if match is None:
        return None
    return GnuLicense(match[1], match[2], match[3] == "or-later")


def answer(
    source: Source, verdict: Verdict, explanation: str, reference: str = ""
) -> SourceVerdict:
    return SourceVerdict(source, verdict, explanation, reference or source.url)


def not_covered(source: Source, why: str) -> SourceVerdict:
    return SourceVerdict(source, Verdict.NOT_COVERED, why, source.url)


@cache
def source_data(name: str) -> Any:
    """A source's YAML file in this package, read once."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
