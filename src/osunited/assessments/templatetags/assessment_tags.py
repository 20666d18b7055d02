"""Labels of the framework's values, as the assessment pages show them."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from osunited import framework as fw
from osunited.assessments.models import RatingChoice
from osunited.platform.templatetags.data_texts import data_text

register = template.Library()


@register.filter
def rating_label(value: object) -> str:
    """`partial` → "Partial alignment"; an empty value is an unrated item."""
    text = str(getattr(value, "value", value) or "")
    if not text:
        return _("Not rated (counts as minimal)")
    return str(RatingChoice(text).label) if text in RatingChoice.values else str(text)


@register.filter
def level_label(level: fw.Level) -> str:
    return {
        fw.Level.OPTIONAL: _("Optional"),
        fw.Level.RECOMMENDED: _("Recommended"),
        fw.Level.REQUIRED: _("Required"),
    }[fw.Level(level)]


@register.filter
def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


@register.filter
def bar_width(value: float | None) -> str:
    """An SVG width attribute (not a style, which the content security policy forbids)."""
    return f"{round((value or 0) * 100)}%"


@register.filter
def stage_name(stage: int, framework: fw.Framework) -> str:
    if not stage:
        return _("Not yet at Stage 1")
    sentence = conditional_escape(_("Stage %(n)d: %(name)s"))
    return mark_safe(sentence % {"n": stage, "name": data_text(framework.stage(stage).name)})
