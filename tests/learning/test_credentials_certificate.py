"""The certificate of attendance: a PDF for the holder (and the capacity team) naming the person,
the event, its dates, the hours attended, the OSEE competencies, the issuer and where to verify
it; read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from osunited.learning.models import Completion
from osunited.learning.services.attendance import attendance_check_in
from osunited.learning.services.credentials import completion_mark, completion_revoke
from tests.conftest import Cast, client_for
from tests.learning.attendance_helpers import registered, workshop

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def attended_one_of_two(cast: Cast) -> Completion:
    """Alice attended the first of two sessions; the team then recorded the completion."""
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)
    attendance_check_in(
        actor=cast.grace, session=event.sessions.first(), ticket=registration.ticket
    )
    return completion_mark(
        actor=cast.heidi, user=cast.alice, event=event, completed_on=date(2026, 1, 5)
    )


def certificate(user, completion: Completion):  # type: ignore[no-untyped-def]
    url = reverse("learning:credentials_certificate", args=[completion.public_id])
    return client_for(user).get(url)


def test_the_certificate_names_everything_it_certifies(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://osu.example.org"
    cast.alice.display_name = "Alice Martin"
    cast.alice.save(update_fields=["display_name"])
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)
    for session in event.sessions.all():
        attendance_check_in(actor=cast.grace, session=session, ticket=registration.ticket)
    completion = Completion.objects.get()

    response = certificate(cast.alice, completion)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{completion.public_id}.pdf"'
    )
    text = pdf_text(response.content)
    assert "Certificate of attendance" in text
    assert "Alice Martin" in text
    assert "Open Source Licensing 101" in text
    assert "May 6, 2031 to May 13, 2031" in text
    assert "3.0 (2 of 2 sessions)" in text
    assert "Capacity to Recognize and Address Legal Challenges" in text
    assert "Capacity Building" in text
    assert "Open Source United Platform" in text
    assert f"https://osu.example.org/learning/credentials/{completion.public_id}/" in text
    assert "alice@unicef.org" not in text


def test_hours_count_only_the_sessions_attended(cast: Cast) -> None:
    completion = attended_one_of_two(cast)

    text = pdf_text(certificate(cast.alice, completion).content)

    assert "1.5 (1 of 2 sessions)" in text
    assert "recorded that the person attended" not in text  # the criteria are the badge's


def test_hours_unknown_are_not_stated_never_zero(cast: Cast) -> None:
    cast.erin.display_name = ""
    cast.erin.save(update_fields=["display_name"])
    completion = completion_mark(
        actor=cast.heidi, user=cast.erin, event=workshop(), completed_on=date(2026, 1, 5)
    )

    text = pdf_text(certificate(cast.erin, completion).content)

    assert "Hours attended not stated" in text
    assert "name not stated" in text  # erin has no display name; her address is not printed
    assert "erin@unicef.org" not in text


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("heidi", 200), ("erin", 403)])
def test_only_the_holder_and_the_capacity_team_download_it(
    cast: Cast, who: str, status: int
) -> None:
    completion = attended_one_of_two(cast)

    assert certificate(getattr(cast, who), completion).status_code == status


def test_a_revoked_certificate_is_not_downloaded(cast: Cast) -> None:
    completion = attended_one_of_two(cast)
    completion_revoke(actor=cast.heidi, completion=completion, reason="Wrong person.")

    response = certificate(cast.alice, completion)

    assert response.status_code == 410
    assert "Revoked on" in response.content.decode()
