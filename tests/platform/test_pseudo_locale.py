"""The pseudo-locale run (issue #21, docs/translations.md): every page of the platform, as the
people who open it, in a language where every string marked for translation reads "⟦Ŝéñţéñçé⟧";
each form's error messages; the e-mails the platform sends. A word of plain Latin letters left
over, once the data and a few names are taken away, is a string nobody marked: it would stay
English in Arabic, Chinese, French, Russian and Spanish alike. The pages are those of the
every-page browser test (tests/browser/every_page.py), on the demo's data."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from osunited.accounts.models import PolicyDocument, User
from osunited.accounts.services import policy_reminders_send
from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.catalog.services import project_transition
from osunited.catalog.sunset import confirmation_due_at, sunset_sweep
from osunited.catalog.workflow import ProjectStatus
from osunited.demo.services import DEMO_USERS, demo_load
from osunited.governance.models import Expert
from osunited.governance.services.experts import expert_vet
from osunited.learning.models import EventSession, Mentorship, Registration, RegistrationState
from osunited.learning.services.event_reminders import reminders_send
from osunited.learning.services.events import registration_decide
from osunited.learning.services.mentorship import mentorship_change
from osunited.licensing.selectors.compatibility import component_reason, scan_compatibility
from osunited.licensing.services.office_hours import question_answer, question_ask
from tests.browser import every_page
from tests.browser.every_page import Page, platform_pages, viewer_email
from tests.browser.test_every_page import database_as_migrated, page_url, what_the_demo_lacks
from tests.platform.pseudo_locale import (
    PSEUDO_LANGUAGE,
    Data,
    Shown,
    data_file_texts,
    database_texts,
    pseudo,
    pseudo_language,
    untranslated,
    visible_texts,
    write_pseudo_catalogue,
)

PAGES = platform_pages()
# A form that posts back to its own page: posted empty, it answers with its error messages.
FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
POSTED = re.compile(r"\bmethod=[\"']?post\b", re.IGNORECASE)
ACTION = re.compile(r"\baction=[\"']([^\"']*)[\"']", re.IGNORECASE)


@pytest.fixture(scope="module")
def data(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Data]:
    """The demo, loaded once for the module in a transaction rolled back after its last test,
    the pseudo-language offered for the module's time, and the texts of the data."""
    folder = tmp_path_factory.mktemp("pseudo-locale")
    write_pseudo_catalogue(folder / "locale")
    demo_settings = override_settings(
        VAR_DIR=folder,
        OSU_SCAN_LOCAL_ROOTS=[str(folder / "demo-repos")],
        MEDIA_ROOT=folder / "media",
    )
    with django_db_blocker.unblock(), demo_settings, transaction.atomic():
        database_as_migrated()
        demo_load()
        what_the_demo_lacks()
        with pseudo_language(folder / "locale"):
            yield Data.of(database_texts() | data_file_texts())
        transaction.set_rollback(True)


