"""Working groups' pages: the list, a group's page (its charter escaped, its outputs linked to the
guidelines they serve), meetings and outputs by chairs only with bad input refused, the calendar,
the export that reads back as a working-groups file, and groups_for_agenda."""

from datetime import UTC, date, datetime

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from osunited.governance.models import (
    WorkingGroup,
    WorkingGroupMeeting,
    WorkingGroupMember,
    WorkingGroupOutput,
    WorkingGroupRole,
    WorkingGroupStatus,
)
from osunited.governance.selectors.groups import groups_for_agenda
from osunited.governance.shipped import parse_groups
from tests.conftest import Cast, client_for
from tests.factories import UserFactory


@pytest.fixture
def licensing(cast: Cast) -> WorkingGroup:
    group = WorkingGroup.objects.get(slug="licensing")
    WorkingGroupMember.objects.create(
        group=group, user=cast.grace, entity=cast.who, role=WorkingGroupRole.CHAIR
    )
    WorkingGroupMember.objects.create(group=group, user=cast.alice, entity=cast.unicef)
    return group


def test_the_list_shows_status_chairs_members_and_guidelines(
    cast: Cast, licensing: WorkingGroup
) -> None:
    page = client_for(None).get("/ossib/working-groups/").content.decode()

    assert "Open Source Licensing Working Group" in page
    assert "Active" in page
    assert "Grace (WHO)" in page
    assert "<td>2</td>" in page
    assert "Adopt recommended licensing schemes" in page  # C2, by its text in the framework


