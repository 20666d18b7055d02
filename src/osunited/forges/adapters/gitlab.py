"""GitLab (REST API v4) through python-gitlab.

python-gitlab retries 5xx answers and timeouts (`retry_transient_errors`) and sleeps for as long
as a 429's Retry-After says. The transport below sees every answer first: it reports each call
to `connection.on_call` and stops a rate-limit wait that would exceed
`connection.max_rate_limit_wait_seconds` before python-gitlab starts sleeping."""

from __future__ import annotations

import base64
import statistics
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from time import time
from typing import Any, NoReturn
from urllib.parse import urlsplit

import gitlab
import requests
from gitlab.exceptions import GitlabAuthenticationError, GitlabError
from gitlab.utils import EncodedId
from requests.adapters import HTTPAdapter

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

APPROVAL_RULE_NAME = "UN project lead"
CI_FILES = {
    ".gitlab-ci.yml",
    ".gitlab-ci.yaml",
    ".travis.yml",
    ".drone.yml",
    ".woodpecker.yml",
    ".circleci",
    ".woodpecker",
    "Jenkinsfile",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
}
# GitLab names the license it detects with licensee's keys; the platform speaks SPDX.
SPDX_BY_LICENSEE_KEY = {
    "agpl-3.0": "AGPL-3.0-only",
    "apache-2.0": "Apache-2.0",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "bsl-1.0": "BSL-1.0",
    "cc-by-4.0": "CC-BY-4.0",
    "cc0-1.0": "CC0-1.0",
    "epl-2.0": "EPL-2.0",
    "eupl-1.1": "EUPL-1.1",
    "eupl-1.2": "EUPL-1.2",
    "gpl-2.0": "GPL-2.0-only",
    "gpl-3.0": "GPL-3.0-only",
    "isc": "ISC",
    "lgpl-2.1": "LGPL-2.1-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "mit": "MIT",
    "mpl-2.0": "MPL-2.0",
    "unlicense": "Unlicense",
}
CI_TEXTS_READ = 3  # CI files whose text the audit reads (one call each), the custom one first
# GitLab reads the first of these (top-level name, file); a folder is looked in only where the
# top-level tree shows it.
CODEOWNERS_PLACES = (
    ("CODEOWNERS", "blob", "CODEOWNERS"),
    ("docs", "tree", "docs/CODEOWNERS"),
    (".gitlab", "tree", ".gitlab/CODEOWNERS"),
)
GITLAB_STATE = {
    CommitState.PENDING: "pending",
    CommitState.SUCCESS: "success",
    CommitState.FAILURE: "failed",
}
NOTES_SAMPLE = 20  # merge requests whose first response is measured: one notes call each


class _RateLimitTooLong(Exception):
    def __init__(self, wait: float) -> None:
        super().__init__(wait)
        self.wait = wait


class _Transport(HTTPAdapter):
    """Counts every call for `on_call` and refuses rate-limit waits beyond the allowed one."""

    def __init__(self, owner: GitLabAdapter) -> None:
        super().__init__()
        self.owner = owner

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        method, path = request.method or "GET", urlsplit(request.url or "").path
        try:
            response = super().send(request, *args, **kwargs)
        except requests.RequestException:
            self.owner._record(method, path, 0)
            raise
        self.owner._record(method, path, response.status_code)
        if response.status_code == 429:
            wait = _rate_limit_wait(response.headers)
            # python-gitlab reads Retry-After as a number of seconds, never as a date.
            response.headers["Retry-After"] = str(max(int(wait + 0.999), 0))
            self.owner._spend_rate_limit_wait(wait)
        return response


def _rate_limit_wait(headers: Mapping[str, str]) -> float:
    retry_after = headers.get("Retry-After", "").strip()
    if retry_after.isdigit():
        return float(retry_after)
    if retry_after:
        try:
            return parsedate_to_datetime(retry_after).timestamp() - time()
        except (TypeError, ValueError):
            pass
    reset = headers.get("RateLimit-Reset", "")
    return max(float(reset) - time(), 0.0) if reset.isdigit() else 1.0


