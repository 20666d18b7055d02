"""Reading the OSEE data: YAML, validated by the schema in `_schema`, then checked as a whole
(the fixed module and category ids, unique competency ids, dependencies and alignments that name
what exists)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from osunited.osee._schema import (
    AlignmentFile,
    CategoryEntry,
    ModuleEntry,
    OseeFile,
)
from osunited.osee._texts import alignment_texts, localised, osee_texts
from osunited.osee._types import (
    CATEGORY_IDS,
    MODULE_IDS,
    Alignment,
    Audience,
    Category,
    Competency,
    Dependency,
    Module,
    Osee,
    OspoRole,
    TrainingMaterial,
)
from osunited.texts import ENGLISH, DataTexts, is_english, language_code, sidecar_generation

FileModel = TypeVar("FileModel", bound=BaseModel)
OSEE_FILE = "osee-2024-10.yaml"
ALIGNMENT_FILE = "cpf-alignment.yaml"
# How an entry of a list is named in an error, by the first of these keys it has.
_NAMING_KEYS = ("id", "guideline", "name", "role", "activity", "text")


class OseeError(ValueError):
    """An OSEE data file that cannot be used, with the reason in words."""


_DATA = Path(__file__).resolve().parent / "data"


def load_osee(language: str = ENGLISH) -> Osee:
    """The OSEE framework shipped with the platform, with its alignment to the CPF's guidelines;
    its texts in `language` where they are translated (each a `Text` that tells its language)."""
    if is_english(language):
        return _shipped()
    return _shipped_in(language_code(language), sidecar_generation())


@cache
def _shipped() -> Osee:
    folder = resources.files("osunited.osee").joinpath("data")
    return parse_osee(
        folder.joinpath(OSEE_FILE).read_text("utf-8"),
        alignments=folder.joinpath(ALIGNMENT_FILE).read_text("utf-8"),
    )


@lru_cache(maxsize=16)
def _shipped_in(language: str, _generation: int) -> Osee:
    osee_file, alignment_file = osee_data_texts()
    return localised(
        _shipped(), osee_file.translator(language), alignment_file.translator(language)
    )


@cache
def osee_data_texts() -> tuple[DataTexts, DataTexts]:
    """The texts of the framework file and of the alignment file, by key, and their
    translations beside them."""
    return (
        DataTexts(_DATA / OSEE_FILE, lambda: osee_texts(_shipped())),
        DataTexts(_DATA / ALIGNMENT_FILE, lambda: alignment_texts(_shipped())),
    )


def parse_osee(text: str, *, alignments: str | None = None, source: str = OSEE_FILE) -> Osee:
    """An `Osee` from the text of a framework file and, if given, of an alignment file.

    Raises OseeError naming the entry at fault (`modules[3 'strategy'].competencies[2 ...]`)."""
    entry = _validated(OseeFile, text, source)
    modules = _modules_from(entry, source)
    found: tuple[Alignment, ...] = ()
    if alignments is not None:
        alignment_entry = _validated(AlignmentFile, alignments, ALIGNMENT_FILE)
        if alignment_entry.osee != entry.id:
            raise OseeError(
                f"{ALIGNMENT_FILE} aligns {alignment_entry.osee!r}, not {entry.id!r} ({source})."
            )
        found = tuple(_alignments_from(alignment_entry, modules))
    return Osee(
        version=entry.version,
        title=entry.title,
        date=entry.date,
        categories=tuple(_category_from(c, entry.modules, source) for c in entry.categories),
        modules=modules,
        ospo_roles=tuple(
            OspoRole(r.role, tuple(r.profiles), r.composition, r.strategic)
            for r in entry.ospo_roles
        ),
        alignments=found,
        source=entry.source,
        creator=entry.creator,
        overview=entry.overview,
        notes=tuple(entry.notes),
    )


def competency_id(module_id: str, name: str) -> str:
    """`<module id>/<slug of the name>`: "Costing Labour versus licences" in Strategy is
    `strategy/costing-labour-versus-licences`."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{module_id}/{slug}"