def test_the_list_needs_the_same_queries_for_more_groups(
    cast: Cast, licensing: WorkingGroup
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_for(None).get("/ossib/working-groups/")
        return len(captured)

    before = queries()
    for number in range(3):
        group = WorkingGroup.objects.create(slug=f"g{number}", name=f"G{number}", mission="M.")
        WorkingGroupMember.objects.create(
            group=group, user=UserFactory(), role=WorkingGroupRole.CHAIR
        )

    assert queries() == before


def test_the_group_page_escapes_the_charter_and_links_outputs_to_guidelines(
    cast: Cast, licensing: WorkingGroup
) -> None:
    licensing.charter = "<script>alert(1)</script>\n\nSee https://opensource.org/licenses"
    licensing.save(update_fields=["charter"])
    WorkingGroupOutput.objects.create(
        group=licensing, kind="document", title="Interim license package", guidelines=["C2"]
    )

    page = client_for(None).get("/ossib/working-groups/licensing/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert '<a href="https://opensource.org/licenses"' in page
    assert "Interim license package" in page
    assert "C2</a>" in page or "C2 <span" in page
    assert "Alice (UNICEF)" in page
    assert "Sign in to ask to join" in page


def test_an_unknown_group_is_a_404(cast: Cast) -> None:
    assert client_for(None).get("/ossib/working-groups/no-such-group/").status_code == 404


def test_a_chair_adds_a_meeting_that_the_calendar_carries(
    cast: Cast, licensing: WorkingGroup
) -> None:
    response = client_for(cast.grace).post(
        "/ossib/working-groups/licensing/meetings/new/",
        {
            "title": "License package review",
            "starts_at": "2030-03-04T14:00",
            "ends_at": "2030-03-04T15:00",
            "online_url": "https://meet.example.org/licensing",
        },
    )

    assert response.status_code == 302
    meeting = WorkingGroupMeeting.objects.get()
    calendar = Calendar.from_ical(
        client_for(None).get("/ossib/working-groups/licensing/calendar.ics").content
    )
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "License package review"
    assert entry.decoded("dtstart") == datetime(2030, 3, 4, 14, tzinfo=UTC)
    assert str(meeting.uid) in str(entry["uid"])


def test_a_meeting_ending_before_it_starts_is_refused(cast: Cast, licensing: WorkingGroup) -> None:
    response = client_for(cast.grace).post(
        "/ossib/working-groups/licensing/meetings/new/",
        {"title": "Backwards", "starts_at": "2030-03-04T14:00", "ends_at": "2030-03-04T13:00"},
    )

    assert response.status_code == 400
    assert "ends after it starts" in response.content.decode()
    assert not WorkingGroupMeeting.objects.exists()


def test_an_output_with_an_unknown_guideline_is_refused(
    cast: Cast, licensing: WorkingGroup
) -> None:
    response = client_for(cast.grace).post(
        "/ossib/working-groups/licensing/outputs/new/",
        {
            "kind": "document",
            "title": "Package",
            "guidelines": "C2, Z9",
            "published_on": "2030-01-02",
        },
    )

    assert response.status_code == 400
    assert "No guideline or statement Z9" in response.content.decode()
    assert not WorkingGroupOutput.objects.exists()


def test_a_chair_adds_an_output_with_its_guidelines(cast: Cast, licensing: WorkingGroup) -> None:
    response = client_for(cast.grace).post(
        "/ossib/working-groups/licensing/outputs/new/",
        {
            "kind": "decision",
            "title": "MIT is in",
            "guidelines": "c2 p4.1",
            "published_on": "2030-01-02",
        },
    )

    assert response.status_code == 302
    output = WorkingGroupOutput.objects.get()
    assert output.guidelines == ["C2", "P4.1"]
    assert output.published_on == date(2030, 1, 2)
    assert output.added_by == cast.grace


@pytest.mark.parametrize("who", ["alice", "carol", "erin", "bob"])
def test_members_and_others_do_not_manage_the_group(
    cast: Cast, licensing: WorkingGroup, who: str
) -> None:
    client = client_for(getattr(cast, who))

    for path in ("manage/", "meetings/new/", "outputs/new/"):
        assert client.get(f"/ossib/working-groups/licensing/{path}").status_code == 403
    response = client.post(
        "/ossib/working-groups/licensing/outputs/new/",
        {"kind": "document", "title": "Forged", "published_on": "2030-01-02"},
    )
    assert response.status_code == 403
    assert not WorkingGroupOutput.objects.exists()


def test_the_secretariat_creates_a_group(cast: Cast) -> None:
    response = client_for(cast.heidi).post(
        "/ossib/working-groups/new/",
        {
            "name": "Open source in procurement",
            "slug": "procurement",
            "mission": "Procurement rules that let entities choose open source.",
            "status": "forming",
            "guidelines": "P1.1",
            "grants_role": "",
        },
    )

    assert response.status_code == 302
    group = WorkingGroup.objects.get(slug="procurement")
    assert group.status == WorkingGroupStatus.FORMING
    assert not group.shipped


def test_a_group_cannot_hand_out_a_board_seat(cast: Cast) -> None:
    response = client_for(cast.heidi).post(
        "/ossib/working-groups/new/",
        {
            "name": "X",
            "slug": "x",
            "mission": "X.",
            "status": "active",
            "grants_role": "ossib_member",
        },
    )

    assert response.status_code == 400
    assert not WorkingGroup.objects.filter(slug="x").exists()


def test_the_export_reads_back_as_a_working_groups_file(
    cast: Cast, licensing: WorkingGroup
) -> None:
    WorkingGroupMeeting.objects.create(
        group=licensing,
        title="Kick-off",
        starts_at=datetime(2030, 1, 5, 9, tzinfo=UTC),
        ends_at=datetime(2030, 1, 5, 10, tzinfo=UTC),
    )
    WorkingGroupOutput.objects.create(
        group=licensing,
        kind="report",
        title="Report to the Board",
        guidelines=["C2"],
        published_on=date(2030, 2, 1),
    )

    response = client_for(None).get("/ossib/working-groups.yaml")

    assert response["Content-Type"].startswith("application/yaml")
    text = response.content.decode()
    assert "@" not in text  # no e-mail address in a public file
    exported = {group.slug: group for group in parse_groups(text).working_groups}["licensing"]
    assert exported.mission == licensing.mission
    assert list(exported.guidelines) == licensing.guidelines
    assert exported.grants_role == "licensing_group"
    assert [(m.name, m.entity, m.role) for m in exported.members] == [
        ("Grace", "WHO", "chair"),
        ("Alice", "UNICEF", "member"),
    ]
    assert exported.meetings[0].starts == datetime(2030, 1, 5, 9, tzinfo=UTC)
    assert exported.outputs[0].guidelines == ("C2",)
    assert yaml.safe_load(text)["framework"] == "cpf-rc1"


def test_groups_for_agenda_leave_archived_groups_out(cast: Cast) -> None:
    WorkingGroup.objects.create(slug="old", name="Old", mission="M.", status="archived")

    assert [group.slug for group in groups_for_agenda()] == ["licensing"]
