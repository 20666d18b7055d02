"""A GitHub REST API on 127.0.0.1 for the tests of the GitHub adapter: the calls the adapter makes,
answered with the shapes, status codes, pagination links, rate-limit headers and error bodies of
GitHub's REST documentation (api.github.com, base path "/"), with its state in memory.

    with FakeGitHub() as github:
        github.add_org("unicef-org", owners=["osu-bot"], members=["alice"])
        adapter = GitHubAdapter(ForgeConnection("github", github.url, github.token))
        github.fail_next(2, status=502)
        github.calls["GET /user"]

Like GitHub: git data endpoints answer 409 "Git Repository is empty." until a first commit, which
only the contents API can make; inviting a user who is not an organisation member answers 201
with an invitation (the user is a collaborator once they accept), 204 when there is nothing to
invite; branch protection and the organisation's 2FA requirement are visible to admins only."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

DOCS = "https://docs.github.com/rest"
ROLE_PERMISSIONS = {  # role_name -> the permissions object GitHub lists for a collaborator
    "read": ("pull",),
    "triage": ("pull", "triage"),
    "write": ("pull", "triage", "push"),
    "maintain": ("pull", "triage", "push", "maintain"),
    "admin": ("pull", "triage", "push", "maintain", "admin"),
}
PERMISSION_ROLES = {"pull": "read", "triage": "triage", "push": "write", "maintain": "maintain"}
PERMISSION_ROLES["admin"] = "admin"


class Answer(Exception):
    """Ends a request with this status, body and headers."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


def error(status: int, message: str, **extra: Any) -> Answer:
    return Answer(status, {"message": message, "documentation_url": DOCS, **extra})


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha_of(*parts: Any) -> str:
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    description: str = ""
    private: bool = True
    visibility: str = "private"
    archived: bool = False
    has_issues: bool = True
    has_wiki: bool = True
    default_branch: str = "main"
    license: str | None = None
    branches: dict[str, str] = field(default_factory=dict)  # name -> commit sha
    commits: dict[str, dict[str, Any]] = field(default_factory=dict)  # sha -> {tree, parents}
    trees: dict[str, dict[str, bytes]] = field(default_factory=dict)  # sha -> {path: content}
    blobs: dict[str, bytes] = field(default_factory=dict)
    protections: dict[str, dict[str, Any]] = field(default_factory=dict)
    collaborators: dict[str, str] = field(default_factory=dict)  # login -> role name
    invitations: dict[str, str] = field(default_factory=dict)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    pulls: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)
    review_comments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def files(self, branch: str) -> dict[str, bytes]:
        sha = self.branches.get(branch)
        return dict(self.trees[self.commits[sha]["tree"]]) if sha else {}


@dataclass
class Org:
    login: str
    id: int
    owners: set[str]
    members: set[str]
    two_factor_required: bool = True
    plan: str = "team"  # "free": no branch protection on private repositories; "enterprise"
    base_permission: str = "read"


@dataclass
class Fault:
    kind: str  # "status", "rate_limit", "secondary", "slow"
    status: int = 500
    seconds: float = 1.0


