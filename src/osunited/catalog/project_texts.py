"""A project's name, purpose and description in the reader's language.

The project's own fields are its texts in `Project.language`; `ProjectText`s hold them in other
UN languages. A reader gets each text from the first language of the chain that has it: the
exact language (`zh-hans`), the language (`zh`), the project's own language, English; and the
project's own text when none does. Each comes as a `Text` that knows its language, so that a
page marks a text that is not in its own language (`lang`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from osunited.catalog.models import Project, ProjectText
from osunited.texts import ENGLISH, Text, language_code

TEXT_FIELDS = ("name", "purpose", "description")


@dataclass(frozen=True)
class ShownTexts:
    """What a page shows of a project in one reader's language."""

    name: Text
    purpose: Text
    description: Text
    languages: tuple[str, ...]  # every language the project is described in, its own first


def project_text_chain(project: Project, language: str) -> tuple[str, ...]:
    """Where a reader of `language` finds the project's texts, in order."""
    code = language_code(language)
    chain = [code, code.split("-")[0], project.language, ENGLISH]
    return tuple(dict.fromkeys(step for step in chain if step))


def shown_texts(project: Project, language: str | None = None) -> ShownTexts:
    """The project's texts for a reader of `language` (the page's by default). Reads
    `project.texts.all()`: prefetch it for a list."""
    chain = project_text_chain(project, language or get_language() or settings.LANGUAGE_CODE)
    translations: dict[str, ProjectText] = {text.language: text for text in project.texts.all()}
    sources: list[tuple[str, Project | ProjectText]] = []
    for step in chain:
        if step == project.language:
            sources.append((step, project))
        elif step in translations:
            sources.append((step, translations[step]))
    sources.append((project.language, project))
    fields = {name: _first_written(sources, name) for name in TEXT_FIELDS}
    described = (project.language, *(lang for lang in translations if lang != project.language))
    return ShownTexts(**fields, languages=tuple(lang for lang in described if lang))


def _first_written(sources: list[tuple[str, Project | ProjectText]], field: str) -> Text:
    for language, source in sources:
        value = getattr(source, field)
        if value:
            return Text(value, language=language)
    return Text("", language=sources[-1][0])
