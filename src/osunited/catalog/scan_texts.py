"""The scanner's texts (check titles, summaries, finding messages and remediations, pillar names)
in the reader's language. The scanner keeps each text's English template and values
(`osunited.scanner.Text`); the platform looks the template up in its own gettext catalogues,
through Django, so that the active language, LOCALE_PATHS and Django's fallbacks apply as to
every other string of the page. A text stored before templates were kept (an old scan) is shown
in its English."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from osunited.scanner import Text


def in_reader_language(value: Any) -> str:
    """`value` in the active language when it is a scanner Text, else as it is."""
    if isinstance(value, Text):
        return value.render_with(translation)
    return "" if value is None else str(value)
