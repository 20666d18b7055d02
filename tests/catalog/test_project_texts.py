"""A project's name, purpose and description in several languages: shown in the reader's
language along the fallback chain, marked with `lang` when in another, written by the
registration and edit forms, and carried by publiccode.yml both ways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from osunited.audit.models import AuditEvent
from osunited.catalog.interchange.imports import projects_import, read_import_file
from osunited.catalog.interchange.publiccode import project_to_publiccode, publiccode_to_project
from osunited.catalog.models import Project, ProjectText
from osunited.catalog.prefill import prefill_from_publiccode
from osunited.catalog.project_texts import project_text_chain, shown_texts
from tests.catalog.test_registration import form_data
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
REPOSITORY = "https://git.example.org/unicef/registre"


@pytest.fixture(autouse=True)
def example_git_host_is_allowed(settings: Any, tmp_path: Path) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def project_in(language: str, slug: str = "ledger", **texts: dict[str, str]) -> Project:
    project = ProjectFactory(
        name="Own name", language=language, purpose="Own purpose", description="Own description",
        status="published", slug=slug,
    )  # fmt: skip
    for code, values in texts.items():
        ProjectText.objects.create(project=project, language=code.replace("_", "-"), **values)
    return project


def text(name: str, purpose: str = "", description: str = "") -> dict[str, str]:
    return {"name": name, "purpose": purpose or f"{name} purpose", "description": description}


# -- the fallback chain -----------------------------------------------------------------------


def test_the_chain_is_exact_language_then_language_then_the_project_s_then_english() -> None:
    project = Project(language="fr")
    assert project_text_chain(project, "zh-hans") == ("zh-hans", "zh", "fr", "en")
    assert project_text_chain(project, "en") == ("en", "fr")
    assert project_text_chain(Project(language=""), "ar") == ("ar", "en")


def test_each_reader_gets_the_first_language_of_the_chain_that_has_the_text() -> None:
    project = project_in("fr", zh_hans=text("登记册"), en=text("Ledger"))
    assert shown_texts(project, "zh-hans").name == "登记册"
    assert shown_texts(project, "zh-hans").name.language == "zh-hans"
    assert shown_texts(project, "fr-ca").name.language == "fr"  # the language, from the region
    assert shown_texts(project, "ar").name == "Own name"  # the project's own before English
    assert shown_texts(project, "ar").name.language == "fr"


def test_english_comes_last_and_the_own_text_when_nothing_else() -> None:
    project = project_in("", en=text("Ledger"))  # its own texts are in no UN language
    assert shown_texts(project, "ru").name == "Ledger"
    assert shown_texts(project, "ru").name.language == "en"
    alone = project_in("", slug="alone")
    assert shown_texts(alone, "ru").name.language == ""


def test_a_blank_description_falls_back_on_its_own() -> None:
    project = project_in("en", zh_hans=text("登记册", "开源软件"))
    shown = shown_texts(project, "zh-hans")
    assert (shown.purpose, shown.purpose.language) == ("开源软件", "zh-hans")
    assert (shown.description, shown.description.language) == ("Own description", "en")
    assert shown.languages == ("en", "zh-hans")


# -- pages ------------------------------------------------------------------------------------


def page(url: str, language: str) -> str:
    response = Client(headers={"accept-language": language}).get(url)
    assert response.status_code == 200
    return response.text


def test_the_project_page_shows_the_reader_s_language_and_marks_another() -> None:
    project_in("en", ar=text("السجل", "منصة مفتوحة المصدر"))
    arabic = page("/catalog/ledger/", "ar")
    assert "<h1>السجل</h1>" in arabic  # in the page's language: no lang of its own
    assert '<p class="lead">منصة مفتوحة المصدر</p>' in arabic
    assert '<p lang="en" dir="ltr">Own description</p>' in arabic
    assert "<title>السجل" in arabic
    russian = page("/catalog/ledger/", "ru")
    assert '<h1 lang="en" dir="ltr">Own name</h1>' in russian
    english = page("/catalog/ledger/", "en")
    assert "<h1>Own name</h1>" in english


def test_the_project_page_lists_the_languages_it_is_described_in() -> None:
    project_in("fr", ar=text("السجل"), es=text("Registro"))
    english = page("/catalog/ledger/", "en")
    assert "Described in" in english
    assert '<span lang="fr">français</span>' in english
    assert '<span lang="ar">العربيّة</span>' in english
    assert '<span lang="es">español</span>' in english


def test_a_card_shows_the_reader_s_language_and_marks_another() -> None:
    project_in("en", fr=text("Registre", "Un logiciel libre"))
    french = page("/catalog/", "fr")
    assert "Registre" in french
    assert "Un logiciel libre" in french
    spanish = page("/catalog/", "es")
    assert '<h3 lang="en" dir="ltr">' in spanish
    assert '<p class="card-purpose" lang="en" dir="ltr">Own purpose</p>' in spanish


# -- the registration and edit forms ----------------------------------------------------------


def register(cast: Cast, **overrides: object) -> Any:
    data = form_data(cast, repositories=REPOSITORY, **overrides)
    return client_for(cast.alice).post(reverse("catalog:register"), data)


def test_the_form_offers_a_set_of_fields_for_each_language(cast: Cast) -> None:
    form = client_for(cast.alice).get(reverse("catalog:register")).text
    assert "Add this project in another language" in form
    for field in ("text_ar_name", "text_zh_hans_purpose", "text_ru_description"):
        assert f'name="{field}"' in form
    assert 'lang="ar" dir="rtl"' in form  # what is typed there is Arabic


def test_registering_with_texts_in_two_other_languages(cast: Cast) -> None:
    response = register(
        cast, language="en", text_fr_name="Suivi des stocks", text_fr_purpose="Suit les vaccins",
        text_ar_name="متتبع الإمدادات", text_ar_purpose="يتتبع اللقاحات",
    )  # fmt: skip
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.language == "en"
    texts = {t.language: (t.name, t.purpose, t.description) for t in project.texts.all()}
    assert texts == {
        "fr": ("Suivi des stocks", "Suit les vaccins", ""),
        "ar": ("متتبع الإمدادات", "يتتبع اللقاحات", ""),
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language": "xx"}, "“xx” is not one of the platform&#x27;s languages"),
        ({"language": "fr", "text_fr_name": "Nom", "text_fr_purpose": "But"}, "are in French"),
        ({"text_es_name": "Nombre"}, "Give it in this language too."),
        ({"text_es_description": "Solo la descripción"}, "Give it in this language too."),
    ],
)
def test_the_form_refuses_what_it_cannot_save(
    cast: Cast, fields: dict[str, str], message: str
) -> None:
    response = register(cast, **fields)
    assert response.status_code == 200
    assert message in response.text
    assert not Project.objects.exists()


def test_editing_replaces_the_texts_and_the_audit_log_says_so(cast: Cast) -> None:
    register(cast, language="en", text_fr_name="Suivi", text_fr_purpose="Suit les vaccins")
    project = Project.objects.get()
    client = client_for(cast.alice)
    data = form_data(
        cast, repositories=REPOSITORY, focal_point_emails=cast.alice.email, language="en",
        text_es_name="Seguimiento", text_es_purpose="Sigue las vacunas",
    )  # fmt: skip
    response = client.post(reverse("catalog:edit", args=[project.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert [t.language for t in project.texts.all()] == ["es"]
    event = AuditEvent.objects.filter(action="project.updated").get()
    assert "texts" in event.changes["fields"]
    edit_page = client.get(reverse("catalog:edit", args=[project.slug])).text
    assert 'value="Seguimiento"' in edit_page
    assert '<details class="other-languages" open>' in edit_page


def test_a_form_without_the_language_field_keeps_the_project_s(cast: Cast) -> None:
    register(cast)
    assert Project.objects.get().language == "en"


# -- publiccode.yml ---------------------------------------------------------------------------

LONG_FR = (
    "Registre suit les stocks de vaccins dans chaque district, prévoit les doses et la chaîne du "
    "froid nécessaires et rend compte de la couverture au fur et à mesure des rapports."
)
LONG_EN = (
    "Ledger tracks vaccine stock in every district, forecasts the doses and cold chain needed, "
    "and reports coverage as health workers send their reports in, week after week."
)


def publiccode(available: str = "[en, fr]") -> str:
    return f"""publiccodeYmlVersion: "0"
