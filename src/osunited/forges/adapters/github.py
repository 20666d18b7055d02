"""GitHub (github.com or GitHub Enterprise Server) behind `ForgeAdapter`, through githubkit.

How the platform's model maps onto GitHub:

- Namespace: an organisation's login. Repositories are addressed as "owner/name";
  `RemoteRepository.id` is GitHub's repository number, and every method takes either (a number
  costs one lookup the first time, unless this adapter has already seen the repository).
- Visibility: `internal` exists only for organisations of an enterprise account (plan "enterprise");
  elsewhere it becomes `private`, which the returned repository shows.
- Roles: GUEST -> read ("pull"), REPORTER -> triage, DEVELOPER -> write ("push"), MAINTAINER ->
  maintain, OWNER -> admin. Adding someone who is not an organisation member sends an invitation:
  they are a collaborator once they accept it.
- Branch protection: pull requests required, no force push, no deletion, administrators included.
  GitHub cannot limit merging to a role: anyone with write access merges an approved pull request
  (merge_access DEVELOPER), and nobody pushes directly (push_access None).
- Merge settings (CH10): GitHub has no approval rules naming users. The approvers become the code
  owners of every path (.github/CODEOWNERS, committed), and the protection requires
  `approvals_required` reviews including a code owner's, dismisses approvals on a new push
  (= reset on push) and requires the last push to be approved by someone else (= no committer
  self-approval). An author can never approve their own pull request on GitHub. Code owners need
  write access to the repository to count.
- Calls: `repository_settings` makes 4 to 12 (repository, branch protection, collaborators twice
  to tell direct from inherited, the top-level folder, the .github folder's tree where there is
  one, up to 5 workflow files, CODEOWNERS where a listing shows it or a docs folder may hold it);
  `namespace_settings` 3; `activity` 4; one more per extra page of 100.
- Retries: 5xx, connection failures and timeouts of reads are retried `connection.retries` times
  with exponential backoff; a rate limit (403/429 with x-ratelimit-remaining 0, or retry-after) is
  waited out when it resets within `connection.max_rate_limit_wait_seconds`, else ForgeRateLimited.
"""

from __future__ import annotations

import base64
import re
import statistics
import weakref
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from githubkit import GitHub, TokenAuthStrategy
from githubkit.exception import (
    GitHubException,
    RateLimitExceeded,
    RequestError,
    RequestFailed,
    RequestTimeout,
)
from githubkit.retry import RetryOption

from osunited.forges.adapters._codeowners import owners_of_every_path
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
    ForgeRateLimited,
    ForgeUnavailable,
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

PERMISSIONS = {
    AccessLevel.GUEST: "pull",
    AccessLevel.REPORTER: "triage",
    AccessLevel.DEVELOPER: "push",
    AccessLevel.MAINTAINER: "maintain",
    AccessLevel.OWNER: "admin",
}
ROLES = {"read": AccessLevel.GUEST, "pull": AccessLevel.GUEST, "triage": AccessLevel.REPORTER}
ROLES |= {"write": AccessLevel.DEVELOPER, "push": AccessLevel.DEVELOPER}
ROLES |= {"maintain": AccessLevel.MAINTAINER, "admin": AccessLevel.OWNER}
CODEOWNERS = ".github/CODEOWNERS"
WORKFLOWS_READ = 5  # workflow files whose text the audit reads, one call each
# Workflows whose name says they scan are read first, so that CH4 sees them within the cap.
SCANNING_NAME = re.compile(r"osu|scan|codeql|secur|sast|dependenc|audit", re.IGNORECASE)
USERNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
BACKOFF_SECONDS = 0.25  # first retry after 0.25 s, then 0.5 s, 1 s ...
RATE_LIMIT_MARGIN_SECONDS = 0.25  # x-ratelimit-reset has whole seconds
RATE_LIMIT_WAITS = 2  # rate-limit waits per call, besides the retries of failures
PAGE = 100