def _validated(model: type[FileModel], text: str, source: str) -> FileModel:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OseeError(f"{source} is not valid YAML: {exc}") from exc
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        problems = "\n".join(
            f"- {_where(document, error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise OseeError(f"{source} does not follow the OSEE schema:\n{problems}") from exc


def _where(document: Any, location: Sequence[int | str]) -> str:
    """A validation error's place, with list entries named by their id, name or role."""
    parts: list[str] = []
    node = document
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            label = _label(node)
            parts[-1] += f"[{step}{f' {label!r}' if label else ''}]"
            continue
        node = node.get(step) if isinstance(node, dict) else None
        parts.append(str(step))
    return ".".join(parts) or "the file"


def _label(node: Any) -> str:
    if not isinstance(node, dict):
        return ""
    return next((str(node[key]) for key in _NAMING_KEYS if key in node), "")


def _modules_from(entry: OseeFile, source: str) -> tuple[Module, ...]:
    _check_ids([c.id for c in entry.categories], CATEGORY_IDS, "category", source)
    _check_ids([m.id for m in entry.modules], MODULE_IDS, "module", source)
    modules = tuple(_module_from(module, source) for module in entry.modules)
    _unique([c.id for module in modules for c in module.competencies], "competency", source)
    return modules


def _module_from(entry: ModuleEntry, source: str) -> Module:
    for dependency in entry.dependencies:
        if dependency.module is not None and dependency.module not in MODULE_IDS:
            raise OseeError(
                f"{source}: modules[{entry.id}] depends on an unknown module {dependency.module!r}."
            )
    return Module(
        id=entry.id,
        category_id=entry.category,
        title=entry.title,
        scope=entry.scope,
        audiences=tuple(Audience(a.role, a.description, a.organisation) for a in entry.audiences),
        competencies=tuple(
            Competency(competency_id(entry.id, c.name), entry.id, c.name, c.description)
            for c in entry.competencies
        ),
        dependencies=tuple(Dependency(d.text, d.module or "") for d in entry.dependencies),
        training_materials=tuple(
            TrainingMaterial(
                t.activity, tuple(t.contents), t.user_group, t.licensing, t.listed_under
            )
            for t in entry.training_materials
        ),
        audience_summary=entry.audience_summary,
        notes=tuple(entry.notes),
    )


def _category_from(entry: CategoryEntry, modules: Iterable[ModuleEntry], source: str) -> Category:
    module_ids = tuple(module.id for module in modules if module.category == entry.id)
    if not entry.complete and module_ids:
        raise OseeError(
            f"{source}: categories[{entry.id}] is marked incomplete but has modules "
            f"({', '.join(module_ids)})."
        )
    return Category(
        id=entry.id,
        title=entry.title,
        summary=entry.summary,
        module_ids=module_ids,
        relevant_components=tuple(entry.relevant_components),
        complete=entry.complete,
        notes=tuple(entry.notes),
    )


def _alignments_from(entry: AlignmentFile, modules: tuple[Module, ...]) -> Iterable[Alignment]:
    module_of = {c.id: c.module_id for module in modules for c in module.competencies}
    _unique([a.guideline for a in entry.alignments], "guideline", ALIGNMENT_FILE)
    for alignment in entry.alignments:
        where = f"{ALIGNMENT_FILE}: alignments[{alignment.guideline}]"
        unknown = [m for m in alignment.modules if m not in MODULE_IDS]
        unknown += [c for c in alignment.competencies if c not in module_of]
        if unknown:
            raise OseeError(f"{where} names what the framework lacks: {', '.join(unknown)}.")
        outside = [c for c in alignment.competencies if module_of[c] not in alignment.modules]
        if outside:
            raise OseeError(
                f"{where}: the competencies {', '.join(outside)} belong to modules it does "
                "not name."
            )
        yield Alignment(
            guideline_id=alignment.guideline,
            module_ids=tuple(alignment.modules),
            competency_ids=tuple(alignment.competencies),
            reason=alignment.reason,
        )


def _check_ids(found: list[str], expected: tuple[str, ...], kind: str, source: str) -> None:
    _unique(found, kind, source)
    missing = [value for value in expected if value not in found]
    extra = [value for value in found if value not in expected]
    if missing or extra:
        raise OseeError(
            f"{source}: the {kind} ids must be {', '.join(expected)}. "
            f"Missing: {', '.join(missing) or 'none'}. Unknown: {', '.join(extra) or 'none'}."
        )


def _unique(ids: list[str], kind: str, source: str) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise OseeError(f"{source}: the {kind} id {value!r} appears twice.")
        seen.add(value)
