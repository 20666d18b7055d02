"""The gettext catalogues of the five other UN languages: complete, in step with the code,
compiled, true to the UN glossary, and with each language's plural rule."""

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.mofile import read_mo
from django.template import Context, Template
from django.utils import translation

from osunited.platform.translations import (
    PACKAGE_DIR,
    TRANSLATED_LANGUAGES,
    catalogue_problems,
    compiled,
    placeholders,
    po_path,
    read_catalogue,
    stale_entries,
)

LANGUAGES = list(TRANSLATED_LANGUAGES)
GLOSSARY = yaml.safe_load((PACKAGE_DIR / "platform/data/glossary.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_its_placeholders(language):
    problems = [f"{p.msgid!r}: {p.what}" for p in catalogue_problems(language)]
    assert not problems, f"{len(problems)} problems in {language}, first: {problems[:10]}"


def test_the_catalogues_hold_every_string_of_the_code_and_no_other():
    missing, obsolete = stale_entries()
    assert (sorted(missing)[:10], sorted(obsolete)[:10]) == ([], []), (
        "Run `osu translations update`, then translate what it adds."
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_catalogue(language):
    with po_path(language).with_suffix(".mo").open("rb") as handle:
        shipped = {(m.context, _key(m.id)): m.string for m in read_mo(handle) if m.id}
    with_compiled = read_mo(_bytes_io(compiled(read_catalogue(language))))
    expected = {(m.context, _key(m.id)): m.string for m in with_compiled if m.id}
    assert shipped == expected, "Run `osu translations compile`."


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_uses_the_un_glossary(language):
    wrong = []
    for message in read_catalogue(language):
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or not all(texts) or message.fuzzy:
            continue  # untranslated and fuzzy entries fail the test above
        english = message.id if isinstance(message.id, str) else message.id[0]
        for term, forms in GLOSSARY["terms"].items():
            if re.search(rf"\b{re.escape(term)}\b", english) and not any(
                f.casefold() in text.casefold() for f in forms[language] for text in texts
            ):
                wrong.append(f"{english!r} has {term!r}, not {forms[language]}")
    assert not wrong, wrong[:10]


def test_the_glossary_has_every_language_for_every_entry():
    languages = {"en", *LANGUAGES}
    for term, forms in GLOSSARY["terms"].items():
        assert set(forms) == set(LANGUAGES), term
    for goal, titles in GLOSSARY["sdgs"].items():
        assert set(titles) == languages, goal
    assert sorted(GLOSSARY["sdgs"]) == list(range(1, 18))


def test_placeholders_are_named_printf_and_format_fields():
    assert placeholders("%(count)d files in {folder}, 50 % done, %s") == {
        "%(count)d",
        "{folder}",
        "%s",
    }


@pytest.mark.parametrize(
    ("language", "counts_by_form"),
    [
        # CLDR's cardinal rules: zero, one, two, few (3-10), many (11-99), other (100-102).
        ("ar", [[0], [1], [2], [3, 10, 103], [11, 99, 111], [100, 101, 102]]),
        # one (1, 21), few (2-4, 22-24), many (0, 5-20, 11-14, 25).
        ("ru", [[1, 21, 101], [2, 4, 22, 34], [0, 5, 11, 12, 14, 20, 25, 111]]),
        ("fr", [[0, 1], [2, 10, 1000]]),
        ("zh-hans", [[0, 1, 2, 100]]),
    ],
)
def test_each_language_picks_its_plural_form(language, counts_by_form):
    message = _a_plural_message(language)
    singular, plural = message.id
    for form, counts in enumerate(counts_by_form):
        for count in counts:
            with translation.override(language):
                shown = translation.ngettext(singular, plural, count)
            assert shown == message.string[form], (language, count, form)


def test_numbers_and_dates_follow_each_languages_conventions():
    template = Template("{% load l10n %}{{ when|date:'DATE_FORMAT' }} {{ share|floatformat:1 }}")
    import datetime

    seen = {}
    for language in ("en", "fr", "ru", "ar"):
        with translation.override(language):
            seen[language] = template.render(
                Context({"when": datetime.date(2026, 3, 9), "share": 12.5})
            )
    assert seen["en"] == "March 9, 2026 12.5"
    assert seen["fr"] == "9 mars 2026 12,5"
    assert seen["ru"].startswith("9 марта 2026")
    assert "مارس" in seen["ar"]


def _a_plural_message(language):
    for message in read_catalogue(language):
        if isinstance(message.id, tuple) and "%(" not in message.id[0] and all(message.string):
            return message
    for message in read_catalogue(language):
        if isinstance(message.id, tuple) and all(message.string):
            return message
    pytest.fail(f"no translated plural entry in {language}")


def _key(message_id):
    return tuple(message_id) if isinstance(message_id, tuple | list) else message_id


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


def test_the_locale_folders_are_the_ones_django_reads():
    from django.conf import settings

    assert Path(settings.LOCALE_PATHS[0]) == PACKAGE_DIR / "locale"
    assert {code for code, _ in settings.LANGUAGES} == {"en", *LANGUAGES}