class GitLabAdapter(ForgeAdapter):
    """A GitLab group and its projects, reached with a personal, group or project access token
    (scope `api`). `close()` (or `with`) releases its connections. What an audit costs:
    `repository_settings` 7 to 12 calls per project, `namespace_settings` 3 per group."""

    kind = "gitlab"

    def __init__(self, connection: ForgeConnection) -> None:
        self.connection = connection
        self._local = threading.local()
        session = requests.Session()
        transport = _Transport(self)
        session.mount("http://", transport)
        session.mount("https://", transport)
        self._gl = gitlab.Gitlab(
            connection.base_url,
            private_token=connection.token,
            timeout=connection.timeout_seconds,
            retry_transient_errors=True,
            per_page=100,
            keep_base_url=True,  # pagination links that name another host stay on ours
            session=session,
        )

    def close(self) -> None:
        self._gl.session.close()

    def __enter__(self) -> GitLabAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ForgeAdapter ------------------------------------------------------------------------------

    def check_access(self, namespace: str) -> str:
        with self._calling(f"checking access to the group {namespace}"):
            user = self._get("/user")
            group = self._get(f"/groups/{_encoded(namespace)}")
            if user.get("is_admin"):
                return str(user["username"])
            try:
                member = self._get(f"/groups/{group['id']}/members/all/{user['id']}")
            except GitlabError as error:
                if error.response_code != 404:
                    raise
                member = {"access_level": 0}
            if member["access_level"] < AccessLevel.MAINTAINER:
                raise ForgeAuthError(
                    f"The GitLab token acts as {user['username']}, who is not a maintainer or "
                    f"owner of the group {namespace}: give that account the Maintainer role."
                )
        return str(user["username"])

    def find_repository(self, full_path: str) -> RemoteRepository | None:
        with self._calling(f"looking for the repository {full_path}"):
            try:
                return _repository(self._get(f"/projects/{_encoded(full_path)}"))
            except GitlabError as error:
                if error.response_code == 404:
                    return None
                raise

    def create_repository(self, spec: RepositorySpec) -> RemoteRepository:
        full_path = f"{spec.namespace}/{spec.path}"
        with self._calling(f"creating the repository {full_path}"):
            group = self._get(f"/groups/{_encoded(spec.namespace)}")
            project = self._post(
                "/projects",
                {
                    "name": spec.name,
                    "path": spec.path,
                    "namespace_id": group["id"],
                    "description": spec.description,
                    "visibility": spec.visibility.value,
                    "default_branch": spec.default_branch,
                    "issues_access_level": _feature(spec.issues),
                    "wiki_access_level": _feature(spec.wiki),
                    "merge_requests_access_level": "enabled",
                },
            )
        return _repository(project)

    def set_visibility(self, repository_id: str, visibility: Visibility) -> RemoteRepository:
        with self._calling(f"making the repository {repository_id} {visibility.value}"):
            project = self._put(
                f"/projects/{_encoded(repository_id)}", {"visibility": visibility.value}
            )
        return _repository(project)

    def set_archived(self, repository_id: str, archived: bool) -> RemoteRepository:
        action, doing = ("archive", "archiving") if archived else ("unarchive", "unarchiving")
        with self._calling(f"{doing} the repository {repository_id}"):
            project = self._post(f"/projects/{_encoded(repository_id)}/{action}", {})
        return _repository(project)

    def protect_branch(self, repository_id: str, branch: str) -> BranchProtection:
        path = f"/projects/{_encoded(repository_id)}/protected_branches"
        wanted = {
            "name": branch,
            "push_access_level": AccessLevel.MAINTAINER.value,
            "merge_access_level": AccessLevel.MAINTAINER.value,
            "allow_force_push": False,
        }
        with self._calling(f"protecting the branch {branch} of the repository {repository_id}"):
            try:
                return _protection(self._post(path, wanted))
            except GitlabError as error:
                if error.response_code != 409:
                    raise
            current = _protection(self._get(f"{path}/{_encoded(branch)}"))
            # A code owner approval on top of it is kept, not protected away.
            if replace(current, code_owner_approval=False) == _protection_wanted(branch):
                return current
            # Access levels of a protection cannot be edited in place: protect it anew.
            self._delete(f"{path}/{_encoded(branch)}")
            return _protection(self._post(path, wanted))

    def configure_merge_requests(
        self, repository_id: str, *, approvers: tuple[str, ...], approvals_required: int = 1
    ) -> MergeSettings:
        project = f"/projects/{_encoded(repository_id)}"
        with self._calling(f"configuring merge request approvals of {repository_id}"):
            user_ids = [self._user_id(username) for username in approvers]
            with self._premium(f"configuring merge request approvals of {repository_id}"):
                settings = self._post(
                    f"{project}/approvals",
                    {
                        "reset_approvals_on_push": True,
                        "merge_requests_author_approval": False,
                        "merge_requests_disable_committers_approval": True,
                    },
                )
                rule = {
                    "name": APPROVAL_RULE_NAME,
                    "approvals_required": approvals_required,
                    "user_ids": user_ids,
                }
                rules = list(self._list(f"{project}/approval_rules"))
                ours = next((r for r in rules if r["name"] == APPROVAL_RULE_NAME), None)
                if ours is None:
                    saved = self._post(f"{project}/approval_rules", rule)
                else:
                    saved = self._put(f"{project}/approval_rules/{ours['id']}", rule)
        others = [r for r in rules if r["name"] != APPROVAL_RULE_NAME]
        return _merge_settings(settings, [*others, saved])

    def list_members(self, repository_id: str) -> tuple[Member, ...]:
        with self._calling(f"listing the members of the repository {repository_id}"):
            return self._members(f"/projects/{_encoded(repository_id)}")

    def set_member(self, repository_id: str, username: str, access: AccessLevel) -> Member:
        members = f"/projects/{_encoded(repository_id)}/members"
        with self._calling(f"giving {username} the {access.name.lower()} role in {repository_id}"):
            user_id = self._user_id(username)
            try:
                member = self._post(members, {"user_id": user_id, "access_level": access.value})
            except GitlabError as error:
                if error.response_code != 409:
                    raise
                member = self._put(f"{members}/{user_id}", {"access_level": access.value})
        return Member(username=member["username"], access=AccessLevel(member["access_level"]))

    def remove_member(self, repository_id: str, username: str) -> None:
        with self._calling(f"removing {username} from the repository {repository_id}"):
            user = next(iter(self._list("/users", username=username)), None)
            if user is None:
                return
            try:
                self._delete(f"/projects/{_encoded(repository_id)}/members/{user['id']}")
            except GitlabError as error:
                if error.response_code != 404:
                    raise

    def commit_files(
        self, repository_id: str, *, branch: str, message: str, files: Mapping[str, bytes]
    ) -> str:
        path = f"/projects/{_encoded(repository_id)}"
        with self._calling(f"committing {len(files)} files to {branch} of {repository_id}"):
            commit: dict[str, Any] = {"branch": branch, "commit_message": message}
            existing: set[str] = set()
            project = self._get(path)
            if not project.get("empty_repo"):
                ref = branch
                if not self._exists(f"{path}/repository/branches/{_encoded(branch)}"):
                    ref = commit["start_branch"] = project["default_branch"]
                existing = self._existing_files(path, ref, files)
            commit["actions"] = [
                {
                    "action": "update" if file_path in existing else "create",
                    "file_path": file_path,
                    "content": base64.b64encode(content).decode(),
                    "encoding": "base64",
                }
                for file_path, content in files.items()
            ]
            return str(self._post(f"{path}/repository/commits", commit)["id"])

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
        status = {"state": GITLAB_STATE[state], "name": context, "description": description}
        if target_url:
            status["target_url"] = target_url
        with self._calling(f"setting the {context} status of {sha[:12]} in {repository_id}"):
            try:
                self._post(f"/projects/{_encoded(repository_id)}/statuses/{sha}", status)
            except GitlabError as error:
                # GitLab refuses to set a status to the state it already has: that is success.
                if "Cannot transition status" not in _message(error):
                    raise

    def list_repositories(self, namespace: str) -> tuple[RemoteRepository, ...]:
        with self._calling(f"listing the repositories of the group {namespace}"):
            projects = self._list(
                f"/groups/{_encoded(namespace)}/projects",
                include_subgroups="true",
                with_shared="false",
                order_by="id",
                sort="asc",
            )
            return tuple(_repository(project) for project in projects)

    def repository_settings(self, repository_id: str) -> RepositorySettings:
        """6 calls for an empty repository; otherwise 7 to 12: the project with its detected
        license and description, its protected branches, approval settings and rules, members
        (all, then direct ones to tell inherited roles apart), the top-level tree, the text of
        up to 3 CI files (one call each) and, where the tree shows one, CODEOWNERS (2 calls at
        most). One more per extra page of 100 members or top-level entries."""
        path = f"/projects/{_encoded(repository_id)}"
        with self._calling(f"reading the settings of the repository {repository_id}"):
            project = self._get(path, license="true")
            protections = tuple(_protection(p) for p in self._list(f"{path}/protected_branches"))
            merge, unobservable = self._merge_settings_or_why(path)
            members = self._members(path)
            top = self._top_entries(path, project)
            ci_files = _ci_files(top, project)
            ci_texts = self._ci_texts(path, project, top)
            code_owners = self._code_owners(path, project, top)
        license_spdx, why = _license(project)
        if why:
            unobservable["license"] = why
        return RepositorySettings(
            repository=_repository(project),
            issues_enabled=project.get("issues_access_level", "enabled") != "disabled",
            wiki_enabled=project.get("wiki_access_level", "enabled") != "disabled",
            merge_requests_enabled=project.get("merge_requests_access_level") != "disabled",
            protections=protections,
            merge=merge,
            members=members,
            ci_files=ci_files,
            license_spdx=license_spdx,
            unobservable=unobservable,
            description=project.get("description") or "",
            top_files=tuple(sorted(top)),
            ci_texts=ci_texts,
            code_owners=code_owners,
        )

    def namespace_settings(self, namespace: str) -> NamespaceSettings:
        """3 calls (one more per 100 members): the group, its members, its direct members."""
        with self._calling(f"reading the settings of the group {namespace}"):
            group = self._get(f"/groups/{_encoded(namespace)}")
            members = self._members(f"/groups/{group['id']}")
        two_factor = group.get("require_two_factor_authentication")
        unobservable: dict[str, str] = {}
        if two_factor is None:
            unobservable["two_factor"] = "GitLab does not show this token the group's 2FA rule."
        return NamespaceSettings(
            namespace=group["full_path"],
            two_factor_required=two_factor,
            members=members,
            unobservable=unobservable,
        )

    def activity(self, repository_id: str, *, since: str) -> ForgeActivity:
        path = f"/projects/{_encoded(repository_id)}"
        after = f"{since}T00:00:00Z" if len(since) == 10 else since
        start = _when(after)
        with self._calling(f"reading the activity of the repository {repository_id}"):
            mrs = list(self._list(f"{path}/merge_requests", updated_after=after, state="all"))
            opened = [mr for mr in mrs if _when(mr["created_at"]) >= start]
            waits = self._first_response_hours(path, opened)
            issues = list(self._list(f"{path}/issues", updated_after=after, state="all"))
            releases = 0
            for release in self._list(f"{path}/releases", order_by="released_at", sort="desc"):
                if _when(release.get("released_at") or release["created_at"]) < start:
                    break
                releases += 1
        return ForgeActivity(
            since=since,
            merge_requests_opened=len(opened),
            merge_requests_merged=sum(_after(mr.get("merged_at"), start) for mr in mrs),
            median_first_response_hours=statistics.median(waits) if waits else None,
            issues_opened=sum(_when(issue["created_at"]) >= start for issue in issues),
            issues_closed=sum(_after(issue.get("closed_at"), start) for issue in issues),
            releases=releases,
        )

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
        path = f"/projects/{_encoded(repository_id)}"
        with self._calling(f"opening the merge request {title!r} in {repository_id}"):
            project = self._get(path)
            if project.get("empty_repo"):
                raise ForgeError(f"The repository {repository_id} has no commit to branch from.")
            target = base or str(project["default_branch"])
            opened = self._list(
                f"{path}/merge_requests", state="opened", source_branch=branch, target_branch=target
            )
            existing = next(iter(opened), None)
            if existing is not None:
                return ProposedChange(url=existing["web_url"], number=int(existing["iid"]))
            if not self._exists(f"{path}/repository/branches/{_encoded(branch)}"):
                self._post(f"{path}/repository/branches", {"branch": branch, "ref": target})
            changed = {
                file_path: content
                for file_path, content in files.items()
                if self._raw_file(path, file_path, branch) != content.decode("utf-8", "replace")
            }
            if changed:
                self.commit_files(repository_id, branch=branch, message=title, files=changed)
            request = {
                "source_branch": branch,
                "target_branch": target,
                "title": title,
                "description": description,
                "remove_source_branch": True,
            }
            created = self._post(f"{path}/merge_requests", request)
        return ProposedChange(url=created["web_url"], number=int(created["iid"]))

    # Reading helpers -----------------------------------------------------------------------

    def _members(self, owner_path: str) -> tuple[Member, ...]:
        direct = {m["id"]: m["access_level"] for m in self._list(f"{owner_path}/members")}
        return tuple(
            Member(
                username=member["username"],
                access=_access(member["access_level"]),
                inherited=direct.get(member["id"], -1) < member["access_level"],
            )
            for member in self._list(f"{owner_path}/members/all")
        )

    def _merge_settings_or_why(self, path: str) -> tuple[MergeSettings | None, dict[str, str]]:
        try:
            with self._premium("reading merge request approvals"):
                settings = self._get(f"{path}/approvals")
                rules = list(self._list(f"{path}/approval_rules"))
        except ForgeUnsupported as unsupported:
            return None, {"merge": str(unsupported)}
        return _merge_settings(settings, rules), {}

    def _top_entries(self, path: str, project: Mapping[str, Any]) -> dict[str, str]:
        """Name -> "blob" or "tree" of each entry at the top of the default branch."""
        if project.get("empty_repo"):
            return {}
        tree = self._list(f"{path}/repository/tree", ref=project["default_branch"])
        return {entry["name"]: entry["type"] for entry in tree}

    def _ci_texts(
        self, path: str, project: Mapping[str, Any], top: Mapping[str, str]
    ) -> dict[str, str]:
        custom = _local_ci_config(project)
        found = sorted(
            (n for n, kind in top.items() if n in CI_FILES and kind == "blob"), key=_ci_rank
        )
        wanted = ([custom] if custom else []) + [n for n in found if n != custom]
        texts = {}
        for file_path in wanted[:CI_TEXTS_READ]:
            text = self._raw_file(path, file_path, project["default_branch"])
            if text is not None:
                texts[file_path] = text
        return texts

    def _code_owners(
        self, path: str, project: Mapping[str, Any], top: Mapping[str, str]
    ) -> tuple[str, ...]:
        for name, kind, file_path in CODEOWNERS_PLACES:
            if top.get(name) == kind:
                text = self._raw_file(path, file_path, project["default_branch"])
                if text is not None:
                    return owners_of_every_path(text)
        return ()

    def _raw_file(self, path: str, file_path: str, ref: str) -> str | None:
        """The file's text on `ref`, or None where there is no such file."""
        try:
            response = self._gl.http_get(
                f"{path}/repository/files/{_encoded(file_path)}/raw",
                query_data={"ref": ref},
                raw=True,
                max_retries=self.connection.retries,
            )
        except GitlabError as error:
            if error.response_code == 404:
                return None
            raise
        assert isinstance(response, requests.Response)
        return response.content.decode("utf-8", "replace")

    def _first_response_hours(self, path: str, opened: list[dict[str, Any]]) -> list[float]:
        discussed = [mr for mr in opened if mr.get("user_notes_count")]
        discussed.sort(key=lambda mr: mr["created_at"], reverse=True)
        hours = []
        for mr in discussed[:NOTES_SAMPLE]:
            notes = self._list(
                f"{path}/merge_requests/{mr['iid']}/notes", sort="asc", order_by="created_at"
            )
            author = mr["author"]["id"]
            first = next(
                (n for n in notes if not n.get("system") and n["author"]["id"] != author), None
            )
            if first is not None:
                elapsed = _when(first["created_at"]) - _when(mr["created_at"])
                hours.append(elapsed.total_seconds() / 3600)
        return hours

    def _existing_files(self, path: str, ref: str, files: Mapping[str, bytes]) -> set[str]:
        existing: set[str] = set()
        for folder in sorted({file_path.rpartition("/")[0] for file_path in files}):
            try:
                tree = self._list(f"{path}/repository/tree", ref=ref, path=folder)
                existing.update(entry["path"] for entry in tree if entry["type"] == "blob")
            except GitlabError as error:
                if error.response_code != 404:  # a folder that does not exist yet
                    raise
        return existing

    def _exists(self, path: str) -> bool:
        try:
            self._get(path)
        except GitlabError as error:
            if error.response_code == 404:
                return False
            raise
        return True

    def _user_id(self, username: str) -> int:
        user = next(iter(self._list("/users", username=username)), None)
        if user is None:
            raise ForgeNotFound(f"GitLab has no user named {username}.")
        return int(user["id"])

    # HTTP through python-gitlab ------------------------------------------------------------

    def _get(self, resource: str, /, **query: Any) -> dict[str, Any]:
        result = self._gl.http_get(resource, query_data=query, max_retries=self.connection.retries)
        assert isinstance(result, dict)
        return result

    def _list(self, resource: str, /, **query: Any) -> Iterator[dict[str, Any]]:
        """Every item, page by page (100 a page) as the caller reads them."""
        pages = self._gl.http_list(
            resource,
            query_data={"per_page": 100, **query},
            iterator=True,
            max_retries=self.connection.retries,
        )
        yield from pages

    def _post(self, path: str, data: Mapping[str, Any]) -> dict[str, Any]:
        result = self._gl.http_post(path, post_data=dict(data), max_retries=self.connection.retries)
        assert isinstance(result, dict)
        return result

    def _put(self, path: str, data: Mapping[str, Any]) -> dict[str, Any]:
        result = self._gl.http_put(path, post_data=dict(data), max_retries=self.connection.retries)
        assert isinstance(result, dict)
        return result

    def _delete(self, path: str) -> None:
        self._gl.http_delete(path, max_retries=self.connection.retries)

    # Calls, waits and errors ---------------------------------------------------------------

    def _record(self, method: str, path: str, status: int) -> None:
        path = self._scrub(path)
        self._local.last_call = (method, path, status)
        if self.connection.on_call is not None:
            self.connection.on_call(method, path, status)

    def _spend_rate_limit_wait(self, wait: float) -> None:
        self._local.waited = getattr(self._local, "waited", 0.0) + wait
        if self._local.waited > self.connection.max_rate_limit_wait_seconds:
            raise _RateLimitTooLong(wait)

    @contextmanager
    def _calling(self, doing: str) -> Iterator[None]:
        """Turns what python-gitlab and requests raise into ForgeError sentences."""
        self._local.waited = 0.0
        try:
            yield
        except ForgeError as error:
            # Usernames and paths come from the caller: one of them could be the token.
            raise type(error)(self._scrub(str(error))) from None
        except (GitlabError, requests.RequestException, _RateLimitTooLong) as error:
            self._fail(doing, error)

    @contextmanager
    def _premium(self, doing: str) -> Iterator[None]:
        """Approval settings and rules answer 403 or 404 where the tier lacks them."""
        try:
            yield
        except GitlabError as error:
            project_missing = "Project Not Found" in _message(error)
            if error.response_code in (403, 404) and not project_missing:
                raise ForgeUnsupported(
                    f"GitLab: {doing} is not possible here ({_message(error)}): merge request "
                    "approval rules need GitLab Premium or Ultimate."
                ) from None
            raise

    def _fail(self, doing: str, error: Exception) -> NoReturn:
        method, path, _ = getattr(self._local, "last_call", ("", "", 0))
        call = f"{method} {path}".strip() or "the first call"
        cause = self._scrub(f"{doing.capitalize()} failed")
        if isinstance(error, _RateLimitTooLong):
            allowed = self.connection.max_rate_limit_wait_seconds
            raise ForgeRateLimited(
                f"{cause}: GitLab rate-limited {call} and asked to wait {error.wait:.0f} s, "
                f"more than the {allowed:.0f} s allowed."
            ) from None
        if isinstance(error, requests.Timeout):
            raise ForgeUnavailable(
                f"{cause}: GitLab did not answer {call} within "
                f"{self.connection.timeout_seconds:g} s, {self.connection.retries} retries "
                "included."
            ) from None
        if isinstance(error, requests.RequestException):
            raise ForgeUnavailable(
                f"{cause}: GitLab at {self.connection.base_url} could not be reached ({call})."
            ) from None
        assert isinstance(error, GitlabError)
        code = 401 if isinstance(error, GitlabAuthenticationError) else error.response_code
        sentence = f"{cause}: GitLab answered {code} to {call}: {_message(error)}"
        raise _error_class(code, _message(error))(self._scrub(sentence)) from None

    def _scrub(self, text: str) -> str:
        token = self.connection.token
        return text.replace(token, "[token]") if token else text


