"""A project's texts in the page's language (catalog/project_texts.py).

    {% project_texts project as texts %}
    <h1{{ texts.name|lang_attrs }}>{{ texts.name }}</h1>

`lang_attrs` gives ` lang="…" dir="…"` for a text that is not in the page's language (an empty
`lang` for one in a language that is not a UN one), nothing otherwise; `language_name` names a
language in that language (`Français`), as the language menu does."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

from osunited.catalog.models import Project
from osunited.catalog.project_texts import ShownTexts, shown_texts
from osunited.texts import language_code, text_direction

register = template.Library()


@register.filter
def in_page_language(project: Project) -> ShownTexts:
    return shown_texts(project)


@register.simple_tag
def project_texts(project: Project) -> ShownTexts:
    """`{% project_texts project as texts %}`: the same, kept for a whole block."""
    return shown_texts(project)


@register.filter
def lang_attrs(text: Any) -> SafeString:
    language = getattr(text, "language", None)
    if language is None or _same_language(language, get_language() or settings.LANGUAGE_CODE):
        return mark_safe("")
    if not language:
        return mark_safe(' lang="" dir="auto"')
    return format_html(' lang="{}" dir="{}"', language, text_direction(language))


def _same_language(text_language: str, page_language: str) -> bool:
    # A text in `zh` is in the page's language on a `zh-hans` page.
    text, page = language_code(text_language), language_code(page_language)
    return page == text or page.startswith(f"{text}-")


@register.filter
def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code
