"""The fixed cast used everywhere (STYLE.md): one person for every role.

dave is anonymous; carol an external contributor; frank UN staff; alice UN staff who will be a
project focal point; bob a Project Review Committee member; erin UNICEF's representative; grace
WHO's OSSIB representative; heidi a platform admin.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import platform_admin_set, role_grant
from osunited.entities.models import Entity, OssibStatus
from tests.factories import EntityFactory, UserFactory


@dataclass
class Cast:
    unicef: Entity
    who: Entity
    undp: Entity
    alice: User
    bob: User
    carol: User
    frank: User
    erin: User
    grace: User
    heidi: User

    def by_role(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "external_contributor": self.carol,
            "un_staff": self.frank,
            "focal_point": self.alice,
            "reviewer": self.bob,
            "entity_representative": self.erin,
            "ossib_member": self.grace,
            "platform_admin": self.heidi,
        }


@pytest.fixture
def cast(db: None) -> Cast:
    unicef = EntityFactory(acronym="UNICEF", slug="unicef", kind="fund", domains=["unicef.org"])
    who = EntityFactory(
        acronym="WHO",
        slug="who",
        kind="specialized_agency",
        domains=["who.int"],
        ossib_status=OssibStatus.MEMBER,
    )
    undp = EntityFactory(acronym="UNDP", slug="undp", domains=["undp.org"])
    oict = EntityFactory(acronym="OICT", slug="oict", kind="secretariat_office", domains=["un.org"])
    del oict
    people = Cast(
        unicef=unicef,
        who=who,
        undp=undp,
        alice=UserFactory(email="alice@undp.org"),
        bob=UserFactory(email="bob@undp.org"),
        carol=UserFactory(email="carol@example.org"),
        frank=UserFactory(email="frank@undp.org"),
        erin=UserFactory(email="erin@unicef.org"),
        grace=UserFactory(email="grace@who.int"),
        heidi=UserFactory(email="heidi@un.org"),
    )
    role_grant(user=people.bob, role=GrantedRole.REVIEWER, actor=None)
    role_grant(user=people.erin, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=unicef, actor=None)
    who.ossib_representative = people.grace
    who.save(update_fields=["ossib_representative"])
    platform_admin_set(user=people.heidi, is_admin=True, actor=None)
    for user in people.by_role().values():
        if user is not None:
            user.refresh_from_db()
    return people


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