name: Ledger
url: "{REPOSITORY}"
platforms: [web]
categories: [data-collection]
developmentStatus: beta
softwareType: standalone/other
description:
  en:
    shortDescription: Tracks vaccine stock
    longDescription: "{LONG_EN}"
    features: [Stock levels]
  fr:
    localisedName: Registre
    shortDescription: Suit les stocks de vaccins
    longDescription: "{LONG_FR}"
    features: [Niveaux de stock]
legal:
  license: MIT
maintenance:
  type: internal
  contacts: [{{name: Alice}}]
localisation:
  localisationReady: true
  availableLanguages: {available}
"""


def test_a_publiccode_yml_in_two_languages_imports_both(cast: Cast) -> None:
    [outcome] = projects_import(
        user=cast.alice, records=read_import_file(publiccode(), kind="publiccode"),
        fallback_entity=cast.unicef,
    )  # fmt: skip
    project = outcome.project
    assert project is not None, outcome.error
    assert (project.language, project.name, project.purpose) == (
        "en",
        "Ledger",
        "Tracks vaccine stock",
    )
    [french] = project.texts.all()
    assert (french.language, french.name, french.purpose, french.description) == (
        "fr",
        "Registre",
        "Suit les stocks de vaccins",
        LONG_FR,
    )


def test_its_first_available_language_gives_the_project_s_own_texts() -> None:
    imported = publiccode_to_project(publiccode(available="[fr, en]"))
    assert imported.fields["language"] == "fr"
    assert imported.fields["purpose"] == "Suit les stocks de vaccins"
    assert imported.texts["en"]["purpose"] == "Tracks vaccine stock"
    assert imported.texts["en"]["name"] == "Ledger"  # no localisedName: the name


def test_the_registration_form_is_prefilled_in_both_languages() -> None:
    found = prefill_from_publiccode(publiccode())
    assert found.values["language"] == "en"
    assert found.values["text_fr_name"] == "Registre"
    assert found.values["text_fr_description"] == LONG_FR


def test_the_export_carries_the_texts_back(cast: Cast) -> None:
    project = project_in("en", fr=text("Registre", "Suit les stocks"))
    exported = project_to_publiccode(project, page_url="https://osu.example/catalog/ledger/")
    imported = publiccode_to_project(exported)
    assert imported.texts["fr"]["name"] == "Registre"
    assert imported.texts["fr"]["purpose"] == "Suit les stocks"
    assert "Open Source United" in imported.texts["fr"]["description"]  # padded to 150
