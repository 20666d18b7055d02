"""A forge in memory behind `ForgeAdapter`, for tests of what uses adapters (the audit, the CLI,
provisioning): namespaces, repositories, members, files, commits and statuses, with the errors a
real forge gives, a count of calls per method and failures injected on demand.

    forge = MemoryForge()
    forge.add_user("alice")
    forge.add_namespace("unicef", members={"alice": AccessLevel.OWNER})
    forge.fail_next("create_repository", ForgeUnavailable("GitLab answered 503."))
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from osunited.forges.adapters.base import (
    AccessLevel,
    ApprovalRule,
    BranchProtection,
    CommitState,
    ForgeActivity,
    ForgeAdapter,
    ForgeAuthError,
    ForgeConflict,
    ForgeConnection,
    ForgeError,
    ForgeNotFound,
    ForgeUnsupported,
    Member,
    MergeSettings,
    NamespaceSettings,
    ProposedChange,
    RemoteRepository,
    RepositorySettings,
    RepositorySpec,
    Visibility,
)

F = TypeVar("F", bound=Callable[..., Any])

CI_FILE = ".gitlab-ci.yml"
WORKFLOWS = ".github/workflows/"


def _counted(method: F) -> F:
    """Counts the call, then raises the failure queued for this method, if any."""

    @functools.wraps(method)
    def wrapper(self: MemoryForge, *args: Any, **kwargs: Any) -> Any:
        self.calls[method.__name__] += 1
        queued = self.failures[method.__name__]
        if queued:
            raise queued.pop(0)
        return method(self, *args, **kwargs)

    return cast(F, wrapper)


@dataclass
class MemoryNamespace:
    path: str
    members: dict[str, AccessLevel] = field(default_factory=dict)
    two_factor_required: bool | None = True


@dataclass
class MemoryRepository:
    id: str
    namespace: str
    path: str
    name: str
    description: str
    default_branch: str
    visibility: Visibility
    issues: bool
    wiki: bool
    merge_requests: bool = True
    archived: bool = False
    license_spdx: str | None = None
    members: dict[str, AccessLevel] = field(default_factory=dict)
    protections: dict[str, BranchProtection] = field(default_factory=dict)
    merge: MergeSettings = field(
        default_factory=lambda: MergeSettings(
            reset_approvals_on_push=False, author_can_approve=True, committers_can_approve=True
        )
    )
    branches: dict[str, dict[str, bytes]] = field(default_factory=dict)  # branch -> path -> content
    commits: list[tuple[str, str, str]] = field(default_factory=list)  # (sha, branch, message)
    statuses: dict[tuple[str, str], tuple[CommitState, str, str]] = field(default_factory=dict)
    code_owners: tuple[str, ...] | None = None
    activity: ForgeActivity | None = None
    # Merge requests the platform opened: (number, branch, base, title, description), in order.
    merge_requests_opened: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    @property
    def full_path(self) -> str:
        return f"{self.namespace}/{self.path}"

    def files(self) -> dict[str, bytes]:
        return self.branches.get(self.default_branch, {})


class MemoryForge(ForgeAdapter):
    """Every `ForgeAdapter` method over dictionaries. `approval_rules=False` behaves as GitLab
    Free or GitHub without rules: no approval settings to read or write."""

    kind = "memory"

    def __init__(
        self,
        connection: ForgeConnection | None = None,
        *,
        acting_as: str = "osunited-bot",
        approval_rules: bool = True,
    ) -> None:
        self.connection = connection
        self.acting_as = acting_as
        self.token_valid = True
        self.approval_rules = approval_rules
        self.usernames: set[str] = {acting_as}
        self.namespaces: dict[str, MemoryNamespace] = {}
        self.repositories: dict[str, MemoryRepository] = {}
        self.calls: Counter[str] = Counter()
        self.failures: defaultdict[str, list[ForgeError]] = defaultdict(list)
        self._next_id = 1

    # Test set-up ---------------------------------------------------------------------------

    def fail_next(self, method: str, error: ForgeError, *, times: int = 1) -> None:
        """The next `times` calls of `method` raise `error` (and still count as calls)."""
        if not callable(getattr(ForgeAdapter, method, None)):
            raise AttributeError(f"ForgeAdapter has no method {method!r}.")
        self.failures[method].extend([error] * times)

    def add_user(self, *usernames: str) -> None:
        self.usernames.update(usernames)

    def add_namespace(
        self,
        path: str,
        *,
        members: Mapping[str, AccessLevel] | None = None,
        two_factor_required: bool | None = True,
    ) -> MemoryNamespace:
        self.add_user(*(members or {}))
        namespace = MemoryNamespace(path, dict(members or {}), two_factor_required)
        self.namespaces[path] = namespace
        return namespace

    def add_repository(
        self,
        full_path: str,
        *,
        files: Mapping[str, bytes] | None = None,
        members: Mapping[str, AccessLevel] | None = None,
        **settings: Any,
    ) -> MemoryRepository:
        """A repository as it stands, without counting calls; `settings` are any fields of
        `MemoryRepository` (description, visibility, license_spdx, merge, ...)."""
        namespace, _, path = full_path.rpartition("/")
        if namespace not in self.namespaces:
            self.add_namespace(namespace)
        self.add_user(*(members or {}))
        repository = MemoryRepository(
            id=self._new_id(),
            namespace=namespace,
            path=path,
            name=settings.pop("name", path),
            description=settings.pop("description", ""),
            default_branch=settings.pop("default_branch", "main"),
            visibility=settings.pop("visibility", Visibility.PRIVATE),
            issues=settings.pop("issues", True),
            wiki=settings.pop("wiki", True),
            members=dict(members or {}),
            **settings,
        )
        self.repositories[repository.id] = repository
        if files:
            self._commit(repository, repository.default_branch, "Initial commit", files)
        return repository

    def repository(self, full_path: str) -> MemoryRepository:
        for repository in self.repositories.values():
            if repository.full_path == full_path:
                return repository
        raise KeyError(full_path)

    # The interface -------------------------------------------------------------------------

    @_counted
    def check_access(self, namespace: str) -> str:
        if not self.token_valid:
            raise ForgeAuthError("The forge refused the token (401 Unauthorized).")
        self._namespace(namespace)
        return self.acting_as

    @_counted
    def find_repository(self, full_path: str) -> RemoteRepository | None:
        found = [r for r in self.repositories.values() if r.full_path == full_path]
        return self._remote(found[0]) if found else None

    @_counted
    def create_repository(self, spec: RepositorySpec) -> RemoteRepository:
        self._namespace(spec.namespace)
        full_path = f"{spec.namespace}/{spec.path}"
        if any(r.full_path == full_path for r in self.repositories.values()):
            raise ForgeConflict(f"A repository {full_path} exists already.")
        repository = MemoryRepository(
            id=self._new_id(),
            namespace=spec.namespace,
            path=spec.path,
            name=spec.name,
            description=spec.description,
            default_branch=spec.default_branch,
            visibility=spec.visibility,
            issues=spec.issues,
            wiki=spec.wiki,
        )
        self.repositories[repository.id] = repository
        return self._remote(repository)

    @_counted
    def set_visibility(self, repository_id: str, visibility: Visibility) -> RemoteRepository:
        repository = self._repository(repository_id)
        repository.visibility = visibility
        return self._remote(repository)

    @_counted
    def set_archived(self, repository_id: str, archived: bool) -> RemoteRepository:
        repository = self._repository(repository_id)
        repository.archived = archived
        return self._remote(repository)

    @_counted
    def protect_branch(self, repository_id: str, branch: str) -> BranchProtection:
        repository = self._repository(repository_id)
        protection = BranchProtection(
            branch=branch,
            allow_force_push=False,
            push_access=AccessLevel.MAINTAINER,
            merge_access=AccessLevel.MAINTAINER,
        )
        repository.protections[branch] = protection
        return protection

    @_counted
    def configure_merge_requests(
        self, repository_id: str, *, approvers: tuple[str, ...], approvals_required: int = 1
    ) -> MergeSettings:
        repository = self._repository(repository_id)
        if not self.approval_rules:
            raise ForgeUnsupported("This forge's tier has no merge request approval rules.")
        self._known_users(approvers)
        rule = ApprovalRule("UN project leads", approvals_required, tuple(approvers))
        repository.merge = MergeSettings(
            reset_approvals_on_push=True,
            author_can_approve=False,
            committers_can_approve=False,
            approval_rules=(rule,),
        )
        return repository.merge

    @_counted
    def list_members(self, repository_id: str) -> tuple[Member, ...]:
        return self._members(self._repository(repository_id))

    @_counted
    def set_member(self, repository_id: str, username: str, access: AccessLevel) -> Member:
        repository = self._repository(repository_id)
        self._known_users((username,))
        repository.members[username] = access
        return Member(username, access)

    @_counted
    def remove_member(self, repository_id: str, username: str) -> None:
        self._repository(repository_id).members.pop(username, None)

    @_counted
    def commit_files(
        self, repository_id: str, *, branch: str, message: str, files: Mapping[str, bytes]
    ) -> str:
        return self._commit(self._repository(repository_id), branch, message, files)

    @_counted
    def propose_change(
        self,
        repository_id: str,
        *,
        branch: str,
        base: str | None,
        title: str,
        description: str,
        files: Mapping[str, bytes],
    ) -> ProposedChange:
        repository = self._repository(repository_id)
        target = base or repository.default_branch
        url = f"https://forge.example.org/{repository.full_path}/-/merge_requests/"
        for number, source, *_ in repository.merge_requests_opened:
            if source == branch:
                return ProposedChange(url=f"{url}{number}", number=number)
        if target not in repository.branches:
            raise ForgeNotFound(f"No branch {target} in {repository.full_path}.")
        repository.branches.setdefault(branch, dict(repository.branches[target]))
        changed = {p: c for p, c in files.items() if repository.branches[branch].get(p) != c}
        if changed:
            self._commit(repository, branch, title, changed)
        number = len(repository.merge_requests_opened) + 1
        repository.merge_requests_opened.append((number, branch, target, title, description))
        return ProposedChange(url=f"{url}{number}", number=number)

    @_counted
    def set_commit_status(
        self,
        repository_id: str,
        sha: str,
        *,
        state: CommitState,
        context: str,
        description: str,
        target_url: str = "",
    ) -> None:
        repository = self._repository(repository_id)
        if not any(commit[0] == sha for commit in repository.commits):
            raise ForgeNotFound(f"No commit {sha} in {repository.full_path}.")
        repository.statuses[(sha, context)] = (state, description, target_url)

    @_counted
    def list_repositories(self, namespace: str) -> tuple[RemoteRepository, ...]:
        self._namespace(namespace)
        inside = [r for r in self.repositories.values() if _within(r.namespace, namespace)]
        return tuple(self._remote(r) for r in sorted(inside, key=lambda r: r.full_path))

    @_counted
    def repository_settings(self, repository_id: str) -> RepositorySettings:
        repository = self._repository(repository_id)
        files = repository.files()
        ci_files = tuple(sorted(p for p in files if p == CI_FILE or p.startswith(WORKFLOWS)))
        unobservable = {} if self.approval_rules else {"merge": "the tier has no approval rules"}
        return RepositorySettings(
            repository=self._remote(repository),
            issues_enabled=repository.issues,
            wiki_enabled=repository.wiki,
            merge_requests_enabled=repository.merge_requests,
            protections=tuple(repository.protections.values()),
            merge=repository.merge if self.approval_rules else None,
            members=self._members(repository),
            ci_files=ci_files,
            license_spdx=repository.license_spdx or _detected_license(files),
            unobservable=unobservable,
            description=repository.description,
            top_files=tuple(sorted({p.split("/")[0] for p in files})),
            ci_texts={p: files[p].decode("utf-8", "replace") for p in ci_files},
            code_owners=repository.code_owners,
        )

    @_counted
    def namespace_settings(self, namespace: str) -> NamespaceSettings:
        found = self._namespace(namespace)
        members = tuple(Member(name, access) for name, access in sorted(found.members.items()))
        return NamespaceSettings(namespace, found.two_factor_required, members)

    @_counted
    def activity(self, repository_id: str, *, since: str) -> ForgeActivity:
        repository = self._repository(repository_id)
        if repository.activity is not None:
            return replace(repository.activity, since=since)
        return ForgeActivity(since, 0, 0, None, 0, 0, 0)

    # Inside --------------------------------------------------------------------------------

    def _new_id(self) -> str:
        self._next_id += 1
        return str(self._next_id - 1)

    def _namespace(self, path: str) -> MemoryNamespace:
        try:
            return self.namespaces[path]
        except KeyError:
            raise ForgeNotFound(f"No group or organisation {path}.") from None

    def _repository(self, repository_id: str) -> MemoryRepository:
        try:
            return self.repositories[repository_id]
        except KeyError:
            raise ForgeNotFound(f"No repository with id {repository_id}.") from None

    def _known_users(self, usernames: Iterable[str]) -> None:
        for username in usernames:
            if username not in self.usernames:
                raise ForgeNotFound(f"No user {username}.")

    def _remote(self, repository: MemoryRepository) -> RemoteRepository:
        return RemoteRepository(
            id=repository.id,
            full_path=repository.full_path,
            web_url=f"https://forge.test/{repository.full_path}",
            visibility=repository.visibility,
            archived=repository.archived,
            default_branch=repository.default_branch,
            empty=not repository.commits,
        )

    def _members(self, repository: MemoryRepository) -> tuple[Member, ...]:
        """Direct members, and the members of every enclosing namespace as inherited ones; each
        user once, with the highest access."""
        found: dict[str, Member] = {}
        for path, namespace in self.namespaces.items():
            if _within(repository.namespace, path):
                for username, access in namespace.members.items():
                    if username not in found or found[username].access < access:
                        found[username] = Member(username, access, inherited=True)
        for username, access in repository.members.items():
            if username not in found or found[username].access <= access:
                found[username] = Member(username, access)
        return tuple(found[name] for name in sorted(found))

    def _commit(
        self, repository: MemoryRepository, branch: str, message: str, files: Mapping[str, bytes]
    ) -> str:
        if branch not in repository.branches:
            repository.branches[branch] = dict(repository.files())
        repository.branches[branch].update(files)
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(f"{repository.id}:{len(repository.commits)}:{branch}:{message}".encode())
        for path in sorted(files):
            digest.update(path.encode() + b"\0" + files[path])
        sha = digest.hexdigest()
        repository.commits.append((sha, branch, message))
        return sha


def _within(path: str, namespace: str) -> bool:
    return path == namespace or path.startswith(namespace + "/")


def _detected_license(files: Mapping[str, bytes]) -> str | None:
    """The SPDX identifier a LICENSE file declares on a line of its own, as forges detect it."""
    for name in ("LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING"):
        for line in files.get(name, b"").decode("utf-8", "replace").splitlines():
            if line.startswith("SPDX-License-Identifier:"):
                return line.partition(":")[2].strip() or None
    return None
