"""What the platform asks of a forge (GitLab, GitHub): one small interface that each adapter
implements over the forge's REST API, and the types it answers with.

Pure Python: adapters never import Django, so that `osu forge audit` runs them without the
platform. Every call of an adapter has a timeout, retries transient failures with backoff,
waits when the forge says it is rate-limited, and raises a `ForgeError` subclass, never a
client library's own exception. Secrets (the token) are never part of a message or a log."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Visibility(StrEnum):
    PRIVATE = "private"
    INTERNAL = "internal"  # GitLab: every signed-in user; GitHub: every member of the enterprise
    PUBLIC = "public"


class AccessLevel(IntEnum):
    """The roles of CPF 4.4.6, with GitLab's numbers; GitHub maps them to read, triage, push,
    maintain and admin."""

    GUEST = 10
    REPORTER = 20
    DEVELOPER = 30
    MAINTAINER = 40
    OWNER = 50


class CommitState(StrEnum):
    PENDING = "pending"
    SUCCESS = "success"
    FAILURE = "failure"


# Errors ------------------------------------------------------------------------------------


class ForgeError(Exception):
    """A forge call that failed; `str()` is a sentence for the person who configured the forge,
    with the forge's own reason but never the token."""


class ForgeUnavailable(ForgeError):
    """The forge could not be reached, timed out, or kept answering 5xx after the retries."""


class ForgeAuthError(ForgeError):
    """The token is missing, wrong, expired, or lacks the scope or permission for the call."""


class ForgeNotFound(ForgeError):
    """No such group, organisation, repository, user or branch (or not visible to the token)."""


class ForgeConflict(ForgeError):
    """The thing exists already in a way that cannot be taken over (e.g. a repository of that
    name that is not the one the platform created)."""


class ForgeRateLimited(ForgeError):
    """The forge's rate limit was still exhausted after waiting as long as allowed."""


class ForgeUnsupported(ForgeError):
    """The forge (or its tier) has no such feature, e.g. approval rules on GitLab Free."""


# What a forge holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class RepositorySpec:
    """A repository the platform wants in a namespace (a GitLab group, a GitHub organisation)."""

    namespace: str  # full path of the group ("unicef/ospo") or the organisation's login
    path: str  # the repository's slug in that namespace
    name: str
    description: str = ""
    default_branch: str = "main"
    visibility: Visibility = Visibility.PRIVATE
    issues: bool = True  # CH12: issues, discussions and milestones
    wiki: bool = True


@dataclass(frozen=True)
class RemoteRepository:
    id: str  # the forge's own id, as text (GitLab's number, GitHub's node id or number)
    full_path: str  # "unicef/ospo/field-survey", "unicef-org/field-survey"
    web_url: str
    visibility: Visibility
    archived: bool
    default_branch: str
    empty: bool = False  # no commit yet


@dataclass(frozen=True)
class Member:
    username: str
    access: AccessLevel
    inherited: bool = False  # from a parent group (GitLab) or an organisation role (GitHub)


@dataclass(frozen=True)
class BranchProtection:
    branch: str
    allow_force_push: bool
    push_access: AccessLevel | None  # lowest level allowed to push; None: nobody
    merge_access: AccessLevel | None  # lowest level allowed to merge; None: nobody
    code_owner_approval: bool = False  # an approval by a code owner is required (GitHub, CH10)


@dataclass(frozen=True)
class ApprovalRule:
    name: str
    approvals_required: int
    usernames: tuple[str, ...]


@dataclass(frozen=True)
class MergeSettings:
    """Who may approve merge requests and when approvals are lost (CH10)."""

    reset_approvals_on_push: bool
    author_can_approve: bool
    committers_can_approve: bool
    approval_rules: tuple[ApprovalRule, ...] = ()


@dataclass(frozen=True)
class RepositorySettings:
    """Everything the CH1-CH12 audit reads about one repository, in one object."""

    repository: RemoteRepository
    issues_enabled: bool
    wiki_enabled: bool
    merge_requests_enabled: bool
    protections: tuple[BranchProtection, ...]
    merge: MergeSettings | None  # None: not observable (tier or permission), see `unobservable`
    members: tuple[Member, ...]
    ci_files: tuple[str, ...]  # CI configuration files found at the top of the default branch
    license_spdx: str | None  # the license the forge detects, when it says
    unobservable: Mapping[str, str] = field(default_factory=dict)  # what -> why not observable
    # Read by the audit too; None: the adapter did not read it, and the probe says so.
    description: str | None = None
    top_files: tuple[str, ...] | None = None  # names at the top of the default branch (CH2)
    ci_texts: Mapping[str, str] | None = None  # CI file path -> its text (CH4)
    code_owners: tuple[str, ...] | None = None  # usernames CODEOWNERS names for every path (CH10)


