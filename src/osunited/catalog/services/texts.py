"""A project's name, purpose and description in other UN languages (ProjectText), written with
the project by `project_create` and `project_update`, which audit them."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osunited.catalog.models import Project, ProjectText

# language -> {"name": ..., "purpose": ..., "description": ...}
ProjectTexts = Mapping[str, Mapping[str, str]]
TEXT_LIMITS = {"name": 200, "purpose": 300, "description": 20_000}
TEXT_LABELS = {
    "name": gettext_lazy("name"),
    "purpose": gettext_lazy("purpose"),
    "description": gettext_lazy("description"),
}


def language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def checked_language(language: str) -> str:
    """`language` if it is one of the platform's languages; ValidationError naming them."""
    if language not in language_names():
        raise ValidationError(
            _("“%(language)s” is not one of the platform's languages: %(languages)s.")
            % {"language": language, "languages": ", ".join(language_names().values())}
        )
    return language


def checked_texts(texts: ProjectTexts, *, own_language: str) -> dict[str, dict[str, str]]:
    """The texts cleaned, by language; ValidationError saying what to fix. A language whose
    name and purpose are both blank is left out; `own_language`, that of the project's own
    fields, cannot have one."""
    checked: dict[str, dict[str, str]] = {}
    for language, values in texts.items():
        text = {field: str(values.get(field) or "").strip() for field in TEXT_LIMITS}
        if not any(text.values()):
            continue
        language_name = language_names().get(checked_language(language), language)
        if language == own_language:
            raise ValidationError(
                _("The project's own texts are in %(language)s already.")
                % {"language": language_name}
            )
        if not text["name"] or not text["purpose"]:
            raise ValidationError(
                _("Give the name and the purpose in %(language)s, or leave all three blank.")
                % {"language": language_name}
            )
        for field, limit in TEXT_LIMITS.items():
            if len(text[field]) > limit:
                raise ValidationError(
                    _("The %(field)s in %(language)s is longer than %(limit)d characters.")
                    % {"field": TEXT_LABELS[field], "language": language_name, "limit": limit}
                )
        checked[language] = text
    return checked


def texts_of(project: Project) -> dict[str, dict[str, str]]:
    return {
        text.language: {field: getattr(text, field) for field in TEXT_LIMITS}
        for text in project.texts.all()
    }


def set_texts(project: Project, texts: dict[str, dict[str, str]]) -> bool:
    """Make the project's texts in other languages `texts` (checked); whether any changed."""
    if texts == texts_of(project):
        return False
    project.texts.exclude(language__in=texts).delete()
    for language, values in texts.items():
        ProjectText.objects.update_or_create(project=project, language=language, defaults=values)
    return True
