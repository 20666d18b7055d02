"""Cheap, static facts about a project directory for drafting its publiccode.yml.

Reads only a few well-known files (package manifests, LICENSE, MAINTAINERS, CODEOWNERS) and
asks git for the origin remote and the latest tag. Never runs anything of the project's.
"""

from __future__ import annotations

import json
import re
import stat
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from osunited.scanner._errors import ScanError
from osunited.scanner._git import run_git
from osunited.scanner._model import ScanReport
from osunited.scanner.publiccode._types import PublicCodeFacts

_READ_LIMIT = 256 * 1024
_GIT_TIMEOUT = 10.0
_MAX_CONTACTS = 10

_LICENSE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "COPYING")
_MAINTAINER_FILES = ("MAINTAINERS", "MAINTAINERS.md", "MAINTAINERS.txt")
_CODEOWNERS_FILES = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")

_SPDX_ID = re.compile(r"SPDX-License-Identifier:\s*([^\n*#]+?)\s*(?:\*/|-->|$)", re.M)
_NAMED_EMAIL = re.compile(r"([^\s<>@:*#|,-][^<>@:*#|,]*?)\s*<([^<>\s@]+@[^<>\s@]+)>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SCP_LIKE = re.compile(r"(?:[\w.-]+@)?([\w.-]+):(?!//)(.+)")
_VERSION_TAG = re.compile(r"^v(?=\d)")


def facts_from_directory(path: Path) -> PublicCodeFacts:
    """What a quick static look at `path` tells: name, URL, license, latest tag, contacts."""
    manifest = _manifest(path)
    tag, tag_date = _latest_tag(path)
    return PublicCodeFacts(
        name=_text(manifest.get("name")) or path.resolve().name or None,
        url=_origin_url(path) or _https_url(_text(manifest.get("repository"))),
        description=_text(manifest.get("description")),
        license=_license_from_files(path) or _text(manifest.get("license")),
        software_version=_VERSION_TAG.sub("", tag) if tag else _text(manifest.get("version")),
        release_date=tag_date,
        contacts=_contacts(path),
    )


def facts_with_scan(facts: PublicCodeFacts, report: ScanReport) -> PublicCodeFacts:
    """The static facts completed by a scan: the detected license, the latest release and the
    languages of the documentation, where the scan found them."""
    found = {r.check_id: r.data for r in report.results}
    license = found.get("license.project", {}).get("expression")
    releases = found.get("health.releases", {})
    languages = found.get("docs.languages", {}).get("languages") or ()
    last_release = releases.get("last_release")
    return replace(
        facts,
        license=license or facts.license,
        software_version=_VERSION_TAG.sub("", last_release)
        if last_release
        else facts.software_version,
        release_date=releases.get("last_release_date") or facts.release_date,
        languages=tuple(languages) or facts.languages,
    )


def _read(root: Path, name: str) -> str | None:
    """The start of the regular file `name` inside `root`; nothing reached through a link."""
    path = root / name
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        if not path.resolve().is_relative_to(root.resolve()):
            return None
        with path.open("rb") as file:
            return file.read(_READ_LIMIT).decode("utf-8", "replace")
    except OSError:
        return None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _manifest(path: Path) -> dict[str, Any]:
    """name, description, license, version and repository from the first manifest found."""
    for reader in (_pyproject, _package_json, _cargo_toml):
        found = reader(path)
        if any(found.values()):
            return found
    return {}


def _pyproject(path: Path) -> dict[str, Any]:
    project = _toml(path, "pyproject.toml").get("project", {})
    if not isinstance(project, dict):
        return {}
    urls = project.get("urls")
    names = ("repository", "source", "source code")
    repository = (
        next((url for key, url in urls.items() if key.lower() in names), None)
        if isinstance(urls, dict)
        else None
    )
    return {**_fields(project), "repository": repository}


def _package_json(path: Path) -> dict[str, Any]:
    text = _read(path, "package.json")
    try:
        data = json.loads(text) if text else {}
    except (ValueError, RecursionError):  # malformed, or nested thousands deep
        return {}
    if not isinstance(data, dict):
        return {}
    repository = data.get("repository")
    if isinstance(repository, dict):
        repository = repository.get("url")
    return {**_fields(data), "repository": repository}


def _cargo_toml(path: Path) -> dict[str, Any]:
    package = _toml(path, "Cargo.toml").get("package", {})
    return (
        {**_fields(package), "repository": package.get("repository")}
        if isinstance(package, dict)
        else {}
    )


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "description", "license", "version")
    return {key: data.get(key) for key in keys if isinstance(data.get(key), str)}


def _toml(root: Path, name: str) -> dict[str, Any]:
    text = _read(root, name)
    try:
        return tomllib.loads(text) if text else {}
    except (tomllib.TOMLDecodeError, RecursionError):  # malformed, or nested too deep
        return {}


def _license_from_files(path: Path) -> str | None:
    for name in _LICENSE_FILES:
        match = _SPDX_ID.search(_read(path, name) or "")
        if match:
            return match.group(1).strip()
    return None


def _git(path: Path, *args: str) -> str | None:
    try:
        return run_git(list(args), cwd=path, timeout=_GIT_TIMEOUT).strip() or None
    except (ScanError, OSError):
        return None


def _origin_url(path: Path) -> str | None:
    return _https_url(_git(path, "remote", "get-url", "origin"))


def _https_url(remote: str | None) -> str | None:
    """An https:// URL for a git remote, without any credentials it may carry."""
    if not remote:
        return None
    remote = remote.removeprefix("git+")
    scp = _SCP_LIKE.fullmatch(remote)
    if scp and "://" not in remote:
        return f"https://{scp.group(1)}/{scp.group(2).lstrip('/')}"
    try:
        parts = urlsplit(remote)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "ssh", "git") or not host:
        return None
    if port and parts.scheme in ("http", "https"):
        host = f"{host}:{port}"
    return urlunsplit(("https", host, parts.path, "", ""))


def _latest_tag(path: Path) -> tuple[str | None, str | None]:
    """The most recent tag reachable from HEAD and the day it was made."""
    out = _git(
        path,
        "for-each-ref",
        "--merged=HEAD",
        "--sort=-creatordate",
        "--count=1",
        "--format=%(refname:short)%09%(creatordate:short)",
        "refs/tags",
    )
    if not out or "\t" not in out:
        return None, None
    tag, day = out.split("\t", 1)
    return tag or None, day or None


def _contacts(path: Path) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for name in _MAINTAINER_FILES:
        for person, email in _NAMED_EMAIL.findall(_read(path, name) or ""):
            found.setdefault(email.lower(), person.strip())
    for name in _CODEOWNERS_FILES:
        for email in _EMAIL.findall(_read(path, name) or ""):
            # CODEOWNERS has no names: the address stands in for one until a person edits it.
            found.setdefault(email.lower(), email)
    return tuple((person, email) for email, person in list(found.items())[:_MAX_CONTACTS])
