"""The repositories of approved projects on their entity's forge: provisioned on approval,
made public on the committee's release decision, archived at sunset (CPF 4.3.4, 4.3.5, 4.4.8).

Each function is idempotent: it records every step as it completes, and asks the forge for
what already is before changing it, so that a retried task converges and never duplicates. A
forge failure leaves the repository `failed` with the reason, shown on the project page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.catalog.models import Hosting, Project
from osunited.catalog.workflow import ProjectStatus
from osunited.forges.adapters import (
    AccessLevel,
    ForgeAdapter,
    ForgeConflict,
    ForgeError,
    ForgeNotFound,
    ForgeRateLimited,
    ForgeUnavailable,
    ForgeUnsupported,
    RepositorySpec,
    Visibility,
    adapter_for,
)
from osunited.forges.ci_files import ci_files_for
from osunited.forges.models import (
    Forge,
    ForgeNamespace,
    HostedRepository,
    HostingState,
)
from osunited.forges.services import connection_of, maintainer_accounts
from osunited.forges.vault import UnreadableSecret
from osunited.scanner import ScanError, ScanLimits, prepare_target

# Where a project's repositories exist and are kept in step with it.
_HOSTED_STATUSES = frozenset(
    {ProjectStatus.APPROVED, ProjectStatus.PUBLISHED, ProjectStatus.SUNSET_NOTICE}
)
# The steps of provisioning, in order; each is done once (recorded in `steps_done`).
STEPS = ("repository", "first_commit", "branch_protection", "maintainers", "merge_requests")
_FIRST_COMMIT_FILES = 2_000
_FIRST_COMMIT_BYTES = 50 * 1024 * 1024

AdapterFactory = Callable[[Forge], ForgeAdapter]


def _default_adapter(forge: Forge) -> ForgeAdapter:
    return adapter_for(connection_of(forge))


def is_hosted_on_the_platform(project: Project) -> bool:
    """Projects whose source was uploaded (CPF 4.3.4) get a repository on the platform's forge;
    projects hosted on an external public repository keep it."""
    return project.hosting == Hosting.INTERNAL


def hosting_after_transition(project: Project, status: str) -> None:
    """Enqueue, once the transition is committed, what the forge must do for `status`."""
    if not is_hosted_on_the_platform(project):
        return
    from osunited.forges import tasks  # the tasks module imports this one

    task = {
        ProjectStatus.APPROVED: tasks.provision_repositories,
        ProjectStatus.PUBLISHED: tasks.publish_repositories,
        ProjectStatus.ARCHIVED: tasks.archive_repositories,
    }.get(ProjectStatus(status))
    if task is not None:
        project_id = project.pk
        transaction.on_commit(lambda: task.delay(project_id))


def repositories_provision(
    *, project_id: int, adapter_factory: AdapterFactory = _default_adapter
) -> list[HostedRepository]:
    """Provision every repository of the project (one, or one per microservice component)."""
    project = Project.objects.select_related("entity").get(pk=project_id)
    hosted = _planned_repositories(project)
    if not hosted:
        audit_record(
            action="forge.provision_waiting",
            target=project,
            changes={"reason": "no namespace for " + project.entity.acronym},
        )
    for repository in hosted:
        if repository.state != HostingState.READY:
            _provision_one(project, repository, adapter_factory)
    return hosted


def repositories_publish(
    *, project_id: int, adapter_factory: AdapterFactory = _default_adapter
) -> None:
    """The committee approved the release: the repositories become public."""
    for repository in _ready(project_id):
        if not repository.public:
            _on_forge(repository, "forge.repository_published", adapter_factory, _publish)


def repositories_archive(
    *, project_id: int, adapter_factory: AdapterFactory = _default_adapter
) -> None:
    """The project was sunset: its repositories are archived (read-only) on the forge."""
    for repository in _ready(project_id):
        if not repository.archived:
            _on_forge(repository, "forge.repository_archived", adapter_factory, _archive)


def _ready(project_id: int) -> list[HostedRepository]:
    return list(
        HostedRepository.objects.filter(
            project_id=project_id, state=HostingState.READY
        ).select_related("namespace__forge")
    )


def _publish(adapter: ForgeAdapter, repository: HostedRepository) -> None:
    adapter.set_visibility(repository.remote_id, Visibility.PUBLIC)
    repository.public = True
    repository.save(update_fields=["public", "updated_at"])


def _archive(adapter: ForgeAdapter, repository: HostedRepository) -> None:
    adapter.set_archived(repository.remote_id, True)
    repository.archived = True
    repository.save(update_fields=["archived", "updated_at"])


def _on_forge(
    repository: HostedRepository,
    action: str,
    adapter_factory: AdapterFactory,
    change: Callable[[ForgeAdapter, HostedRepository], None],
) -> None:
    try:
        change(adapter_factory(repository.namespace.forge), repository)
    except (ForgeError, UnreadableSecret) as error:
        _failed(repository, str(error))
        raise
    audit_record(action=action, target=repository, changes={"repository": str(repository)})


def _planned_repositories(project: Project) -> list[HostedRepository]:
    """The project's repositories: the main one (created `pending` on first call) and the
    components of a microservices project; none while its entity has no namespace on a forge
    (the project page says so)."""
    namespace = ForgeNamespace.objects.filter(entity=project.entity).first()
    if namespace is None and not project.hosted_repositories.exists():
        return []
    if namespace is not None:
        HostedRepository.objects.get_or_create(
            project=project, component="", defaults={"namespace": namespace, "path": project.slug}
        )
    return list(
        project.hosted_repositories.select_related("namespace__forge").order_by("component")
    )


@transaction.atomic
def repository_component_add(*, actor: User, project: Project, component: str) -> HostedRepository:
    """One more repository for a microservices project (CPF 4.3.7), `<project>-<component>`,
    provisioned as the main one is (at once if the project is already approved)."""
    slug = slugify(component)[:60]
    if not slug:
        raise ValidationError(_("Name the component with letters or digits."))
    namespace = ForgeNamespace.objects.filter(entity=project.entity).first()
    if namespace is None:
        raise ValidationError(
            _("%(entity)s has no group or organisation on a forge yet.")
            % {"entity": project.entity.acronym}
        )
    if project.hosted_repositories.filter(component=slug).exists():
        raise ValidationError(
            _("The project already has a component named %(name)s.") % {"name": slug}
        )
    repository = HostedRepository.objects.create(
        project=project, component=slug, namespace=namespace, path=f"{project.slug}-{slug}"
    )
    audit_record(
        action="forge.component_added",
        actor=actor,
        target=project,
        changes={"component": slug, "repository": str(repository)},
    )
    if project.status in _HOSTED_STATUSES:
        from osunited.forges import tasks

        project_id = project.pk
        transaction.on_commit(lambda: tasks.provision_repositories.delay(project_id))
    return repository


def _provision_one(
    project: Project, repository: HostedRepository, adapter_factory: AdapterFactory
) -> None:
    repository.state = HostingState.PROVISIONING
    repository.attempts += 1
    repository.save(update_fields=["state", "attempts", "updated_at"])
    try:
        adapter = adapter_factory(repository.namespace.forge)
        for step in STEPS:
            if step not in repository.steps_done:
                note = _STEP_FUNCTIONS[step](adapter, project, repository)
                _done(repository, step, note)
    except (ForgeUnavailable, ForgeRateLimited) as error:
        _failed(repository, str(error))
        raise  # the task tries again later
    except (ForgeError, UnreadableSecret, ScanError) as error:
        _failed(repository, str(error))
        return
    repository.state, repository.last_error = HostingState.READY, ""
    repository.save(update_fields=["state", "last_error", "updated_at"])
    audit_record(
        action="forge.repository_provisioned",
        target=repository,
        changes={"repository": str(repository), "url": repository.web_url},
    )


def _done(repository: HostedRepository, step: str, note: str) -> None:
    repository.steps_done = [*repository.steps_done, step]
    if note:
        repository.notes = [*repository.notes, note]
    repository.save(update_fields=["steps_done", "notes", "updated_at"])


def _failed(repository: HostedRepository, reason: str) -> None:
    repository.state, repository.last_error = HostingState.FAILED, reason
    repository.save(update_fields=["state", "last_error", "updated_at"])
    audit_record(
        action="forge.repository_failed",
        target=repository,
        changes={"repository": str(repository), "reason": reason},
    )


def _full_path(repository: HostedRepository) -> str:
    return f"{repository.namespace.path}/{repository.path}"


def _step_repository(adapter: ForgeAdapter, project: Project, repository: HostedRepository) -> str:
    found = adapter.find_repository(_full_path(repository))
    if found is not None and not (found.empty and found.visibility == Visibility.PRIVATE):
        raise ForgeConflict(
            _(
                "%(path)s already exists on the forge and holds code the platform did not put "
                "there: rename the project's repository or remove that one."
            )
            % {"path": _full_path(repository)}
        )
    remote = found or adapter.create_repository(
        RepositorySpec(
            namespace=repository.namespace.path,
            path=repository.path,
            name=project.name,
            description=project.purpose,
        )
    )
    repository.remote_id, repository.web_url = remote.id, remote.web_url
    repository.save(update_fields=["remote_id", "web_url", "updated_at"])
    return ""


def _step_first_commit(
    adapter: ForgeAdapter, project: Project, repository: HostedRepository
) -> str:
    """The CI file, and in the main repository the uploaded source; a component's repository
    starts with its CI file only."""
    files = dict(ci_files_for(repository.namespace.forge.kind))
    if not repository.component:
        files |= _archive_files(project)
    adapter.commit_files(
        repository.remote_id,
        branch="main",
        message=_("Source of %(name)s, as registered on the platform") % {"name": project.name},
        files=files,
    )
    return ""


def _step_branch_protection(
    adapter: ForgeAdapter, project: Project, repository: HostedRepository
) -> str:
    adapter.protect_branch(repository.remote_id, "main")
    return ""


def _step_maintainers(adapter: ForgeAdapter, project: Project, repository: HostedRepository) -> str:
    """The focal points who are UN staff become maintainers; one who never signed in to the
    forge has no account there yet, and is added by the membership reconciliation later."""
    waiting = []
    for account in maintainer_accounts(project=project, forge=repository.namespace.forge):
        try:
            adapter.set_member(repository.remote_id, account.username, AccessLevel.MAINTAINER)
        except ForgeNotFound:
            waiting.append(account.username)
    if not waiting:
        return ""
    return _("Not yet on the forge, to be made maintainers when they first sign in: %(names)s.") % {
        "names": ", ".join(waiting)
    }


def _step_merge_requests(
    adapter: ForgeAdapter, project: Project, repository: HostedRepository
) -> str:
    """Merge requests approved by the designated UN project leads: the focal points who are
    maintainers on the forge (CPF 4.4.9, CH10)."""
    wanted = {
        a.username for a in maintainer_accounts(project=project, forge=repository.namespace.forge)
    }
    leads = tuple(
        sorted(
            member.username
            for member in adapter.list_members(repository.remote_id)
            if member.username in wanted and member.access >= AccessLevel.MAINTAINER
        )
    )
    try:
        adapter.configure_merge_requests(repository.remote_id, approvers=leads)
    except ForgeUnsupported as error:
        return _("Merge request approval rules are not available on this forge: %(why)s") % {
            "why": error
        }
    return ""


def _archive_files(project: Project) -> dict[str, bytes]:
    """The uploaded source, extracted as safely as the scanner does (no path out, no links)."""
    if not project.source_archive:
        return {}
    limits = ScanLimits()
    with prepare_target(project.source_archive.path, limits=limits) as prepared:
        return _read_tree(prepared.root)


def _read_tree(root: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    total = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(".git/"):
            continue
        content = path.read_bytes()
        total += len(content)
        if len(files) >= _FIRST_COMMIT_FILES or total > _FIRST_COMMIT_BYTES:
            raise ScanError(
                _(
                    "The uploaded source is too large to commit in one step (%(files)s files, "
                    "%(mb)s MB at most): push it to the repository instead."
                )
                % {"files": _FIRST_COMMIT_FILES, "mb": _FIRST_COMMIT_BYTES // (1024 * 1024)}
            )
        files[relative] = content
    return files


_STEP_FUNCTIONS = {
    "repository": _step_repository,
    "first_commit": _step_first_commit,
    "branch_protection": _step_branch_protection,
    "merge_requests": _step_merge_requests,
    "maintainers": _step_maintainers,
}
