"""Data texts in six languages: the sidecars beside a data file, the fallback chain (exact,
language, English), the reviewed flag, the check of stale or malformed sidecars, and the
translators' export and import."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import osunited.texts as engine
from osunited import framework as fw
from osunited.texts import (
    DataTexts,
    ExchangeError,
    Text,
    export_untranslated,
    fallback_chain,
    forget_sidecars,
    import_translations,
)

ENGLISH = {
    "items[G1].text": "An open source liaison is named.",
    "items[G1].action": "Name a liaison.",
    "stages[1].name": "Exploration",
}


@pytest.fixture(autouse=True)
def fresh_sidecars() -> Iterator[None]:
    forget_sidecars()
    yield
    forget_sidecars()


def data_file(folder: Path, texts: dict[str, str] | None = None) -> DataTexts:
    return DataTexts(folder / "framework.yaml", lambda: dict(texts or ENGLISH))


def write(folder: Path, language: str, text: str) -> None:
    path = folder / "translations" / language / "framework.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    forget_sidecars()


def test_the_chain_is_exact_then_language_then_english() -> None:
    assert fallback_chain("zh-hans") == ("zh-hans", "zh", "en")
    assert fallback_chain("zh_Hans") == ("zh-hans", "zh", "en")
    assert fallback_chain("ar") == ("ar", "en")
    assert fallback_chain("en") == ("en",)


def test_a_text_is_found_in_the_exact_language_first(tmp_path: Path) -> None:
    data = data_file(tmp_path)
    write(tmp_path, "zh-hans", "texts:\n  items[G1].text: 指定开源联络人。\n")
    write(tmp_path, "zh", "texts:\n  items[G1].text: 任命联络人。\n")
    found = data.lookup("items[G1].text", ENGLISH["items[G1].text"], "zh-hans")
    assert (found, found.language, found.reviewed) == ("指定开源联络人。", "zh-hans", False)


def test_a_text_missing_in_the_exact_language_comes_from_the_language(tmp_path: Path) -> None:
    data = data_file(tmp_path)
    write(tmp_path, "zh", "reviewed: true\ntexts:\n  items[G1].text: 任命联络人。\n")
    found = data.lookup("items[G1].text", ENGLISH["items[G1].text"], "zh-hans")
    assert (found, found.language, found.reviewed) == ("任命联络人。", "zh", True)


def test_a_text_translated_nowhere_is_the_english(tmp_path: Path) -> None:
    found = data_file(tmp_path).lookup("items[G1].action", "Name a liaison.", "ar")
    assert (found, found.language, found.reviewed) == ("Name a liaison.", "en", True)


def test_each_entry_may_say_it_was_reviewed(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fr",
        "texts:\n"
        "  items[G1].text: {text: Un référent est nommé., reviewed: true}\n"
        "  items[G1].action: Nommer un référent.\n",
    )
    translate = data_file(tmp_path).translator("fr")
    reviewed = translate("items[G1].text", ENGLISH["items[G1].text"])
    machine = translate("items[G1].action", ENGLISH["items[G1].action"])
    assert isinstance(reviewed, Text)
    assert isinstance(machine, Text)
    assert (reviewed.reviewed, machine.reviewed) == (True, False)


def test_a_translation_of_an_english_text_since_changed_is_not_shown(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fr",
        "texts:\n  items[G1].text: {source: A liaison is named., text: Un référent est nommé.}\n",
    )
    data = data_file(tmp_path)
    assert data.lookup("items[G1].text", ENGLISH["items[G1].text"], "fr").language == "en"
    [problem] = data.problems("fr")
    assert (problem.key, "stale" in problem.what) == ("items[G1].text", True)


def test_a_stale_key_is_reported_with_its_file(tmp_path: Path) -> None:
    write(tmp_path, "ru", "texts:\n  items[G99].text: Назначен координатор.\n")
    [problem] = data_file(tmp_path).problems("ru")
    assert problem.file == str(tmp_path / "translations/ru/framework.yaml")
    assert problem.key == "items[G99].text"
    assert "no such text in the English data" in problem.what


@pytest.mark.parametrize(
    ("sidecar", "key", "what"),
    [
        ("texts: [1, 2\n", "", "cannot be read"),
        ("- a list\n", "", "is not a mapping"),
        ("reviewed: sometimes\ntexts: {}\n", "", "`reviewed` must be true or false"),
        ("texts:\n  items[G1].text: {text: 3}\n", "items[G1].text", "`text` must be a text"),
        ("texts:\n  items[G1].text: [a]\n", "items[G1].text", "must be a text, or a mapping"),
        ("texts:\n  items[G1].text: {txt: a}\n", "items[G1].text", "unknown fields"),
    ],
)
def test_a_malformed_sidecar_is_reported_and_never_breaks_a_lookup(
    tmp_path: Path, sidecar: str, key: str, what: str
) -> None:
    write(tmp_path, "es", sidecar)
    data = data_file(tmp_path)
    assert data.lookup("items[G1].text", ENGLISH["items[G1].text"], "es").language == "en"
    assert [(p.key, what in p.what) for p in data.problems("es")] == [(key, True)]


def test_the_framework_engine_takes_a_language_and_gives_texts_that_tell_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fw.framework_data_texts("cpf-rc1"), "path", tmp_path / "cpf-rc1.yaml")
    forget_sidecars()
    english = fw.load_framework("cpf-rc1")
    arabic = fw.load_framework("cpf-rc1", "ar")
    assert arabic.item_ids == english.item_ids
    assert arabic.items[0].text == english.items[0].text
    assert arabic.items[0].text.language == "en"  # no Arabic sidecar in tmp_path
    assert fw.framework_data_texts("cpf-rc1").english()["items[G1].text"] == english.item("G1").text


def test_the_framework_engine_translates_from_the_sidecar_beside_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = fw.framework_data_texts("cpf-rc1")
    monkeypatch.setattr(data, "path", tmp_path / "cpf-rc1.yaml")
    (tmp_path / "translations/ar").mkdir(parents=True)
    (tmp_path / "translations/ar/cpf-rc1.yaml").write_text(
        "texts:\n  pillars[licensing].name: الترخيص والامتثال\n", encoding="utf-8"
    )
    forget_sidecars()
    pillar = fw.load_framework("cpf-rc1", "ar").pillar("licensing")
    assert (pillar.name, pillar.name.language, pillar.name.reviewed) == (
        "الترخيص والامتثال",
        "ar",
        False,
    )
    assert fw.load_framework("cpf-rc1").pillar("licensing").name == "Licensing & Compliance"


def test_the_export_lists_each_untranslated_text_once_with_where_it_is(tmp_path: Path) -> None:
    texts = {**ENGLISH, "items[G2].action": "Name a liaison."}
    write(tmp_path, "fr", "texts:\n  stages[1].name: Exploration\n")
    [chunk] = export_untranslated([data_file(tmp_path, texts)], "fr", tmp_path / "out")
    assert chunk.name == "data-01.json"
    assert json.loads(chunk.read_text(encoding="utf-8")) == [
        {
            "key": 1,
            "msgid": "An open source liaison is named.",
            "where": ["framework.yaml"],
            "note": "items[G1].text",
        },
        {
            "key": 2,
            "msgid": "Name a liaison.",
            "where": ["framework.yaml"],
            "note": "items[G1].action; items[G2].action",
        },
    ]


def test_the_export_comes_in_chunks_of_at_most_400(tmp_path: Path) -> None:
    texts = {f"items[G{n}].text": f"Text {n}" for n in range(401)}
    chunks = export_untranslated([data_file(tmp_path, texts)], "es", tmp_path / "out")
    sizes = [len(json.loads(path.read_text(encoding="utf-8"))) for path in chunks]
    assert ([path.name for path in chunks], sizes) == (["data-01.json", "data-02.json"], [400, 1])


def test_translations_go_back_into_the_sidecar_not_reviewed(tmp_path: Path) -> None:
    data = data_file(tmp_path)
    export_untranslated([data], "zh-hans", tmp_path / "out")
    (tmp_path / "out/data-01.out.json").write_text(
        json.dumps([{"key": 1, "msgstr": "指定开源联络人。"}, {"key": 3, "msgstr": ""}]),
        encoding="utf-8",
    )
    report = import_translations([data], "zh-hans", tmp_path / "out")
    assert (report.written, report.files) == (1, [data.sidecar_path("zh-hans")])
    found = data.lookup("items[G1].text", ENGLISH["items[G1].text"], "zh-hans")
    assert (found, found.language, found.reviewed) == ("指定开源联络人。", "zh-hans", False)
    assert [key for key, _english in data.untranslated("zh-hans")] == [
        "items[G1].action",
        "stages[1].name",
    ]
    assert data.problems("zh-hans") == []


def test_an_import_never_replaces_a_reviewed_translation(tmp_path: Path) -> None:
    data = data_file(tmp_path)
    export_untranslated([data], "fr", tmp_path / "out")
    write(tmp_path, "fr", "texts:\n  items[G1].text: {text: Revu., reviewed: true}\n")
    (tmp_path / "out/data-01.out.json").write_text(
        json.dumps([{"key": 1, "msgstr": "Machine."}]), encoding="utf-8"
    )
    report = import_translations([data], "fr", tmp_path / "out")
    assert (report.written, report.skipped) == (
        0,
        ["framework.yaml: items[G1].text: a reviewed translation is kept"],
    )
    assert data.lookup("items[G1].text", ENGLISH["items[G1].text"], "fr") == "Revu."


@pytest.mark.parametrize(
    ("translated", "message"),
    [
        ("{not json", "data-01.out.json cannot be read"),
        ('{"key": 1}', "must hold a list"),
        ('[{"key": "1", "msgstr": "x"}]', "entry 1 must be"),
        ('[{"key": 99, "msgstr": "x"}]', "the export has no key 99"),
        ('[{"key": 1, "msgstr": "x"}, {"key": 1, "msgstr": "y"}]', "translated twice"),
    ],
)
def test_a_bad_translation_file_is_refused_and_nothing_is_written(
    tmp_path: Path, translated: str, message: str
) -> None:
    data = data_file(tmp_path)
    export_untranslated([data], "ru", tmp_path / "out")
    (tmp_path / "out/data-01.out.json").write_text(translated, encoding="utf-8")
    with pytest.raises(ExchangeError, match=message):
        import_translations([data], "ru", tmp_path / "out")
    assert not data.sidecar_path("ru").exists()


def test_an_export_refuses_a_folder_with_translations_not_imported(tmp_path: Path) -> None:
    (tmp_path / "data-01.out.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ExchangeError, match="import them or move them away"):
        export_untranslated([data_file(tmp_path)], "ar", tmp_path)


def test_all_names_exactly_what_is_exported() -> None:
    public = {name for name in vars(engine) if not name.startswith("_")}
    assert set(engine.__all__) == public


def test_the_module_never_imports_django() -> None:
    code = (
        "import sys, osunited.texts, osunited.framework, osunited.osee\n"
        "osunited.framework.load_framework('cpf-rc1', 'fr')\n"
        "osunited.osee.load_osee('zh-hans')\n"
        "print(sorted(n for n in sys.modules if n == 'django' or n.startswith('django.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