class _RetryPolicy:
    """githubkit's retry decision: when to try a call again and after how long."""

    def __init__(self, connection: ForgeConnection) -> None:
        self.connection = connection

    def __call__(self, exc: GitHubException, retry_count: int) -> RetryOption:
        if isinstance(exc, RateLimitExceeded):
            wait = exc.retry_after.total_seconds()
            allowed = wait <= self.connection.max_rate_limit_wait_seconds
            if allowed and retry_count < self.connection.retries + RATE_LIMIT_WAITS:
                return RetryOption(True, timedelta(seconds=wait + RATE_LIMIT_MARGIN_SECONDS))
            return RetryOption(False)
        if not isinstance(exc, RequestFailed):
            _report_unanswered(self.connection, exc)
        if retry_count < self.connection.retries and _transient(exc):
            return RetryOption(True, timedelta(seconds=BACKOFF_SECONDS * 2**retry_count))
        return RetryOption(False)


def _transient(exc: GitHubException) -> bool:
    if isinstance(exc, RequestFailed):
        return exc.response.status_code >= 500
    if isinstance(exc, RequestTimeout):
        return exc.request.method == "GET"  # a write that timed out may have been done
    return isinstance(exc, RequestError)


def _report_unanswered(connection: ForgeConnection, exc: GitHubException) -> None:
    """A call without an answer (timeout, connection refused) is counted with status 0."""
    request = _request_of(exc)
    if connection.on_call and request is not None:
        connection.on_call(request.method, request.url.path, 0)


def _request_of(exc: GitHubException) -> httpx.Request | None:
    if isinstance(exc, RequestFailed | RequestTimeout):
        return exc.request
    inner = getattr(exc, "exc", None)
    try:
        return inner.request if isinstance(inner, httpx.RequestError) else None
    except RuntimeError:  # httpx raises when the error has no request
        return None


def _json_list(response: Any) -> list[Any]:
    data = response.json()
    return data if isinstance(data, list) else []


class _KeptTransport(httpx.HTTPTransport):
    """One pool of kept-alive connections for every call, from any thread. githubkit builds an
    httpx client per call and closes it after, which would close the transport each time."""

    def close(self) -> None:
        pass  # the adapter closes it

    def shut(self) -> None:
        super().close()


