"""The OSEE framework's texts in another language: one walker gives every text its key and its
translation (`osunited.texts`), and lists the English texts by the same keys.

Keys name what the draft names: `modules[strategy].scope`,
`competencies[strategy/change-management].name`, `categories[technical].relevant_components[2]`,
`ospo_roles[0].profiles[1]`, `alignments[G1].reason` (the alignment file's). Ids stay English: a
competency's id is its English name's slug. The titles of training contents are the materials'
own names and stay as the draft has them."""

from __future__ import annotations

from dataclasses import replace

from osunited.osee._types import (
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
from osunited.texts import Translate, recorded_texts


def localised(osee: Osee, text: Translate, alignment_text: Translate) -> Osee:
    """`osee` with each text replaced by `text(key, English)`; the alignments' reasons by
    `alignment_text` (they are the alignment file's)."""
    return replace(
        osee,
        title=text("title", osee.title),
        overview=text("overview", osee.overview),
        notes=_each(text, "notes", osee.notes),
        categories=tuple(_category(category, text) for category in osee.categories),
        modules=tuple(_module(module, text) for module in osee.modules),
        ospo_roles=tuple(_role(index, role, text) for index, role in enumerate(osee.ospo_roles)),
        alignments=tuple(_alignment(a, alignment_text) for a in osee.alignments),
        _modules={},
        _competencies={},
    )


def osee_texts(osee: Osee) -> dict[str, str]:
    """Every text of the framework file, by key, in the file's order."""
    return recorded_texts(lambda text: localised(osee, text, _untouched))


def alignment_texts(osee: Osee) -> dict[str, str]:
    """Every text of the alignment file, by key."""
    return recorded_texts(lambda text: localised(osee, _untouched, text))


def _untouched(key: str, english: str) -> str:
    return english


def _each(text: Translate, key: str, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text(f"{key}[{index}]", value) for index, value in enumerate(values))


def _category(category: Category, text: Translate) -> Category:
    key = f"categories[{category.id}]"
    return replace(
        category,
        title=text(f"{key}.title", category.title),
        summary=text(f"{key}.summary", category.summary),
        relevant_components=_each(text, f"{key}.relevant_components", category.relevant_components),
        notes=_each(text, f"{key}.notes", category.notes),
    )


def _module(module: Module, text: Translate) -> Module:
    key = f"modules[{module.id}]"
    return replace(
        module,
        title=text(f"{key}.title", module.title),
        scope=text(f"{key}.scope", module.scope),
        audience_summary=text(f"{key}.audience_summary", module.audience_summary),
        audiences=tuple(
            _audience(f"{key}.audiences[{i}]", a, text) for i, a in enumerate(module.audiences)
        ),
        competencies=tuple(_competency(c, text) for c in module.competencies),
        dependencies=tuple(
            Dependency(text(f"{key}.dependencies[{i}].text", d.text), d.module_id)
            for i, d in enumerate(module.dependencies)
        ),
        training_materials=tuple(
            _material(f"{key}.training_materials[{i}]", m, text)
            for i, m in enumerate(module.training_materials)
        ),
        notes=_each(text, f"{key}.notes", module.notes),
    )


def _audience(key: str, audience: Audience, text: Translate) -> Audience:
    return Audience(
        text(f"{key}.role", audience.role),
        text(f"{key}.description", audience.description),
        text(f"{key}.organisation", audience.organisation),
    )


def _competency(competency: Competency, text: Translate) -> Competency:
    key = f"competencies[{competency.id}]"
    return replace(
        competency,
        name=text(f"{key}.name", competency.name),
        description=text(f"{key}.description", competency.description),
    )


def _material(key: str, material: TrainingMaterial, text: Translate) -> TrainingMaterial:
    return replace(
        material,
        activity=text(f"{key}.activity", material.activity),
        user_group=text(f"{key}.user_group", material.user_group),
        licensing=text(f"{key}.licensing", material.licensing),
    )


def _role(index: int, role: OspoRole, text: Translate) -> OspoRole:
    key = f"ospo_roles[{index}]"
    return replace(
        role,
        role=text(f"{key}.role", role.role),
        profiles=_each(text, f"{key}.profiles", role.profiles),
        composition=text(f"{key}.composition", role.composition),
    )


def _alignment(alignment: Alignment, text: Translate) -> Alignment:
    return replace(
        alignment, reason=text(f"alignments[{alignment.guideline_id}].reason", alignment.reason)
    )
