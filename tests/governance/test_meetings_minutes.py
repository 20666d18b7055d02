"""Minutes: the secretariat writes them with the entities present; a draft is the Board's only,
published minutes are public and record the meeting as held; their text is rendered safely."""

from __future__ import annotations

import pytest

from osunited.audit.models import AuditEvent
from osunited.governance.minutes_markup import render_minutes
from osunited.governance.models import MeetingStatus, Minutes
from osunited.governance.services.meetings import minutes_save
from tests.conftest import Cast, client_for
from tests.governance.meetings_helpers import a_clerk, a_meeting

pytestmark = pytest.mark.django_db

TEXT = (
    "# Decisions\n\nThe Board **adopted** its charter.\n\n"
    "- WHO to circulate it\n- UNICEF to translate"
)


def test_the_secretariat_writes_draft_minutes_that_only_the_board_reads(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    form = {"text": TEXT, "attendees": [cast.who.pk, cast.unicef.pk]}
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/minutes/", form)
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert set(minutes.attendees.all()) == {cast.who, cast.unicef}
    assert minutes.published_at is None
    url = f"/ossib/meetings/{meeting.pk}/"
    for reader in (cast.grace, cast.heidi, clerk):
        assert "<strong>adopted</strong>" in client_for(reader).get(url).content.decode()
    for outsider in (None, cast.carol, cast.erin):
        page = client_for(outsider).get(url).content.decode()
        assert "adopted" not in page
        assert "The minutes are not published yet." in page


def test_publishing_makes_them_public_and_the_meeting_held(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    minutes_save(actor=clerk, meeting=meeting, text=TEXT, attendees=[cast.who])
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/minutes/publish/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    page = client_for(None).get(f"/ossib/meetings/{meeting.pk}/").content.decode()
    assert "<h3>Decisions</h3>" in page
    assert "<li>WHO to circulate it</li>" in page
    assert "Entities present: WHO" in page
    ossib = client_for(None).get("/ossib/").content.decode()
    assert f"/ossib/meetings/{meeting.pk}/#minutes" in ossib
    assert AuditEvent.objects.filter(action="governance.minutes_published").count() == 1


def test_minutes_of_a_meeting_not_started_wait(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=3)
    minutes_save(actor=clerk, meeting=meeting, text="Notes", attendees=[])
    client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/minutes/publish/")
    assert Minutes.objects.get().published_at is None


def test_only_the_secretariat_writes_or_publishes(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    minutes_save(actor=clerk, meeting=meeting, text="Draft", attendees=[])
    member = client_for(cast.grace)
    assert (
        member.post(f"/ossib/meetings/{meeting.pk}/minutes/", {"text": "Mine"}).status_code == 403
    )
    assert member.post(f"/ossib/meetings/{meeting.pk}/minutes/publish/").status_code == 403
    minutes = Minutes.objects.get()
    assert (minutes.text, minutes.published_at) == ("Draft", None)


def test_bad_minutes_are_refused(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    client = client_for(clerk)
    empty = client.post(f"/ossib/meetings/{meeting.pk}/minutes/", {"text": "  "})
    unknown = client.post(
        f"/ossib/meetings/{meeting.pk}/minutes/", {"text": "x", "attendees": [999]}
    )
    assert (empty.status_code, unknown.status_code) == (400, 400)
    assert "Choose among the entities listed." in unknown.content.decode()
    assert not Minutes.objects.exists()
    assert client.post(f"/ossib/meetings/{meeting.pk}/minutes/publish/").status_code == 302
    assert not Minutes.objects.exists()


def test_the_text_never_carries_html() -> None:
    html = render_minutes(
        '<script>alert(1)</script>\n\n[click](javascript:alert(1)) [ok](https://un.org/a_b "x")'
        "\n\n<img src=x onerror=alert(1)>"
    )
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://un.org/a_b"' not in html  # a title after the target is not a link


def test_markdown_subset() -> None:
    html = render_minutes("## Next steps\n1. one\n2. *two*\n\nA line\nand `code`")
    assert html == (
        "<h4>Next steps</h4>\n<ol><li>one</li><li><em>two</em></li></ol>\n"
        "<p>A line<br>and <code>code</code></p>"
    )
    link = render_minutes("See [the CPF](https://un.org/cpf?a=1&b=2).")
    assert link == (
        '<p>See <a href="https://un.org/cpf?a=1&amp;b=2" rel="nofollow noopener noreferrer">'
        "the CPF</a>.</p>"
    )
