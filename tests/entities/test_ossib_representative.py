"""Who holds a member entity's OSSIB seat: set by a service, audited, and only for members."""

import pytest
from django.core.exceptions import ValidationError

from osunited.accounts.roles import Role, roles_of
from osunited.audit.models import AuditEvent
from osunited.entities.models import Entity
from osunited.entities.services import entity_set_ossib_representative
from tests.conftest import Cast
from tests.factories import UserFactory


def test_a_new_representative_takes_the_seat_and_its_vote(cast: Cast) -> None:
    successor = UserFactory(email="successor@who.int")
    assert Role.OSSIB_MEMBER in roles_of(cast.grace)

    entity_set_ossib_representative(entity=cast.who, representative=successor, actor=cast.heidi)

    assert Entity.objects.get(pk=cast.who.pk).ossib_representative == successor
    assert Role.OSSIB_MEMBER in roles_of(successor)
    assert Role.OSSIB_MEMBER not in roles_of(cast.grace)  # the cached roles were forgotten
    event = AuditEvent.objects.get(action="entity.ossib_representative_set")
    assert (event.actor, event.object_id) == (cast.heidi, str(cast.who.pk))
    assert event.changes == {"before": str(cast.grace), "after": str(successor)}


def test_naming_the_same_representative_again_records_nothing(cast: Cast) -> None:
    entity_set_ossib_representative(entity=cast.who, representative=cast.grace, actor=None)

    assert not AuditEvent.objects.filter(action="entity.ossib_representative_set").exists()


def test_an_entity_not_on_the_board_has_no_seat_to_hold(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="Only a member entity of the Board"):
        entity_set_ossib_representative(entity=cast.unicef, representative=cast.erin, actor=None)

    assert Entity.objects.get(pk=cast.unicef.pk).ossib_representative is None
    assert not AuditEvent.objects.filter(action="entity.ossib_representative_set").exists()
