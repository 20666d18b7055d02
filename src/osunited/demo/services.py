"""The demo data of `osu run --demo`: real UN entities and one user for every role.

Each named dataset is loaded once; later issues add datasets (projects, assessments) that load
into an existing demo database on the next start.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.roles import active_two_factor_exception, requires_two_factor
from osunited.accounts.selectors import current_policy_documents
from osunited.accounts.services import (
    platform_admin_set,
    policies_accept,
    role_grant,
    two_factor_exception_grant,
    user_refresh_staff_status,
)
from osunited.demo.models import DemoDataset
from osunited.entities.models import EmailDomain, Entity, OssibStatus
from osunited.entities.services import entity_set_ossib_representative

DEMO_PASSWORD = "united-demo-2026"  # noqa: S105  (printed by `osu run --demo`; demo only)
QUIET_EMAIL = "django.core.mail.backends.dummy.EmailBackend"
DEMO_TWO_FACTOR_REASON = "Demo account of a local instance started with `osu run --demo`."


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


DEMO_USERS = [
    DemoLogin("admin@un.org", "Platform administrator (OICT)"),
    DemoLogin("reviewer@undp.org", "Project Review Committee member (UNDP)"),
    DemoLogin("representative@unicef.org", "Entity representative of UNICEF"),
    DemoLogin("ossib@who.int", "OSSIB board member, representative of WHO, licensing group"),
    DemoLogin("focalpoint@wfp.org", "UN staff, project focal point (WFP)"),
    DemoLogin("staff@fao.org", "UN staff (FAO), capacity-building team member"),
    DemoLogin("learning@unicef.org", "Learning focal point of UNICEF"),
    DemoLogin("secretariat@un.org", "OSSIB secretariat and policy library editor (OICT)"),
    DemoLogin("contributor@example.org", "External contributor"),
]


def demo_load(only: Collection[str] = ()) -> list[str]:
    """Load every demo dataset (or those named in `only`) not loaded yet; returns the names of
    those loaded now."""
    loaded = set(DemoDataset.objects.values_list("name", flat=True))
    done = []
    for name, loader in DATASETS:
        if name not in loaded and (not only or name in only):
            # The demo's workflow e-mails would flood the terminal of `osu run`; nobody reads them.
            with override_settings(EMAIL_BACKEND=QUIET_EMAIL), transaction.atomic():
                loader()
                DemoDataset.objects.create(name=name)
            done.append(name)
    demo_renew_two_factor_exceptions()
    return done


def load_entities() -> None:
    records = yaml.safe_load((Path(__file__).parent / "entities.yaml").read_text())
    for record in records:
        entity, _ = Entity.objects.update_or_create(
            acronym=record["acronym"],
            defaults={
                "name": record["name"],
                "slug": record["acronym"].lower(),
                "kind": record["kind"],
                "website": record["website"],
                "ossib_status": record["ossib"],
                "ossib_member_since": timezone.now().date() - timedelta(days=400)
                if record["ossib"] == OssibStatus.MEMBER
                else None,
            },
        )
        for domain in record["domains"]:
            EmailDomain.objects.update_or_create(domain=domain, defaults={"entity": entity})


def load_users() -> None:
    users = {login.email: demo_user(login.email) for login in DEMO_USERS}
    platform_admin_set(user=users["admin@un.org"], is_admin=True, actor=None)
    role_grant(user=users["reviewer@undp.org"], role=GrantedRole.REVIEWER, actor=None)
    unicef = Entity.objects.get(acronym="UNICEF")
    role_grant(
        user=users["representative@unicef.org"],
        role=GrantedRole.ENTITY_REPRESENTATIVE,
        entity=unicef,
        actor=None,
    )
    unicef.liaison = users["representative@unicef.org"]
    unicef.save(update_fields=["liaison"])
    entity_set_ossib_representative(
        entity=Entity.objects.get(acronym="WHO"), representative=users["ossib@who.int"], actor=None
    )
    role_grant(user=users["ossib@who.int"], role=GrantedRole.LICENSING_GROUP, actor=None)
    learning_roles_grant()
    governance_roles_grant()


CAPACITY_TEAM_MEMBER = "staff@fao.org"
LEARNING_FOCAL_POINT = "learning@unicef.org"


def learning_roles_grant() -> None:
    """The capacity-building team member and UNICEF's learning focal point; the learning dataset
    grants them again for a demo database whose users were loaded before these roles existed."""
    team_member = demo_user(CAPACITY_TEAM_MEMBER)
    role_grant(user=team_member, role=GrantedRole.CAPACITY_TEAM, actor=None)
    role_grant(
        user=demo_user(LEARNING_FOCAL_POINT),
        role=GrantedRole.LEARNING_FOCAL_POINT,
        entity=Entity.objects.get(acronym="UNICEF"),
        actor=None,
    )


BOARD_SECRETARIAT = "secretariat@un.org"


def governance_roles_grant() -> None:
    """The Board's secretariat, who also edits the policy library; the governance dataset grants
    them again for a demo database whose users were loaded before these roles existed."""
    secretariat = demo_user(BOARD_SECRETARIAT)
    role_grant(user=secretariat, role=GrantedRole.BOARD_SECRETARIAT, actor=None)
    role_grant(user=secretariat, role=GrantedRole.POLICY_EDITOR, actor=None)


def demo_at(days: int, hour: int) -> datetime:
    """`hour` o'clock (UTC) `days` from today: every date of the demo is relative to the day it
    is loaded."""
    today = timezone.now().astimezone(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return today + timedelta(days=days)


@cache
def demo_password_hash() -> str:
    """One hash for every demo login, as they share one published password: hashing it for each
    took a quarter of a second per login, seconds of every first `make run`."""
    return make_password(DEMO_PASSWORD)


def demo_user(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, display_name=email.split("@")[0])
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user_refresh_staff_status(user=user)
    policies_accept(user=user, documents=current_policy_documents())
    return user


def demo_renew_two_factor_exceptions() -> None:
    """Demo accounts of staff roles get a 2FA exception so that a newcomer can sign in at once."""
    for login in DEMO_USERS:
        user = User.objects.filter(email=login.email).first()
        if user is None or not requires_two_factor(user):
            continue
        current = active_two_factor_exception(user)
        if current is None or current.expires_at < timezone.now() + timedelta(days=7):
            two_factor_exception_grant(
                user=user,
                reason=DEMO_TWO_FACTOR_REASON,
                expires_at=timezone.now() + timedelta(days=90),
                actor=None,
            )


def load_catalog() -> None:
    from osunited.demo.catalog import load_catalog as load

    load()


def load_assessments() -> None:
    from osunited.demo.assessments import load_assessments as load

    load()


def load_dashboard() -> None:
    from osunited.demo.dashboard import load_dashboard as load

    load()


def load_licensing() -> None:
    from osunited.demo.licensing import load_licensing as load

    load()


def load_learning() -> None:
    from osunited.demo.learning import load_learning as load

    load()


def load_governance() -> None:
    from osunited.demo.governance import load_governance as load

    load()


def load_policies() -> None:
    from osunited.demo.policies import load_policies as load

    load()


DATASETS = [
    ("entities", load_entities),
    ("users", load_users),
    ("catalog", load_catalog),
    ("assessments", load_assessments),
    ("dashboard", load_dashboard),
    ("licensing", load_licensing),
    ("learning", load_learning),
    ("governance", load_governance),
    ("policies", load_policies),
]
