"""The Terms, the Use Policy and the CLA in the reader's language: shipped translations, shown
on the documents' pages and the acceptance step with a 'translation not reviewed' label and a
sentence that the English text binds; what people accept stays the English document."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from osunited.accounts.models import PolicyAcceptance, PolicyDocumentTranslation
from osunited.accounts.selectors import current_policy_documents, policy_text
from osunited.audit.models import AuditEvent
from tests.conftest import Cast
from tests.factories import UserFactory, publish_new_version

pytestmark = pytest.mark.django_db
LANGUAGES = ("ar", "zh-hans", "fr", "ru", "es")
UNREVIEWED = 'class="badge data-unreviewed"'


def reader(language: str, user: object = None) -> Client:
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def numbering(paragraphs: list[str]) -> list[str]:
    return [match.group(0) for p in paragraphs if (match := re.match(r"\d+\.", p))]


def test_each_current_document_ships_in_the_five_other_languages_not_reviewed() -> None:
    for document in current_policy_documents():
        translations = {t.language: t for t in document.translations.all()}
        assert sorted(translations) == sorted(LANGUAGES), document
        for language, translation in translations.items():
            assert not translation.reviewed
            assert translation.title
            assert translation.title != document.title
            # The same sections, in the same order, as the English text.
            assert numbering(translation.paragraphs()) == numbering(document.paragraphs()), (
                document.kind,
                language,
            )
            assert len(translation.paragraphs()) == len(document.paragraphs())


def test_the_chain_falls_back_on_the_english_document() -> None:
    terms = current_policy_documents()[0]
    assert policy_text(terms, "fr-ca").language == "fr"
    assert policy_text(terms, "zh-hans").title == "条款和条件"
    terms.translations.filter(language="ru").delete()
    english = policy_text(terms, "ru")
    assert (english.language, english.title, english.is_translation) == ("en", terms.title, False)
    assert english.binding_note  # the reader asked for Russian: told that English binds


def test_the_document_page_shows_the_translation_labelled_and_says_english_binds() -> None:
    page = reader("fr").get("/policies/terms/").text
    assert "<h1>Conditions générales" in page
    assert UNREVIEWED in page
    assert "Les présentes Conditions générales régissent" in page
    assert 'href="/policies/terms/1.0/?text=en" hreflang="en"' in page


def test_the_english_text_is_one_link_away_and_marked_as_english() -> None:
    page = reader("fr").get("/policies/terms/1.0/?text=en").text
    assert '<div class="policy-body" lang="en" dir="ltr">' in page
    assert "These Terms and Conditions govern" in page
    assert 'hreflang="en"' not in page  # no note: this is the text that binds
    assert UNREVIEWED not in page


def test_arabic_reads_right_to_left_in_its_own_language() -> None:
    page = reader("ar").get("/policies/use_policy/").text
    assert '<html lang="ar" dir="rtl">' in page
    assert '<div class="policy-body">' in page  # in the page's language and direction
    assert "تبيّن سياسة الاستخدام هذه" in page


def test_a_reviewed_translation_has_no_label() -> None:
    PolicyDocumentTranslation.objects.filter(language="es").update(reviewed=True)
    page = reader("es").get("/policies/cla/").text
    assert "Acuerdo de Licencia para Colaboradores" in page
    assert UNREVIEWED not in page
    assert "?text=en" in page  # still: the English text binds


def test_a_document_without_a_translation_says_so_in_english_s_stead() -> None:
    PolicyDocumentTranslation.objects.filter(language="ru").delete()
    page = reader("ru").get("/policies/terms/").text
    assert '<div class="policy-body" lang="en" dir="ltr">' in page
    assert UNREVIEWED not in page


def test_the_list_names_the_documents_in_the_reader_s_language() -> None:
    page = reader("zh-hans").get(reverse("accounts:policy_list")).text
    for title in ("条款和条件", "使用政策", "贡献者许可协议"):
        assert title in page


def test_accepting_in_spanish_records_the_english_documents(cast: Cast) -> None:
    person = UserFactory(email="sofia@example.org", without_policies=True)
    client = reader("es", person)
    page = client.get(reverse("accounts:policies")).text
    assert "Los presentes Términos y Condiciones rigen" in page
    assert page.count(UNREVIEWED) == 3
    assert page.count('hreflang="en"') == 3
    documents = current_policy_documents()
    data = {f"accept_policy_{document.pk}": "on" for document in documents}
    assert client.post(reverse("accounts:policies"), data).status_code == 302
    accepted = PolicyAcceptance.objects.filter(user=person).values_list("document", flat=True)
    assert sorted(accepted) == sorted(document.pk for document in documents)


def test_an_administrator_adds_a_translation_of_a_new_version_audited(cast: Cast) -> None:
    document = publish_new_version("terms", "2.0")
    url = reverse("admin:accounts_policydocument_change", args=[document.pk])
    inline = {
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        "translations-0-title": "Conditions générales",
        "translations-0-body": "Nouveau texte.",
        "translations-0-reviewed": "on",
    }
    client = reader("en", cast.heidi)
    refused = client.post(url, {**inline, "translations-0-language": "en"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.text
    assert not document.translations.exists()
    saved = client.post(url, {**inline, "translations-0-language": "fr"})
    assert saved.status_code == 302
    assert document.translations.get().reviewed
    event = AuditEvent.objects.get(action="policy.translation_added")
    assert event.changes == {"language": "fr", "reviewed": True}