class GitHubAdapter(ForgeAdapter):
    """An organisation's repositories. `close()` (or `with`) releases its connections."""

    kind = "github"

    def __init__(self, connection: ForgeConnection) -> None:
        self.connection = connection
        # Without a transport of its own, githubkit loads the CA bundle (tens of ms of CPU) and
        # opens a new connection for every call.
        self._transport = _KeptTransport()
        self._github = GitHub(
            TokenAuthStrategy(connection.token),
            base_url=connection.base_url,
            timeout=connection.timeout_seconds,
            auto_retry=_RetryPolicy(connection),
            http_cache=False,  # every call reaches GitHub, and is counted
            user_agent="osunited-forge-adapter",
            event_hooks={"response": [self._count]},
            transport=self._transport,
        )
        self._rest = self._github.rest
        self._full_names: dict[str, str] = {}  # repository number -> "owner/name"
        # Callers that never close the adapter still release its sockets when it is collected.
        weakref.finalize(self, self._transport.shut)

    def close(self) -> None:
        self._transport.shut()

    def __enter__(self) -> GitHubAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _count(self, response: httpx.Response) -> None:
        if self.connection.on_call:
            request = response.request
            self.connection.on_call(request.method, request.url.path, response.status_code)

    # Calls and errors ---------------------------------------------------------------------

    def _call(
        self, call: Callable[..., Any], *args: Any, allow: Collection[int] = (), **kwargs: Any
    ) -> tuple[int, Any]:
        """(status, JSON body) of one call; a status in `allow` is answered, not raised."""
        try:
            response = call(*args, **kwargs)
        except RequestFailed as exc:
            status = exc.response.status_code
            if status in allow and not isinstance(exc, RateLimitExceeded):
                return status, None
            raise self._error(exc) from None
        except GitHubException as exc:
            raise self._error(exc) from None
        return response.status_code, response.json() if response.content else None

    def _send(self, method: str, path: str, body: Mapping[str, Any]) -> Any:
        """A call with a body githubkit's github.com schema would refuse: `internal`
        visibility belongs to the enterprise schema, which githubkit installs separately."""
        return self._github.request(method, path, json=body)

    def _json(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._call(call, *args, **kwargs)[1]

    def _pages(self, call: Callable[..., Any], **kwargs: Any) -> Iterator[Any]:
        """Every item of a listing, following GitHub's Link rel="next" pages."""
        pages = self._rest.paginate(call, map_func=_json_list, per_page=PAGE, **kwargs)
        try:
            yield from pages
        except GitHubException as exc:
            raise self._error(exc) from None

    def _error(self, exc: GitHubException) -> ForgeError:
        request = _request_of(exc)
        call = f"{request.method} {request.url.path}" if request is not None else "a call"
        if isinstance(exc, RateLimitExceeded):
            wait = round(exc.retry_after.total_seconds())
            limit = self.connection.max_rate_limit_wait_seconds
            return ForgeRateLimited(
                f"GitHub's rate limit is exhausted ({call}) for another {wait} s, longer than "
                f"the {limit:g} s this connection may wait; try again later."
            )
        if isinstance(exc, RequestFailed):
            return self._failure(exc, call)
        if isinstance(exc, RequestTimeout):
            return ForgeUnavailable(
                f"GitHub did not answer {call} within {self.connection.timeout_seconds:g} s."
            )
        if isinstance(exc, RequestError):
            reason = type(exc.exc).__name__
            return ForgeUnavailable(f"GitHub could not be reached for {call} ({reason}).")
        return ForgeAuthError(f"GitHub refused the credentials for {call}.")

    def _failure(self, exc: RequestFailed, call: str) -> ForgeError:
        status, message, body = exc.response.status_code, "", None
        try:
            body = exc.response.json()
            message = str(body.get("message", "")) if isinstance(body, dict) else ""
        except ValueError:
            pass
        message = message.replace(self.connection.token, "***") if self.connection.token else ""
        message = message.rstrip(".") + "." if message else ""
        sentence = f"GitHub answered {status} to {call}" + (f": {message}" if message else ".")
        if status == 401:
            return ForgeAuthError(f"{sentence} The token is wrong, expired or revoked.")
        if status == 403 and "Upgrade to GitHub" in message:
            return ForgeUnsupported(sentence)
        if status == 403:
            return ForgeAuthError(f"{sentence} The token lacks the scope or role for this.")
        if status == 404:
            return ForgeNotFound(sentence)
        if status == 409 or (status == 422 and "already exists" in str(body)):
            return ForgeConflict(sentence)
        if status >= 500:
            return ForgeUnavailable(f"{sentence} (after {self.connection.retries} retries)")
        return ForgeError(sentence)

    # Repositories -------------------------------------------------------------------------

    def _remote(self, data: Mapping[str, Any]) -> RemoteRepository:
        self._full_names[str(data["id"])] = data["full_name"]
        visibility = data.get("visibility") or ("private" if data["private"] else "public")
        return RemoteRepository(
            id=str(data["id"]),
            full_path=data["full_name"],
            web_url=data["html_url"],
            visibility=Visibility(visibility),
            archived=bool(data["archived"]),
            default_branch=data.get("default_branch") or "main",
            empty=data.get("size", 0) == 0,  # GitHub's estimate; commit_files finds out for sure
        )

    def _locate(self, repository_id: str) -> tuple[str, str]:
        """(owner, name) of a repository given by number or as "owner/name"."""
        full_name = repository_id
        if repository_id.isdigit():
            if repository_id not in self._full_names:
                url = f"/repositories/{repository_id}"
                self._remote(self._json(self._github.request, "GET", url))
            full_name = self._full_names[repository_id]
        owner, _, name = full_name.partition("/")
        if not owner or not name or "/" in name:
            raise ForgeNotFound(
                f"{repository_id!r} names no GitHub repository: give its number or owner/name."
            )
        return owner, name

    def _visibility(self, org: str, wanted: Visibility) -> Visibility:
        """`internal` only where the organisation belongs to an enterprise, else `private`."""
        if wanted is not Visibility.INTERNAL:
            return wanted
        plan = (self._json(self._rest.orgs.get, org).get("plan") or {}).get("name")
        return wanted if plan == "enterprise" else Visibility.PRIVATE

    def check_access(self, namespace: str) -> str:
        login: str = self._json(self._rest.users.get_authenticated)["login"]
        status, membership = self._call(
            self._rest.orgs.get_membership_for_authenticated_user, namespace, allow=(404,)
        )
        if status == 404:
            raise ForgeNotFound(
                f"The GitHub organisation {namespace} does not exist or {login} is not a member."
            )
        if membership.get("role") != "admin" or membership.get("state") != "active":
            raise ForgeAuthError(
                f"{login} is not an owner of the GitHub organisation {namespace}: the platform "
                "needs an owner's token to create repositories and protect branches."
            )
        return login

    def find_repository(self, full_path: str) -> RemoteRepository | None:
        owner, name = self._locate(full_path)
        status, data = self._call(self._rest.repos.get, owner, name, allow=(404,))
        return None if status == 404 else self._remote(data)

    def create_repository(self, spec: RepositorySpec) -> RemoteRepository:
        visibility = self._visibility(spec.namespace, spec.visibility)
        body = {"name": spec.path, "description": spec.description, "auto_init": False}
        body |= {"private": visibility is not Visibility.PUBLIC, "visibility": visibility.value}
        body |= {"has_issues": spec.issues, "has_wiki": spec.wiki}
        try:
            data = self._json(self._send, "POST", f"/orgs/{spec.namespace}/repos", body)
        except ForgeConflict:
            raise ForgeConflict(
                f"A repository {spec.namespace}/{spec.path} exists already on GitHub."
            ) from None
        return self._remote(data)

    def set_visibility(self, repository_id: str, visibility: Visibility) -> RemoteRepository:
        owner, name = self._locate(repository_id)
        usable = self._visibility(owner, visibility)
        body = {"visibility": usable.value}
        return self._remote(self._json(self._send, "PATCH", f"/repos/{owner}/{name}", body))

    def set_archived(self, repository_id: str, archived: bool) -> RemoteRepository:
        owner, name = self._locate(repository_id)
        current = self._remote(self._json(self._rest.repos.get, owner, name))
        if current.archived == archived:  # GitHub refuses any change to an archived repository
            return current
        data = self._json(self._rest.repos.update, owner, name, data={"archived": archived})
        return self._remote(data)

    def list_repositories(self, namespace: str) -> tuple[RemoteRepository, ...]:
        listing = self._pages(self._rest.repos.list_for_org, org=namespace, type="all")
        return tuple(self._remote(data) for data in listing)

    # Protection and merge settings --------------------------------------------------------

    def _protection(self, owner: str, name: str, branch: str) -> dict[str, Any] | None:
        call = self._rest.repos.get_branch_protection
        status, data = self._call(call, owner, name, branch, allow=(404,))
        return None if status == 404 else data

    def _protect(
        self, owner: str, name: str, branch: str, reviews: Mapping[str, Any]
    ) -> dict[str, Any]:
        current = self._protection(owner, name, branch) or {}
        checks = current.get("required_status_checks")
        body = {
            "required_status_checks": checks
            and {"strict": bool(checks.get("strict")), "contexts": checks.get("contexts", [])},
            "enforce_admins": True,
            "required_pull_request_reviews": _review_settings(current) | dict(reviews),
            "restrictions": None,
            "allow_force_pushes": False,
            "allow_deletions": False,
        }
        call = self._rest.repos.update_branch_protection
        data: dict[str, Any] = self._json(call, owner, name, branch, data=body)
        return data

    def protect_branch(self, repository_id: str, branch: str) -> BranchProtection:
        owner, name = self._locate(repository_id)
        return _branch_protection(branch, self._protect(owner, name, branch, {}))

    def configure_merge_requests(
        self, repository_id: str, *, approvers: tuple[str, ...], approvals_required: int = 1
    ) -> MergeSettings:
        for username in approvers:
            _check_username(username)
        owner, name = self._locate(repository_id)
        branch = self._remote(self._json(self._rest.repos.get, owner, name)).default_branch
        if approvers:
            owners = " ".join(f"@{username}" for username in approvers)
            content = f"# The designated project leads approve every change.\n* {owners}\n"
            self._ensure_file(owner, name, branch, CODEOWNERS, content.encode())
        reviews = {
            "required_approving_review_count": approvals_required,
            "dismiss_stale_reviews": True,
            "require_code_owner_reviews": bool(approvers),
            "require_last_push_approval": True,
        }
        data = self._protect(owner, name, branch, reviews)
        return _merge_settings(data, approvers)

    def _ensure_file(self, owner: str, name: str, branch: str, path: str, content: bytes) -> None:
        if self._file(owner, name, branch, path) != content:
            message = f"Designate the approvers of pull requests in {path}"
            self.commit_files(
                f"{owner}/{name}", branch=branch, message=message, files={path: content}
            )

    def _file(self, owner: str, name: str, branch: str, path: str) -> bytes | None:
        call = self._rest.repos.get_content
        status, data = self._call(call, owner, name, path, ref=branch, allow=(404,))
        if status == 404 or not isinstance(data, dict) or "content" not in data:
            return None
        return base64.b64decode(data["content"])

    # Members -------------------------------------------------------------------------------

    def list_members(self, repository_id: str) -> tuple[Member, ...]:
        owner, name = self._locate(repository_id)
        return self._members(owner, name)

    def _members(self, owner: str, name: str) -> tuple[Member, ...]:
        call = self._rest.repos.list_collaborators
        direct = {
            c["login"] for c in self._pages(call, owner=owner, repo=name, affiliation="direct")
        }
        everyone = self._pages(call, owner=owner, repo=name, affiliation="all")
        return tuple(
            Member(c["login"], _access(c), inherited=c["login"] not in direct) for c in everyone
        )

    def set_member(self, repository_id: str, username: str, access: AccessLevel) -> Member:
        _check_username(username)
        owner, name = self._locate(repository_id)
        body = {"permission": PERMISSIONS[access]}
        status, _ = self._call(
            self._rest.repos.add_collaborator, owner, name, username, data=body, allow=(404,)
        )
        if status == 404:
            raise ForgeNotFound(f"There is no GitHub user {username} (or {owner}/{name} is gone).")
        return Member(username, access)

    def remove_member(self, repository_id: str, username: str) -> None:
        _check_username(username)
        owner, name = self._locate(repository_id)
        self._call(self._rest.repos.remove_collaborator, owner, name, username, allow=(404,))

    # Commits -------------------------------------------------------------------------------

    def commit_files(
        self, repository_id: str, *, branch: str, message: str, files: Mapping[str, bytes]
    ) -> str:
        if not files:
            raise ForgeError("A commit needs at least one file.")
        owner, name = self._locate(repository_id)
        call = self._rest.git.get_ref
        status, ref = self._call(call, owner, name, f"heads/{branch}", allow=(404, 409))
        if status == 409:  # "Git Repository is empty.": only the contents API writes there
            return self._first_commit(owner, name, branch, message, files)
        new_branch = status == 404
        if new_branch:
            default = self._remote(self._json(self._rest.repos.get, owner, name)).default_branch
            ref = self._json(call, owner, name, f"heads/{default}")
        parent = ref["object"]["sha"]
        base_tree = self._json(self._rest.git.get_commit, owner, name, parent)["tree"]["sha"]
        sha = self._commit(owner, name, message, files, base_tree=base_tree, parents=[parent])
        if new_branch:
            new_ref = {"ref": f"refs/heads/{branch}", "sha": sha}
            self._json(self._rest.git.create_ref, owner, name, data=new_ref)
        else:
            move = {"sha": sha, "force": False}
            self._json(self._rest.git.update_ref, owner, name, f"heads/{branch}", data=move)
        return sha

    def _first_commit(
        self, owner: str, name: str, branch: str, message: str, files: Mapping[str, bytes]
    ) -> str:
        """The contents API makes the first commit with one file; with more files, one root
        commit of them all replaces it, so that the branch starts with a single commit."""
        path, content = next(iter(files.items()))
        body = {"message": message, "content": base64.b64encode(content).decode(), "branch": branch}
        call = self._rest.repos.create_or_update_file_contents
        first: str = self._json(call, owner, name, path, data=body)["commit"]["sha"]
        if len(files) == 1:
            return first
        sha = self._commit(owner, name, message, files, base_tree=None, parents=[])
        ref_body = {"sha": sha, "force": True}
        status, _ = self._call(
            self._rest.git.update_ref, owner, name, f"heads/{branch}", data=ref_body, allow=(422,)
        )
        if status == 422:  # the first commit went to the default branch instead
            ref_body = {"ref": f"refs/heads/{branch}", "sha": sha}
            self._json(self._rest.git.create_ref, owner, name, data=ref_body)
        return sha

    def _commit(
        self,
        owner: str,
        name: str,
        message: str,
        files: Mapping[str, bytes],
        *,
        base_tree: str | None,
        parents: list[str],
    ) -> str:
        tree_body: dict[str, Any] = {
            "tree": [self._tree_entry(owner, name, p, c) for p, c in files.items()]
        }
        if base_tree:
            tree_body["base_tree"] = base_tree
        tree = self._json(self._rest.git.create_tree, owner, name, data=tree_body)["sha"]
        commit_body = {"message": message, "tree": tree, "parents": parents}
        sha: str = self._json(self._rest.git.create_commit, owner, name, data=commit_body)["sha"]
        return sha

    def _tree_entry(self, owner: str, name: str, path: str, content: bytes) -> dict[str, Any]:
        entry = {"path": path, "mode": "100644", "type": "blob"}
        try:
            return entry | {"content": content.decode("utf-8")}
        except UnicodeDecodeError:  # binary files go up as blobs first
            blob_body = {"content": base64.b64encode(content).decode(), "encoding": "base64"}
            blob = self._json(self._rest.git.create_blob, owner, name, data=blob_body)
            return entry | {"sha": blob["sha"]}

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
        owner, name = self._locate(repository_id)
        target = base or self._remote(self._json(self._rest.repos.get, owner, name)).default_branch
        call = self._rest.pulls.list
        pulls = self._json(call, owner, name, head=f"{owner}:{branch}", base=target, state="open")
        if pulls:
            return ProposedChange(url=pulls[0]["html_url"], number=int(pulls[0]["number"]))
        status, _ = self._call(self._rest.git.get_ref, owner, name, f"heads/{branch}", allow=(404,))
        if status == 404:
            start = self._json(self._rest.git.get_ref, owner, name, f"heads/{target}")
            new_ref = {"ref": f"refs/heads/{branch}", "sha": start["object"]["sha"]}
            self._json(self._rest.git.create_ref, owner, name, data=new_ref)
        changed = {
            path: content
            for path, content in files.items()
            if self._file(owner, name, branch, path) != content
        }
        if changed:
            self.commit_files(f"{owner}/{name}", branch=branch, message=title, files=changed)
        pull = {"title": title, "body": description, "head": branch, "base": target}
        created = self._json(self._rest.pulls.create, owner, name, data=pull)
        return ProposedChange(url=created["html_url"], number=int(created["number"]))

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
        owner, name = self._locate(repository_id)
        # GitHub keeps 140 characters of a status description
        body = {"state": state.value, "context": context, "description": description[:140]}
        if target_url:
            body["target_url"] = target_url
        self._json(self._rest.repos.create_commit_status, owner, name, sha, data=body)

    # Audit ---------------------------------------------------------------------------------

    def repository_settings(self, repository_id: str) -> RepositorySettings:
        owner, name = self._locate(repository_id)
        data = self._json(self._rest.repos.get, owner, name)
        repository = self._remote(data)
        branch, unobservable = repository.default_branch, {}
        call = self._rest.repos.get_branch_protection
        status, protection = self._call(call, owner, name, branch, allow=(403, 404))
        top = self._top_entries(owner, name, branch)
        dot_github = self._dot_github(owner, name, top)
        workflows = _workflows(dot_github)
        code_owners = self._code_owners(owner, name, branch, top, dot_github)
        merge: MergeSettings | None = None
        if status == 403:
            unobservable["protections"] = "GitHub shows branch protection to admins only."
            unobservable["merge"] = unobservable["protections"]
        else:
            merge = _merge_settings(protection or {}, code_owners)
        members: tuple[Member, ...] = ()
        try:
            members = self._members(owner, name)
        except ForgeAuthError:
            unobservable["members"] = "GitHub lists collaborators to users with push access only."
        license_ = (data.get("license") or {}).get("spdx_id")
        return RepositorySettings(
            repository=repository,
            issues_enabled=bool(data.get("has_issues")),
            wiki_enabled=bool(data.get("has_wiki")),
            merge_requests_enabled=True,  # pull requests cannot be switched off through the API
            protections=(_branch_protection(branch, protection),) if protection else (),
            merge=merge,
            members=members,
            ci_files=workflows,
            license_spdx=None if license_ in (None, "NOASSERTION") else license_,
            unobservable=unobservable,
            description=data.get("description") or "",
            top_files=tuple(sorted(top)),
            ci_texts=self._texts(owner, name, branch, _scanning_first(workflows)[:WORKFLOWS_READ]),
            code_owners=code_owners,
        )

    def _top_entries(self, owner: str, name: str, branch: str) -> dict[str, Mapping[str, Any]]:
        """Name -> contents entry ("type" file or dir, "sha") at the top of `branch`; nothing
        in an empty repository."""
        call = self._rest.repos.get_content
        status, listing = self._call(call, owner, name, "", ref=branch, allow=(404,))
        if status == 404 or not isinstance(listing, list):
            return {}
        return {entry["name"]: entry for entry in listing}

    def _dot_github(
        self, owner: str, name: str, top: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, str]:
        """Path below .github/ -> "blob" or "tree", in one call for the whole folder."""
        folder = top.get(".github")
        if folder is None or folder.get("type") != "dir":
            return {}
        call = self._rest.git.get_tree
        tree = self._json(call, owner, name, folder["sha"], recursive="1")
        return {entry["path"]: entry["type"] for entry in tree.get("tree", [])}

    def _code_owners(
        self,
        owner: str,
        name: str,
        branch: str,
        top: Mapping[str, Mapping[str, Any]],
        dot_github: Mapping[str, str],
    ) -> tuple[str, ...]:
        """GitHub reads the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS; the
        docs folder is not listed, its CODEOWNERS is asked for where the folder exists."""
        if dot_github.get("CODEOWNERS") == "blob":
            path = ".github/CODEOWNERS"
        elif (top.get("CODEOWNERS") or {}).get("type") == "file":
            path = "CODEOWNERS"
        elif (top.get("docs") or {}).get("type") == "dir":
            path = "docs/CODEOWNERS"
        else:
            return ()
        text = (self._file(owner, name, branch, path) or b"").decode("utf-8", "replace")
        return owners_of_every_path(text)

    def _texts(self, owner: str, name: str, branch: str, paths: Collection[str]) -> dict[str, str]:
        texts = {}
        for path in paths:
            content = self._file(owner, name, branch, path)
            if content is not None:
                texts[path] = content.decode("utf-8", "replace")
        return texts

    def namespace_settings(self, namespace: str) -> NamespaceSettings:
        data = self._json(self._rest.orgs.get, namespace)
        two_factor = data.get("two_factor_requirement_enabled")
        unobservable = {}
        if two_factor is None:
            unobservable["two_factor_required"] = "GitHub shows it to organisation owners only."
        base = ROLES.get(data.get("default_repository_permission") or "", AccessLevel.GUEST)
        call = self._rest.orgs.list_members
        owners = [
            Member(u["login"], AccessLevel.OWNER)
            for u in self._pages(call, org=namespace, role="admin")
        ]
        members = [
            Member(u["login"], base) for u in self._pages(call, org=namespace, role="member")
        ]
        return NamespaceSettings(
            namespace=namespace,
            two_factor_required=two_factor,
            members=tuple(owners + members),
            unobservable=unobservable,
        )

    def activity(self, repository_id: str, *, since: str) -> ForgeActivity:
        owner, name = self._locate(repository_id)
        start = _utc(since)
        stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        pulls = self._recent(
            self._rest.pulls.list,
            "updated_at",
            stamp,
            owner=owner,
            repo=name,
            state="all",
            sort="updated",
            direction="desc",
        )
        opened = {p["number"]: p for p in pulls if p["created_at"] >= stamp}
        issues = [
            i
            for i in self._pages(
                self._rest.issues.list_for_repo, owner=owner, repo=name, state="all", since=start
            )
            if "pull_request" not in i
        ]
        releases = self._recent(
            self._rest.repos.list_releases, "created_at", stamp, owner=owner, repo=name
        )
        return ForgeActivity(
            since=since,
            merge_requests_opened=len(opened),
            merge_requests_merged=sum(1 for p in pulls if (p.get("merged_at") or "") >= stamp),
            median_first_response_hours=self._median_first_response(owner, name, start, opened),
            issues_opened=sum(1 for i in issues if i["created_at"] >= stamp),
            issues_closed=sum(1 for i in issues if (i.get("closed_at") or "") >= stamp),
            releases=sum(1 for r in releases if (r.get("published_at") or "") >= stamp),
        )

    def _recent(self, call: Callable[..., Any], key: str, stamp: str, **kwargs: Any) -> list[Any]:
        """The items of a listing sorted newest first, down to `stamp` (the rest is not fetched)."""
        items = []
        for item in self._pages(call, **kwargs):
            if (item.get(key) or "") < stamp:
                break
            items.append(item)
        return items

    def _median_first_response(
        self, owner: str, name: str, start: datetime, opened: Mapping[int, Any]
    ) -> float | None:
        if not opened:
            return None
        call = self._rest.pulls.list_review_comments_for_repo
        first: dict[int, datetime] = {}
        for comment in self._pages(
            call, owner=owner, repo=name, since=start, sort="created", direction="asc"
        ):
            number = int(comment["pull_request_url"].rsplit("/", 1)[-1])
            pull = opened.get(number)
            if pull and comment["user"]["login"] != pull["user"]["login"] and number not in first:
                first[number] = _utc(comment["created_at"])
        hours = [
            (at - _utc(opened[n]["created_at"])).total_seconds() / 3600 for n, at in first.items()
        ]
        return statistics.median(hours) if hours else None


# Mapping helpers ---------------------------------------------------------------------------


def _check_username(username: str) -> None:
    if not USERNAME.fullmatch(username):
        raise ForgeNotFound(f"{username!r} is not a GitHub username.")


def _access(collaborator: Mapping[str, Any]) -> AccessLevel:
    """A collaborator's role; custom roles by the highest permission they grant."""
    role = ROLES.get(collaborator.get("role_name") or "")
    if role is not None:
        return role
    granted = collaborator.get("permissions") or {}
    levels = [level for level, permission in PERMISSIONS.items() if granted.get(permission)]
    return max(levels, default=AccessLevel.GUEST)


def _workflows(dot_github: Mapping[str, str]) -> tuple[str, ...]:
    """The workflow files GitHub runs: YAML files directly in .github/workflows/."""
    return tuple(
        f".github/{path}"
        for path, kind in sorted(dot_github.items())
        if kind == "blob"
        and path.count("/") == 1
        and path.startswith("workflows/")
        and path.endswith((".yml", ".yaml"))
    )


def _scanning_first(paths: tuple[str, ...]) -> list[str]:
    return sorted(paths, key=lambda path: not SCANNING_NAME.search(path.rsplit("/", 1)[-1]))


def _review_settings(protection: Mapping[str, Any]) -> dict[str, Any]:
    reviews = protection.get("required_pull_request_reviews") or {}
    keys = (
        "required_approving_review_count",
        "dismiss_stale_reviews",
        "require_code_owner_reviews",
        "require_last_push_approval",
    )
    settings = {key: reviews[key] for key in keys if key in reviews}
    return {"required_approving_review_count": 0} | settings


def _branch_protection(branch: str, protection: Mapping[str, Any]) -> BranchProtection:
    force = bool((protection.get("allow_force_pushes") or {}).get("enabled"))
    restricted = protection.get("restrictions") is not None
    pull_requests_only = protection.get("required_pull_request_reviews") is not None
    merge = AccessLevel.OWNER if restricted else AccessLevel.DEVELOPER
    return BranchProtection(
        branch=branch,
        allow_force_push=force,
        push_access=None if pull_requests_only else merge,
        merge_access=merge,
        code_owner_approval=bool(_review_settings(protection).get("require_code_owner_reviews")),
    )


def _merge_settings(protection: Mapping[str, Any], approvers: tuple[str, ...]) -> MergeSettings:
    reviews = protection.get("required_pull_request_reviews") or {}
    required = int(reviews.get("required_approving_review_count") or 0)
    rules: tuple[ApprovalRule, ...] = ()
    if reviews.get("require_code_owner_reviews") and approvers:
        rules = (ApprovalRule("CODEOWNERS", max(required, 1), approvers),)
    return MergeSettings(
        reset_approvals_on_push=bool(reviews.get("dismiss_stale_reviews")),
        author_can_approve=False,  # GitHub never lets the author approve their pull request
        committers_can_approve=not reviews.get("require_last_push_approval"),
        approval_rules=rules,
    )


def _utc(moment: str) -> datetime:
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
