"""Amending a framework (CPF 4.1.1): a new version's file from the previous one and the changes
the Board accepted, checked by the same schema and rules as a file written by hand."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from osunited.framework._load import FrameworkError, _framework_from, parse_framework
from osunited.framework._model import (
    STAGES,
    Change,
    ChangeField,
    Commitment,
    Framework,
    FrameworkFile,
    Item,
    Level,
)


@dataclass(frozen=True)
class Amendment:
    """One change to one item: its wording, its expected level by stage (a guideline), its
    expected commitment by stage (a core policy sub-statement: None where none is expected), or
    its suggested action. `note` says why, or which decision adopted it."""

    item_id: str
    text: str | None = None
    levels: tuple[Level, ...] | None = None
    commitments: tuple[Commitment | None, ...] | None = None
    action: str | None = None
    note: str = ""


def amend_framework(
    document_text: str, amendments: Sequence[Amendment], *, new_id: str, version: str
) -> str:
    """The YAML of a new framework version: `document_text` (a framework file) with each
    amendment applied, the id and version replaced, `based_on` naming the amended version,
    `changes` recording what changed, and `item_tables_decide` brought up to date. Raises
    FrameworkError, in words, for an unknown item, a wrong number of stages, a level given to a
    core statement (or a commitment to a guideline), or an amendment that changes nothing."""
    base = parse_framework(document_text, source="the framework to amend")
    if not amendments:
        raise FrameworkError("An amended version needs at least one amendment.")
    document: dict[str, Any] = yaml.safe_load(document_text)
    changes = [change for a in amendments for change in _apply(document, base, a)]
    document.update(
        id=new_id,
        version=version,
        based_on=base.id,
        changes=[_change_entry(change) for change in changes],
    )
    document["item_tables_decide"] = _disagreements_of(document, new_id)
    text = _header(base, new_id) + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, width=100
    )
    parse_framework(text, source=f"{new_id}.yaml")
    return text


def compare_frameworks(old: Framework, new: Framework) -> tuple[Change, ...]:
    """What differs, item by item, from `old` to `new` (items both have), in `new`'s order."""
    old_items = {item.id: item for item in old.items}
    return tuple(
        change
        for item in new.items
        if item.id in old_items
        for change in _differences(old_items[item.id], item)
    )


def _differences(old: Item, new: Item) -> Iterator[Change]:
    if old.text != new.text:
        yield Change(new.id, ChangeField.TEXT, old.text, new.text)
    if old.commitments != new.commitments:
        before, after = _words(old.commitments), _words(new.commitments)
        yield Change(new.id, ChangeField.COMMITMENTS, before, after)
    elif old.levels != new.levels:
        yield Change(new.id, ChangeField.LEVELS, _words(old.levels), _words(new.levels))
    if old.action != new.action:
        yield Change(new.id, ChangeField.ACTION, old.action, new.action)


def _words(values: Sequence[Level | Commitment | None]) -> str:
    return ", ".join(value.value if value is not None else "none" for value in values)


def _apply(document: dict[str, Any], base: Framework, amendment: Amendment) -> list[Change]:
    try:
        item = base.item(amendment.item_id)
    except KeyError:
        raise FrameworkError(
            f"{amendment.item_id!r} is not a guideline or statement of {base.id}."
        ) from None
    entry = _item_entry(document, amendment.item_id)
    changes = [
        *_text_changes(entry, item, amendment),
        *_stage_changes(entry, item, amendment),
    ]
    if not changes:
        raise FrameworkError(f"The amendment to {item.id} changes nothing.")
    return changes


def _text_changes(entry: dict[str, Any], item: Item, amendment: Amendment) -> list[Change]:
    changes = []
    for field, new, old in (
        (ChangeField.TEXT, amendment.text, item.text),
        (ChangeField.ACTION, amendment.action, item.action),
    ):
        if new is None:
            continue
        new = " ".join(new.split())
        if not new:
            raise FrameworkError(f"{item.id}: the new {field.value} is empty.")
        if new != old:
            entry[field.value] = new
            changes.append(Change(item.id, field, old, new, amendment.note))
    return changes


def _stage_changes(entry: dict[str, Any], item: Item, amendment: Amendment) -> list[Change]:
    core = bool(item.commitments)
    if amendment.levels is not None and core:
        raise FrameworkError(
            f"{item.id} is a core policy statement: change its commitments by stage, not levels."
        )
    if amendment.commitments is not None and not core:
        raise FrameworkError(f"{item.id} is a guideline: change its levels by stage.")
    if amendment.levels is not None:
        return _per_stage(entry, item, amendment, "levels", item.levels, amendment.levels)
    if amendment.commitments is not None:
        old = item.commitments
        return _per_stage(entry, item, amendment, "commitment", old, amendment.commitments)
    return []


def _per_stage(
    entry: dict[str, Any],
    item: Item,
    amendment: Amendment,
    key: str,
    old: Sequence[Level | Commitment | None],
    new: Sequence[Level | Commitment | None],
) -> list[Change]:
    if len(new) != len(STAGES):
        raise FrameworkError(
            f"{item.id}: give one value per stage ({len(STAGES)}), not {len(new)}."
        )
    if tuple(new) == tuple(old):
        return []
    entry[key] = [value.value if value is not None else None for value in new]
    field = ChangeField.LEVELS if key == "levels" else ChangeField.COMMITMENTS
    return [Change(item.id, field, _words(old), _words(new), amendment.note)]


def _item_entry(document: dict[str, Any], item_id: str) -> dict[str, Any]:
    tables = [*document["core_statements"], *document["guidelines"]]
    for table in tables:
        for entry in table["items"]:
            if entry["id"] == item_id:
                found: dict[str, Any] = entry
                return found
    raise FrameworkError(f"{item_id!r} is not in the framework file.")


def _disagreements_of(document: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The item table decides where an item is expected more strongly than its pillar: after a
    change of levels the file's list of such places is recomputed, not left stale."""
    document = {**document, "item_tables_decide": []}
    try:
        framework = _framework_from(FrameworkFile.model_validate(document), source)
    except ValidationError as exc:
        raise FrameworkError(f"{source} does not follow the framework schema:\n{exc}") from exc
    return [
        {
            "item": d.item,
            "stage": d.stage,
            "item_level": d.item_level.value,
            "pillar_level": d.pillar_level.value,
        }
        for d in framework.disagreements
    ]


def _change_entry(change: Change) -> dict[str, str]:
    entry = {
        "item": change.item,
        "field": change.field.value,
        "before": change.before,
        "after": change.after,
    }
    if change.note:
        entry["note"] = change.note
    return entry


def _header(base: Framework, new_id: str) -> str:
    return (
        f"# {new_id}: {base.title}, {base.id} as amended by the Board (CPF 4.1.1).\n"
        "# Written by osunited.framework.amend_framework; `changes` lists what changed.\n"
    )