def client_of(email: str | None) -> Client:
    """A browser in the pseudo-language, signed in as `email` a moment ago (so that the pages
    behind a fresh sign-in, such as the authenticator app's, open)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = PSEUDO_LANGUAGE
    if email is not None:
        user = User.objects.get(email=email)
        client.force_login(user)
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "reauthenticated": True}
        ]
        session["account_authentication_methods_user"] = str(user.pk)  # allauth's own key
        session.save()
    return client


def unmarked(html: str, data: Data) -> list[str]:
    return [f"{s.text!r} ({s.where})" for s in visible_texts(html) if untranslated(s, data)]


def posts_to_itself(html: str, url: str) -> bool:
    for form in FORM.findall(html):
        action = ACTION.search(form)
        if POSTED.search(form) and (action is None or action[1] in ("", url.partition("?")[0])):
            return True
    return False


def html_of(response: HttpResponse) -> str:
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode()


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_string_of_every_page_and_its_forms_errors_is_marked_for_translation(
    data: Data, db: None, page: Page
) -> None:
    url, email = page_url(page), viewer_email(page)
    client = client_of(email)
    response = client.get(url)
    assert response.status_code == page.status, f"{url} as {email}: {response.status_code}"
    html = html_of(response)
    found = unmarked(html, data)
    if page.status == 200 and posts_to_itself(html, url):
        # Side effects of a form that needs nothing are rolled back with the test.
        posted = client.post(url, {}, follow=True)
        found += [
            f"after posting the form empty: {text}" for text in unmarked(html_of(posted), data)
        ]
    assert not found, f"{url} as {email or 'a visitor'}:\n" + "\n".join(found)


@pytest.mark.parametrize("login", [None, *(user.email for user in DEMO_USERS)])
def test_the_home_page_of_every_role_is_marked_for_translation(
    data: Data, db: None, login: str | None
) -> None:
    response = client_of(login).get(reverse("home"))

    assert response.status_code == 200
    found = unmarked(html_of(response), data)
    assert not found, f"the home page of {login or 'a visitor'}:\n" + "\n".join(found)


def test_every_email_is_marked_for_translation_and_written_in_its_readers_language(
    data: Data, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    """The e-mails of a workflow step, a sunset reminder, an expert's vetting, an answered
    licensing question, an event reminder, a policy taking effect, a registration decided, a
    mentorship accepted and a password reset, to
    people who chose the pseudo-language (sent as the platform sends them: in English, but for
    what is in each reader's language)."""
    User.objects.update(language=PSEUDO_LANGUAGE)
    with django_capture_on_commit_callbacks(execute=True):
        send_every_kind_of_email()
    client_of(None).post(reverse("account_reset_password"), {"email": every_page.CONTRIBUTOR})

    # The data with what the steps wrote, and the site's name django-allauth writes: the host.
    written = Data.of(database_texts() | data_file_texts() | {"testserver"})
    found = [
        f"{shown.text!r} ({shown.where})"
        for message in mail.outbox
        for shown in email_texts(message)
        if untranslated(shown, written)
    ]
    assert len({message.subject for message in mail.outbox}) >= 9
    assert not found, "Not marked, or not in the reader's language:\n" + "\n".join(found)


def send_every_kind_of_email() -> None:
    reviewer, board = (
        User.objects.get(email=e) for e in (every_page.REVIEWER, every_page.SECRETARIAT)
    )
    waiting = (
        Project.objects.filter(status__in=[ProjectStatus.SUBMITTED, ProjectStatus.IN_REVIEW])
        .order_by("pk")
        .first()
    )
    assert waiting is not None, "the demo has no project waiting for the committee"
    action = "start_review" if waiting.status == ProjectStatus.SUBMITTED else "request_changes"
    project_transition(project=waiting, action=action, user=reviewer, comment="Add a README.")
    published = Project.objects.filter(status=ProjectStatus.PUBLISHED).order_by("pk").first()
    assert published is not None, "the demo has no published project"
    sunset_sweep(now=confirmation_due_at(published) - timedelta(days=10))
    expert_vet(expert=Expert.objects.filter(status="applied").first(), actor=board, accepted=True)
    focal_point = published.focal_points.order_by("pk").first()
    question = question_ask(actor=focal_point, project=published, question="Which license?")
    question_answer(actor=board, question=question, answer="Apache-2.0 fits.")
    session = EventSession.objects.filter(event__registrations__state="confirmed").first()
    reminders_send(now=session.starts_at - timedelta(hours=1))
    current = PolicyDocument.objects.filter(published_at__isnull=False).order_by("pk").first()
    PolicyDocument.objects.create(
        kind=current.kind,
        version="9.0",
        title=current.title,
        body=current.body,
        published_at=timezone.now() + timedelta(days=7),
    )
    policy_reminders_send()
    decide_a_registration_and_a_mentorship()


def decide_a_registration_and_a_mentorship() -> None:
    """A learning focal point decides on a registration, a mentor accepts a mentee."""
    pending = Registration.objects.filter(state=RegistrationState.PENDING).order_by("pk").first()
    assert pending is not None, "the demo has no registration waiting for its entity"
    focal_point = User.objects.get(email=every_page.LEARNING_FOCAL_POINT)
    registration_decide(actor=focal_point, registration=pending, confirm=True)
    waiting = Mentorship.objects.filter(status="requested").select_related("mentor").first()
    assert waiting is not None, "the demo has no mentorship request waiting for an answer"
    mentorship_change(actor=waiting.mentor, mentorship=waiting, action="accept")


def email_texts(message: EmailMessage) -> Iterator[Shown]:
    where = f"the e-mail to {', '.join(message.to or message.bcc)}"
    yield Shown(message.subject, f"{where}: subject")
    for number, line in enumerate(str(message.body).splitlines(), start=1):
        if line.strip():
            yield Shown(line.strip(), f"{where}: line {number}")


def test_a_compatibility_reason_on_the_pages_reads_as_the_engines_in_english(
    data: Data, db: None
) -> None:
    """The licensing pages write each component's reason in the reader's language from the
    verdict's parts; in English it is the engine's own."""
    scans = Scan.objects.filter(status=ScanStatus.SUCCEEDED)
    verdicts = [scan_compatibility(scan).verdict for scan in scans]
    judged = [component for verdict in verdicts if verdict for component in verdict.components]

    assert judged
    with translation.override("en"):
        assert [component_reason(c) for c in judged] == [c.reason for c in judged]


# The run itself.


@pytest.fixture
def pseudo_only(tmp_path: Path) -> Iterator[None]:
    """The pseudo-language alone, for the run's own tests (no demo to load)."""
    write_pseudo_catalogue(tmp_path)
    with pseudo_language(tmp_path), translation.override(PSEUDO_LANGUAGE):
        yield


def test_the_pseudo_language_keeps_placeholders_tags_entities_and_urls() -> None:
    text = pseudo('%(count)s files in <a href="https://example.org/x">%s</a> {name} &amp; more')
    formatted = pseudo("{share:.0%} of {count} files, %(size).1f MB")

    assert text == '⟦%(count)s ƒíľéš íñ <a href="https://example.org/x">%s</a> {name} &amp; ɱóŕé⟧'
    assert formatted == "⟦{share:.0%} óƒ {count} ƒíľéš, %(size).1f ṀƁ⟧"


def test_the_run_reports_a_sentence_nobody_marked_and_nothing_else(pseudo_only: None) -> None:
    template = engines["django"].from_string(
        "{% load i18n %}<title>{% translate 'Home' %} · Open Source United</title>"
        '<h1 title="Forgotten tooltip">{% blocktranslate with name=project %}Scans of {{ name }}'
        "{% endblocktranslate %}</h1><p>{% translate 'Sign in' %} 3 2024-10-10"
        " https://example.org/x MIT OR Apache-2.0</p><p>This sentence was never marked.</p>"
        '<pre>code is not translated</pre><p lang="en">A data text in English.</p>'
        '<p translate="no">A name</p><input type="submit" value="Send it">'
    )
    html = template.render({"project": "Field Survey"})
    data = Data.of({"Field Survey"})

    found = [(s.text, s.where) for s in visible_texts(html) if untranslated(s, data)]

    assert found == [
        ("Forgotten tooltip", "<h1 title> line 1"),
        ("This sentence was never marked.", "<p> line 1"),
        ("Send it", "<input value> line 1"),
    ]
    assert not untranslated(Shown("⟦Šçáñš óƒ⟧ Field Survey", "h1"), data)
    assert untranslated(Shown("⟦Šçáñš óƒ⟧ Field Survey, not scanned", "h1"), data)


def test_a_marked_string_the_catalogues_lack_yet_is_pseudo_translated(pseudo_only: None) -> None:
    assert translation.gettext("A string added since the catalogues were updated") == pseudo(
        "A string added since the catalogues were updated"
    )
    assert translation.ngettext("%(n)s day", "%(n)s days", 2) == pseudo("%(n)s days")
    assert translation.pgettext("month", "May") == pseudo("May")


def test_the_pseudo_language_is_gone_after_the_run(tmp_path: Path) -> None:
    offered = list(settings.LANGUAGES)  # with the pseudo-language when the page run is on
    write_pseudo_catalogue(tmp_path)
    with pseudo_language(tmp_path):
        assert PSEUDO_LANGUAGE in dict(settings.LANGUAGES)

    assert list(settings.LANGUAGES) == offered
    if PSEUDO_LANGUAGE not in dict(offered):
        with translation.override(PSEUDO_LANGUAGE):
            assert translation.gettext("Home") != pseudo("Home")
