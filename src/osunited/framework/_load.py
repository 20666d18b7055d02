"""Reading framework files: YAML, validated by the schema in `_model`, then checked as a whole."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from osunited.framework._model import (
    CORE_PILLAR,
    STAGES,
    Commitment,
    CoreStatementEntry,
    Disagreement,
    Framework,
    FrameworkFile,
    GuidelineTableEntry,
    Item,
    Level,
    Pillar,
    Principle,
    Rating,
    Stage,
)


class FrameworkError(ValueError):
    """A framework file that cannot be used, with the reason in words."""


def available_frameworks() -> list[str]:
    """The ids of the frameworks shipped with the platform, oldest first."""
    folder = resources.files("osunited.framework").joinpath("frameworks")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


@cache
def load_framework(framework_id: str) -> Framework:
    """A shipped framework by id (`cpf-rc1`). Raises FrameworkError for an unknown id."""
    if framework_id not in available_frameworks():
        known = ", ".join(available_frameworks())
        raise FrameworkError(f"Unknown framework {framework_id!r}; known: {known}.")
    folder = resources.files("osunited.framework").joinpath("frameworks")
    text = folder.joinpath(f"{framework_id}.yaml").read_text("utf-8")
    return parse_framework(text, source=f"{framework_id}.yaml")


def read_framework(path: Path) -> Framework:
    """A framework from a file of one's own (for a framework in the making)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path} could not be read: {exc}") from exc
    return parse_framework(text, source=str(path))


def parse_framework(text: str, *, source: str) -> Framework:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{source} is not valid YAML: {exc}") from exc
    try:
        entry = FrameworkFile.model_validate(document)
    except ValidationError as exc:
        raise FrameworkError(f"{source} does not follow the framework schema:\n{exc}") from exc
    framework = _framework_from(entry, source)
    _check_disagreements(framework, entry, source)
    return framework


def _framework_from(entry: FrameworkFile, source: str) -> Framework:
    if [stage.number for stage in entry.stages] != list(STAGES):
        raise FrameworkError(f"{source}: the stages must be numbered 1 to 4, in order.")
    pillars = tuple(Pillar(p.id, p.name, p.section, tuple(p.levels)) for p in entry.pillars)
    pillar_ids = [pillar.id for pillar in pillars]
    _unique(pillar_ids, "pillar", source)
    if CORE_PILLAR not in pillar_ids:
        raise FrameworkError(f"{source}: the pillars must include {CORE_PILLAR!r}.")
    core = next(pillar for pillar in pillars if pillar.id == CORE_PILLAR)
    items = [item for statement in entry.core_statements for item in _core_items(statement, core)]
    for table in entry.guidelines:
        if table.pillar not in pillar_ids or table.pillar == CORE_PILLAR:
            raise FrameworkError(f"{source}: guideline table for unknown pillar {table.pillar!r}.")
        items += _guideline_items(table)
    _unique([item.id for item in items], "item", source)
    return Framework(
        id=entry.id,
        title=entry.title,
        version=entry.version,
        source=entry.source,
        stages=tuple(
            Stage(s.number, s.name, s.summary, tuple(s.tools), tuple(s.objectives))
            for s in entry.stages
        ),
        pillars=pillars,
        principles=tuple(Principle(p.number, p.name, p.text) for p in entry.principles),
        items=tuple(items),
        disagreements=tuple(_disagreements(items, pillars)),
    )


def _core_items(statement: CoreStatementEntry, core: Pillar) -> list[Item]:
    """A core statement's sub-statements. An expected commitment counts as the synthesis table's
    level for Core Policy Statements at that stage (required at 3 and 4 in CPF RC1, recommended
    before); no commitment expected is optional. "X" is met by full, "x" by partial or more."""
    items = []
    for number, sub in enumerate(statement.items, start=1):
        if sub.id != f"{statement.id}.{number}":
            raise FrameworkError(
                f"{statement.id}: sub-statement {sub.id} should be numbered "
                f"{statement.id}.{number}, in the framework's order."
            )
        levels = tuple(
            core.level(stage) if expected else Level.OPTIONAL
            for stage, expected in zip(STAGES, sub.commitment, strict=True)
        )
        minimums = tuple(
            Rating.FULL if expected is Commitment.FULL else Rating.PARTIAL
            for expected in sub.commitment
        )
        items.append(
            Item(
                id=sub.id,
                pillar=CORE_PILLAR,
                text=sub.text,
                action=sub.action,
                levels=levels,
                minimums=minimums,
                heading=statement.title,
                commitments=tuple(sub.commitment),
            )
        )
    return items


def _guideline_items(table: GuidelineTableEntry) -> list[Item]:
    return [
        Item(
            id=g.id,
            pillar=table.pillar,
            text=g.text,
            action=g.action,
            levels=tuple(g.levels),
            minimums=(Rating.FULL,) * len(STAGES),
        )
        for g in table.items
    ]


def _disagreements(items: list[Item], pillars: tuple[Pillar, ...]) -> list[Disagreement]:
    by_id = {pillar.id: pillar for pillar in pillars}
    return [
        Disagreement(item.id, stage, item.level(stage), by_id[item.pillar].level(stage))
        for item in items
        if item.pillar != CORE_PILLAR
        for stage in STAGES
        if item.level(stage).rank > by_id[item.pillar].level(stage).rank
    ]


def _check_disagreements(framework: Framework, entry: FrameworkFile, source: str) -> None:
    listed = {
        Disagreement(d.item, d.stage, d.item_level, d.pillar_level)
        for d in entry.item_tables_decide
    }
    found = set(framework.disagreements)
    if listed != found:
        missing = ", ".join(
            f"{d.item} at stage {d.stage}"
            for d in sorted(found - listed, key=lambda d: (d.item, d.stage))
        )
        extra = ", ".join(
            f"{d.item} at stage {d.stage}"
            for d in sorted(listed - found, key=lambda d: (d.item, d.stage))
        )
        raise FrameworkError(
            f"{source}: item_tables_decide must list every item expected more strongly than its "
            f"pillar. Not listed: {missing or 'none'}. Listed but not so: {extra or 'none'}."
        )


def _unique(ids: list[str], kind: str, source: str) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise FrameworkError(f"{source}: the {kind} id {value!r} appears twice.")
        seen.add(value)
