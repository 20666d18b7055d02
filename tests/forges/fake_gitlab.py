"""A GitLab that answers on 127.0.0.1: the part of REST API v4 the GitLab adapter calls, with
GitLab's status codes, error bodies ({"message": ...}), pagination headers and rate-limit
answers, its state in memory.

Tests seed it (`add_user`, `add_group`, `add_project`, ...), read what it received (`calls`,
`route_calls`) and make it misbehave (`fail_next`, `rate_limit_next`, `delay_next`)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

OWNER, MAINTAINER, DEVELOPER, REPORTER, GUEST, NO_ACCESS = 50, 40, 30, 20, 10, 0
STATUS_STATES = {"pending", "running", "success", "failed", "canceled"}
ACCESS_LEVEL_NAMES = {0: "No one", 30: "Developers + Maintainers", 40: "Maintainers", 60: "Admins"}


class ApiError(Exception):
    def __init__(self, status: int, message: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    kind: str  # "error", "rate_limit", "delay"
    status: int = 500
    retry_after: int = 1
    seconds: float = 0.0


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _not_found(what: str) -> ApiError:
    return ApiError(404, f"404 {what} Not Found")


class FakeGitLab:
    """State and behaviour; `start()` serves it over HTTP on a free local port."""

    def __init__(self, *, token: str = "fake-gitlab-token-for-tests", bot: str = "osu-bot"):  # noqa: S107 - a test token
        self.token = token
        self.users: dict[int, dict[str, Any]] = {}
        self.groups: dict[int, dict[str, Any]] = {}
        self.projects: dict[int, dict[str, Any]] = {}
        self.calls: Counter[tuple[str, str]] = Counter()  # (method, path without query)
        self.route_calls: Counter[tuple[str, str]] = Counter()  # (method, "/projects/:id/...")
        self.faults: deque[Fault] = deque()
        self.crashes: list[BaseException] = []  # the fake's own bugs, for the tests to assert
        self.premium = True  # approval rules answer; False: GitLab Free answers 404 (or 403)
        self.free_tier_status = 404
        self._ids = iter(range(1, 1_000_000))
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self.bot = self.add_user(bot)

    # Seeding --------------------------------------------------------------------------------

    def add_user(self, username: str, *, is_admin: bool = False) -> dict[str, Any]:
        user_id = next(self._ids)
        self.users[user_id] = {
            "id": user_id,
            "username": username,
            "name": username.title(),
            "state": "active",
            "avatar_url": None,
            "web_url": f"https://gitlab.example.org/{username}",
            "is_admin": is_admin,
        }
        return self.users[user_id]

    def add_group(
        self, full_path: str, *, require_two_factor: bool = False, bot_access: int | None = OWNER
    ) -> dict[str, Any]:
        """The group and its missing parents; the bot is an owner of the top group by default."""
        parent = None
        parts = full_path.split("/")
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            existing = self.group_by_path(path)
            if existing is None:
                existing = self._new_group(path, parent)
                if parent is None and bot_access:
                    existing["members"][self.bot["id"]] = bot_access
            parent = existing
        assert parent is not None
        parent["require_two_factor_authentication"] = require_two_factor
        return parent

    def _new_group(self, full_path: str, parent: dict[str, Any] | None) -> dict[str, Any]:
        group_id = next(self._ids)
        name = full_path.rsplit("/", 1)[-1]
        self.groups[group_id] = {
            "id": group_id,
            "name": name.title(),
            "path": name,
            "full_path": full_path,
            "full_name": full_path.replace("/", " / "),
            "description": "",
            "visibility": "private",
            "web_url": f"https://gitlab.example.org/groups/{full_path}",
            "parent_id": parent["id"] if parent else None,
            "require_two_factor_authentication": False,
            "two_factor_grace_period": 48,
            "members": {},
        }
        return self.groups[group_id]

    def add_group_member(self, group_path: str, username: str, access: int) -> None:
        group = self.group_by_path(group_path) or self.add_group(group_path)
        user = self.user_by_name(username) or self.add_user(username)
        group["members"][user["id"]] = access

    def add_project(
        self,
        namespace: str,
        path: str,
        *,
        visibility: str = "private",
        files: dict[str, bytes] | None = None,
        default_branch: str = "main",
        license_key: str | None = None,
        description: str = "",
    ) -> dict[str, Any]:
        group = self.group_by_path(namespace) or self.add_group(namespace)
        body = {"name": path, "path": path, "visibility": visibility, "description": description}
        project = self._new_project(group, body)
        project["default_branch"] = default_branch
        project["license_key"] = license_key
        if files:
            self._commit(project, default_branch, "Initial commit", dict(files))
        return project

    def add_merge_request(
        self,
        project_id: int,
        *,
        author: str,
        created_at: str,
        merged_at: str | None = None,
        notes: tuple[tuple[str, str], ...] = (),
    ) -> dict[str, Any]:
        """`notes`: (username, created_at) of each comment, oldest first."""
        project = self.projects[project_id]
        mrs = project["merge_requests"]
        mr = {
            "id": next(self._ids),
            "iid": len(mrs) + 1,
            "project_id": project_id,
            "title": f"Change {len(mrs) + 1}",
            "state": "merged" if merged_at else "opened",
            "created_at": created_at,
            "updated_at": max(created_at, merged_at or "", *(at for _, at in notes)),
            "merged_at": merged_at,
            "closed_at": None,
            "author": self._user_brief(self.user_by_name(author) or self.add_user(author)),
            "user_notes_count": len(notes),
            "notes": [self._note(username, at) for username, at in notes],
        }
        mrs.append(mr)
        return mr

    def _note(self, username: str, created_at: str) -> dict[str, Any]:
        user = self.user_by_name(username) or self.add_user(username)
        return {
            "id": next(self._ids),
            "body": "Looks good.",
            "author": self._user_brief(user),
            "created_at": created_at,
            "system": False,
            "noteable_type": "MergeRequest",
        }

    def add_issue(
        self, project_id: int, *, author: str, created_at: str, closed_at: str | None = None
    ) -> None:
        issues = self.projects[project_id]["issues"]
        issues.append(
            {
                "id": next(self._ids),
                "iid": len(issues) + 1,
                "project_id": project_id,
                "title": f"Issue {len(issues) + 1}",
                "state": "closed" if closed_at else "opened",
                "created_at": created_at,
                "updated_at": closed_at or created_at,
                "closed_at": closed_at,
                "author": self._user_brief(self.user_by_name(author) or self.add_user(author)),
            }
        )

    def add_release(self, project_id: int, *, tag: str, released_at: str) -> None:
        releases = self.projects[project_id]["releases"]
        releases.append(
            {"tag_name": tag, "name": tag, "created_at": released_at, "released_at": released_at}
        )
        releases.sort(key=lambda release: release["released_at"], reverse=True)

    # Fault injection ------------------------------------------------------------------------

    def fail_next(self, count: int = 1, *, status: int = 500) -> None:
        self.faults.extend(Fault("error", status=status) for _ in range(count))

    def rate_limit_next(self, count: int = 1, *, retry_after: int = 1) -> None:
        self.faults.extend(Fault("rate_limit", retry_after=retry_after) for _ in range(count))

    def delay_next(self, count: int = 1, *, seconds: float = 2.0) -> None:
        self.faults.extend(Fault("delay", seconds=seconds) for _ in range(count))

    # Serving --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeGitLab:
        fake = self

        class Handler(_Handler):
            gitlab = fake

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.crashes = self.crashes
        serve = self._server.serve_forever
        threading.Thread(target=serve, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeGitLab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def total_calls(self) -> int:
        return sum(self.calls.values())

    # Lookups ----------------------------------------------------------------------------------

    def group_by_path(self, full_path: str) -> dict[str, Any] | None:
        return next((g for g in self.groups.values() if g["full_path"] == full_path), None)

    def user_by_name(self, username: str) -> dict[str, Any] | None:
        return next((u for u in self.users.values() if u["username"] == username), None)

    def project_by_path(self, full_path: str) -> dict[str, Any] | None:
        return next(
            (p for p in self.projects.values() if p["path_with_namespace"] == full_path), None
        )

    def _group(self, key: str) -> dict[str, Any]:
        group = self.groups.get(int(key)) if key.isdigit() else self.group_by_path(key)
        if group is None:
            raise _not_found("Group")
        return group

    def _project(self, key: str) -> dict[str, Any]:
        project = self.projects.get(int(key)) if key.isdigit() else self.project_by_path(key)
        if project is None:
            raise _not_found("Project")
        return project

    def _user(self, key: str | int) -> dict[str, Any]:
        user = self.users.get(int(key))
        if user is None:
            raise _not_found("User")
        return user

    def _ancestors(self, group: dict[str, Any]) -> Iterator[dict[str, Any]]:
        current: dict[str, Any] | None = group
        while current is not None:
            yield current
            current = self.groups.get(current["parent_id"]) if current["parent_id"] else None

    def _inherited_access(self, group: dict[str, Any]) -> dict[int, int]:
        access: dict[int, int] = {}
        for ancestor in self._ancestors(group):
            for user_id, level in ancestor["members"].items():
                access[user_id] = max(level, access.get(user_id, 0))
        return access

    # Rendering --------------------------------------------------------------------------------

    @staticmethod
    def _user_brief(user: dict[str, Any]) -> dict[str, Any]:
        return {k: user[k] for k in ("id", "username", "name", "state", "avatar_url", "web_url")}

    def _member(self, user_id: int, level: int) -> dict[str, Any]:
        return {**self._user_brief(self.users[user_id]), "access_level": level, "expires_at": None}

    def _group_json(self, group: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in group.items() if k != "members"}

    def _project_json(self, project: dict[str, Any], *, license: bool = False) -> dict[str, Any]:
        hidden = {
            "members",
            "protected_branches",
            "approvals",
            "approval_rules",
            "branches",
            "commits",
            "statuses",
            "merge_requests",
            "issues",
            "releases",
            "license_key",
        }
        body = {k: v for k, v in project.items() if k not in hidden}
        body["empty_repo"] = not project["branches"]
        for feature in ("issues", "wiki", "merge_requests"):
            body[f"{feature}_enabled"] = project[f"{feature}_access_level"] != "disabled"
        if license:
            key = project["license_key"]
            body["license_url"] = f"{project['web_url']}/-/blob/main/LICENSE" if key else None
            body["license"] = (
                {
                    "key": key,
                    "name": key.upper(),
                    "nickname": None,
                    "html_url": "",
                    "source_url": "",
                }
                if key
                else None
            )
        return body

    def _protection_json(self, protection: dict[str, Any]) -> dict[str, Any]:
        def levels(level: int) -> list[dict[str, Any]]:
            return [
                {
                    "id": next(self._ids),
                    "access_level": level,
                    "access_level_description": ACCESS_LEVEL_NAMES.get(level, str(level)),
                    "user_id": None,
                    "group_id": None,
                }
            ]

        return {
            "id": protection["id"],
            "name": protection["name"],
            "push_access_levels": levels(protection["push_access_level"]),
            "merge_access_levels": levels(protection["merge_access_level"]),
            "unprotect_access_levels": [],
            "allow_force_push": protection["allow_force_push"],
            "code_owner_approval_required": protection.get("code_owner_approval_required", False),
        }

    def _rule_json(self, rule: dict[str, Any]) -> dict[str, Any]:
        users = [self._user_brief(self.users[i]) for i in rule["user_ids"]]
        return {
            "id": rule["id"],
            "name": rule["name"],
            "rule_type": "regular",
            "eligible_approvers": users,
            "approvals_required": rule["approvals_required"],
            "users": users,
            "groups": [],
            "contains_hidden_groups": False,
            "protected_branches": [],
            "applies_to_all_protected_branches": True,
        }

    # Projects ---------------------------------------------------------------------------------

    def _new_project(self, group: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        path = body.get("path") or re.sub(r"[^a-z0-9_.-]+", "-", str(body["name"]).lower())
        project_id = next(self._ids)
        full_path = f"{group['full_path']}/{path}"

        def access(feature: str) -> str:
            if f"{feature}_access_level" in body:
                return str(body[f"{feature}_access_level"])
            return "enabled" if body.get(f"{feature}_enabled", True) else "disabled"

        self.projects[project_id] = {
            "id": project_id,
            "name": body.get("name") or path,
            "path": path,
            "description": body.get("description") or "",
            "name_with_namespace": f"{group['full_name']} / {body.get('name') or path}",
            "path_with_namespace": full_path,
            "created_at": now_iso(),
            "default_branch": body.get("default_branch") or "main",
            "visibility": body.get("visibility") or "private",
            "web_url": f"https://gitlab.example.org/{full_path}",
            "http_url_to_repo": f"https://gitlab.example.org/{full_path}.git",
            "ssh_url_to_repo": f"git@gitlab.example.org:{full_path}.git",
            "namespace": {
                "id": group["id"],
                "name": group["name"],
                "path": group["path"],
                "kind": "group",
                "full_path": group["full_path"],
            },
            "archived": False,
            "issues_access_level": access("issues"),
            "wiki_access_level": access("wiki"),
            "merge_requests_access_level": access("merge_requests"),
            "repository_access_level": "enabled",
            "ci_config_path": None,
            "members": {},
            "protected_branches": {},
            "approvals": {
                "approvals_before_merge": 0,
                "reset_approvals_on_push": True,
                "disable_overriding_approvers_per_merge_request": False,
                "merge_requests_author_approval": True,
                "merge_requests_disable_committers_approval": False,
                "require_password_to_approve": False,
            },
            "approval_rules": [],
            "branches": {},  # name -> sha
            "commits": {},  # sha -> {"files": {...}, ...}
            "statuses": {},  # (sha, name) -> status json
            "merge_requests": [],
            "issues": [],
            "releases": [],
            "license_key": None,
        }
        return self.projects[project_id]

    def _commit(
        self,
        project: dict[str, Any],
        branch: str,
        message: str,
        files: dict[str, bytes],
        parent: str | None = None,
    ) -> dict[str, Any]:
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(f"{project['id']}:{branch}:{message}:{parent}:{next(self._ids)}".encode())
        sha = digest.hexdigest()
        commit = {
            "id": sha,
            "short_id": sha[:8],
            "title": message.splitlines()[0] if message else "",
            "message": message,
            "parent_ids": [parent] if parent else [],
            "created_at": now_iso(),
            "author_name": self.bot["name"],
            "files": files,
        }
        project["commits"][sha] = commit
        project["branches"][branch] = sha
        return commit

    def _branch_files(self, project: dict[str, Any], branch: str) -> dict[str, bytes] | None:
        sha = project["branches"].get(branch)
        return None if sha is None else project["commits"][sha]["files"]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    crashes: list[BaseException]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out closes its socket before the delayed answer: not an error here.
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError):
            self.crashes.append(error)


Route = tuple[str, re.Pattern[str], str, Callable[..., Answer]]


class _Handler(BaseHTTPRequestHandler):
    gitlab: FakeGitLab
    protocol_version = "HTTP/1.1"  # connections kept alive, as GitLab's are
    # Headers and body go out in two writes: with Nagle's algorithm the body waits for the
    # client's delayed ACK of the headers on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        fake = self.gitlab
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with fake._lock:
            fake.calls[(method, unquote(parts.path))] += 1
            fault = fake.faults.popleft() if fake.faults else None
        if fault is not None and fault.kind == "delay":
            self.close_connection = True  # the client has given up on this connection
            if fake._stopping.wait(fault.seconds):
                return
            fault = None
        answer = self._fault_answer(fault) if fault else self._route(method, parts.path, query, raw)
        self._send(answer)

    def _fault_answer(self, fault: Fault) -> Answer:
        if fault.kind == "rate_limit":
            reset = int(time.time()) + fault.retry_after
            headers = {
                "Retry-After": str(fault.retry_after),
                "RateLimit-Name": "throttle_authenticated_api",
                "RateLimit-Limit": "60",
                "RateLimit-Observed": "67",
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(reset),
                "RateLimit-ResetTime": formatdate(reset, usegmt=True),
            }
            return Answer(429, "Retry later\n", headers)
        phrase = HTTPStatus(fault.status).phrase
        return Answer(fault.status, {"message": f"{fault.status} {phrase}"})

    def _route(self, method: str, raw_path: str, query: dict[str, str], raw: bytes) -> Answer:
        fake = self.gitlab
        if self.headers.get("PRIVATE-TOKEN") != fake.token:
            return Answer(401, {"message": "401 Unauthorized"})
        path = raw_path.removeprefix("/api/v4")
        for verb, pattern, template, handler in ROUTES:
            match = pattern.fullmatch(path)
            if verb == method and match:
                with fake._lock:
                    fake.route_calls[(method, template)] += 1
                    try:
                        body = json.loads(raw) if raw else {}
                        args = [unquote(group or "") for group in match.groups()]
                        request = Request(query, body, self._base_url(), path)
                        return handler(fake, request, *args)
                    except ApiError as error:
                        return Answer(error.status, {"message": error.message})
        return Answer(404, {"error": "404 Not Found"})

    def _base_url(self) -> str:
        return f"http://{self.headers.get('Host')}"

    def _send(self, answer: Answer) -> None:
        is_text = isinstance(answer.body, str)
        payload = (
            b""
            if answer.body is None
            else (answer.body.encode() if is_text else json.dumps(answer.body).encode())
        )
        self.send_response(answer.status)
        content_type = "text/plain" if is_text else "application/json"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


@dataclass
class Request:
    query: dict[str, str]
    body: dict[str, Any]
    base_url: str
    path: str = ""

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.query.get(name, self.body.get(name, default))
        return value in (True, "true", "1", 1)


# Pagination -------------------------------------------------------------------------------------


def paginate(request: Request, items: list[Any]) -> Answer:
    """One page of `items` with the headers GitLab sends (offset pagination)."""
    per_page = min(int(request.query.get("per_page", 20)), 100)
    page = max(int(request.query.get("page", 1)), 1)
    total_pages = max((len(items) + per_page - 1) // per_page, 1)
    headers = {
        "X-Page": str(page),
        "X-Per-Page": str(per_page),
        "X-Total": str(len(items)),
        "X-Total-Pages": str(total_pages),
        "X-Next-Page": str(page + 1) if page < total_pages else "",
        "X-Prev-Page": str(page - 1) if page > 1 else "",
    }
    links = []
    for rel, number in (
        ("prev", page - 1),
        ("next", page + 1),
        ("first", 1),
        ("last", total_pages),
    ):
        if 1 <= number <= total_pages and (rel in ("first", "last") or number != page):
            params = {**request.query, "page": str(number), "per_page": str(per_page)}
            query = "&".join(f"{k}={v}" for k, v in params.items())
            links.append(f'<{request.base_url}/api/v4{request.path}?{query}>; rel="{rel}"')
    headers["Link"] = ", ".join(links)
    return Answer(200, items[(page - 1) * per_page : page * per_page], headers)


# Handlers ---------------------------------------------------------------------------------------


def get_user(fake: FakeGitLab, request: Request) -> Answer:
    return Answer(200, {**fake.bot, "two_factor_enabled": True})


def list_users(fake: FakeGitLab, request: Request) -> Answer:
    username = request.query.get("username")
    users = [fake._user_brief(u) for u in fake.users.values() if u["username"] == username]
    return paginate(request, users)


def get_group(fake: FakeGitLab, request: Request, key: str) -> Answer:
    return Answer(200, fake._group_json(fake._group(key)))


def group_projects(fake: FakeGitLab, request: Request, key: str) -> Answer:
    group = fake._group(key)
    subgroups = request.flag("include_subgroups")
    projects = [
        fake._project_json(p)
        for p in fake.projects.values()
        if p["namespace"]["id"] == group["id"]
        or (subgroups and group in fake._ancestors(fake.groups[p["namespace"]["id"]]))
    ]
    return paginate(request, projects)


def group_members(fake: FakeGitLab, request: Request, key: str, inherited: str) -> Answer:
    group = fake._group(key)
    access = fake._inherited_access(group) if inherited else group["members"]
    return paginate(request, [fake._member(i, level) for i, level in sorted(access.items())])


def group_member(fake: FakeGitLab, request: Request, key: str, user_id: str) -> Answer:
    level = fake._inherited_access(fake._group(key)).get(int(user_id))
    if level is None:
        raise _not_found("Member")
    return Answer(200, fake._member(int(user_id), level))


def get_project(fake: FakeGitLab, request: Request, key: str) -> Answer:
    return Answer(200, fake._project_json(fake._project(key), license=request.flag("license")))


def create_project(fake: FakeGitLab, request: Request) -> Answer:
    body = request.body
    if not body.get("name") and not body.get("path"):
        raise ApiError(400, "name, path are missing, at least one parameter must be provided")
    group = fake.groups.get(int(body.get("namespace_id") or 0))
    if group is None:
        raise _not_found("Namespace")
    if fake._inherited_access(group).get(fake.bot["id"], 0) < MAINTAINER:
        raise ApiError(403, "403 Forbidden")
    path = body.get("path") or body["name"]
    taken = fake.project_by_path(f"{group['full_path']}/{path}") is not None
    if taken or any(
        p["name"] == body.get("name") and p["namespace"]["id"] == group["id"]
        for p in fake.projects.values()
    ):
        taken_message = ["has already been taken"]
        raise ApiError(400, {"name": taken_message, "path": taken_message})
    if body.get("visibility", "private") not in ("private", "internal", "public"):
        raise ApiError(400, "visibility does not have a valid value")
    project = fake._new_project(group, body)
    return Answer(201, fake._project_json(project))


def update_project(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project = fake._project(key)
    for name in (
        "visibility",
        "description",
        "issues_access_level",
        "wiki_access_level",
        "merge_requests_access_level",
        "default_branch",
    ):
        if name in request.body:
            project[name] = request.body[name]
    return Answer(200, fake._project_json(project))


def archive_project(fake: FakeGitLab, request: Request, key: str, action: str) -> Answer:
    project = fake._project(key)
    project["archived"] = action == "archive"
    return Answer(201, fake._project_json(project))


def list_protected(fake: FakeGitLab, request: Request, key: str) -> Answer:
    protections = fake._project(key)["protected_branches"].values()
    return paginate(request, [fake._protection_json(p) for p in protections])


def get_protected(fake: FakeGitLab, request: Request, key: str, name: str) -> Answer:
    protection = fake._project(key)["protected_branches"].get(name)
    if protection is None:
        raise ApiError(404, "404 Not found")
    return Answer(200, fake._protection_json(protection))


def protect(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project, body = fake._project(key), request.body
    name = body.get("name")
    if not name:
        raise ApiError(400, "name is missing")
    if name in project["protected_branches"]:
        raise ApiError(409, f"Protected branch '{name}' already exists")
    project["protected_branches"][name] = {
        "id": next(fake._ids),
        "name": name,
        "push_access_level": int(body.get("push_access_level", MAINTAINER)),
        "merge_access_level": int(body.get("merge_access_level", MAINTAINER)),
        "allow_force_push": bool(body.get("allow_force_push", False)),
        "code_owner_approval_required": bool(body.get("code_owner_approval_required", False)),
    }
    return Answer(201, fake._protection_json(project["protected_branches"][name]))


def unprotect(fake: FakeGitLab, request: Request, key: str, name: str) -> Answer:
    if fake._project(key)["protected_branches"].pop(name, None) is None:
        raise ApiError(404, "404 Not found")
    return Answer(204, None)


def _premium_project(fake: FakeGitLab, key: str) -> dict[str, Any]:
    project = fake._project(key)
    if not fake.premium:
        raise ApiError(fake.free_tier_status, f"{fake.free_tier_status} Not Found")
    return project


def get_approvals(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project = _premium_project(fake, key)
    return Answer(200, {"approvers": [], "approver_groups": [], **project["approvals"]})


def set_approvals(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project = _premium_project(fake, key)
    for name in project["approvals"]:
        if name in request.body:
            project["approvals"][name] = request.body[name]
    return Answer(201, {"approvers": [], "approver_groups": [], **project["approvals"]})


def list_rules(fake: FakeGitLab, request: Request, key: str) -> Answer:
    rules = _premium_project(fake, key)["approval_rules"]
    return paginate(request, [fake._rule_json(r) for r in rules])


def _rule_user_ids(fake: FakeGitLab, body: dict[str, Any]) -> list[int]:
    ids = [int(i) for i in body.get("user_ids") or [] if int(i) in fake.users]
    for username in body.get("usernames") or []:
        user = fake.user_by_name(username)
        if user is not None:
            ids.append(user["id"])
    return sorted(set(ids))


def create_rule(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project, body = _premium_project(fake, key), request.body
    if any(rule["name"] == body.get("name") for rule in project["approval_rules"]):
        raise ApiError(400, {"name": ["has already been taken"]})
    rule = {
        "id": next(fake._ids),
        "name": body["name"],
        "approvals_required": int(body["approvals_required"]),
        "user_ids": _rule_user_ids(fake, body),
    }
    project["approval_rules"].append(rule)
    return Answer(201, fake._rule_json(rule))


def update_rule(fake: FakeGitLab, request: Request, key: str, rule_id: str) -> Answer:
    project = _premium_project(fake, key)
    rule = next((r for r in project["approval_rules"] if r["id"] == int(rule_id)), None)
    if rule is None:
        raise ApiError(404, "404 Not found")
    if "approvals_required" in request.body:
        rule["approvals_required"] = int(request.body["approvals_required"])
    if "user_ids" in request.body or "usernames" in request.body:
        rule["user_ids"] = _rule_user_ids(fake, request.body)
    return Answer(200, fake._rule_json(rule))


def project_members(fake: FakeGitLab, request: Request, key: str, inherited: str) -> Answer:
    project = fake._project(key)
    access = dict(project["members"])
    if inherited:
        group = fake.groups[project["namespace"]["id"]]
        for user_id, level in fake._inherited_access(group).items():
            access[user_id] = max(level, access.get(user_id, 0))
    return paginate(request, [fake._member(i, level) for i, level in sorted(access.items())])


def add_member(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project, body = fake._project(key), request.body
    user = fake._user(body.get("user_id") or 0)
    if user["id"] in project["members"]:
        raise ApiError(409, "Member already exists")
    project["members"][user["id"]] = int(body["access_level"])
    return Answer(201, fake._member(user["id"], project["members"][user["id"]]))


def change_member(fake: FakeGitLab, request: Request, key: str, user_id: str) -> Answer:
    project = fake._project(key)
    if int(user_id) not in project["members"]:
        raise _not_found("Member")
    project["members"][int(user_id)] = int(request.body["access_level"])
    return Answer(200, fake._member(int(user_id), project["members"][int(user_id)]))


def remove_member(fake: FakeGitLab, request: Request, key: str, user_id: str) -> Answer:
    if fake._project(key)["members"].pop(int(user_id), None) is None:
        raise _not_found("Member")
    return Answer(204, None)


def get_branch(fake: FakeGitLab, request: Request, key: str, name: str) -> Answer:
    project = fake._project(key)
    sha = project["branches"].get(name)
    if sha is None:
        raise _not_found("Branch")
    commit = {k: v for k, v in project["commits"][sha].items() if k != "files"}
    return Answer(200, {"name": name, "commit": commit, "protected": False, "merged": False})


def tree(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project = fake._project(key)
    files = fake._branch_files(project, request.query.get("ref") or project["default_branch"])
    if files is None:
        raise _not_found("Tree")
    prefix = request.query.get("path", "").strip("/")
    prefix = f"{prefix}/" if prefix else ""
    entries: dict[str, str] = {}
    for file_path in files:
        if file_path.startswith(prefix):
            name, _, rest = file_path[len(prefix) :].partition("/")
            entries[name] = "tree" if rest else "blob"
    if prefix and not entries:
        raise _not_found("Tree")
    return paginate(
        request,
        [
            {"id": "0" * 40, "name": n, "type": t, "path": prefix + n, "mode": "100644"}
            for n, t in sorted(entries.items())
        ],
    )


def raw_file(fake: FakeGitLab, request: Request, key: str, file_path: str) -> Answer:
    project = fake._project(key)
    files = fake._branch_files(project, request.query.get("ref") or project["default_branch"])
    content = None if files is None else files.get(file_path)
    if content is None:
        raise _not_found("File")
    return Answer(200, content.decode("utf-8", "replace"))


def create_commit(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project, body = fake._project(key), request.body
    branch, start = body.get("branch"), body.get("start_branch")
    if not branch or not body.get("commit_message") or not body.get("actions"):
        raise ApiError(400, "branch, commit_message, actions are missing")
    parent = project["branches"].get(branch) or (project["branches"].get(start) if start else None)
    if parent is None and project["branches"]:
        raise ApiError(400, "You can only create or edit files when you are on a branch")
    files = dict(project["commits"][parent]["files"]) if parent else {}
    for action in body["actions"]:
        file_path, kind = action["file_path"], action["action"]
        if kind == "create" and file_path in files:
            raise ApiError(400, "A file with this name already exists")
        if kind == "update" and file_path not in files:
            raise ApiError(400, "A file with this name doesn't exist")
        content = action.get("content", "")
        is_base64 = action.get("encoding") == "base64"
        files[file_path] = base64.b64decode(content) if is_base64 else content.encode()
    commit = fake._commit(project, branch, body["commit_message"], files, parent)
    return Answer(201, {k: v for k, v in commit.items() if k != "files"})


def set_status(fake: FakeGitLab, request: Request, key: str, sha: str) -> Answer:
    project, body = fake._project(key), request.body
    if sha not in project["commits"]:
        raise _not_found("Commit")
    state, name = body.get("state"), body.get("name") or "default"
    if state not in STATUS_STATES:
        return Answer(400, {"error": "state does not have a valid value"})
    previous = project["statuses"].get((sha, name))
    if previous is not None and previous["status"] == state:
        event = {"pending": "enqueue", "running": "run", "success": "succeed"}.get(state, "drop")
        raise ApiError(
            400,
            f"Cannot transition status via :{event} from :{state} "
            f'(Reason(s): Status cannot transition via "{event}")',
        )
    project["statuses"][(sha, name)] = {
        "id": next(fake._ids),
        "sha": sha,
        "ref": None,
        "status": state,
        "name": name,
        "target_url": body.get("target_url"),
        "description": body.get("description"),
        "created_at": now_iso(),
        "author": fake._user_brief(fake.bot),
    }
    return Answer(201, project["statuses"][(sha, name)])


def _since_filter(request: Request, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    state = request.query.get("state", "all")
    for name, field_name in (("created_after", "created_at"), ("updated_after", "updated_at")):
        if name in request.query:
            items = [i for i in items if i[field_name] >= request.query[name]]
    return [i for i in items if state == "all" or i["state"] == state]


def list_merge_requests(fake: FakeGitLab, request: Request, key: str) -> Answer:
    mrs = _since_filter(request, fake._project(key)["merge_requests"])
    for name in ("source_branch", "target_branch"):
        if name in request.query:
            mrs = [mr for mr in mrs if mr.get(name) == request.query[name]]
    return paginate(request, [{k: v for k, v in mr.items() if k != "notes"} for mr in mrs])


def create_branch(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project = fake._project(key)
    name = request.body.get("branch") or request.query.get("branch")
    ref = request.body.get("ref") or request.query.get("ref")
    if not name or not ref:
        raise ApiError(400, "branch is missing, ref is missing")
    if name in project["branches"]:
        raise ApiError(400, "Branch already exists")
    sha = project["branches"].get(ref) or (ref if ref in project["commits"] else None)
    if sha is None:
        raise ApiError(400, "Invalid reference name")
    project["branches"][name] = sha
    commit = {k: v for k, v in project["commits"][sha].items() if k != "files"}
    return Answer(201, {"name": name, "commit": commit, "protected": False, "merged": False})


def create_merge_request(fake: FakeGitLab, request: Request, key: str) -> Answer:
    project, body = fake._project(key), request.body
    source, target = body.get("source_branch"), body.get("target_branch")
    if not source or not target or not body.get("title"):
        raise ApiError(400, "source_branch, target_branch, title are missing")
    if source not in project["branches"] or target not in project["branches"]:
        raise ApiError(400, "Invalid source or target branch")
    for mr in project["merge_requests"]:
        if mr.get("source_branch") == source and mr["state"] == "opened":
            raise ApiError(
                409,
                [f"Another open merge request already exists for this source branch: !{mr['iid']}"],
            )
    mrs = project["merge_requests"]
    iid = len(mrs) + 1
    mr = {
        "id": next(fake._ids),
        "iid": iid,
        "project_id": project["id"],
        "title": body["title"],
        "description": body.get("description") or "",
        "state": "opened",
        "created_at": now_iso(),
        "updated_at": now_iso(),
        "merged_at": None,
        "closed_at": None,
        "source_branch": source,
        "target_branch": target,
        "web_url": f"{project['web_url']}/-/merge_requests/{iid}",
        "author": fake._user_brief(fake.bot),
        "user_notes_count": 0,
        "notes": [],
    }
    mrs.append(mr)
    return Answer(201, {k: v for k, v in mr.items() if k != "notes"})


def list_notes(fake: FakeGitLab, request: Request, key: str, iid: str) -> Answer:
    project = fake._project(key)
    mr = next((m for m in project["merge_requests"] if m["iid"] == int(iid)), None)
    if mr is None:
        raise _not_found("Merge Request")
    notes = sorted(mr["notes"], key=lambda note: note["created_at"])
    if request.query.get("sort") != "asc":
        notes.reverse()
    return paginate(request, notes)


def list_issues(fake: FakeGitLab, request: Request, key: str) -> Answer:
    return paginate(request, _since_filter(request, fake._project(key)["issues"]))


def list_releases(fake: FakeGitLab, request: Request, key: str) -> Answer:
    return paginate(request, fake._project(key)["releases"])


def _routes() -> list[Route]:
    table: list[tuple[str, str, Callable[..., Answer]]] = [
        ("GET", "/user", get_user),
        ("GET", "/users", list_users),
        ("GET", "/groups/:id", get_group),
        ("GET", "/groups/:id/projects", group_projects),
        ("GET", "/groups/:id/members:all", group_members),
        ("GET", "/groups/:id/members/all/:user_id", group_member),
        ("POST", "/projects", create_project),
        ("GET", "/projects/:id", get_project),
        ("PUT", "/projects/:id", update_project),
        ("POST", "/projects/:id/:archive", archive_project),
        ("GET", "/projects/:id/protected_branches", list_protected),
        ("POST", "/projects/:id/protected_branches", protect),
        ("GET", "/projects/:id/protected_branches/:name", get_protected),
        ("DELETE", "/projects/:id/protected_branches/:name", unprotect),
        ("GET", "/projects/:id/approvals", get_approvals),
        ("POST", "/projects/:id/approvals", set_approvals),
        ("GET", "/projects/:id/approval_rules", list_rules),
        ("POST", "/projects/:id/approval_rules", create_rule),
        ("PUT", "/projects/:id/approval_rules/:rule_id", update_rule),
        ("GET", "/projects/:id/members:all", project_members),
        ("POST", "/projects/:id/members", add_member),
        ("PUT", "/projects/:id/members/:user_id", change_member),
        ("DELETE", "/projects/:id/members/:user_id", remove_member),
        ("GET", "/projects/:id/repository/branches/:name", get_branch),
        ("POST", "/projects/:id/repository/branches", create_branch),
        ("GET", "/projects/:id/repository/tree", tree),
        ("GET", "/projects/:id/repository/files/:file_path/raw", raw_file),
        ("POST", "/projects/:id/repository/commits", create_commit),
        ("POST", "/projects/:id/statuses/:sha", set_status),
        ("GET", "/projects/:id/merge_requests", list_merge_requests),
        ("POST", "/projects/:id/merge_requests", create_merge_request),
        ("GET", "/projects/:id/merge_requests/:iid/notes", list_notes),
        ("GET", "/projects/:id/issues", list_issues),
        ("GET", "/projects/:id/releases", list_releases),
    ]
    special = {":all": "(/all)?", ":archive": "(archive|unarchive)"}
    routes = []
    for method, template, handler in table:
        regex = re.escape(template)
        for marker, replacement in special.items():
            regex = regex.replace(re.escape(marker), replacement)
        regex = re.sub(r":[a-z_]+", "([^/]+)", regex)
        routes.append((method, re.compile(regex), template.replace(":all", "[/all]"), handler))
    return routes


ROUTES = _routes()