def _ci_files(top: Mapping[str, str], project: Mapping[str, Any]) -> tuple[str, ...]:
    found = sorted(name for name in top if name in CI_FILES)
    custom = project.get("ci_config_path")
    return tuple([*found, custom] if custom and custom not in found else found)


def _ci_rank(name: str) -> tuple[bool, str]:
    return (not name.startswith(".gitlab-ci."), name)


def _local_ci_config(project: Mapping[str, Any]) -> str | None:
    """The custom CI file when it is in the repository itself (not "file@group/project" or a
    URL)."""
    custom = str(project.get("ci_config_path") or "")
    return custom if custom and "@" not in custom and "://" not in custom else None


def _error_class(code: int | None, message: str) -> type[ForgeError]:
    if code in (401, 403):
        return ForgeAuthError
    if code == 404:
        return ForgeNotFound
    if code == 409 or "has already been taken" in message:
        return ForgeConflict
    if code == 429:
        return ForgeRateLimited
    if code is None or code >= 500:
        return ForgeUnavailable
    return ForgeError


def _message(error: GitlabError) -> str:
    """GitLab's message: a sentence, or {field: [problems]} for a validation error."""
    message = error.error_message
    if isinstance(message, dict):
        return "; ".join(
            f"{name} {', '.join(map(str, problems)) if isinstance(problems, list) else problems}"
            for name, problems in message.items()
        )
    return str(message).strip() or "no message"


