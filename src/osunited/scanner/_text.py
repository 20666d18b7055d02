"""Texts the scanner writes for people (check titles, summaries, findings, remediations, notes),
kept with their English template and values so that they can be shown in any language that the
platform's gettext catalogues (`osunited/locale`) carry.

    >>> message = _("{name} is not approved by the Open Source Initiative.", name="Foo")
    >>> message == "Foo is not approved by the Open Source Initiative."
    True
    >>> message.render("fr")  # the French of the catalogue, or the English without one

A `Text` is a `str` whose value is the English, so that comparisons, JSON and SARIF see what
they always saw. The functions are named `_` and `ngettext` because those are the names
xgettext (Django's makemessages) extracts by default: their first arguments must be string
literals with `{name}` placeholders, never f-strings or concatenations.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

DOMAIN = "django"  # the platform's catalogues: Django reads the same .mo files
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_BAD_TRANSLATION = (KeyError, IndexError, ValueError, AttributeError)

Param = str | int | float | None


class Catalogue(Protocol):
    """What renders a Text: a gettext `Translations`, or `django.utils.translation` itself."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class Text(str):
    """A text for people: its value is the English; `template` and `params` (and, for a text
    that depends on a count, `plural` and `number`) let `render` say it in another language.
    (Not `count` nor `translate`: a Text is still a str, whose methods these are.)
    A param that is itself a Text is rendered in the same language."""

    __slots__ = ("number", "params", "plural", "template")
    template: str
    params: Mapping[str, Param | Text]
    plural: str | None
    number: int | None

    def __new__(
        cls,
        template: str,
        params: Mapping[str, Param | Text] | None = None,
        *,
        plural: str | None = None,
        count: int | None = None,
        english: str | None = None,
    ) -> Text:
        params = dict(params or {})
        if english is None:
            chosen = template if plural is None or count == 1 else plural
            english = chosen.format_map(_values(params, count))
        text = super().__new__(cls, english)
        text.template, text.params, text.plural, text.number = template, params, plural, count
        return text

    def render(self, language: str | None = None, *, localedir: Path | None = None) -> str:
        """This text in `language` (a Django code: "fr", "zh-hans"), from the compiled
        catalogues in `localedir` (default: the platform's, LOCALE_DIR); the English for
        English, None, or a language without a catalogue."""
        if not language or language.split("-")[0].lower() == "en":
            return str(self)
        return self.render_with(catalogue(language, localedir or LOCALE_DIR))

    def render_with(self, translations: Catalogue) -> str:
        """This text through `translations`; the English when its translation does not fit
        the values (a translator's typo in a placeholder must not break a page)."""
        if not self.template:
            return ""  # gettext("") is the catalogue's header
        if self.plural is None:
            chosen = translations.gettext(self.template)
        else:
            chosen = translations.ngettext(self.template, self.plural, self.number or 0)
        values = {
            key: value.render_with(translations) if isinstance(value, Text) else value
            for key, value in self.params.items()
        }
        try:
            return chosen.format_map(_values(values, self.number))
        except _BAD_TRANSLATION:
            return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.template, self.params, self.plural, self.number, str(self)))

    def __copy__(self) -> Text:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Text:
        return self


def _(template: str, /, **params: Param | Text) -> Text:
    """A text for people: `template` in English with `{name}` placeholders filled from
    `params`. Write `{{` and `}}` for a literal brace."""
    return Text(template, params)


def ngettext(singular: str, plural: str, count: int, /, **params: Param | Text) -> Text:
    """A text that depends on `count`, available to the templates as `{count}`."""
    return Text(singular, params, plural=plural, count=count)


def verbatim(text: str) -> Text:
    """A text written elsewhere, in English only (a library's error, another engine's reason):
    shown as it is in every language. A Text still, so that a sentence the scanner writes
    around it is translated."""
    return text if isinstance(text, Text) else Text("{text}", {"text": text})


def join(separator: str, parts: Iterable[str]) -> Text:
    """`parts` joined by `separator` (punctuation, never words), each part that is a Text
    rendered in the reader's language."""
    params = {f"part{index}": part for index, part in enumerate(parts)}
    template = separator.replace("{", "{{").replace("}", "}}").join(f"{{{key}}}" for key in params)
    return Text(template, params)


def say(text: str, language: str | None) -> str:
    """`text` in `language` when it is a Text, else as it is (a report read back from before
    texts were kept, a file path)."""
    return text.render(language) if isinstance(text, Text) else text


def _values(params: Mapping[str, Any], count: int | None) -> Mapping[str, Any]:
    return params if count is None else {"count": count, **params}


def _restore(
    template: str,
    params: Mapping[str, Param | Text],
    plural: str | None,
    count: int | None,
    english: str,
) -> Text:
    return Text(template, params, plural=plural, count=count, english=english)


@lru_cache(maxsize=16)
def catalogue(language: str, localedir: Path = LOCALE_DIR) -> Catalogue:
    """The compiled catalogue of `language` (a Django code such as "zh-hans"), read once per
    language; English (no translation) when there is none."""
    return gettext.translation(
        DOMAIN, localedir=localedir, languages=[_locale_name(language)], fallback=True
    )


def _locale_name(language: str) -> str:
    """Django's language code as the name of its locale folder: zh-hans -> zh_Hans, pt-br ->
    pt_BR, fr -> fr (django.utils.translation.to_locale)."""
    language, _dash, country = language.replace("_", "-").partition("-")
    if not country:
        return language.lower()
    country = country.title() if len(country) > 2 else country.upper()
    return f"{language.lower()}_{country}"


# Serialised texts -------------------------------------------------------------------------------


def text_to_dict(text: Text) -> dict[str, Any]:
    """What `text_from_dict` reads back: the template and the values, nested texts nested."""
    data: dict[str, Any] = {
        "template": text.template,
        "params": {
            key: text_to_dict(value) if isinstance(value, Text) else value
            for key, value in text.params.items()
        },
    }
    if text.plural is not None:
        data["plural"], data["count"] = text.plural, text.number
    return data


def text_from_dict(data: Any, english: str | None = None) -> Text:
    """The Text `text_to_dict` wrote; `english` (the stored English, when there is one) is its
    value. Raises ValueError when `data` is not such a text."""
    if not isinstance(data, dict) or not isinstance(data.get("template"), str):
        raise ValueError(f"not a text: {data!r}")
    params = data.get("params", {})
    count = data.get("count")
    if not isinstance(params, dict) or not (count is None or isinstance(count, int)):
        raise ValueError(f"not a text: {data!r}")
    plural = data.get("plural")
    return Text(
        data["template"],
        {str(key): _param_from_json(value) for key, value in params.items()},
        plural=str(plural) if plural is not None else None,
        count=count,
        english=english,
    )


def _param_from_json(value: Any) -> Param | Text:
    if isinstance(value, dict):
        return text_from_dict(value)
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError(f"not a text value: {value!r}")


def stored_text(english: str, data: Any) -> str:
    """A text read back from a stored report or row: a Text when `data` holds its template,
    else `english` as it is (a report written before texts were kept, or damaged data)."""
    if data is None:
        return english
    try:
        return text_from_dict(data, english)
    except (ValueError, KeyError, IndexError):
        return english
