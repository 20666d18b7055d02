"""Data texts on a page.

- `{% data_text value %}` (or `{% data_text row "field" %}` for a row made from a data file): the
  text in the language it is really in (`lang` and `dir` on it when that is not the page's),
  with a "translation not reviewed" label on a translation no UN translator has reviewed;
- `{% data_block value %}...{% enddata_block %}`: the same around a text of several paragraphs
  that the block formats;
- `row|localised:"field"`: a row's text as plain text (a page's title, an attribute);
- `{% labelled_once %}...{% endlabelled_once %}`: around a list of many data texts, one note
  before it that its translations are not reviewed, instead of a label on each;
- `{% sdg_title goal %}`: a goal's title; `{% translation_notice %}`: the page's line saying its
  interface translation has not been reviewed yet."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django import template
from django.db.models import Model
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from osunited.platform.datatexts import interface_reviewed, reader_language, row_text
from osunited.platform.datatexts import sdg_title as glossary_sdg_title
from osunited.texts import Text, language_code, text_direction

register = template.Library()

# Inside {% labelled_once %}: the unreviewed translations shown there, which it labels once.
_unreviewed_shown: ContextVar[list[Text] | None] = ContextVar("unreviewed_in_block", default=None)


@register.simple_tag
def data_text(value: Any, field: str = "") -> SafeString:
    """The text, marked with its language where it is not the page's, and labelled where it is
    a translation not yet reviewed. A plain string (a text people wrote on the site) is shown
    as it is."""
    if field and isinstance(value, Model):
        value = row_text(value, field)
    if value is None or value == "":
        return mark_safe("")
    if not isinstance(value, Text):
        return conditional_escape(value)
    return format_html("{}{}", _in_its_language(value), _label(value))


@register.filter
def localised(row: Model, field: str) -> Any:
    """A row's text in the page's language, as plain text (for a title or an attribute)."""
    return row_text(row, field)


def _in_its_language(text: Text) -> SafeString:
    if _same_language(text.language, reader_language()):
        return conditional_escape(text)
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', text.language, text_direction(text.language), text
    )


def _same_language(text_language: str, page_language: str) -> bool:
    # A text in `zh` (found along the chain) is in the page's language on a `zh-hans` page.
    text_language, page_language = language_code(text_language), language_code(page_language)
    return page_language == text_language or page_language.startswith(f"{text_language}-")


def _label(text: Text) -> SafeString:
    if text.reviewed:
        return mark_safe("")
    labelled_once = _unreviewed_shown.get()
    if labelled_once is None:
        return unreviewed_label()
    labelled_once.append(text)
    return mark_safe("")


def unreviewed_label() -> SafeString:
    # Hidden from assistive technology so that a link's or a control's name stays the text
    # itself ("Licensing", not "Licensing translation not reviewed"); the page's notice, which
    # they do read, says that its translations are not reviewed.
    return format_html(
        ' <small class="badge data-unreviewed" title="{}" aria-hidden="true">{}</small>',
        _("Machine-translated; not yet reviewed by a UN translator."),
        _("translation not reviewed"),
    )


@register.tag
def data_block(parser: template.base.Parser, token: template.base.Token) -> DataBlockNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one text.")
    nodelist = parser.parse(("enddata_block",))
    parser.delete_first_token()
    return DataBlockNode(parser.compile_filter(bits[1]), nodelist)


class DataBlockNode(template.Node):
    def __init__(self, value: template.base.FilterExpression, nodelist: template.NodeList):
        self.value, self.nodelist = value, nodelist

    def render(self, context: template.Context) -> str:
        text = self.value.resolve(context, ignore_failures=True)
        content = self.nodelist.render(context)
        if not isinstance(text, Text):
            return content
        if not _same_language(text.language, reader_language()):
            content = format_html(
                '<div lang="{}" dir="{}">{}</div>',
                text.language,
                text_direction(text.language),
                mark_safe(content),  # the block's own rendering, escaped as it was made
            )
        label = _label(text)
        if label:
            content = format_html("{}<p>{}</p>", mark_safe(content), label)
        return content


@register.tag
def labelled_once(parser: template.base.Parser, token: template.base.Token) -> LabelledOnceNode:
    nodelist = parser.parse(("endlabelled_once",))
    parser.delete_first_token()
    return LabelledOnceNode(nodelist)


class LabelledOnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        unreviewed: list[Text] = []
        token = _unreviewed_shown.set(unreviewed)
        try:
            content = self.nodelist.render(context)
        finally:
            _unreviewed_shown.reset(token)
        if not unreviewed:
            return content
        note = format_html(
            '<p class="muted data-unreviewed-note">{} {}</p>',
            unreviewed_label(),
            _("The texts below are machine-translated; not yet reviewed by a UN translator."),
        )
        return format_html("{}{}", note, mark_safe(content))


@register.simple_tag
def sdg_title(goal: int) -> SafeString:
    """The goal's title in the page's language."""
    return data_text(glossary_sdg_title(goal))


@register.inclusion_tag("platform/_translation_notice.html")
def translation_notice() -> dict[str, Any]:
    language = reader_language()
    if interface_reviewed(language):
        return {"language": None}
    return {"language": get_language_info(language)["name_translated"]}
