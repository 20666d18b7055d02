"""The fixed cast used everywhere (STYLE.md): one person for every role.

dave is anonymous; carol an external contributor; frank UN staff of UNDP; alice UNICEF staff who
will be a project focal point; bob a Project Review Committee member of UNDP; erin UNICEF's
representative; grace WHO's OSSIB representative; heidi a platform admin.
"""

import importlib
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.signals import post_migrate
from django.test import Client
from django.utils import translation

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import platform_admin_set, role_grant
from osunited.entities.models import Entity, OssibStatus
from tests.factories import EntityFactory, UserFactory
from tests.services import wait_until_other_sessions_leave
from tests.test_database import audit_triggers_present, copy_database, sqlite_template

# Scans keep their caches (results, license index) in var/test, not in the user's home.
os.environ.setdefault("XDG_CACHE_HOME", str(Path(__file__).parent.parent / "var/test/cache"))
# One license index for the whole run, also for tests that scan with a cache folder of their own.
os.environ.setdefault("OSU_LICENSE_INDEX_DIR", os.environ["XDG_CACHE_HOME"] + "/osunited")


pytest_plugins = ["tests.every_test_runs"]

_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - names, not binds


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
) -> Iterator[None]:
    """pytest-django's, and on SQLite the test database copied from the migrated template."""
    template = sqlite_template(connection)
    if template is None:
        yield
        return
    copy = Path(django_settings.DATABASES["default"]["TEST"]["NAME"])
    with closing(sqlite3.connect(copy)) as target:
        copy_database(template, target)
    yield
    for path in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's, and before it drops the test database, a wait until the sessions of the
    servers and workers the tests started (and the live server's) have left it: PostgreSQL ends
    a session a moment after its process closed it, and refuses to drop a database in use."""
    yield
    with django_db_blocker.unblock():
        wait_until_other_sessions_leave()


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest) -> bool:
    """pytest-django's --reuse-db, and a copied template: Django keeps that database as it is
    (migrated: its migrate finds nothing to do) instead of creating it again."""
    return bool(request.config.getvalue("reuse_db")) or sqlite_template(connection) is not None


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Uploaded files (evidence, source archives) go to the test's own folder, removed after."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: no page kept, no sign-in counted by another test."""
    cache.clear()


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """A request in another language leaves that language active in the thread (Django's
    LocaleMiddleware does not reset it): the next test starts in English again."""
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def no_network_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test resolves a name on the network: a repository URL such as https://git.example.org
    fails to resolve at once, as it would on a machine without DNS, instead of asking one."""
    real_getaddrinfo = socket.getaddrinfo

    def local_only(host: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in _LOCAL_NAMES or name.startswith("127.") or not any(c.isalpha() for c in name):
            return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]
        raise socket.gaierror(socket.EAI_NONAME, f"tests do not resolve {name}")

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


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
        alice=UserFactory(email="alice@unicef.org"),
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


def _migration(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"osunited.{name}")


def put_back_what_migrations_put(
    sender: object, *, using: str = DEFAULT_DB_ALIAS, **kwargs: object
) -> None:
    """post_migrate, which also follows every flush (a transactional test's last step): what
    the migrations put in the database, the audit log's append-only triggers and the first
    policy documents with their translations, is back, committed, before the next test starts;
    no test has to put it back (or check for it) itself."""
    if using != DEFAULT_DB_ALIAS:
        return
    if not audit_triggers_present(connection):
        with connection.schema_editor() as editor:
            _migration("audit.migrations.0002_append_only_triggers").create_triggers(None, editor)
    _migration("accounts.migrations.0003_initial_policy_documents").publish_first_versions(
        django_apps, None
    )
    _migration("accounts.migrations.0011_translate_first_policy_versions").translate_first_versions(
        django_apps, None
    )


post_migrate.connect(
    put_back_what_migrations_put,
    sender=django_apps.get_app_config("accounts"),
    dispatch_uid="tests-put-back-what-migrations-put",
)