class FakeGitHub:
    """GitHub's REST API for one token, its user's login `user`."""

    def __init__(
        self,
        *,
        token: str = "ghp_fakeToken0123456789",  # noqa: S107 - a test token
        user: str = "osu-bot",
    ) -> None:
        self.token, self.user = token, user
        self.users: dict[str, int] = {}
        self.orgs: dict[str, Org] = {}
        self.repos: dict[str, Repo] = {}  # "owner/name" (lower case) -> repo
        self.calls: Counter[str] = Counter()  # "GET /repos/o/r" -> count
        self.log: list[tuple[str, str, int]] = []
        self._faults: list[Fault] = []
        self._ids = itertools.count(1001)
        self._lock = threading.RLock()
        self.add_user(user)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        serve = self._server.serve_forever
        self._thread = threading.Thread(target=serve, kwargs={"poll_interval": 0.02}, daemon=True)

    # Life ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeGitHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    # Seeding ------------------------------------------------------------------------------

    def add_user(self, login: str) -> None:
        self.users.setdefault(login, next(self._ids))

    def add_org(
        self,
        login: str,
        *,
        owners: Iterable[str] = ("osu-bot",),
        members: Iterable[str] = (),
        two_factor_required: bool = True,
        plan: str = "team",
    ) -> Org:
        owners, members = set(owners), set(members)
        for person in owners | members:
            self.add_user(person)
        org = Org(login, next(self._ids), owners, members, two_factor_required, plan)
        self.orgs[login.lower()] = org
        return org

    def add_repo(
        self, owner: str, name: str, *, files: dict[str, bytes] | None = None, **attributes: Any
    ) -> Repo:
        """A repository, with one commit of `files` on its default branch when given."""
        repo = Repo(next(self._ids), owner, name, **attributes)
        if not repo.private and repo.visibility == "private":
            repo.visibility = "public"
        self.repos[repo.full_name.lower()] = repo
        if files:
            self._commit(repo, repo.default_branch, files, "Initial commit", replace_all=True)
        return repo

    def repo(self, full_name: str) -> Repo:
        return self.repos[full_name.lower()]

    # Faults -------------------------------------------------------------------------------

    def fail_next(self, count: int = 1, *, status: int = 500) -> None:
        """The next `count` calls answer `status` (a 5xx)."""
        self._faults += [Fault("status", status) for _ in range(count)]

    def rate_limit_next(
        self, count: int = 1, *, reset_in: float = 1, secondary: bool = False, status: int = 403
    ) -> None:
        """The next `count` calls are rate-limited: the primary limit (remaining 0, a reset time
        `reset_in` seconds ahead) or a secondary limit (retry-after)."""
        kind = "secondary" if secondary else "rate_limit"
        self._faults += [Fault(kind, status, reset_in) for _ in range(count)]

    def slow_next(self, count: int = 1, *, seconds: float = 2.0) -> None:
        """The next `count` calls answer only after `seconds`."""
        self._faults += [Fault("slow", seconds=seconds) for _ in range(count)]

    def _apply_fault(self) -> None:
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
        if fault is None:
            return
        if fault.kind == "slow":
            time.sleep(fault.seconds)
        elif fault.kind == "status":
            raise error(fault.status, "Server Error")
        elif fault.kind == "rate_limit":
            reset = int(time.time() + fault.seconds + 0.999)
            headers = {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0"}
            headers |= {"x-ratelimit-used": "5000", "x-ratelimit-reset": str(reset)}
            answer = error(fault.status, "API rate limit exceeded for user ID 1001.")
            raise Answer(answer.status, answer.body, headers)
        else:
            message = "You have exceeded a secondary rate limit. Please wait a few minutes."
            answer = error(fault.status, message)
            raise Answer(answer.status, answer.body, {"retry-after": str(int(fault.seconds))})

    # Dispatch -----------------------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(target)
        path, query = parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.calls[f"{method} {path}"] += 1
        try:
            self._apply_fault()
            self._authenticate(headers.get("authorization", ""))
            payload = json.loads(body) if body else {}
            for verb, pattern, handler in ROUTES:
                match = re.fullmatch(pattern, path)
                if verb == method and match:
                    with self._lock:
                        return handler(self, query, payload, **match.groupdict())
            raise error(404, "Not Found")
        except Answer as answer:
            return answer.status, answer.body, answer.headers

    def _authenticate(self, authorization: str) -> None:
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() not in {"bearer", "token"} or credential != self.token:
            raise error(401, "Bad credentials")

    # Shapes -------------------------------------------------------------------------------

    def user_json(self, login: str) -> dict[str, Any]:
        user_id = self.users[login]
        url = f"{self.url}/users/{login}"
        return {"login": login, "id": user_id, "node_id": f"U_{user_id}", "type": "User"} | {
            "url": url,
            "html_url": f"https://github.com/{login}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}",
            "site_admin": False,
        }

    def repo_json(self, repo: Repo) -> dict[str, Any]:
        owner = self.orgs[repo.owner.lower()]
        license_ = repo.license and {"key": repo.license.lower(), "spdx_id": repo.license}
        return {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.name,
            "full_name": repo.full_name,
            "owner": {"login": owner.login, "id": owner.id, "type": "Organization"},
            "private": repo.private,
            "visibility": repo.visibility,
            "html_url": f"https://github.com/{repo.full_name}",
            "url": f"{self.url}/repos/{repo.full_name}",
            "description": repo.description or None,
            "archived": repo.archived,
            "disabled": False,
            "has_issues": repo.has_issues,
            "has_wiki": repo.has_wiki,
            "has_projects": True,
            "default_branch": repo.default_branch,
            "size": 0 if not repo.branches else 1,
            "license": license_ and license_ | {"name": repo.license},
            "permissions": {"admin": True, "maintain": True, "push": True, "triage": True},
            "created_at": now_iso(),
            "pushed_at": None,
        }

    def find(self, owner: str, name: str) -> Repo:
        repo = self.repos.get(f"{owner}/{name}".lower())
        if repo is None:
            raise error(404, "Not Found")
        return repo

    def page(
        self, items: list[Any], query: dict[str, str], path: str
    ) -> tuple[int, Any, dict[str, str]]:
        """One page of `items` with GitHub's Link header (next, last, first, prev)."""
        per_page = min(int(query.get("per_page", 30)), 100)
        page = max(int(query.get("page", 1)), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)

        def link(number: int, rel: str) -> str:
            return f'<{self.url}{path}?{urlencode(query | {"page": str(number)})}>; rel="{rel}"'

        links = []
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            links += [link(page - 1, "prev"), link(1, "first")]
        headers = {"link": ", ".join(links)} if links else {}
        return 200, items[(page - 1) * per_page : page * per_page], headers

    # Git ----------------------------------------------------------------------------------

    def _commit(
        self,
        repo: Repo,
        branch: str,
        files: dict[str, bytes],
        message: str,
        *,
        replace_all: bool = False,
    ) -> str:
        tree = {} if replace_all else repo.files(branch)
        tree.update(files)
        tree_sha = sha_of("tree", sorted(tree.items()))
        repo.trees[tree_sha] = tree
        parents = [repo.branches[branch]] if branch in repo.branches else []
        sha = sha_of("commit", tree_sha, parents, message, next(self._ids))
        repo.commits[sha] = {"tree": tree_sha, "parents": parents, "message": message}
        if not repo.branches:
            repo.default_branch = branch
        repo.branches[branch] = sha
        return sha


# Handlers: (self, query, payload, **path parameters) -> (status, body, headers) ---------------

Result = tuple[int, Any, dict[str, str]]


def get_user(gh: FakeGitHub, query: dict[str, str], payload: Any) -> Result:
    return 200, gh.user_json(gh.user), {}


def get_org(gh: FakeGitHub, query: dict[str, str], payload: Any, org: str) -> Result:
    found = _org(gh, org)
    is_owner = gh.user in found.owners
    body = {"login": found.login, "id": found.id, "node_id": f"O_{found.id}"} | {
        "url": f"{gh.url}/orgs/{found.login}",
        "html_url": f"https://github.com/{found.login}",
        "type": "Organization",
        "two_factor_requirement_enabled": found.two_factor_required if is_owner else None,
    }
    if is_owner:
        body |= {"plan": {"name": found.plan}, "default_repository_permission": "read"}
    return 200, body, {}


def get_membership(gh: FakeGitHub, query: dict[str, str], payload: Any, org: str) -> Result:
    found = _org(gh, org)
    if gh.user not in found.owners | found.members:
        raise error(404, "Not Found")
    role = "admin" if gh.user in found.owners else "member"
    organization = {"login": found.login, "id": found.id}
    body = {"state": "active", "role": role, "organization": organization}
    return 200, body | {"user": gh.user_json(gh.user)}, {}


def list_org_members(gh: FakeGitHub, query: dict[str, str], payload: Any, org: str) -> Result:
    found = _org(gh, org)
    role = query.get("role", "all")
    people = {"admin": found.owners, "member": found.members - found.owners}.get(
        role, found.owners | found.members
    )
    items = [gh.user_json(login) for login in sorted(people)]
    return gh.page(items, query, f"/orgs/{org}/members")


def list_org_repos(gh: FakeGitHub, query: dict[str, str], payload: Any, org: str) -> Result:
    _org(gh, org)
    repos = [r for r in gh.repos.values() if r.owner.lower() == org.lower()]
    items = [gh.repo_json(r) for r in sorted(repos, key=lambda r: r.id)]
    return gh.page(items, query, f"/orgs/{org}/repos")


def create_org_repo(gh: FakeGitHub, query: dict[str, str], payload: Any, org: str) -> Result:
    found = _org(gh, org)
    if gh.user not in found.owners:
        raise error(403, "You need admin access to the organization before adding a repository.")
    name = payload.get("name", "")
    if f"{found.login}/{name}".lower() in gh.repos:
        detail = {"resource": "Repository", "code": "custom", "field": "name"}
        detail["message"] = "name already exists on this account"
        raise error(422, "Repository creation failed.", errors=[detail])
    visibility = payload.get("visibility") or ("private" if payload.get("private") else "public")
    if visibility == "internal" and found.plan != "enterprise":
        raise error(422, "Visibility internal is only available to enterprise organizations.")
    repo = gh.add_repo(
        found.login,
        name,
        description=payload.get("description") or "",
        private=visibility != "public",
        visibility=visibility,
        has_issues=payload.get("has_issues", True),
        has_wiki=payload.get("has_wiki", True),
    )
    if payload.get("auto_init"):
        gh._commit(repo, repo.default_branch, {"README.md": f"# {name}\n".encode()}, "Initial")
    return 201, gh.repo_json(repo), {}


def get_repo(gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str) -> Result:
    return 200, gh.repo_json(gh.find(owner, name)), {}


def get_repo_by_id(gh: FakeGitHub, query: dict[str, str], payload: Any, id: str) -> Result:
    for repo in gh.repos.values():
        if str(repo.id) == id:
            return 200, gh.repo_json(repo), {}
    raise error(404, "Not Found")


def update_repo(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = gh.find(owner, name)
    if repo.archived and payload.get("archived", True):
        raise error(403, "Repository was archived so is read-only.")
    visibility = payload.get("visibility")
    if visibility == "internal" and gh.orgs[repo.owner.lower()].plan != "enterprise":
        raise error(422, "Visibility internal is only available to enterprise organizations.")
    if visibility or "private" in payload:
        repo.visibility = visibility or ("private" if payload["private"] else "public")
        repo.private = repo.visibility != "public"
    for key in ("archived", "has_issues", "has_wiki", "description"):
        if key in payload:
            setattr(repo, key, payload[key])
    if "default_branch" in payload:
        if payload["default_branch"] not in repo.branches:
            raise error(422, "Validation Failed")
        repo.default_branch = payload["default_branch"]
    return 200, gh.repo_json(repo), {}


# Branch protection -------------------------------------------------------------------------


def _branch_for_protection(gh: FakeGitHub, owner: str, name: str, branch: str) -> Repo:
    repo = gh.find(owner, name)
    if repo.private and gh.orgs[repo.owner.lower()].plan == "free":
        raise error(
            403, "Upgrade to GitHub Pro or make this repository public to enable this feature."
        )
    if branch not in repo.branches:
        raise error(404, "Branch not found")
    return repo


def get_protection(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, branch: str
) -> Result:
    repo = _branch_for_protection(gh, owner, name, branch)
    if branch not in repo.protections:
        raise error(404, "Branch not protected")
    return 200, repo.protections[branch], {}


def put_protection(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, branch: str
) -> Result:
    repo = _branch_for_protection(gh, owner, name, branch)
    missing = {"required_status_checks", "enforce_admins", "required_pull_request_reviews"}
    missing = (missing | {"restrictions"}) - payload.keys()
    if missing:
        raise error(422, f"Invalid request.\n\n{sorted(missing)[0]} wasn't supplied.")
    url = f"{gh.url}/repos/{repo.full_name}/branches/{branch}/protection"
    reviews = payload["required_pull_request_reviews"]
    body: dict[str, Any] = {
        "url": url,
        "required_status_checks": payload["required_status_checks"],
        "enforce_admins": {
            "url": f"{url}/enforce_admins",
            "enabled": bool(payload["enforce_admins"]),
        },
        "allow_force_pushes": {"enabled": bool(payload.get("allow_force_pushes"))},
        "allow_deletions": {"enabled": bool(payload.get("allow_deletions"))},
        "required_linear_history": {"enabled": bool(payload.get("required_linear_history"))},
        "required_conversation_resolution": {
            "enabled": bool(payload.get("required_conversation_resolution"))
        },
    }
    if reviews is not None:
        body["required_pull_request_reviews"] = {
            "url": f"{url}/required_pull_request_reviews",
            "dismiss_stale_reviews": bool(reviews.get("dismiss_stale_reviews")),
            "require_code_owner_reviews": bool(reviews.get("require_code_owner_reviews")),
            "required_approving_review_count": int(
                reviews.get("required_approving_review_count", 0)
            ),
            "require_last_push_approval": bool(reviews.get("require_last_push_approval")),
        }
    if payload["restrictions"] is not None:
        restrictions = payload["restrictions"]
        body["restrictions"] = {
            "url": f"{url}/restrictions",
            "users": [gh.user_json(u) for u in restrictions.get("users", []) if u in gh.users],
            "teams": [],
            "apps": [],
        }
    repo.protections[branch] = body
    return 200, body, {}


# Collaborators -----------------------------------------------------------------------------


def list_collaborators(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = gh.find(owner, name)
    org = gh.orgs[repo.owner.lower()]
    roles = dict(repo.collaborators)
    if query.get("affiliation", "all") == "all":
        roles |= dict.fromkeys(org.owners, "admin")
        for login in org.members - org.owners:
            roles.setdefault(login, org.base_permission)
    items = []
    for login in sorted(roles):
        granted = ROLE_PERMISSIONS[roles[login]]
        permissions = {p: p in granted for p in ("admin", "maintain", "push", "triage", "pull")}
        items.append(gh.user_json(login) | {"permissions": permissions, "role_name": roles[login]})
    return gh.page(items, query, f"/repos/{repo.full_name}/collaborators")


def put_collaborator(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, user: str
) -> Result:
    repo = gh.find(owner, name)
    if user not in gh.users:
        raise error(404, "Not Found")
    role = PERMISSION_ROLES.get(payload.get("permission", "push"))
    if role is None:
        raise error(422, "Validation Failed")
    org = gh.orgs[repo.owner.lower()]
    if user in repo.collaborators or user in org.members | org.owners:
        repo.collaborators[user] = role
        return 204, None, {}
    repo.invitations[user] = role
    invitation = {"id": next(gh._ids), "invitee": gh.user_json(user), "permissions": role}
    invitation |= {"repository": gh.repo_json(repo), "inviter": gh.user_json(gh.user)}
    return 201, invitation | {"created_at": now_iso()}, {}


def delete_collaborator(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, user: str
) -> Result:
    repo = gh.find(owner, name)
    repo.collaborators.pop(user, None)
    return 204, None, {}


# Contents and git data ---------------------------------------------------------------------


def _content_json(gh: FakeGitHub, repo: Repo, path: str, content: bytes) -> dict[str, Any]:
    blob_sha = sha_of("blob", content)
    return {"type": "file", "name": path.rsplit("/", 1)[-1], "path": path, "sha": blob_sha} | {
        "size": len(content),
        "url": f"{gh.url}/repos/{repo.full_name}/contents/{path}",
    }


def get_contents(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, path: str = ""
) -> Result:
    repo = gh.find(owner, name)
    if not repo.branches:
        raise error(404, "This repository is empty.")
    ref = query.get("ref", repo.default_branch)
    if ref not in repo.branches:
        raise error(404, f"No commit found for the ref {ref}")
    files = repo.files(ref)
    path = path.strip("/")
    if path in files:
        body = _content_json(gh, repo, path, files[path]) | {"encoding": "base64"}
        return 200, body | {"content": base64.b64encode(files[path]).decode()}, {}
    prefix = f"{path}/" if path else ""
    entries: dict[str, dict[str, Any]] = {}
    for file_path, content in files.items():
        if file_path.startswith(prefix):
            head, _, rest = file_path[len(prefix) :].partition("/")
            if rest and head not in entries:
                folder = prefix + head
                entries[head] = {"type": "dir", "name": head, "path": folder, "size": 0}
                entries[head]["sha"] = _subtree(repo, files, folder)
            elif not rest:
                entries[head] = _content_json(gh, repo, file_path, content)
    if not entries:
        raise error(404, "Not Found")
    return 200, [entries[k] for k in sorted(entries)], {}


def _subtree(repo: Repo, files: dict[str, bytes], folder: str) -> str:
    """The sha of the tree of `folder`, kept so that the git trees API can list it."""
    inside = {p[len(folder) + 1 :]: c for p, c in files.items() if p.startswith(f"{folder}/")}
    sha = sha_of("tree", sorted(inside.items()))
    repo.trees[sha] = inside
    return sha


def get_tree(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, sha: str
) -> Result:
    """A tree's entries; with `recursive` (any value, as on GitHub) those of its subtrees too."""
    repo = _non_empty(gh, owner, name)
    if sha in repo.branches:
        sha = repo.commits[repo.branches[sha]]["tree"]
    files = repo.trees.get(sha)
    if files is None:
        raise error(404, "Not Found")
    entries: dict[str, dict[str, Any]] = {}
    for path, content in files.items():
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            entries[folder] = {
                "mode": "040000",
                "type": "tree",
                "sha": _subtree(repo, files, folder),
            }
        blob = {"mode": "100644", "type": "blob", "sha": sha_of("blob", content)}
        entries[path] = blob | {"size": len(content)}
    if "recursive" not in query:
        entries = {path: entry for path, entry in entries.items() if "/" not in path}
    url = f"{gh.url}/repos/{repo.full_name}/git/trees/{sha}"
    tree = [{"path": path} | entries[path] for path in sorted(entries)]
    return 200, {"sha": sha, "url": url, "tree": tree, "truncated": False}, {}


def put_contents(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, path: str
) -> Result:
    repo = gh.find(owner, name)
    branch = payload.get("branch") or repo.default_branch
    if repo.branches and branch not in repo.branches:
        raise error(404, f"Branch {branch} not found")
    existing = repo.files(branch).get(path)
    if existing is not None and payload.get("sha") != sha_of("blob", existing):
        raise error(409, f"{path} does not match {payload.get('sha')}")
    content = base64.b64decode(payload["content"])
    sha = gh._commit(repo, branch, {path: content}, payload["message"])
    commit = {"sha": sha, "message": payload["message"], "parents": []}
    return (
        (201 if existing is None else 200),
        {
            "content": _content_json(gh, repo, path, content),
            "commit": commit | {"tree": {"sha": repo.commits[sha]["tree"]}},
        },
        {},
    )


def _non_empty(gh: FakeGitHub, owner: str, name: str) -> Repo:
    repo = gh.find(owner, name)
    if not repo.branches:
        raise error(409, "Git Repository is empty.")
    return repo


def get_ref(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, ref: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    branch = ref.removeprefix("heads/")
    if branch not in repo.branches:
        raise error(404, "Not Found")
    return 200, _ref_json(gh, repo, branch), {}


def _ref_json(gh: FakeGitHub, repo: Repo, branch: str) -> dict[str, Any]:
    url = f"{gh.url}/repos/{repo.full_name}/git/refs/heads/{branch}"
    target = {"type": "commit", "sha": repo.branches[branch]}
    return {"ref": f"refs/heads/{branch}", "node_id": "REF_1", "url": url, "object": target}


def get_git_commit(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, sha: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    if sha not in repo.commits:
        raise error(404, "Not Found")
    commit = repo.commits[sha]
    parents = [{"sha": p} for p in commit["parents"]]
    return (
        200,
        {"sha": sha, "tree": {"sha": commit["tree"]}, "parents": parents}
        | {"message": commit["message"]},
        {},
    )


def create_blob(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    raw = payload["content"]
    content = base64.b64decode(raw) if payload.get("encoding") == "base64" else raw.encode()
    sha = sha_of("blob", content)
    repo.blobs[sha] = content
    return 201, {"sha": sha, "url": f"{gh.url}/repos/{repo.full_name}/git/blobs/{sha}"}, {}


def create_tree(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    base = payload.get("base_tree")
    if base and base not in repo.trees:
        raise error(422, "base_tree is not a valid tree oid")
    tree = dict(repo.trees[base]) if base else {}
    for entry in payload["tree"]:
        if "content" in entry:
            tree[entry["path"]] = entry["content"].encode()
        elif entry.get("sha") is None:
            tree.pop(entry["path"], None)
        elif entry["sha"] in repo.blobs:
            tree[entry["path"]] = repo.blobs[entry["sha"]]
        else:
            raise error(422, "tree.sha is not a valid blob")
    sha = sha_of("tree", sorted(tree.items()))
    repo.trees[sha] = tree
    return (
        201,
        {"sha": sha, "url": f"{gh.url}/repos/{repo.full_name}/git/trees/{sha}"}
        | {
            "tree": [{"path": p, "mode": "100644", "type": "blob"} for p in sorted(tree)],
            "truncated": False,
        },
        {},
    )


def create_git_commit(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    if payload["tree"] not in repo.trees or any(
        p not in repo.commits for p in payload.get("parents", [])
    ):
        raise error(422, "Tree SHA does not exist")
    sha = sha_of("commit", payload, next(gh._ids))
    repo.commits[sha] = {"tree": payload["tree"], "parents": payload.get("parents", [])}
    repo.commits[sha]["message"] = payload["message"]
    return (
        201,
        {"sha": sha, "tree": {"sha": payload["tree"]}, "message": payload["message"]}
        | {"parents": [{"sha": p} for p in payload.get("parents", [])]},
        {},
    )


def create_ref(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    branch = payload["ref"].removeprefix("refs/heads/")
    if branch in repo.branches:
        raise error(422, "Reference already exists")
    if payload["sha"] not in repo.commits:
        raise error(422, "Object does not exist")
    repo.branches[branch] = payload["sha"]
    return 201, _ref_json(gh, repo, branch), {}


def update_ref(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, ref: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    branch = ref.removeprefix("heads/")
    if branch not in repo.branches:
        raise error(422, "Reference does not exist")
    new = payload["sha"]
    if new not in repo.commits:
        raise error(422, "Object does not exist")
    if not payload.get("force") and repo.branches[branch] not in repo.commits[new]["parents"]:
        raise error(422, "Update is not a fast forward")
    repo.branches[branch] = new
    return 200, _ref_json(gh, repo, branch), {}


def create_status(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str, sha: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    if sha not in repo.commits:
        raise error(422, f"No commit found for SHA: {sha}")
    if payload.get("state") not in {"error", "failure", "pending", "success"}:
        raise error(422, "Validation Failed")
    status = {"id": next(gh._ids), "sha": sha, "state": payload["state"]}
    status |= {k: payload.get(k) for k in ("context", "description", "target_url")}
    status |= {"created_at": now_iso(), "creator": gh.user_json(gh.user)}
    repo.statuses.append(status)
    return 201, status, {}


# Activity ----------------------------------------------------------------------------------


def list_pulls(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = gh.find(owner, name)
    state = query.get("state", "open")
    pulls = [p for p in repo.pulls if state == "all" or p["state"] == state]
    if "head" in query:  # "owner:branch"
        pulls = [p for p in pulls if p.get("head", {}).get("label") == query["head"]]
    if "base" in query:
        pulls = [p for p in pulls if p.get("base", {}).get("ref") == query["base"]]
    key = "updated_at" if query.get("sort") == "updated" else "created_at"
    pulls.sort(key=lambda p: p[key], reverse=query.get("direction", "desc") == "desc")
    return gh.page(pulls, query, f"/repos/{repo.full_name}/pulls")


def create_pull(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = _non_empty(gh, owner, name)
    head, base = payload.get("head"), payload.get("base")
    if not payload.get("title") or head not in repo.branches or base not in repo.branches:
        raise error(422, "Validation Failed", errors=[{"resource": "PullRequest", "field": "head"}])
    label = f"{repo.owner}:{head}"
    if any(p["head"]["label"] == label and p["state"] == "open" for p in repo.pulls):
        raise error(
            422,
            "Validation Failed",
            errors=[{"message": f"A pull request already exists for {label}."}],
        )
    number = len(repo.pulls) + 1
    pull = {
        "id": next(gh._ids),
        "number": number,
        "state": "open",
        "title": payload["title"],
        "body": payload.get("body"),
        "html_url": f"https://github.com/{repo.full_name}/pull/{number}",
        "url": f"{gh.url}/repos/{repo.full_name}/pulls/{number}",
        "user": gh.user_json(gh.user),
        "head": {"label": label, "ref": head, "sha": repo.branches[head]},
        "base": {"label": f"{repo.owner}:{base}", "ref": base, "sha": repo.branches[base]},
        "created_at": now_iso(),
        "updated_at": now_iso(),
        "merged_at": None,
    }
    repo.pulls.append(pull)
    return 201, pull, {}


def list_issues(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = gh.find(owner, name)
    state, since = query.get("state", "open"), query.get("since", "")
    issues = [i for i in repo.issues if (state == "all" or i["state"] == state)]
    issues = [i for i in issues if i["updated_at"] >= since]
    issues.sort(key=lambda i: i["created_at"], reverse=True)
    return gh.page(issues, query, f"/repos/{repo.full_name}/issues")


def list_releases(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = gh.find(owner, name)
    releases = sorted(repo.releases, key=lambda r: r["created_at"], reverse=True)
    return gh.page(releases, query, f"/repos/{repo.full_name}/releases")


def list_review_comments(
    gh: FakeGitHub, query: dict[str, str], payload: Any, owner: str, name: str
) -> Result:
    repo = gh.find(owner, name)
    since = query.get("since", "")
    comments = sorted(
        (c for c in repo.review_comments if c["updated_at"] >= since), key=lambda c: c["created_at"]
    )
    return gh.page(comments, query, f"/repos/{repo.full_name}/pulls/comments")


def _org(gh: FakeGitHub, login: str) -> Org:
    found = gh.orgs.get(login.lower())
    if found is None:
        raise error(404, "Not Found")
    return found


REPO = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
ROUTES: list[tuple[str, str, Callable[..., Result]]] = [
    ("GET", r"/user", get_user),
    ("GET", r"/orgs/(?P<org>[^/]+)", get_org),
    ("GET", r"/user/memberships/orgs/(?P<org>[^/]+)", get_membership),
    ("GET", r"/orgs/(?P<org>[^/]+)/members", list_org_members),
    ("GET", r"/orgs/(?P<org>[^/]+)/repos", list_org_repos),
    ("POST", r"/orgs/(?P<org>[^/]+)/repos", create_org_repo),
    ("GET", r"/repositories/(?P<id>\d+)", get_repo_by_id),
    ("GET", REPO, get_repo),
    ("PATCH", REPO, update_repo),
    ("GET", REPO + r"/branches/(?P<branch>.+)/protection", get_protection),
    ("PUT", REPO + r"/branches/(?P<branch>.+)/protection", put_protection),
    ("GET", REPO + r"/collaborators", list_collaborators),
    ("PUT", REPO + r"/collaborators/(?P<user>[^/]+)", put_collaborator),
    ("DELETE", REPO + r"/collaborators/(?P<user>[^/]+)", delete_collaborator),
    ("GET", REPO + r"/contents/?(?P<path>.*)", get_contents),
    ("PUT", REPO + r"/contents/(?P<path>.+)", put_contents),
    ("GET", REPO + r"/git/ref/(?P<ref>.+)", get_ref),
    ("GET", REPO + r"/git/commits/(?P<sha>\w+)", get_git_commit),
    ("GET", REPO + r"/git/trees/(?P<sha>[^/]+)", get_tree),
    ("POST", REPO + r"/git/blobs", create_blob),
    ("POST", REPO + r"/git/trees", create_tree),
    ("POST", REPO + r"/git/commits", create_git_commit),
    ("POST", REPO + r"/git/refs", create_ref),
    ("PATCH", REPO + r"/git/refs/(?P<ref>.+)", update_ref),
    ("POST", REPO + r"/statuses/(?P<sha>\w+)", create_status),
    ("GET", REPO + r"/pulls", list_pulls),
    ("POST", REPO + r"/pulls", create_pull),
    ("GET", REPO + r"/pulls/comments", list_review_comments),
    ("GET", REPO + r"/issues", list_issues),
    ("GET", REPO + r"/releases", list_releases),
]


def _handler_for(github: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: with Nagle's algorithm the body waits for the
        # client's delayed ACK of the headers, up to 40 ms a call on a kept-alive connection.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer, extra = github.handle(self.command, self.path, headers, body)
            github.log.append((self.command, urlsplit(self.path).path, status))
            data = b"" if answer is None else json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json; charset=utf-8")
                self.send_header("content-length", str(len(data)))
                self.send_header("x-github-api-version-selected", "2022-11-28")
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up waiting (timeout tests)
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve  # noqa: N815 - http.server's names

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
