"""Reading framework files: YAML, validated by the schema in `_model`, then checked as a whole."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from osunited.framework._model import (
    CORE_PILLAR,
    FRAMEWORK_ID,
    STAGES,
    Change,
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
from osunited.framework._texts import framework_texts, localised
from osunited.texts import ENGLISH, DataTexts, is_english, language_code, sidecar_generation

_FOLDER = Path(__file__).resolve().parent / "frameworks"


class FrameworkError(ValueError):
    """A framework file that cannot be used, with the reason in words."""


FrameworkSource = Callable[[], Mapping[str, str]]
"""A provider of framework files beyond the shipped ones: framework id -> the file's YAML."""

_sources: list[FrameworkSource] = []


def register_framework_source(provider: FrameworkSource) -> None:
    """Add a provider of framework files (the platform registers the versions its Board adopted).
    It is asked again at each call, so a version it adds is known at once. Registering the same
    provider twice does nothing."""
    if provider not in _sources:
        _sources.append(provider)


def unregister_framework_source(provider: FrameworkSource) -> None:
    if provider in _sources:
        _sources.remove(provider)


@cache
def _shipped_frameworks() -> tuple[str, ...]:
    folder = resources.files("osunited.framework").joinpath("frameworks")
    return tuple(
        sorted(
            entry.name.removesuffix(".yaml")
            for entry in folder.iterdir()
            if entry.name.endswith(".yaml")
        )
    )


def available_frameworks() -> list[str]:
    """The ids of the frameworks known: the shipped ones, then those of the registered sources
    in the order they give them (oldest first); a shipped id is never replaced by a source."""
    known = list(_shipped_frameworks())
    for provider in _sources:
        known += [framework_id for framework_id in provider() if framework_id not in known]
    return known


def load_framework(framework_id: str, language: str = ENGLISH) -> Framework:
    """A framework by id (`cpf-rc1`, or a version from a registered source), with its texts in
    `language` where they are translated (each a `Text` that tells its language; a version the
    Board adopted takes the translations of the shipped file it amends, for the texts it kept).
    Raises FrameworkError for an unknown id."""
    if framework_id in _shipped_frameworks():
        if is_english(language):
            return _load_shipped(framework_id)
        return _shipped_in(framework_id, language_code(language), sidecar_generation())
    text = framework_document(framework_id)
    if is_english(language):
        return _parse_published(framework_id, text)
    return _published_in(framework_id, text, language_code(language), sidecar_generation())


def framework_data_texts(framework_id: str) -> DataTexts:
    """The texts of a shipped framework file, by key, and their translations beside it."""
    if framework_id not in _shipped_frameworks():
        raise FrameworkError(f"{framework_id!r} is no shipped framework.")
    return _data_texts(framework_id)


def shipped_framework_texts() -> list[DataTexts]:
    """The texts of every shipped framework file (for `osu translations`)."""
    return [_data_texts(framework_id) for framework_id in _shipped_frameworks()]


@cache
def _data_texts(framework_id: str) -> DataTexts:
    return DataTexts(
        _FOLDER / f"{framework_id}.yaml", lambda: framework_texts(_load_shipped(framework_id))
    )


@lru_cache(maxsize=64)
def _shipped_in(framework_id: str, language: str, _generation: int) -> Framework:
    return localised(_load_shipped(framework_id), _data_texts(framework_id).translator(language))


@lru_cache(maxsize=64)
def _published_in(framework_id: str, text: str, language: str, _generation: int) -> Framework:
    framework = _parse_published(framework_id, text)
    root = _shipped_root(framework)
    if root is None:
        return framework
    return localised(framework, _data_texts(root).translator(language))


def _shipped_root(framework: Framework) -> str | None:
    """The shipped framework a published version amends, through the versions between."""
    seen = {framework.id}
    while framework.id not in _shipped_frameworks():
        if not framework.based_on or framework.based_on in seen:
            return None
        seen.add(framework.based_on)
        try:
            framework = load_framework(framework.based_on)
        except FrameworkError:
            return None
    return framework.id


def framework_document(framework_id: str) -> str:
    """The YAML file of a framework by id, as shipped or as its source gives it."""
    if framework_id in _shipped_frameworks():
        folder = resources.files("osunited.framework").joinpath("frameworks")
        return folder.joinpath(f"{framework_id}.yaml").read_text("utf-8")
    # A source is asked only about what could be an id: a stray byte from an uploaded answers
    # file (a NUL, which PostgreSQL refuses) never reaches the platform's database.
    if FRAMEWORK_ID.fullmatch(framework_id):
        for provider in _sources:
            text = provider().get(framework_id)
            if text is not None:
                return text
    known = ", ".join(available_frameworks())
    raise FrameworkError(f"Unknown framework {framework_id!r}; known: {known}.")


@cache
def _load_shipped(framework_id: str) -> Framework:
    return parse_framework(framework_document(framework_id), source=f"{framework_id}.yaml")


@cache
def _parse_published(framework_id: str, text: str) -> Framework:
    # Keyed by the text too: a published version never changes, but a test database may give
    # the same id another text after a rollback.
    framework = parse_framework(text, source=f"{framework_id}.yaml")
    if framework.id != framework_id:
        raise FrameworkError(f"{framework_id}.yaml declares the id {framework.id!r}.")
    return framework


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
        based_on=entry.based_on or "",
        changes=tuple(Change(c.item, c.field, c.before, c.after, c.note) for c in entry.changes),
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
