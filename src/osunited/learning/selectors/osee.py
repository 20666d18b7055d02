"""The OSEE framework's public pages, read from the engine's data (no table): the index of
categories and modules with the OSPO roles and the CPF alignment, one module's page, and the
CASE 1.1 package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from osunited import osee
from osunited.framework import load_framework
from osunited.platform.datatexts import reader_language
from osunited.texts import Text

CPF = "cpf-rc1"


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list (`items`), of a text the data writes as paragraphs and "- " lines."""

    paragraph: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuidelineAlignment:
    guideline_id: str
    text: str  # the CPF's wording of the guideline
    reason: str
    modules: tuple[osee.Module, ...]
    competencies: tuple[osee.Competency, ...]


@dataclass(frozen=True)
class CategorySection:
    category: osee.Category
    modules: tuple[osee.Module, ...]


@dataclass(frozen=True)
class IndexPage:
    framework: osee.Osee
    overview: tuple[Block, ...]
    categories: tuple[CategorySection, ...]
    alignments: tuple[GuidelineAlignment, ...]


@dataclass(frozen=True)
class DependencyEntry:
    text: tuple[Block, ...]
    module: osee.Module | None


@dataclass(frozen=True)
class ModulePage:
    framework: osee.Osee
    module: osee.Module
    category: osee.Category
    scope: tuple[Block, ...]
    audience_summary: tuple[Block, ...]
    by_organisation: bool  # the audience table names kinds of organisation (Strategy)
    dependencies: tuple[DependencyEntry, ...]
    alignments: tuple[GuidelineAlignment, ...]


def blocks(text: str) -> tuple[Block, ...]:
    found = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("- "):
            lines = paragraph.split("\n")
            found.append(Block(items=tuple(_part(text, line.removeprefix("- ")) for line in lines)))
        elif paragraph.strip():
            found.append(Block(paragraph=_part(text, paragraph)))
    return tuple(found)


def _part(text: str, part: str) -> str:
    """A part of a data text, in the text's language."""
    if isinstance(text, Text):
        return Text(part, language=text.language, reviewed=text.reviewed)
    return part


def osee_index() -> IndexPage:
    framework = osee.load_osee(reader_language())
    sections = tuple(
        CategorySection(category, tuple(framework.module(m) for m in category.module_ids))
        for category in framework.categories
    )
    return IndexPage(
        framework=framework,
        overview=blocks(framework.overview),
        categories=sections,
        alignments=tuple(_alignment(framework, a) for a in framework.alignments),
    )


def osee_module_page(module_id: str) -> ModulePage:
    """One module's page; Http404 for an id the framework does not have."""
    framework = osee.load_osee(reader_language())
    try:
        module = framework.module(module_id)
    except KeyError:
        raise Http404 from None
    category = next(c for c in framework.categories if c.id == module.category_id)
    return ModulePage(
        framework=framework,
        module=module,
        category=category,
        scope=blocks(module.scope),
        audience_summary=blocks(module.audience_summary),
        by_organisation=any(a.organisation for a in module.audiences),
        dependencies=tuple(
            DependencyEntry(blocks(d.text), framework.module(d.module_id) if d.module_id else None)
            for d in module.dependencies
        ),
        alignments=_module_alignments(framework, module),
    )


def osee_case_package(base_uri: str) -> dict[str, Any]:
    """The framework as a 1EdTech CASE 1.1 package, its URIs under `base_uri` (the index page's
    address), the CPF guidelines named by their text."""
    titles = {item.id: item.text for item in load_framework(CPF).items}
    return osee.case_package(osee.load_osee(), base_uri, guideline_titles=titles)


def _module_alignments(framework: osee.Osee, module: osee.Module) -> tuple[GuidelineAlignment, ...]:
    """The guidelines aligned to the module or to one of its competencies, each with those of
    its competencies the alignment names."""
    found = []
    for alignment in framework.alignments:
        view = _alignment(framework, alignment)
        own = tuple(c for c in view.competencies if c.module_id == module.id)
        if module.id in alignment.module_ids or own:
            found.append(
                GuidelineAlignment(view.guideline_id, view.text, view.reason, (module,), own)
            )
    return tuple(found)


def _alignment(framework: osee.Osee, alignment: osee.Alignment) -> GuidelineAlignment:
    return GuidelineAlignment(
        guideline_id=alignment.guideline_id,
        text=load_framework(CPF, reader_language()).item(alignment.guideline_id).text,
        reason=alignment.reason,
        modules=tuple(framework.module(m) for m in alignment.module_ids),
        competencies=tuple(framework.competency(c) for c in alignment.competency_ids),
    )
