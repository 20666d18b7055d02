"""The types the licenses engine's parts share: a license's facts, the kinds of use, the
verdicts of compatibility sources, and a whole project's verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Family(StrEnum):
    """How far a license's obligations reach, the way licensing guidance groups licenses."""

    PUBLIC_DOMAIN = "public-domain"  # dedicated to the public domain, no condition at all
    PERMISSIVE = "permissive"  # keep the notices; combine with anything
    WEAK_COPYLEFT = "weak-copyleft"  # changes to its files (or the library) stay under it
    STRONG_COPYLEFT = "strong-copyleft"  # a program that includes it is distributed under it
    NETWORK_COPYLEFT = "network-copyleft"  # ... and offered to users over a network too


class PatentTerms(StrEnum):
    GRANTED = "granted"  # an express patent license from the contributors
    EXCLUDED = "excluded"  # the license says patent rights are not granted
    SILENT = "silent"  # the license says nothing of patents


@dataclass(frozen=True)
class LicenseFacts:
    """One license as data: what it permits, requires and excludes (choosealicense.com's
    vocabulary of tags), its family and its patent terms."""

    spdx_id: str  # the exact SPDX id: GPL-3.0-only, not GPL-3.0
    name: str  # the SPDX full name
    family: Family
    patent: PatentTerms
    permissions: tuple[str, ...]  # tags of data/choosealicense/rules.yml
    conditions: tuple[str, ...]
    limitations: tuple[str, ...]
    description: str  # one plain-language paragraph
    osi_approved: bool
    summary_source: str  # who wrote the summary: "choosealicense.com" or "osunited"


class Use(StrEnum):
    """How a component under the inbound license is used by the project under the outbound one."""

    DISTINCT_COMPONENT = "distinct"  # shipped beside the project as a separate program
    TOOL = "tool"  # used to build, test or run it, never shipped inside it
    DYNAMIC_LINKING = "dynamic-linking"  # a library loaded at run time
    STATIC_LINKING = "static-linking"  # a library linked or bundled into the project's binary
    MERGED_SOURCES = "merged"  # code copied into the project's own files


class Verdict(StrEnum):
    COMPATIBLE = "compatible"
    CONDITIONAL = "conditional"  # compatible only under conditions the explanation names
    INCOMPATIBLE = "incompatible"
    UNKNOWN = "unknown"  # the source covers the pair but gives no answer, or a license is unknown
    NOT_COVERED = "not-covered"  # the source does not speak of this pair or this use

    @property
    def caution(self) -> int:
        """Higher is more cautious: the project's verdict takes the most cautious part."""
        order = [
            Verdict.NOT_COVERED,
            Verdict.COMPATIBLE,
            Verdict.CONDITIONAL,
            Verdict.UNKNOWN,
            Verdict.INCOMPATIBLE,
        ]
        return order.index(self)


@dataclass(frozen=True)
class Source:
    """An independent source of compatibility verdicts the platform carries."""

    key: str  # osadl, fsf, eupl, asf, families
    name: str
    url: str
    attribution: str


@dataclass(frozen=True)
class SourceVerdict:
    source: Source
    verdict: Verdict
    explanation: str  # in plain language, for people who are not lawyers
    reference: str = ""  # where the source says it (a URL or a section)


@dataclass(frozen=True)
class PairCheck:
    """An inbound license against an outbound license for one kind of use, with the verdict of
    every source. Sources that disagree are all kept: `disagreement` says so."""

    inbound: str  # SPDX expression
    outbound: str  # SPDX expression
    use: Use
    verdicts: tuple[SourceVerdict, ...]

    @property
    def covering(self) -> tuple[SourceVerdict, ...]:
        return tuple(v for v in self.verdicts if v.verdict != Verdict.NOT_COVERED)

    @property
    def disagreement(self) -> bool:
        return len({v.verdict for v in self.covering}) > 1

    @property
    def verdict(self) -> Verdict:
        """The most cautious verdict of the sources that cover the pair (UNKNOWN when none
        does); `disagreement` and `verdicts` show what each source said."""
        if not self.covering:
            return Verdict.UNKNOWN
        return max((v.verdict for v in self.covering), key=lambda verdict: verdict.caution)


class ComponentKind(StrEnum):
    DEPENDENCY = "dependency"
    FILE = "file"  # a file in the project's tree under a license of its own


@dataclass(frozen=True)
class Component:
    """Something the project includes or uses, with the license it comes under."""

    name: str  # a package URL for a dependency, the path for a file
    kind: ComponentKind
    license: str | None  # SPDX expression; None when nobody states it
    use: Use
    path: tuple[str, ...] = ()  # how it enters the project: the chain of packages, outermost first
    line: int | None = None  # for a file: the line that states the license


@dataclass(frozen=True)
class ComponentVerdict:
    component: Component
    verdict: Verdict
    reason: str  # in words, naming the licenses and the path
    check: PairCheck | None = None  # None when the component's license is unknown


@dataclass(frozen=True)
class ProjectVerdict:
    """A whole project's compatibility: every component judged against the project's license."""

    outbound: str | None  # the project's license; None when it has none
    verdict: Verdict
    components: tuple[ComponentVerdict, ...] = field(default=())

    @property
    def conflicts(self) -> tuple[ComponentVerdict, ...]:
        return tuple(c for c in self.components if c.verdict == Verdict.INCOMPATIBLE)

    @property
    def unknown(self) -> tuple[ComponentVerdict, ...]:
        return tuple(c for c in self.components if c.verdict == Verdict.UNKNOWN)
