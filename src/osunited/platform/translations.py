"""The platform's gettext catalogues: one per UN language besides English, the language the
source strings are written in. `update_catalogues` extracts the strings (Django's makemessages,
GNU gettext underneath) and `compile_catalogues` writes the .mo files the platform reads (Babel,
so running the platform needs no gettext tools). `catalogue_problems` is what a translator and
the test suite read: untranslated or fuzzy entries, and translations whose placeholders differ
from the English."""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.utils.translation import to_locale

from osunited.texts import OTHER_UN_LANGUAGES

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
DOMAIN = "django"
# Django's language codes and the locale folders gettext reads them from.
TRANSLATED_LANGUAGES = {language: to_locale(language) for language in OTHER_UN_LANGUAGES}
# Left out of extraction: third-party assets and migrations (whose verbose names repeat the
# models' own strings, frozen at the time of the migration).
IGNORED_PATHS = ("static/vendor/*", "*/migrations/*", "*/third_party/*", "__pycache__")

# The plural rules gettext applies (CLDR's cardinal rules for integers; Django's own catalogues
# agree, but for Russian, whose fourth form there is for fractions no count here takes).
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5;",
    "zh-hans": "nplurals=1; plural=0;",
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "es": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
}
_HEADER_COMMENT = (
    "# Open Source United Platform: the {name} translation.\n"
    "# SPDX-License-Identifier: Apache-2.0\n"
    "# Machine-translated and not yet reviewed by a UN translator: see docs/translations.md.\n"
)

# %(name)s, %s, %d (printf style, which gettext and Django use) and {name}, {name:,} (str.format,
# which the scanner's texts use, with their format specification).
_PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdfir]|%[sdfir]|\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}"
)


@dataclass(frozen=True)
class Problem:
    """One entry a translator must look at: `msgid` is the English, `what` the problem."""

    language: str
    msgid: str
    what: str


def po_path(language: str) -> Path:
    return LOCALE_DIR / TRANSLATED_LANGUAGES[language] / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=TRANSLATED_LANGUAGES[language])


def update_catalogues() -> None:
    """Extract every marked string into each language's catalogue (kept translations stay;
    new strings arrive untranslated) and compile them."""
    from django.core.management import call_command

    LOCALE_DIR.mkdir(exist_ok=True)
    with _working_directory(PACKAGE_DIR):
        call_command(
            "makemessages",
            locale=list(TRANSLATED_LANGUAGES.values()),
            ignore_patterns=list(IGNORED_PATHS),
            add_location="file",
            no_obsolete=True,
            verbosity=0,
        )
    for language in TRANSLATED_LANGUAGES:
        _normalise_header(language)
    compile_catalogues()


def _normalise_header(language: str) -> None:
    """Give a catalogue makemessages has made our header: its language, its plural rule and
    no "fuzzy" flag (a fuzzy header is makemessages' placeholder, not a translator's doubt)."""
    from django.utils.translation import get_language_info

    path = po_path(language)
    text = path.read_text(encoding="utf-8")
    header, _, entries = text[text.index('msgid ""\n') :].partition("\n\n")
    fields = dict(
        line.split(": ", 1)
        for line in "".join(re.findall(r'^"(.*)"$', header, flags=re.M)).split("\\n")
        if ": " in line
    )
    fields.update(
        {
            "Project-Id-Version": "osunited",
            "Language": TRANSLATED_LANGUAGES[language],
            "Plural-Forms": PLURAL_FORMS[language],
        }
    )
    for placeholder in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
        fields.pop(placeholder, None)
    lines = "".join(f'"{key}: {value}\\n"\n' for key, value in fields.items())
    # A catalogue first made with another plural rule keeps empty forms this rule has not.
    forms = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language])[1])  # type: ignore[index]
    entries = re.sub(
        r'^msgstr\[(\d+)\] ""\n(?!")',
        lambda match: "" if int(match[1]) >= forms else match[0],
        entries,
        flags=re.M,
    )
    name = get_language_info(language)["name"]
    path.write_text(
        _HEADER_COMMENT.format(name=name) + 'msgid ""\nmsgstr ""\n' + lines + "\n" + entries,
        encoding="utf-8",
    )


def stale_entries(language: str = "fr") -> tuple[set[str], set[str]]:
    """The strings of the code that `language`'s catalogue lacks, and the catalogue's entries
    the code no longer has: both empty when the catalogue is in step with the code. Extracts
    from a copy of the sources, so that the catalogues are not touched (makemessages writes
    into any "locale" folder beside the files it reads)."""
    import shutil
    import tempfile

    from django.core.management import call_command
    from django.test import override_settings

    with tempfile.TemporaryDirectory() as folder:
        sources, locales = Path(folder) / "sources", Path(folder) / "locale"
        shutil.copytree(PACKAGE_DIR, sources, ignore=_not_extracted)
        locales.mkdir()
        with override_settings(LOCALE_PATHS=[str(locales)]), _working_directory(sources):
            call_command(
                "makemessages",
                locale=[TRANSLATED_LANGUAGES[language]],
                ignore_patterns=list(IGNORED_PATHS),
                add_location="file",
                verbosity=0,
            )
        fresh_path = locales / TRANSLATED_LANGUAGES[language] / "LC_MESSAGES" / f"{DOMAIN}.po"
        with fresh_path.open("rb") as handle:
            fresh = _keys(read_po(handle))
    committed = _keys(read_catalogue(language))
    return fresh - committed, committed - fresh


def _not_extracted(folder: str, names: list[str]) -> set[str]:
    """What the copy for extraction leaves out: the catalogues, and files makemessages does
    not read (data, static assets)."""
    return {
        name
        for name in names
        if name == "locale"
        or (Path(folder, name).is_file() and not name.endswith((".py", ".html", ".txt")))
    }


def _keys(catalogue: Catalog) -> set[str]:
    return {f"{m.context or ''}\x04{_english_forms(m)}" for m in catalogue if m.id}


def compile_catalogues() -> list[Path]:
    """Write each language's .mo beside its .po; fuzzy entries are left out, as msgfmt does."""
    written = []
    for language in TRANSLATED_LANGUAGES:
        mo = po_path(language).with_suffix(".mo")
        mo.write_bytes(compiled(read_catalogue(language)))
        written.append(mo)
    return written


def compiled(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def catalogue_problems(language: str) -> list[Problem]:
    """Every entry of `language` that is untranslated, fuzzy, or whose placeholders are not
    those of the English."""
    problems = []
    for message in read_catalogue(language):
        if not message.id:
            continue  # the header
        english = _english_forms(message)
        for what in _message_problems(message, english):
            problems.append(Problem(language, english[0], what))
    return problems


def _english_forms(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def _message_problems(message: Message, english: tuple[str, ...]) -> Iterator[str]:
    if message.fuzzy:
        yield "marked fuzzy: the translation is not used until a translator confirms it"
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    translations = tuple(text or "" for text in strings)
    if not all(translations):
        yield "not translated"
        return
    # A plural form may leave out the count ("one file" for %(count)s) but never add or
    # rename a placeholder; a singular must keep the English's exactly.
    allowed = set().union(*(placeholders(text) for text in english))
    for text in translations:
        found = placeholders(text)
        if found - allowed:
            yield f"placeholders {sorted(found - allowed)} are not in the English"
        if len(english) == 1 and found != placeholders(english[0]):
            yield "placeholders differ from the English"


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)
