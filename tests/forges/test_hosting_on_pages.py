"""Code hosting where people look: a project's page shows each provisioned repository's latest
CH1-CH12 audit and its forge activity of the last 90 days, to whoever sees the repository; an
entity's page shows its namespace, its repositories and the latest audit per guideline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from osunited.catalog.models import Project
from osunited.catalog.workflow import ProjectStatus
from osunited.entities.models import Entity
from osunited.forges import auditing, provisioning
from osunited.forges.adapters import ForgeActivity, RemoteRepository, Visibility
from osunited.forges.audit import GuidelineResult, NamespaceAudit, RepositoryAudit
from osunited.forges.guidelines import Outcome, Probe, guidelines
from osunited.forges.models import (
    Forge,
    ForgeAudit,
    ForgeNamespace,
    HostedRepository,
    HostingState,
)
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory
from tests.forges.memory_forge import MemoryForge
from tests.forges.test_provisioning import internal_project

pytestmark = pytest.mark.django_db

NOT_MET = {
    "CH5": ("carol is Maintainer but not UN staff.", "Make carol a Developer."),
    "CH9": ("No backup attestation was recorded.", "Record the last backup test."),
}
NOT_OBSERVABLE = {"CH10"}


def report_of(
    namespace: str, paths: list[str], not_met: dict[str, tuple[str, str]] = NOT_MET
) -> dict[str, Any]:
    """A namespace's audit report as the audit engine writes it: each repository meets every
    guideline but those of `not_met` and NOT_OBSERVABLE."""
    repositories = []
    for n, path in enumerate(paths):
        remote = RemoteRepository(
            str(n), f"{namespace}/{path}", "", Visibility.PRIVATE, False, "main"
        )
        results = []
        for guideline in guidelines():
            if guideline.id in not_met:
                reason, fix = not_met[guideline.id]
                probe = Probe(Outcome.NOT_MET, reason, {}, fix)
            elif guideline.id in NOT_OBSERVABLE:
                probe = Probe(Outcome.NOT_OBSERVABLE, "Not shown to the token.", {})
            else:
                probe = Probe(Outcome.MET, "Fine.", {})
            results.append(GuidelineResult(guideline, probe))
        repositories.append(RepositoryAudit(remote, tuple(results)))
    return NamespaceAudit(namespace, "cpf-rc1", tuple(repositories)).to_dict()


def audit_of(namespace: ForgeNamespace, report: dict[str, Any], day: date, **fields: Any) -> None:
    when = timezone.make_aware(datetime(day.year, day.month, day.day, 4))
    ForgeAudit.objects.create(
        namespace=namespace, started_at=when, finished_at=when, report=report, **fields
    )


@pytest.fixture
def namespace(forge: Forge) -> ForgeNamespace:
    return ForgeNamespace.objects.get(forge=forge)


@pytest.fixture
def repository(cast: Cast, namespace: ForgeNamespace) -> HostedRepository:
    project = internal_project(cast, status=ProjectStatus.PUBLISHED)
    return HostedRepository.objects.create(
        project=project,
        namespace=namespace,
        path="field-survey",
        state=HostingState.READY,
        remote_id="1",
        web_url="https://gitlab.example.org/unicef/ospo/field-survey",
    )


@pytest.fixture
def outsider() -> Any:
    """An external contributor with no role on the project (carol is one of its focal points)."""
    return UserFactory(email="olga@example.org")


def page_of(user: Any, project: Project) -> str:
    return client_for(user).get(reverse("catalog:detail", args=[project.slug])).content.decode()


def entity_page(user: Any, entity: Entity) -> str:
    return client_for(user).get(reverse("entities:detail", args=[entity.slug])).content.decode()


def make_public(repository: HostedRepository) -> None:
    repository.public = True
    repository.save(update_fields=["public"])


# The project page: the audit -----------------------------------------------------------------


def test_people_with_a_role_see_the_guidelines_not_met_with_why_and_the_remedy(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository
) -> None:
    audit_of(namespace, report_of("unicef/ospo", ["field-survey"]), date(2026, 12, 7))

    for person in (cast.alice, cast.bob, cast.heidi):
        page = page_of(person, repository.project)
        assert "9 of 12 met, 1 not observable, in the audit of Dec. 7, 2026." in page
        assert "<strong>CH5</strong>" in page
        assert "Why: carol is Maintainer but not UN staff." in page
        assert "Remedy: Make carol a Developer." in page
        assert "Remedy: Record the last backup test." in page
        assert "<strong>CH10</strong>" not in page  # not observable is not "not met"


def test_the_public_sees_a_public_repositorys_audit_without_the_reasons(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository, outsider: Any
) -> None:
    audit_of(namespace, report_of("unicef/ospo", ["field-survey"]), date(2026, 12, 7))
    assert "Code hosting" not in page_of(None, repository.project)  # private: nothing

    make_public(repository)

    for viewer in (None, cast.frank, outsider):
        page = page_of(viewer, repository.project)
        assert "9 of 12 met, 1 not observable" in page
        assert "<strong>CH5</strong>" in page
        assert "carol is Maintainer" not in page  # reasons name accounts and settings
        assert "Remedy:" not in page


def test_the_latest_successful_audit_is_shown_and_a_failed_one_does_not_hide_it(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository
) -> None:
    audit_of(namespace, report_of("unicef/ospo", ["field-survey"]), date(2026, 11, 7))
    audit_of(namespace, report_of("unicef/ospo", ["field-survey"], {}), date(2026, 12, 7))
    audit_of(namespace, {}, date(2026, 12, 8), error="GitLab answered 503.")

    page = page_of(cast.alice, repository.project)

    assert "11 of 12 met, 1 not observable, in the audit of Dec. 7, 2026." in page
    assert "Why:" not in page


def test_a_repository_not_audited_yet_says_so_and_never_zero(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository
) -> None:
    page = page_of(cast.alice, repository.project)
    assert "Not audited yet." in page
    assert " of 12 met" not in page

    audit_of(namespace, report_of("unicef/ospo", ["other-project"]), date(2026, 12, 7))
    page = page_of(cast.alice, repository.project)
    assert "Not audited yet." in page  # provisioned after the audit
    assert " of 12 met" not in page


def test_a_repository_not_provisioned_shows_no_audit_nor_activity(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository
) -> None:
    audit_of(namespace, report_of("unicef/ospo", ["field-survey"]), date(2026, 12, 7))
    HostedRepository.objects.filter(pk=repository.pk).update(state=HostingState.FAILED)

    page = page_of(cast.alice, repository.project)

    assert "Provisioning failed" in page
    assert "Code hosting guidelines" not in page
    assert "Forge activity" not in page


def test_the_nightly_audits_report_is_read_on_the_project_page(
    cast: Cast, forge: Forge, forge_memory: MemoryForge
) -> None:
    project = internal_project(cast)
    provisioning.repositories_provision(
        project_id=project.pk, adapter_factory=lambda f: forge_memory
    )
    namespace = ForgeNamespace.objects.get()
    run = auditing.namespace_audit_run(namespace_id=namespace.pk, adapter=forge_memory)
    [entry] = run.report["repositories"]
    outcomes = [g["outcome"] for g in entry["guidelines"]]

    page = page_of(cast.alice, project)

    met, unobservable = outcomes.count("met"), outcomes.count("not_observable")
    assert f"{met} of 12 met, {unobservable} not observable" in page
    for guideline in entry["guidelines"]:
        if guideline["outcome"] == "not_met":
            assert f"<strong>{guideline['id']}</strong>" in page


# The project page: the forge activity -------------------------------------------------------


def test_the_forge_activity_of_the_last_90_days_is_shown_to_whoever_sees_the_repository(
    cast: Cast, repository: HostedRepository, outsider: Any
) -> None:
    activity = ForgeActivity("2026-09-08", 7, 5, 3.5, 4, 2, 1)
    HostedRepository.objects.filter(pk=repository.pk).update(activity=activity.__dict__)
    make_public(repository)

    for viewer in (None, outsider, cast.alice):
        page = page_of(viewer, repository.project)
        assert "Forge activity (last 90 days)" in page
        assert "Merge requests: 7 opened, 5 merged" in page
        assert "Median first response: 3.5 hours" in page
        assert "Issues: 4 opened, 2 closed" in page
        assert "Releases: 1" in page
        assert "Scan health: Not scanned yet" in page


def test_unknown_activity_is_never_a_zero(cast: Cast, repository: HostedRepository) -> None:
    page = page_of(cast.alice, repository.project)
    assert "Not measured yet." in page
    assert "Merge requests:" not in page

    quiet = ForgeActivity("2026-09-08", 2, 0, None, 0, 0, 0)
    HostedRepository.objects.filter(pk=repository.pk).update(activity=quiet.__dict__)
    page = page_of(cast.alice, repository.project)
    assert "Median first response: no merge request had a response" in page
    assert "Median first response: 0" not in page


def test_activity_kept_in_another_shape_reads_as_not_measured(
    cast: Cast, repository: HostedRepository
) -> None:
    HostedRepository.objects.filter(pk=repository.pk).update(activity={"merged": 3})
    assert "Not measured yet." in page_of(cast.alice, repository.project)


def test_the_panel_takes_the_same_queries_for_more_repositories(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository
) -> None:
    audit_of(namespace, report_of("unicef/ospo", ["field-survey"]), date(2026, 12, 7))
    with CaptureQueriesContext(connection) as one:
        page_of(cast.alice, repository.project)

    components = [f"field-survey-{n}" for n in range(4)]
    for n, path in enumerate(components):
        HostedRepository.objects.create(
            project=repository.project,
            namespace=namespace,
            component=f"c{n}",
            path=path,
            state=HostingState.READY,
            activity=ForgeActivity("2026-09-08", n, n, None, 0, 0, 0).__dict__,
        )
    audit_of(namespace, report_of("unicef/ospo", ["field-survey", *components]), date(2026, 12, 8))

    with CaptureQueriesContext(connection) as five:
        page = page_of(cast.alice, repository.project)
    assert len(five) == len(one), [q["sql"] for q in five]
    assert page.count(" of 12 met, 1 not observable, in the audit of Dec. 8, 2026.") == 5


# The entity page ---------------------------------------------------------------------------


@pytest.fixture
def private_repository(cast: Cast, namespace: ForgeNamespace) -> HostedRepository:
    project = ProjectFactory(
        name="Secret Ledger",
        slug="secret-ledger",
        entity=cast.unicef,
        hosting="internal",
        status=ProjectStatus.APPROVED,
        focal_points=[cast.alice],
    )
    return HostedRepository.objects.create(
        project=project,
        namespace=namespace,
        path="secret-ledger",
        state=HostingState.PROVISIONING,
    )


def test_the_entity_page_shows_its_forge_namespace_and_repositories_to_its_people(
    cast: Cast,
    namespace: ForgeNamespace,
    repository: HostedRepository,
    private_repository: HostedRepository,
) -> None:
    make_public(repository)
    for person in (cast.erin, cast.bob, cast.heidi):
        page = entity_page(person, cast.unicef)
        assert "UN GitLab (GitLab (self-managed or gitlab.com))" in page
        assert '<code dir="ltr">unicef/ospo</code>' in page
        assert f'href="{repository.web_url}"' in page
        assert "unicef/ospo/secret-ledger" in page
        assert "Being provisioned" in page
        assert "Not audited yet." in page


def test_the_public_sees_only_public_repositories_and_the_summary(
    cast: Cast,
    namespace: ForgeNamespace,
    repository: HostedRepository,
    private_repository: HostedRepository,
) -> None:
    paths = ["field-survey", "secret-ledger"]
    audit_of(namespace, report_of("unicef/ospo", paths), date(2026, 12, 7))

    for viewer in (None, cast.frank, cast.alice):
        page = entity_page(viewer, cast.unicef)
        assert '<code dir="ltr">unicef/ospo</code>' in page
        assert "No public repository yet." in page
        assert "secret-ledger" not in page
        assert "Secret Ledger" not in page
        assert "The audit of Dec. 7, 2026, over 2 repositories in unicef/ospo" in page

    make_public(repository)
    page = entity_page(None, cast.unicef)
    assert f'href="{repository.web_url}"' in page
    assert "Provisioned" not in page  # the state is for the entity's people
    assert "carol is Maintainer" not in page


def test_the_entity_page_counts_each_guidelines_outcomes_in_the_latest_audit(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository
) -> None:
    audit_of(namespace, report_of("unicef/ospo", ["a"], {}), date(2026, 11, 7))
    audit_of(namespace, report_of("unicef/ospo", ["a", "b", "c"]), date(2026, 12, 7))

    page = entity_page(cast.erin, cast.unicef)

    rows = page.split('<table class="guideline-tallies">')[1].split("<tr>")[2:]
    ids = [row.split("<strong>")[1].split("</strong>")[0] for row in rows]
    assert ids == [f"CH{n}" for n in range(1, 13)]
    ch5 = next(row for row in rows if "<strong>CH5</strong>" in row)
    assert "<td>0</td><td>3</td><td>0</td>" in ch5
    ch10 = next(row for row in rows if "<strong>CH10</strong>" in row)
    assert "<td>0</td><td>0</td><td>3</td>" in ch10
    ch1 = next(row for row in rows if "<strong>CH1</strong>" in row)
    assert "<td>3</td><td>0</td><td>0</td>" in ch1


def test_an_entity_without_a_namespace_shows_no_code_hosting(cast: Cast, forge: Forge) -> None:
    page = entity_page(cast.heidi, cast.who)
    assert "WHO" in page
    assert "Code hosting" not in page.split("<main")[-1].split("Monitoring")[0]


def test_an_audit_that_found_no_repository_says_so(cast: Cast, namespace: ForgeNamespace) -> None:
    audit_of(namespace, report_of("unicef/ospo", []), date.today() - timedelta(days=1))
    page = entity_page(cast.erin, cast.unicef)
    assert "found no repository in unicef/ospo" in page
    assert "Not audited yet." not in page


def test_the_entity_section_takes_the_same_queries_for_more_repositories(
    cast: Cast, namespace: ForgeNamespace, repository: HostedRepository
) -> None:
    audit_of(namespace, report_of("unicef/ospo", ["field-survey"]), date(2026, 12, 7))
    with CaptureQueriesContext(connection) as one:
        entity_page(cast.erin, cast.unicef)

    for n in range(4):
        project = ProjectFactory(
            entity=cast.unicef, hosting="internal", status=ProjectStatus.APPROVED
        )
        HostedRepository.objects.create(
            project=project, namespace=namespace, path=f"more-{n}", state=HostingState.READY
        )

    with CaptureQueriesContext(connection) as five:
        page = entity_page(cast.erin, cast.unicef)
    assert len(five) == len(one), [q["sql"] for q in five]
    assert page.count("unicef/ospo/more-") == 4
