"""Joining a working group: a contributor asks, a chair or the secretariat decides; accepting
makes them a member with their entity and grants the group's platform role, leaving or being
removed revokes it. Only chairs, the secretariat and admins manage a group."""

import pytest

from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.roles import Role, roles_of
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.governance.models import (
    JoinRequest,
    RequestStatus,
    WorkingGroup,
    WorkingGroupMember,
    WorkingGroupRole,
    WorkingGroupStatus,
)
from tests.conftest import Cast, client_for


@pytest.fixture
def licensing(cast: Cast) -> WorkingGroup:
    """The shipped Licensing Working Group, chaired by grace (WHO)."""
    group = WorkingGroup.objects.get(slug="licensing")
    WorkingGroupMember.objects.create(
        group=group, user=cast.grace, entity=cast.who, role=WorkingGroupRole.CHAIR
    )
    return group


def ask_to_join(cast: Cast, group: WorkingGroup) -> JoinRequest:
    response = client_for(cast.alice).post(
        f"/ossib/working-groups/{group.slug}/join/", {"motivation": "We publish UNICEF's tools."}
    )
    assert response.status_code == 302
    return JoinRequest.objects.get(group=group, user=cast.alice)


def licensing_grants(user: object) -> int:
    return RoleGrant.objects.filter(user=user, role=GrantedRole.LICENSING_GROUP).count()


def test_accepting_a_request_makes_a_member_with_their_entity_and_the_groups_role(
    cast: Cast, licensing: WorkingGroup
) -> None:
    join_request = ask_to_join(cast, licensing)

    response = client_for(cast.grace).post(
        f"/ossib/working-groups/requests/{join_request.pk}/accept/"
    )

    assert response.status_code == 302
    member = WorkingGroupMember.objects.get(group=licensing, user=cast.alice)
    assert member.entity == cast.unicef
    assert member.role == WorkingGroupRole.MEMBER
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.ACCEPTED
    assert join_request.decided_by == cast.grace
    cast.alice.refresh_from_db()
    assert Role.LICENSING_GROUP in roles_of(cast.alice)
    assert AuditEvent.objects.filter(action="working_group.member_added").exists()
    page = client_for(cast.carol).get("/ossib/working-groups/licensing/").content.decode()
    assert "Alice (UNICEF)" in page


def test_declining_makes_no_member_and_grants_nothing(cast: Cast, licensing: WorkingGroup) -> None:
    join_request = ask_to_join(cast, licensing)

    client_for(cast.heidi).post(f"/ossib/working-groups/requests/{join_request.pk}/decline/")

    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.DECLINED
    assert not WorkingGroupMember.objects.filter(user=cast.alice).exists()
    assert licensing_grants(cast.alice) == 0


def test_a_member_who_leaves_loses_the_groups_role(cast: Cast, licensing: WorkingGroup) -> None:
    join_request = ask_to_join(cast, licensing)
    client_for(cast.grace).post(f"/ossib/working-groups/requests/{join_request.pk}/accept/")
    member = WorkingGroupMember.objects.get(user=cast.alice)

    response = client_for(cast.alice).post(f"/ossib/working-groups/members/{member.pk}/remove/")

    assert response.status_code == 302
    assert not WorkingGroupMember.objects.filter(pk=member.pk).exists()
    assert licensing_grants(cast.alice) == 0
    assert AuditEvent.objects.filter(action="working_group.member_left").exists()


def test_a_chair_removes_a_member_and_the_role_goes_with_it(
    cast: Cast, licensing: WorkingGroup
) -> None:
    join_request = ask_to_join(cast, licensing)
    client_for(cast.grace).post(f"/ossib/working-groups/requests/{join_request.pk}/accept/")
    member = WorkingGroupMember.objects.get(user=cast.alice)

    client_for(cast.grace).post(f"/ossib/working-groups/members/{member.pk}/remove/")

    assert licensing_grants(cast.alice) == 0
    assert AuditEvent.objects.filter(action="working_group.member_removed").exists()


