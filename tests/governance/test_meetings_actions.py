"""Action items: the secretariat gives them to Board members or itself with a due date; owners
see theirs and mark them done; overdue ones are flagged; the open ones are public, owners by
name only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from osunited.audit.models import AuditEvent
from osunited.governance.models import ActionItem, ActionStatus
from osunited.governance.services.meetings import action_item_add
from tests.conftest import Cast, client_for
from tests.governance.meetings_helpers import a_clerk, a_meeting

pytestmark = pytest.mark.django_db


def test_the_secretariat_gives_an_action_to_a_board_member(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    form = {"title": "Circulate the charter", "owner": cast.grace.pk, "due_on": "2031-05-01"}
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/actions/new/", form)
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert (action.owner, action.status, str(action.due_on)) == (cast.grace, "open", "2031-05-01")
    assert AuditEvent.objects.filter(action="governance.action_added").count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"owner": "carol"}, "Choose one of those listed."),  # not on the Board
        ({"owner": "999"}, "Choose one of those listed."),
        ({"due_on": "someday"}, "Enter a valid date."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_actions_are_refused(cast: Cast, change: dict[str, str], message: str) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    form = {"title": "Circulate", "owner": str(cast.grace.pk), "due_on": "2031-05-01", **change}
    if form["owner"] == "carol":
        form["owner"] = str(cast.carol.pk)
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/actions/new/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActionItem.objects.exists()


def test_owners_mark_their_actions_done_and_nobody_else_does(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    due = timezone.localdate() + timedelta(days=5)
    action = action_item_add(
        actor=clerk, meeting=meeting, title="Circulate", owner=cast.grace, due_on=due
    )
    mine = client_for(cast.grace).get("/ossib/actions/mine/").content.decode()
    assert "Circulate" in mine
    assert "Circulate" not in client_for(cast.erin).get("/ossib/actions/mine/").content.decode()
    assert client_for(cast.erin).post(f"/ossib/actions/{action.pk}/done/").status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert client_for(cast.grace).post(f"/ossib/actions/{action.pk}/done/").status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.done_at is not None
    assert client_for(cast.grace).post("/ossib/actions/999/done/").status_code == 404


def test_overdue_actions_are_flagged_and_the_open_ones_public(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-10)
    today = timezone.localdate()
    action_item_add(
        actor=clerk,
        meeting=meeting,
        title="Late one",
        owner=cast.grace,
        due_on=today - timedelta(days=1),
    )
    action_item_add(actor=clerk, meeting=meeting, title="On time", owner=clerk, due_on=today)
    page = client_for(None).get(f"/ossib/meetings/{meeting.pk}/").content.decode()
    late_row, on_time_row = page.split("Late one")[1].split("On time")
    assert "Overdue" in late_row
    assert "Overdue" not in on_time_row
    public = client_for(None).get("/ossib/actions/").content.decode()
    assert "Late one" in public
    assert "Grace" in public
    assert "Sam Clerk" in public
    assert "grace@who.int" not in public
    assert "sam@un.org" not in public


def test_the_secretariat_edits_an_action(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk, days=-1)
    action = action_item_add(
        actor=clerk,
        meeting=meeting,
        title="Circulate",
        owner=cast.grace,
        due_on=timezone.localdate(),
    )
    form = {
        "title": "Circulate widely",
        "owner": clerk.pk,
        "due_on": "2031-06-01",
        "status": "cancelled",
    }
    assert client_for(cast.grace).post(f"/ossib/actions/{action.pk}/edit/", form).status_code == 403
    assert client_for(clerk).post(f"/ossib/actions/{action.pk}/edit/", form).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner, action.status) == ("Circulate widely", clerk, "cancelled")
    assert "Circulate widely" not in client_for(None).get("/ossib/actions/").content.decode()


def test_the_open_actions_need_the_same_queries_for_more_actions(cast: Cast) -> None:
    clerk = a_clerk()
    due = timezone.localdate() + timedelta(days=5)

    def add_action(number: int) -> None:
        meeting = a_meeting(clerk, days=-1 - number, title=f"OSSIB meeting {number}")
        owner = cast.grace if number % 2 else clerk
        action_item_add(actor=clerk, meeting=meeting, title="Circulate", owner=owner, due_on=due)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(None).get("/ossib/actions/").status_code == 200
        return len(captured)

    add_action(0)
    before = queries()
    for number in range(1, 4):
        add_action(number)

    assert queries() == before
