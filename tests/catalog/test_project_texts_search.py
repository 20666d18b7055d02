"""Catalog search in each language: a project is found by its texts in every language, a query
is read in the reader's language (its stems), and Chinese is found by two characters. These
run on SQLite and on PostgreSQL alike (migration 0014, catalog/search_languages.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from osunited.catalog.models import Project, ProjectText
from osunited.catalog.search import catalog_search, parse_query, search_terms
from osunited.catalog.search_languages import han_pieces, light_stem, search_prefix
from osunited.catalog.selectors import visible_projects
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def found(query: str, language: str) -> list[str]:
    with translation.override(language):
        results = catalog_search(visible_projects(AnonymousUser()), parse_query(QueryDict(query)))
    return [project.name for project in results.page]


def described(language: str, *, name: str, purpose: str, description: str = "") -> Project:
    project = ProjectFactory(
        name="Ledger", status="published", purpose="Keeps accounts", description=""
    )
    ProjectText.objects.create(
        project=project, language=language, name=name, purpose=purpose, description=description
    )
    return project


def test_a_french_query_finds_the_plural_of_a_word_by_its_stem() -> None:
    described("fr", name="Registre", purpose="Un logiciel libre de comptabilité")
    assert found("q=logiciels", "fr") == ["Ledger"]
    assert found("q=logiciel", "fr") == ["Ledger"]
    assert found("q=comptabilité+libre", "fr") == ["Ledger"]
    assert found("q=inconnus", "fr") == []


def test_a_russian_query_finds_another_case_of_the_word() -> None:
    described("ru", name="Реестр", purpose="Платформа для управления программами")
    assert found("q=программы", "ru") == ["Ledger"]
    assert found("q=платформы+управление", "ru") == ["Ledger"]


def test_a_spanish_query_finds_the_singular() -> None:
    described("es", name="Registro", purpose="Gestión de la aplicación contable")
    assert found("q=aplicaciones", "es") == ["Ledger"]


def test_every_word_of_an_english_query_is_read_with_its_stem() -> None:
    ProjectFactory(name="Shelf", status="published", purpose="A software library of tools")
    assert found("q=libraries+tools", "en") == ["Shelf"]
    assert found("q=libraries+hammers", "en") == []


def test_an_arabic_word_finds_the_project() -> None:
    described("ar", name="السجل", purpose="منصة مفتوحة المصدر لإدارة البرمجيات")
    assert found("q=البرمجيات", "ar") == ["Ledger"]
    assert found("q=منصة", "en") == ["Ledger"]  # a word as written, in any page's language


def test_two_chinese_characters_find_a_word_inside_a_longer_run() -> None:
    described("zh-hans", name="登记册", purpose="开源软件平台", description="用于管理数据的工具")
    assert found("q=软件", "zh-hans") == ["Ledger"]
    assert found("q=管理数据", "zh-hans") == ["Ledger"]  # cut into 管理, 理数, 数据
    assert found("q=软件", "en") == ["Ledger"]
    assert found("q=件软", "zh-hans") == []


def test_the_project_s_own_text_in_chinese_is_cut_too() -> None:
    ProjectFactory(name="数据平台", language="zh-hans", status="published", purpose="开源软件")
    assert found("q=平台", "zh-hans") == ["数据平台"]
    assert found("q=软件", "en") == ["数据平台"]


def test_the_index_follows_texts_added_changed_and_removed() -> None:
    project = described("fr", name="Registre", purpose="Un logiciel libre")
    text = project.texts.get()
    text.purpose = "Une plateforme ouverte"
    text.save()
    assert found("q=logiciel", "fr") == []
    assert found("q=plateformes", "fr") == ["Ledger"]
    text.delete()
    assert found("q=plateforme", "fr") == []
    assert found("q=ledger", "fr") == ["Ledger"]


def test_the_original_text_is_still_found_in_every_language() -> None:
    described("fr", name="Registre", purpose="Un logiciel libre")
    for language in ("ar", "zh-hans", "en", "fr", "ru", "es"):
        assert found("q=accounts", language) == ["Ledger"], language
        assert found("q=registre", language) == ["Ledger"], language


def test_the_search_page_reads_the_query_in_the_page_s_language() -> None:
    described("fr", name="Registre", purpose="Un logiciel libre")
    client = Client(headers={"accept-language": "fr"})
    response = client.get("/catalog/", {"q": "logiciels"})
    assert response.status_code == 200
    assert "Registre" in response.text  # the card shows the French name


def test_chinese_queries_are_cut_into_the_pairs_the_index_holds() -> None:
    assert han_pieces("开源软件") == ["开源", "源软", "软件"]
    assert han_pieces("软件") == ["软件"]
    assert han_pieces("data数据库") == ["data", "数据", "据库"]
    assert search_terms("开源 平台") == ["开源", "平台"]


@pytest.mark.parametrize(
    ("language", "word", "stem"),
    [
        ("fr", "logiciels", "logiciel"),
        ("fr", "données", "donn"),
        ("es", "aplicaciones", "aplicacion"),
        ("es", "programas", "program"),
        ("ru", "программы", "программ"),
        ("ru", "платформами", "платформ"),
        ("en", "libraries", "library"),
        ("en", "tools", "tool"),
        ("en", "class", "class"),
        ("ar", "البرمجيات", "البرمجيات"),
        ("zh-hans", "软件", "软件"),
        ("fr", "les", "les"),
    ],
)
def test_light_stems(language: str, word: str, stem: str) -> None:
    assert light_stem(word, language) == stem


@pytest.mark.parametrize(
    ("language", "word", "prefix"),
    [
        ("en", "libraries", "librar"),  # what the word shares with its stem, `library`
        ("fr", "logiciels", "logiciel"),
        ("es", "luces", "luces"),  # `luz`: too short a prefix to share
        ("ar", "البرمجيات", "البرمجيات"),
    ],
)
def test_a_word_is_looked_up_by_what_it_shares_with_its_stem(
    language: str, word: str, prefix: str
) -> None:
    assert search_prefix(word, language) == prefix
