"""Filters that name the licenses engine's values in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise

from osunited.licenses import Family, PatentTerms
from osunited.licensing.labels import FAMILY_LABELS, PATENT_LABELS

register = template.Library()


@register.filter
def family_label(value: str) -> Promise | str:
    try:
        return FAMILY_LABELS[Family(value)]
    except ValueError:
        return value


@register.filter
def patent_label(value: str) -> Promise | str:
    try:
        return PATENT_LABELS[PatentTerms(value)]
    except ValueError:
        return value