def _encoded(key: str) -> str:
    return str(EncodedId(key))


def _feature(enabled: bool) -> str:
    return "enabled" if enabled else "disabled"


def _access(level: int | None) -> AccessLevel:
    levels = [access for access in AccessLevel if access <= (level or 0)]
    return max(levels) if levels else AccessLevel.GUEST


def _repository(project: Mapping[str, Any]) -> RemoteRepository:
    return RemoteRepository(
        id=str(project["id"]),
        full_path=project["path_with_namespace"],
        web_url=project["web_url"],
        visibility=Visibility(project.get("visibility", "private")),
        archived=bool(project.get("archived")),
        default_branch=project.get("default_branch") or "",
        empty=bool(project.get("empty_repo")),
    )


def _lowest_level(levels: list[dict[str, Any]]) -> AccessLevel | None:
    roles = [level["access_level"] for level in levels if level.get("access_level")]
    return _access(min(roles)) if roles else None


def _protection(protection: Mapping[str, Any]) -> BranchProtection:
    return BranchProtection(
        branch=protection["name"],
        allow_force_push=bool(protection.get("allow_force_push")),
        push_access=_lowest_level(protection.get("push_access_levels", [])),
        merge_access=_lowest_level(protection.get("merge_access_levels", [])),
        code_owner_approval=bool(protection.get("code_owner_approval_required")),
    )