def test_the_role_stays_while_another_group_grants_it(cast: Cast, licensing: WorkingGroup) -> None:
    other = WorkingGroup.objects.create(
        slug="licence-tools", name="Licence tools", mission="Tools.", grants_role="licensing_group"
    )
    for group in (licensing, other):
        WorkingGroupMember.objects.create(group=group, user=cast.alice, entity=cast.unicef)
    role_grant(user=cast.alice, role=GrantedRole.LICENSING_GROUP, actor=None)
    member = WorkingGroupMember.objects.get(group=licensing, user=cast.alice)

    client_for(cast.alice).post(f"/ossib/working-groups/members/{member.pk}/remove/")

    assert licensing_grants(cast.alice) == 1


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "erin", "frank"])
def test_only_chairs_and_the_secretariat_decide_requests(
    cast: Cast, licensing: WorkingGroup, who: str
) -> None:
    join_request = ask_to_join(cast, licensing)

    response = client_for(getattr(cast, who)).post(
        f"/ossib/working-groups/requests/{join_request.pk}/accept/"
    )

    assert response.status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.PENDING
    assert not WorkingGroupMember.objects.filter(user=cast.alice).exists()


def test_the_secretariat_decides_requests_and_names_chairs(
    cast: Cast, licensing: WorkingGroup
) -> None:
    role_grant(user=cast.frank, role=GrantedRole.BOARD_SECRETARIAT, actor=None)
    join_request = ask_to_join(cast, licensing)
    secretariat = client_for(cast.frank)

    secretariat.post(f"/ossib/working-groups/requests/{join_request.pk}/accept/")
    response = secretariat.post(
        "/ossib/working-groups/licensing/roles/", {"email": "ALICE@unicef.org", "role": "chair"}
    )

    assert response.status_code == 302
    assert WorkingGroupMember.objects.get(user=cast.alice).role == WorkingGroupRole.CHAIR


def test_a_chair_cannot_name_chairs_or_change_the_status(
    cast: Cast, licensing: WorkingGroup
) -> None:
    chair = client_for(cast.grace)

    named = chair.post("/ossib/working-groups/licensing/roles/", {"email": "bob@undp.org"})
    status = chair.post("/ossib/working-groups/licensing/status/", {"status": "archived"})

    assert (named.status_code, status.status_code) == (403, 403)
    licensing.refresh_from_db()
    assert licensing.status == WorkingGroupStatus.ACTIVE


def test_a_member_may_leave_but_not_remove_others(cast: Cast, licensing: WorkingGroup) -> None:
    WorkingGroupMember.objects.create(group=licensing, user=cast.alice, entity=cast.unicef)
    chair = WorkingGroupMember.objects.get(user=cast.grace)

    response = client_for(cast.alice).post(f"/ossib/working-groups/members/{chair.pk}/remove/")

    assert response.status_code == 403
    assert WorkingGroupMember.objects.filter(pk=chair.pk).exists()


def test_a_second_request_while_one_waits_is_refused_with_a_message(
    cast: Cast, licensing: WorkingGroup
) -> None:
    ask_to_join(cast, licensing)

    response = client_for(cast.alice).post(
        "/ossib/working-groups/licensing/join/", {"motivation": "Again."}
    )

    assert response.status_code == 400
    assert "already waiting" in response.content.decode()
    assert JoinRequest.objects.filter(user=cast.alice).count() == 1


def test_an_archived_group_takes_no_request(cast: Cast, licensing: WorkingGroup) -> None:
    licensing.status = WorkingGroupStatus.ARCHIVED
    licensing.save(update_fields=["status"])

    response = client_for(cast.alice).post(
        "/ossib/working-groups/licensing/join/", {"motivation": "Please."}
    )

    assert response.status_code == 400
    assert "archived" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_a_request_decided_twice_changes_nothing(cast: Cast, licensing: WorkingGroup) -> None:
    join_request = ask_to_join(cast, licensing)
    chair = client_for(cast.grace)
    chair.post(f"/ossib/working-groups/requests/{join_request.pk}/decline/")

    response = chair.post(f"/ossib/working-groups/requests/{join_request.pk}/accept/", follow=True)

    assert "already decided" in response.content.decode()
    assert not WorkingGroupMember.objects.filter(user=cast.alice).exists()


def test_an_unknown_request_or_member_is_a_404(cast: Cast, licensing: WorkingGroup) -> None:
    chair = client_for(cast.grace)

    assert chair.post("/ossib/working-groups/requests/999/accept/").status_code == 404
    assert chair.post("/ossib/working-groups/members/999/remove/").status_code == 404
