from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from osunited.accounts.models import PolicyAcceptance, PolicyDocument, StaffSource, User
from osunited.accounts.selectors import current_policy_documents
from osunited.accounts.services import user_refresh_staff_status
from osunited.catalog.models import (
    Feedback,
    Project,
    ProjectSdg,
    Repository,
    Scan,
    ScanStatus,
    ScanTrigger,
)
from osunited.entities.models import EmailDomain, Entity

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("acronym",)
        skip_postgeneration_save = True

    acronym = factory.Sequence(lambda n: f"ENT{n}")
    name = factory.LazyAttribute(lambda entity: f"{entity.acronym} organization")
    slug = factory.LazyAttribute(lambda entity: entity.acronym.lower())
    kind = "programme"

    @factory.post_generation
    def domains(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for domain in extracted or []:
            EmailDomain.objects.get_or_create(domain=domain, defaults={"entity": self})


class UserFactory(factory.django.DjangoModelFactory):
    """A user as sign-up leaves them: a verified primary address (an address at a UN entity's
    domain makes them UN staff), the current policies accepted, and, for staff, an authenticator.

    Traits: `unverified`, `without_policies`, `without_totp`.
    """

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.LazyAttribute(lambda user: user.email.split("@")[0].title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        unverified = factory.Trait(verified_email=False)
        without_policies = factory.Trait(policies=False)
        without_totp = factory.Trait(totp=False)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        self.save()
        EmailAddress.objects.get_or_create(
            user=self,
            email=self.email,
            defaults={"verified": extracted is not False, "primary": True},
        )
        user_refresh_staff_status(user=self)
        self.refresh_from_db()

    @factory.post_generation
    def policies(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if extracted is not False:
            for document in current_policy_documents():
                PolicyAcceptance.objects.get_or_create(user=self, document=document)

    @factory.post_generation
    def totp(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        wanted = self.staff_source != StaffSource.NONE if extracted is None else extracted
        if wanted:
            TOTP.activate(self, TOTP_SECRET)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A catalog project, written directly (no workflow, no audit): for tests of reads.

    `focal_points=[user, ...]` and `repositories=["https://...", ...]` set the relations."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda project: project.name.lower().replace(" ", "-"))
    entity = factory.SubFactory(EntityFactory)
    purpose = factory.LazyAttribute(lambda project: f"What {project.name} is for.")
    development_status = "stable"
    hosting = "external"
    licenses = "Apache-2.0"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def focal_points(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if extracted:
            self.focal_points.set(extracted)

    @factory.post_generation
    def repositories(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for url in extracted or []:
            Repository.objects.create(project=self, url=url)


def scans_succeeded(project: Project) -> list[Scan]:
    """A succeeded scan, written directly, of each of the project's repositories (one is added
    when it has none): what the committee's approval needs."""
    if not project.repositories.exists():
        Repository.objects.create(project=project, url=f"https://git.example.org/{project.slug}")
    now = timezone.now()
    return [
        Scan.objects.create(
            project=project,
            repository=repository,
            trigger=ScanTrigger.SUBMISSION,
            status=ScanStatus.SUCCEEDED,
            started_at=now,
            finished_at=now,
        )
        for repository in project.repositories.all()
    ]


class ProjectSdgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectSdg

    project = factory.SubFactory(ProjectFactory)
    goal = 3
    evidence = factory.LazyAttribute(lambda sdg: f"Serves SDG {sdg.goal}.")


class FeedbackFactory(factory.django.DjangoModelFactory):
    """Feedback written directly (no quota, no audit). Trait: `published`."""

    class Meta:
        model = Feedback

    project = factory.SubFactory(ProjectFactory, status="published")
    author = factory.SubFactory(UserFactory)
    body = "Works well for us."

    class Params:
        published = factory.Trait(moderation=Feedback.Moderation.PUBLISHED)


def publish_new_version(kind: str, version: str) -> PolicyDocument:
    return PolicyDocument.objects.create(
        kind=kind,
        version=version,
        title=f"{kind} {version}",
        body="New text.\n\nSecond paragraph.",
        summary_of_changes="Clarified section 2.",
        published_at=timezone.now(),
    )


def stored_report(*results: dict[str, Any]) -> dict[str, Any]:
    """A scan report as the platform stores it (`ScanReport.to_dict()`), with these results
    given in short: check_id, outcome, summary, findings and data; the rest is filled in."""
    from osunited.scanner import (
        REPORT_SCHEMA_VERSION,
        CheckResult,
        Evidence,
        Finding,
        Outcome,
        ScanReport,
        Severity,
        Target,
        TreeStats,
        all_checks,
    )

    checks = {check.id: check for check in all_checks()}

    def result(short: dict[str, Any]) -> CheckResult:
        check = checks[short["check_id"]]
        findings = [
            Finding(
                f["rule_id"],
                f["message"],
                Severity(f["severity"]),
                evidence=tuple(Evidence(**e) for e in f.get("evidence", [])),
            )
            for f in short.get("findings", [])
        ]
        return CheckResult(
            check.id,
            check.title,
            check.pillar,
            Outcome(short["outcome"]),
            short.get("summary", ""),
            findings,
            short.get("data", {}),
        )

    report = ScanReport(
        schema_version=REPORT_SCHEMA_VERSION,
        tool_version="test",
        target=Target("git", "https://git.example.org/unicef/supply-tracker"),
        started_at="2026-12-01T00:00:00+00:00",
        duration_seconds=1.0,
        stats=TreeStats(files=1, bytes=1),
        results=[result(short) for short in results],
        scores={},
    )
    return report.to_dict()
