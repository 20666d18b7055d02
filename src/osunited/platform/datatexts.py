"""Data texts on the platform's pages: every shipped data file with translated texts (for
`osu translations`), the texts of rows made from a data file (learning modules and paths,
working groups) in the reader's language, the SDG titles of the glossary, and whether each
language's interface translation was reviewed. See docs/translations.md."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db.models import Model
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from osunited.texts import ENGLISH, DataTexts, Text, fallback_chain, language_code

GLOSSARY = Path(__file__).resolve().parent / "data" / "glossary.yaml"
SDG_GOALS = range(1, 18)

# The interface languages whose gettext catalogue a UN translator has reviewed; every other
# language's pages say that their translation has not been reviewed yet.
REVIEWED_INTERFACE_LANGUAGES: frozenset[str] = frozenset()


def reader_language() -> str:
    """The language of the page being made (the request's, from LocaleMiddleware)."""
    return language_code(get_language() or settings.LANGUAGE_CODE)


def interface_reviewed(language: str) -> bool:
    code = language_code(language)
    return code.split("-")[0] == ENGLISH or code in REVIEWED_INTERFACE_LANGUAGES


def shipped_data_texts() -> list[DataTexts]:
    """Every shipped data file whose texts are translated, in a fixed order."""
    from osunited import framework, osee
    from osunited.governance.shipped import GROUP_TEXTS
    from osunited.learning.shipped import CATALOGUE_TEXTS, PATHS_TEXTS
    from osunited.licensing.learning import TOPIC_TEXTS

    return [
        *framework.shipped_framework_texts(),
        *osee.osee_data_texts(),
        CATALOGUE_TEXTS,
        PATHS_TEXTS,
        TOPIC_TEXTS,
        GROUP_TEXTS,
    ]


# -- rows made from a data file ----------------------------------------------------------------

RowKey = Callable[[Any, str], tuple[DataTexts, str]]


@cache
def _row_keys() -> dict[str, RowKey]:
    from osunited.governance import shipped as groups
    from osunited.learning import shipped as learning

    return {
        "learning.learningmodule": lambda row, field: (
            learning.CATALOGUE_TEXTS,
            learning.module_key(row.slug, field),
        ),
        "learning.learningpath": lambda row, field: (
            learning.PATHS_TEXTS,
            learning.path_key(row.slug, field),
        ),
        "learning.pathstep": lambda row, field: (
            learning.PATHS_TEXTS,
            learning.step_key(row.path.slug, row.module.slug),
        ),
        "governance.workinggroup": lambda row, field: (
            groups.GROUP_TEXTS,
            groups.group_key(row.slug, field),
        ),
    }


def row_text(row: Model, field: str, language: str | None = None) -> str:
    """A row's text in `language` (the reader's by default): a `Text` for a row made from a
    data file, translated while the row keeps the shipped English (or the English a sidecar
    entry translates); the row's own text, in whatever language its author wrote it, for a row
    written or edited on the site."""
    value = getattr(row, field)
    key_of = _row_keys().get(row._meta.label_lower)
    if key_of is None or not isinstance(value, str) or not value:
        return value  # type: ignore[no-any-return]
    data, key = key_of(row, field)
    shipped = data.english().get(key)
    found = data.lookup(key, value, language or reader_language())
    if found.language == ENGLISH and (shipped is None or _words(shipped) != _words(value)):
        return value  # written on the site: in whatever language its author chose
    return found


def _words(text: str) -> str:
    return " ".join(text.split())


# -- the titles of the Sustainable Development Goals ------------------------------------------


@cache
def _sdg_titles() -> dict[int, dict[str, str]]:
    document = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return {int(goal): dict(titles) for goal, titles in document["sdgs"].items()}


def sdg_title(goal: int, language: str | None = None) -> Text:
    """The goal's short title as the UN publishes it in `language` (the reader's by default),
    from the glossary (official titles: reviewed). KeyError for a number that is no goal."""
    titles = _sdg_titles()[int(goal)]
    for candidate in fallback_chain(language or reader_language()):
        if candidate in titles:
            return Text(titles[candidate], language=candidate, reviewed=True)
    return Text(titles[ENGLISH])


def _sdg_label(goal: int) -> str:
    return _("SDG %(goal)s: %(title)s") % {"goal": goal, "title": sdg_title(goal)}


sdg_label = lazy(_sdg_label, str)
"""`SDG 3: Good Health and Well-being` in the reader's language (lazy: for choices and labels)."""