def _protection_wanted(branch: str) -> BranchProtection:
    return BranchProtection(branch, False, AccessLevel.MAINTAINER, AccessLevel.MAINTAINER)


def _merge_settings(settings: Mapping[str, Any], rules: list[dict[str, Any]]) -> MergeSettings:
    return MergeSettings(
        reset_approvals_on_push=bool(settings.get("reset_approvals_on_push")),
        author_can_approve=bool(settings.get("merge_requests_author_approval")),
        committers_can_approve=not settings.get("merge_requests_disable_committers_approval"),
        approval_rules=tuple(
            ApprovalRule(
                name=rule["name"],
                approvals_required=int(rule["approvals_required"]),
                usernames=tuple(sorted(user["username"] for user in rule.get("users", []))),
            )
            for rule in rules
        ),
    )


def _license(project: Mapping[str, Any]) -> tuple[str | None, str]:
    detected = project.get("license") or {}
    key = str(detected.get("key") or "")
    if not key:
        return None, ""
    spdx = SPDX_BY_LICENSEE_KEY.get(key.lower())
    if spdx is None:
        return None, f"GitLab detected the license {key!r}, which has no SPDX identifier here."
    return spdx, ""


def _when(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp)


def _after(timestamp: str | None, start: datetime) -> bool:
    return bool(timestamp) and _when(str(timestamp)) >= start
