"""The demo data of `osu run --demo`: real UN entities and one user for every role."""

from osunited.accounts.models import TwoFactorException, User
from osunited.accounts.roles import (
    Role,
    active_two_factor_exception,
    outstanding_policies,
    requires_two_factor,
    roles_of,
)
from osunited.demo.services import DEMO_USERS, demo_load
from osunited.entities.models import Entity

# Project focal points are named on projects, which a later demo dataset loads.
ROLES_WITHOUT_PROJECTS = set(Role) - {Role.ANONYMOUS, Role.FOCAL_POINT}


def demo_users() -> list[User]:
    return [User.objects.get(email=login.email) for login in DEMO_USERS]


def test_it_loads_the_entities_with_their_email_domains(db: None) -> None:
    assert demo_load() == ["entities", "users"]

    with_domains = Entity.objects.filter(email_domains__isnull=False).distinct()
    assert with_domains.count() >= 12
    assert Entity.objects.get(acronym="UNICEF").email_domains.get().domain == "unicef.org"


def test_it_loads_one_user_for_every_role(db: None) -> None:
    demo_load()

    held = set().union(*(roles_of(user) for user in demo_users()))

    assert held >= ROLES_WITHOUT_PROJECTS
    assert roles_of(User.objects.get(email="contributor@example.org")) == {
        Role.EXTERNAL_CONTRIBUTOR
    }
    assert all(not outstanding_policies(user) for user in demo_users())


def test_demo_staff_get_a_two_factor_exception(db: None) -> None:
    demo_load()

    staff = [user for user in demo_users() if requires_two_factor(user)]
    external = [user for user in demo_users() if not requires_two_factor(user)]

    assert len(staff) == len(DEMO_USERS) - 1
    assert all(active_two_factor_exception(user) for user in staff)
    assert [user.email for user in external] == ["contributor@example.org"]
    assert active_two_factor_exception(external[0]) is None


def test_a_second_load_loads_nothing_and_keeps_deletions(db: None) -> None:
    demo_load()
    Entity.objects.get(acronym="DESA").delete()
    counts = (Entity.objects.count(), User.objects.count(), TwoFactorException.objects.count())

    assert demo_load() == []

    assert not Entity.objects.filter(acronym="DESA").exists()
    assert (Entity.objects.count(), User.objects.count(), TwoFactorException.objects.count()) == (
        counts
    )