@dataclass(frozen=True)
class NamespaceSettings:
    namespace: str
    two_factor_required: bool | None  # None: not observable with this token
    members: tuple[Member, ...]
    unobservable: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ForgeActivity:
    """What happened on a repository over a period, for the health figures (CHAOSS-style)."""

    since: str  # ISO 8601 date
    merge_requests_opened: int
    merge_requests_merged: int
    median_first_response_hours: float | None  # None: no merge request had a response
    issues_opened: int
    issues_closed: int
    releases: int


@dataclass(frozen=True)
class ProposedChange:
    """A merge request (GitLab) or pull request (GitHub) the platform opened."""

    url: str
    number: int  # GitLab's iid, GitHub's pull request number


# The interface -------------------------------------------------------------------------------


class ForgeAdapter(ABC):
    """One forge, reached with one token. Every method is idempotent where the forge allows:
    asking for what already is changes nothing and succeeds."""

    kind: str  # "gitlab", "github"

    @abstractmethod
    def check_access(self, namespace: str) -> str:
        """Who the token acts as (a username); raises ForgeAuthError or ForgeNotFound when it
        cannot manage `namespace`."""

    @abstractmethod
    def find_repository(self, full_path: str) -> RemoteRepository | None:
        """The repository at `full_path`, or None."""

    @abstractmethod
    def create_repository(self, spec: RepositorySpec) -> RemoteRepository:
        """Creates it (private by default, with issues, wiki and milestones as the spec says);
        ForgeConflict if `namespace/path` exists already."""

    @abstractmethod
    def set_visibility(self, repository_id: str, visibility: Visibility) -> RemoteRepository: ...

    @abstractmethod
    def set_archived(self, repository_id: str, archived: bool) -> RemoteRepository: ...

    @abstractmethod
    def protect_branch(self, repository_id: str, branch: str) -> BranchProtection:
        """No force push, pushes by maintainers only, merges by maintainers (CH2, CH10)."""

    @abstractmethod
    def configure_merge_requests(
        self, repository_id: str, *, approvers: tuple[str, ...], approvals_required: int = 1
    ) -> MergeSettings:
        """Approvals by `approvers` (the designated UN project leads) required, reset on push,
        author and committer self-approval off (CH10). ForgeUnsupported where the tier has no
        approval rules; the branch protection still applies."""

    @abstractmethod
    def list_members(self, repository_id: str) -> tuple[Member, ...]:
        """Direct and inherited members with their effective access."""

    @abstractmethod
    def set_member(self, repository_id: str, username: str, access: AccessLevel) -> Member:
        """Adds the user or changes their access; ForgeNotFound for an unknown username."""

    @abstractmethod
    def remove_member(self, repository_id: str, username: str) -> None:
        """Removes a direct member; nothing happens for a user who is not one."""

    @abstractmethod
    def commit_files(
        self, repository_id: str, *, branch: str, message: str, files: Mapping[str, bytes]
    ) -> str:
        """One commit adding or replacing `files` (path -> content) on `branch`, creating the
        branch in an empty repository; returns the commit id."""

    @abstractmethod
    def set_commit_status(
        self,
        repository_id: str,
        sha: str,
        *,
        state: CommitState,
        context: str,
        description: str,
        target_url: str = "",
    ) -> None: ...

    @abstractmethod
    def list_repositories(self, namespace: str) -> tuple[RemoteRepository, ...]:
        """Every repository of the namespace, its subgroups included (GitLab)."""

    @abstractmethod
    def repository_settings(self, repository_id: str) -> RepositorySettings: ...

    @abstractmethod
    def namespace_settings(self, namespace: str) -> NamespaceSettings: ...

    @abstractmethod
    def activity(self, repository_id: str, *, since: str) -> ForgeActivity: ...

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
        """Opens a merge request from `branch` (created from `base`, the default branch when
        None) with one commit of `files` (path -> content) into `base`. Idempotent: the open
        merge request of `branch` is returned as it is, and a branch that holds the files
        already gets no new commit. ForgeUnsupported on a forge without it."""
        raise ForgeUnsupported(f"The {self.kind} adapter cannot open merge requests.")


@dataclass(frozen=True)
class ForgeConnection:
    """How to reach a forge: what an adapter is built from."""

    kind: str
    base_url: str  # "https://gitlab.example.org", "https://api.github.com"
    token: str = field(repr=False)
    timeout_seconds: float = 15.0
    retries: int = 3  # transient failures (connection, 5xx) retried with exponential backoff
    max_rate_limit_wait_seconds: float = 60.0
    on_call: Callable[[str, str, int], None] | None = field(default=None, repr=False)
    """Called after each HTTP call with (method, path, status) for counting and auditing; the
    path never holds the token."""
