"""A data text in the language it is actually in, and the fallback chain that finds it."""

from __future__ import annotations

ENGLISH = "en"
"""The language every data file is written in, and the last link of every fallback chain."""

OTHER_UN_LANGUAGES = ("ar", "zh-hans", "fr", "ru", "es")
"""The five other official UN languages, which the platform and its data are translated into
(Django's language codes)."""

_RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})


class Text(str):
    """A data text with the language it is in (`en` when no translation was found) and whether a
    UN translator reviewed it (the English original counts as reviewed). In every other way a
    `str`: it compares, formats, escapes and serialises as its value."""

    language: str
    reviewed: bool

    def __new__(cls, value: str, *, language: str = ENGLISH, reviewed: bool = True) -> Text:
        text = super().__new__(cls, value)
        text.language = language
        text.reviewed = reviewed
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuilt, (str(self), self.language, self.reviewed))

    def __repr__(self) -> str:
        return f"Text({str(self)!r}, language={self.language!r}, reviewed={self.reviewed})"


def _rebuilt(value: str, language: str, reviewed: bool) -> Text:
    return Text(value, language=language, reviewed=reviewed)


def language_code(language: str) -> str:
    """Django's form of a language code: `zh_Hans` and `ZH-hans` are `zh-hans`."""
    return language.strip().replace("_", "-").lower()


def fallback_chain(language: str) -> tuple[str, ...]:
    """Where a text in `language` is looked for, in order: the exact language, the language
    without its region or script, then English. `zh-hans` is (`zh-hans`, `zh`, `en`)."""
    code = language_code(language) or ENGLISH
    chain = [code, code.split("-")[0], ENGLISH]
    return tuple(dict.fromkeys(chain))


def is_english(language: str) -> bool:
    """Whether `language` is English (`en`, `en-gb`) or unset: the data files' own texts."""
    return language_code(language).split("-")[0] in ("", ENGLISH)


def text_direction(language: str) -> str:
    """`rtl` for a language written right to left, else `ltr`."""
    return "rtl" if language_code(language).split("-")[0] in _RIGHT_TO_LEFT else "ltr"
