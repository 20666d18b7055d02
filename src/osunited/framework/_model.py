"""A policy framework as data: stages, pillars, principles and the items entities rate.

The YAML file's schema is the pydantic models at the bottom (`FrameworkFile`); `Framework` and
`Item` are what the rest of the engine works with, built from a validated file by `_load`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Level(StrEnum):
    """How strongly a framework expects an item, or a pillar, at a stage."""

    OPTIONAL = "optional"
    RECOMMENDED = "recommended"
    REQUIRED = "required"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Commitment(StrEnum):
    """A core policy statement's expected commitment at a stage: "x" partial, "X" full."""

    PARTIAL = "partial"
    FULL = "full"


class Rating(StrEnum):
    """An entity's own rating of its alignment with one item."""

    FULL = "full"
    PARTIAL = "partial"
    MINIMAL = "minimal"
    NOT_APPLICABLE = "not_applicable"

    @property
    def score(self) -> float:
        """Full 1, partial 0.5, minimal 0 (not applicable has no score: it is left out)."""
        return {"full": 1.0, "partial": 0.5, "minimal": 0.0}.get(self.value, 0.0)


STAGES = (1, 2, 3, 4)
CORE_PILLAR = "core_policy"


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    summary: str
    tools: tuple[str, ...]
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    section: str
    levels: tuple[Level, ...]  # one per stage, from the synthesis table

    def level(self, stage: int) -> Level:
        return self.levels[stage - 1]


@dataclass(frozen=True)
class Principle:
    number: int
    name: str
    text: str


@dataclass(frozen=True)
class Item:
    """One thing an entity rates: a guideline (G1, CB4) or a core policy sub-statement (P2.3).

    `levels` and `minimums` hold, for each stage, how strongly the item is expected there and
    the lowest rating that meets it (a guideline: full; a core statement: full for "X", partial
    for "x")."""

    id: str
    pillar: str
    text: str
    action: str
    levels: tuple[Level, ...]
    minimums: tuple[Rating, ...]
    heading: str = ""  # a core statement's title (P2: "Open Source Development and Production")
    commitments: tuple[Commitment | None, ...] = ()  # core statements only, as in the table

    def level(self, stage: int) -> Level:
        return self.levels[stage - 1]

    def minimum(self, stage: int) -> Rating:
        return self.minimums[stage - 1]


@dataclass(frozen=True)
class Disagreement:
    """An item expected more strongly at a stage than its pillar in the synthesis table."""

    item: str
    stage: int
    item_level: Level
    pillar_level: Level


class ChangeField(StrEnum):
    """What an amendment changes in an item."""

    TEXT = "text"
    LEVELS = "levels"  # a guideline's expected level by stage
    COMMITMENTS = "commitments"  # a core policy sub-statement's expected commitment by stage
    ACTION = "action"


@dataclass(frozen=True)
class Change:
    """One change of one item between a framework version and the version it is based on.
    `before` and `after` are in words: a text, or the per-stage values joined by ", "."""

    item: str
    field: ChangeField
    before: str
    after: str
    note: str = ""


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    version: str
    source: str
    stages: tuple[Stage, ...]
    pillars: tuple[Pillar, ...]
    principles: tuple[Principle, ...]
    items: tuple[Item, ...]
    disagreements: tuple[Disagreement, ...]
    based_on: str = ""  # the version this one amends (a version adopted by the Board)
    changes: tuple[Change, ...] = ()  # what changed from `based_on`, as the file records it

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def pillar(self, pillar_id: str) -> Pillar:
        return next(pillar for pillar in self.pillars if pillar.id == pillar_id)

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]


# -- the file's schema -----------------------------------------------------------------------

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
PerStage = Annotated[list[Level], Field(min_length=4, max_length=4)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StageEntry(_Strict):
    number: Annotated[int, Field(ge=1, le=4)]
    name: Text
    summary: Text
    tools: list[Text]
    objectives: list[Text]


class PillarEntry(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
    name: Text
    section: Text
    levels: PerStage


class PrincipleEntry(_Strict):
    number: Annotated[int, Field(ge=1)]
    name: Text
    text: Text


class CoreItemEntry(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^P[0-9]+\.[0-9]+$")]
    text: Text
    commitment: Annotated[list[Commitment | None], Field(min_length=4, max_length=4)]
    action: Text


class CoreStatementEntry(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^P[0-9]+$")]
    title: Text
    items: Annotated[list[CoreItemEntry], Field(min_length=1)]


class GuidelineEntry(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]+$")]
    text: Text
    levels: PerStage
    action: Text


class GuidelineTableEntry(_Strict):
    pillar: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
    section: Text
    items: Annotated[list[GuidelineEntry], Field(min_length=1)]


class DisagreementEntry(_Strict):
    item: Text
    stage: Annotated[int, Field(ge=1, le=4)]
    item_level: Level
    pillar_level: Level


class ChangeEntry(_Strict):
    item: Text
    field: ChangeField
    before: str
    after: str
    note: str = ""


FRAMEWORK_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
FrameworkId = Annotated[str, StringConstraints(pattern=rf"^{FRAMEWORK_ID.pattern}$")]


class FrameworkFile(_Strict):
    """The schema of a framework file (see docs/assessment.md, "Framework files")."""

    schema_version: Literal[1] = Field(alias="schema")
    id: FrameworkId
    title: Text
    version: Text
    source: Text
    stages: Annotated[list[StageEntry], Field(min_length=4, max_length=4)]
    pillars: Annotated[list[PillarEntry], Field(min_length=1)]
    principles: list[PrincipleEntry]
    core_statements: list[CoreStatementEntry]
    guidelines: list[GuidelineTableEntry]
    # Where an item table expects more than the synthesis table's pillar, the item table decides;
    # the file lists every such place, and loading checks the list against the tables.
    item_tables_decide: list[DisagreementEntry]
    # A version amended by the Board (CPF 4.1.1) names the version it amends and what changed;
    # a file written by hand has neither.
    based_on: FrameworkId | None = None
    changes: list[ChangeEntry] = []
