"""Getting a scan target onto disk: directories in place, git clones, hostile archives."""

from __future__ import annotations

import http.server
import io
import os
import socket
import stat
import subprocess
import tarfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from osunited.scanner import _source
from osunited.scanner._errors import LimitExceeded, ScanError
from osunited.scanner._git import run_git
from osunited.scanner._limits import ScanLimits
from osunited.scanner._source import PreparedTarget, deepen_history, prepare_target

LIMITS = ScanLimits()
MiB = 1024 * 1024


def git(*args: str, cwd: Path, when: datetime | None = None) -> str:
    """Real git, isolated from the machine's configuration, with fixed dates when given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when.isoformat(), GIT_COMMITTER_DATE=when.isoformat())
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    completed = subprocess.run(
        ["git", *identity, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


def make_repo(path: Path, commit_ages_in_days: tuple[int, ...] = (3, 2, 1)) -> Path:
    """A repository with one commit per age (oldest first), each tagged v<n>."""
    path.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=path)
    now = datetime.now(UTC)
    for number, age in enumerate(commit_ages_in_days, start=1):
        (path / "README.md").write_text(f"version {number}\n")
        git("add", "README.md", cwd=path)
        git("commit", "-q", "-m", f"Commit {number}", cwd=path, when=now - timedelta(days=age))
        git("tag", f"v{number}", cwd=path)
    return path


def commit_count(repo: Path) -> int:
    return int(git("rev-list", "--count", "HEAD", cwd=repo))


def work_dir(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir(exist_ok=True)
    return path


# Directories


def test_it_scans_a_plain_directory_in_place_without_history(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "main.py").write_text("print('hello')\n")

    with prepare_target(str(tmp_path / "project"), limits=LIMITS) as prepared:
        assert prepared.root == tmp_path / "project"
        assert prepared.target.kind == "directory"
        assert prepared.target.location == str(tmp_path / "project")
        assert prepared.target.revision is None
        assert prepared.git_dir is None
        assert not prepared.shallow
    assert (tmp_path / "project" / "main.py").read_text() == "print('hello')\n"


def test_it_uses_a_git_work_tree_in_place_with_its_head_commit(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")

    with prepare_target(str(repo), limits=LIMITS) as prepared:
        assert prepared.root == repo
        assert prepared.git_dir == repo
        assert prepared.target.revision == git("rev-parse", "HEAD", cwd=repo)
        assert not prepared.shallow
    assert git("status", "--porcelain", cwd=repo) == ""


def test_it_does_not_take_the_history_of_a_parent_repository(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "sub").mkdir()

    with prepare_target(str(repo / "sub"), limits=LIMITS) as prepared:
        assert prepared.git_dir is None
        assert prepared.target.revision is None


def test_it_has_no_history_for_a_repository_without_commits(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    git("init", "-q", cwd=tmp_path / "empty")

    with prepare_target(str(tmp_path / "empty"), limits=LIMITS) as prepared:
        assert prepared.git_dir is None


def test_it_rejects_a_directory_that_does_not_exist(tmp_path: Path) -> None:
    with (
        pytest.raises(ScanError, match=r"does not exist or is not a directory\. Accepted: "),
        prepare_target(str(tmp_path / "missing"), limits=LIMITS),
    ):
        pass


def test_it_never_runs_the_hooks_or_fsmonitor_of_a_scanned_repository(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    marker = tmp_path / "marker"
    script = tmp_path / "trap.sh"
    script.write_text(f"#!/bin/sh\necho ran >> {marker}\n")
    script.chmod(0o755)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "pre-commit", "reference-transaction"):
        (hooks / hook).symlink_to(script)
    git("config", "core.hooksPath", str(hooks), cwd=repo)
    git("config", "core.fsmonitor", str(script), cwd=repo)

    with prepare_target(str(repo), limits=LIMITS) as prepared:
        assert prepared.git_dir is not None
        run_git(["status"], cwd=prepared.git_dir, timeout=30)
        run_git(["checkout", "-q", "-b", "other"], cwd=prepared.git_dir, timeout=30)
    with prepare_target(repo.as_uri(), limits=LIMITS):
        pass

    assert not marker.exists()
    git("status", cwd=repo)  # plain git does spring the trap: the test proves something
    assert marker.exists()


# Git clones


def test_it_clones_a_file_url_shallowly_and_removes_the_clone_afterwards(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    work = work_dir(tmp_path)

    with prepare_target(repo.as_uri(), limits=LIMITS, work_dir=work) as prepared:
        assert prepared.target.kind == "git"
        assert prepared.target.location == repo.as_uri()
        assert prepared.target.revision == git("rev-parse", "HEAD", cwd=repo)
        assert prepared.git_dir == prepared.root
        assert prepared.shallow
        assert (prepared.root / "README.md").read_text() == "version 3\n"
        assert commit_count(prepared.root) == 1
        assert prepared.root.is_relative_to(work)
    assert list(work.iterdir()) == []


def test_it_clones_a_bare_repository_given_as_a_path_ending_in_dot_git(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    bare = tmp_path / "project.git"
    git("clone", "-q", "--bare", str(repo), str(bare), cwd=tmp_path)

    with prepare_target(str(bare), limits=LIMITS) as prepared:
        assert prepared.target.kind == "git"
        assert prepared.target.location == str(bare)
        assert prepared.shallow
        assert (prepared.root / "README.md").exists()


def test_it_strips_credentials_from_the_location_it_reports(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    url = f"file://someone:s3cret@{repo}"

    with prepare_target(url, limits=LIMITS) as prepared:
        assert prepared.target.location == f"file://{repo}"


def test_a_failed_clone_says_why_without_the_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://token:s3cr%40t@example.org/org/repo.git"

    def failing_git(args: list[str], *, cwd: Path | None, timeout: float) -> str:
        raise ScanError(f"git clone failed: could not read from {url} with s3cr@t and token")

    monkeypatch.setattr(_source, "run_git", failing_git)
    work = work_dir(tmp_path)

    with (
        pytest.raises(ScanError) as raised,
        prepare_target(url, limits=LIMITS, work_dir=work),
    ):
        pass

    message = str(raised.value)
    assert message.startswith("Could not clone https://example.org/org/repo.git (is the URL")
    assert "s3cr" not in message
    assert "token" not in message
    assert raised.value.__cause__ is None
    assert list(work.iterdir()) == []


def test_a_clone_of_a_missing_repository_fails_and_leaves_nothing(tmp_path: Path) -> None:
    work = work_dir(tmp_path)
    url = (tmp_path / "missing").as_uri()

    with (
        pytest.raises(ScanError) as raised,
        prepare_target(url, limits=LIMITS, work_dir=work),
    ):
        pass
    assert str(raised.value) == (
        f"No git repository was found at {url}. Check the address: it is the one you would "
        "give to git clone."
    )
    assert list(work.iterdir()) == []


# Clones that fail: a sentence a person understands, never an errno nor git's stderr

OFFLINE_HINT = "Check the address, or try again later if it is temporarily offline."


def clone_error(url: str) -> str:
    with pytest.raises(ScanError) as raised, prepare_target(url, limits=LIMITS):
        pass
    message = str(raised.value)
    assert "Errno" not in message
    assert "errno" not in message
    assert "fatal" not in message
    return message


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def web_server(status: int, body: bytes) -> Iterator[str]:
    """A local web server that answers every GET with `status` and `body`: not a git server."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_refused_connection_says_the_host_could_not_be_reached() -> None:
    message = clone_error(f"http://127.0.0.1:{closed_port()}/unicef/tracker.git")

    assert message == f"The host 127.0.0.1 could not be reached. {OFFLINE_HINT}"


def test_a_repository_the_server_does_not_have_is_not_found() -> None:
    with web_server(404, b"Not here") as base:
        message = clone_error(f"{base}/unicef/missing.git")

    assert message == (
        f"No git repository was found at {base}/unicef/missing.git. Check the address: it is "
        "the one you would give to git clone."
    )


def test_a_web_server_that_is_not_a_git_server_is_named_as_such() -> None:
    with web_server(200, b"<html><body>Welcome</body></html>") as base:
        message = clone_error(f"{base}/unicef/tracker")

    assert message == (
        f"{base}/unicef/tracker has no commits to scan: the repository is empty, or the server "
        "at 127.0.0.1 is not a git server. Check that the address is the repository's clone "
        "address (it often ends in .git)."
    )


def test_an_empty_repository_has_nothing_to_scan(tmp_path: Path) -> None:
    empty = tmp_path / "empty.git"
    git("init", "-q", "--bare", str(empty), cwd=tmp_path)
    work = work_dir(tmp_path)

    with (
        pytest.raises(ScanError, match=r"has no commits to scan: the repository is empty"),
        prepare_target(empty.as_uri(), limits=LIMITS, work_dir=work),
    ):
        pass
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "git_says", "expected"),
    [
        (
            "https://git.example.org/x.git",
            "fatal: unable to access 'https://git.example.org/x.git/': Could not resolve host: "
            "git.example.org",
            "The host git.example.org could not be found. " + OFFLINE_HINT,
        ),
        (
            "https://git.example.org/x.git",
            "fatal: unable to access 'https://git.example.org/x.git/': Failed to connect to "
            "git.example.org port 443 after 129000 ms: Connection timed out",
            "The host git.example.org did not answer in time. " + OFFLINE_HINT,
        ),
        (
            "https://git.example.org/x.git",
            "git clone took longer than 600 seconds.",
            "Cloning https://git.example.org/x.git took longer than 600 seconds. The host may "
            "be slow or temporarily offline: try again later.",
        ),
        (
            "https://github.com/unicef/secret.git",
            "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
            "https://github.com/unicef/secret.git asks for a password or a key: the repository "
            "is private, or does not exist. Check the address; only repositories anyone can "
            "read can be cloned.",
        ),
        (
            "git@git.example.org:unicef/x.git",
            "fatal: Could not read from remote repository.",
            "git@git.example.org:unicef/x.git could not be read over ssh: the host is offline "
            "or unknown, or did not give access. " + OFFLINE_HINT,
        ),
        (
            "https://git.example.org/openssl/openssl.git",
            "fatal: unable to access 'https://git.example.org/openssl/openssl.git/': The "
            "requested URL returned error: 502",
            "The server at git.example.org did not answer as a git server does. Check that the "
            "address is the repository's clone address (it often ends in .git).",
        ),
    ],
)
def test_what_git_says_becomes_a_sentence_for_a_person(
    monkeypatch: pytest.MonkeyPatch, url: str, git_says: str, expected: str
) -> None:
    def failing_git(args: list[str], *, cwd: Path | None, timeout: float) -> str:
        raise ScanError(
            git_says if git_says.startswith("git ") else f"git clone failed: {git_says}"
        )

    monkeypatch.setattr(_source, "run_git", failing_git)

    assert clone_error(url) == expected


def test_it_deepens_a_shallow_clone_to_the_days_asked_and_fetches_tags(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", commit_ages_in_days=(400, 300, 20, 10, 5))

    with prepare_target(repo.as_uri(), limits=LIMITS) as prepared:
        assert git("tag", cwd=prepared.root) == ""
        deepen_history(prepared, since_days=30, limits=LIMITS)
        assert commit_count(prepared.root) == 3
        assert git("tag", cwd=prepared.root).split() == ["v1", "v2", "v3", "v4", "v5"]


def test_deepening_fetches_the_whole_history_when_no_commit_is_that_recent(
    tmp_path: Path,
) -> None:
    repo = make_repo(tmp_path / "repo", commit_ages_in_days=(500, 400, 300))

    with prepare_target(repo.as_uri(), limits=LIMITS) as prepared:
        deepen_history(prepared, since_days=30, limits=LIMITS)
        assert commit_count(prepared.root) == 3
        assert git("rev-parse", "--is-shallow-repository", cwd=prepared.root) == "false"


def test_deepening_refuses_to_fetch_into_a_scanned_directory(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    shallow = tmp_path / "shallow"
    git("clone", "-q", "--depth", "1", repo.as_uri(), str(shallow), cwd=tmp_path)

    with prepare_target(str(shallow), limits=LIMITS) as prepared:
        assert prepared.shallow
        with pytest.raises(ScanError, match="is a shallow clone, scanned as it is; run `git fetch"):
            deepen_history(prepared, since_days=3650, limits=LIMITS)
    assert commit_count(shallow) == 1


# What is not accepted


def test_it_rejects_an_unsupported_url_scheme() -> None:
    with (
        pytest.raises(ScanError, match=r"ftp:// URLs are not supported. Accepted: a directory"),
        prepare_target("ftp://example.org/project.tar.gz", limits=LIMITS),
    ):
        pass


def test_it_rejects_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    (tmp_path / "notes.zip").write_text("just some text, not a zip\n")

    with (
        pytest.raises(ScanError, match=r"is not an archive the scanner can read. Accepted: "),
        prepare_target(str(tmp_path / "notes.zip"), limits=LIMITS),
    ):
        pass


# Archives: what works


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def make_tar(
    path: Path, members: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w:gz"
) -> Path:
    with tarfile.open(path, mode) as archive:  # type: ignore[call-overload]
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                archive.addfile(member)
            else:
                info = tarfile.TarInfo(member[0])
                info.size = len(member[1])
                archive.addfile(info, io.BytesIO(member[1]))
    return path


def tar_entry(name: str, kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


def test_it_extracts_a_zip_and_uses_its_single_top_level_directory_as_root(
    tmp_path: Path,
) -> None:
    archive = make_zip(
        tmp_path / "project.zip",
        {
            "project-1.0/": b"",
            "project-1.0/src/main.py": b"print(1)\n",
            "project-1.0/LICENSE": b"MIT",
        },
    )
    work = work_dir(tmp_path)

    with prepare_target(str(archive), limits=LIMITS, work_dir=work) as prepared:
        assert prepared.root.name == "project-1.0"
        assert (prepared.root / "src" / "main.py").read_bytes() == b"print(1)\n"
        assert prepared.target.kind == "archive"
        assert prepared.target.location == str(archive)
        assert prepared.git_dir is None
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("project.tar.gz", "w:gz"),
        ("project.tgz", "w:gz"),
        ("project.tar.bz2", "w:bz2"),
        ("project.tar.xz", "w:xz"),
        ("project.tar", "w"),
        ("download", "w:gz"),  # told apart by content, not by name
    ],
)
def test_it_extracts_each_kind_of_tar(tmp_path: Path, name: str, mode: str) -> None:
    archive = make_tar(tmp_path / name, [("project-1.0/README", b"hello")], mode)

    with prepare_target(str(archive), limits=LIMITS) as prepared:
        assert prepared.root.name == "project-1.0"
        assert (prepared.root / "README").read_bytes() == b"hello"


def test_it_scans_the_extraction_directory_when_there_are_several_top_level_entries(
    tmp_path: Path,
) -> None:
    archive = make_zip(tmp_path / "flat.zip", {"README": b"hello", "src/main.py": b""})

    with prepare_target(str(archive), limits=LIMITS) as prepared:
        assert sorted(p.name for p in prepared.root.iterdir()) == ["README", "src"]


def test_it_writes_files_without_setuid_or_exec_bits(tmp_path: Path) -> None:
    info = tarfile.TarInfo("tool")
    info.mode = 0o4777
    info.size = 2
    archive = tmp_path / "tool.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(info, io.BytesIO(b"#!"))

    with prepare_target(str(archive), limits=LIMITS) as prepared:
        assert stat.S_IMODE((prepared.root / "tool").stat().st_mode) == 0o644


def test_it_never_uses_a_git_directory_found_inside_an_archive(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    archive = tmp_path / "with-git.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(repo, arcname="repo")

    with prepare_target(str(archive), limits=LIMITS) as prepared:
        assert (prepared.root / ".git" / "HEAD").exists()
        assert prepared.git_dir is None
        assert prepared.target.revision is None


def test_it_skips_links_that_stay_inside_the_archive(tmp_path: Path) -> None:
    archive = make_tar(
        tmp_path / "links.tar.gz",
        [
            ("p/README.md", b"hello"),
            tar_entry("p/README", tarfile.SYMTYPE, "README.md"),
            tar_entry("p/docs/index", tarfile.SYMTYPE, "../README.md"),
            tar_entry("p/COPY", tarfile.LNKTYPE, "p/README.md"),
        ],
    )

    with prepare_target(str(archive), limits=LIMITS) as prepared:
        assert sorted(p.name for p in prepared.root.rglob("*")) == ["README.md"]


def test_it_removes_its_temporary_directory_when_the_scan_fails(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "p.zip", {"p/README": b"hello"})
    work = work_dir(tmp_path)

    with (
        pytest.raises(RuntimeError, match="the scan broke"),
        prepare_target(str(archive), limits=LIMITS, work_dir=work),
    ):
        raise RuntimeError("the scan broke")
    assert list(work.iterdir()) == []


# Archives: what is refused, leaving nothing behind


def assert_refused(
    tmp_path: Path, archive: Path, match: str, limits: ScanLimits = LIMITS
) -> ScanError:
    work = work_dir(tmp_path)
    with (
        pytest.raises(ScanError, match=match) as raised,
        prepare_target(str(archive), limits=limits, work_dir=work),
    ):
        pytest.fail("an unsafe archive was accepted")
    assert list(work.iterdir()) == []
    assert not (tmp_path / "evil").exists()
    return raised.value


@pytest.mark.parametrize(
    "name",
    ["../evil", "p/../../evil", "..\\evil", "p/..\\..\\evil", "/srv/evil", "C:/evil", "c:evil"],
)
def test_it_rejects_path_traversal_in_a_zip(tmp_path: Path, name: str) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("p/README", b"hello")
        zf.writestr(zipfile.ZipInfo(name), b"pwned")  # ZipInfo keeps the name as written

    assert_refused(tmp_path, archive, "would be written outside the extraction directory")


@pytest.mark.parametrize("name", ["../evil", "p/../../evil", "/srv/evil", "C:\\evil"])
def test_it_rejects_path_traversal_and_absolute_paths_in_a_tar(tmp_path: Path, name: str) -> None:
    archive = make_tar(tmp_path / "evil.tar.gz", [("p/README", b"hello"), (name, b"pwned")])

    assert_refused(tmp_path, archive, "would be written outside the extraction directory")


@pytest.mark.parametrize(
    "link",
    [
        tar_entry("p/passwd", tarfile.SYMTYPE, "/etc/passwd"),
        tar_entry("p/up", tarfile.SYMTYPE, "../../evil"),
        tar_entry("p/deep/up", tarfile.SYMTYPE, "../../../evil"),
        tar_entry("p/hard", tarfile.LNKTYPE, "../evil"),
        tar_entry("p/hard", tarfile.LNKTYPE, "/etc/passwd"),
    ],
    ids=["absolute-symlink", "escaping-symlink", "deep-escaping-symlink", "hard-link", "abs-hard"],
)
def test_it_rejects_links_pointing_outside_a_tar(tmp_path: Path, link: tarfile.TarInfo) -> None:
    archive = make_tar(tmp_path / "links.tar.gz", [("p/README", b"hello"), link])

    assert_refused(tmp_path, archive, "outside the archive; such archives are refused")


def test_it_rejects_a_symlink_pointing_outside_a_zip(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("p/passwd")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(link, "../../etc/passwd")

    assert_refused(tmp_path, archive, "is a link to '../../etc/passwd', outside the archive")


@pytest.mark.parametrize("kind", [tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE])
def test_it_rejects_device_nodes_and_fifos_in_a_tar(tmp_path: Path, kind: bytes) -> None:
    node = tar_entry("p/node", kind)
    node.devmajor, node.devminor = 1, 3
    archive = make_tar(tmp_path / "dev.tar", [("p/README", b"hello"), node], "w")

    assert_refused(tmp_path, archive, "is a device, fifo or other special file")


def test_it_rejects_a_device_node_in_a_zip(tmp_path: Path) -> None:
    node = zipfile.ZipInfo("p/null")
    node.create_system = 3
    node.external_attr = (stat.S_IFCHR | 0o666) << 16
    archive = tmp_path / "dev.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(node, b"")

    assert_refused(tmp_path, archive, "is a device, fifo or other special file")


def test_it_rejects_a_zip_with_too_many_members(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "many.zip", {f"p/{n}": b"" for n in range(11)})

    error = assert_refused(
        tmp_path, archive, "more than 10 members", ScanLimits(max_archive_members=10)
    )
    assert isinstance(error, LimitExceeded)


def test_it_rejects_a_tar_with_too_many_members(tmp_path: Path) -> None:
    archive = make_tar(tmp_path / "many.tar.gz", [(f"p/{n}", b"") for n in range(11)])

    assert_refused(tmp_path, archive, "more than 10 members", ScanLimits(max_archive_members=10))


def test_it_rejects_a_zip_bomb(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bomb.zip", {"p/README": b"hello", "p/zeros": bytes(4 * MiB)})

    error = assert_refused(
        tmp_path,
        archive,
        "'p/zeros' expands more than 100 times its compressed size",
        ScanLimits(max_compression_ratio=100),
    )
    assert isinstance(error, LimitExceeded)


def test_it_rejects_a_tar_bomb(tmp_path: Path) -> None:
    archive = make_tar(tmp_path / "bomb.tar.xz", [("p/zeros", bytes(4 * MiB))], "w:xz")

    assert_refused(
        tmp_path,
        archive,
        "The archive expands more than 100 times its compressed size",
        ScanLimits(max_compression_ratio=100),
    )


def test_it_accepts_small_highly_compressible_files(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "fixture.zip", {"p/padding": b" " * 100_000})

    with prepare_target(str(archive), limits=ScanLimits(max_compression_ratio=10)) as prepared:
        assert (prepared.root / "padding").stat().st_size == 100_000


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_it_stops_writing_at_the_extracted_size_limit(tmp_path: Path, kind: str) -> None:
    data = os.urandom(50_000)
    members = {"p/a": data, "p/b": data}
    if kind == "zip":
        archive = make_zip(tmp_path / "big.zip", members)
    else:
        archive = make_tar(tmp_path / "big.tar", list(members.items()), "w")

    assert_refused(
        tmp_path,
        archive,
        "expands to more than 80000 bytes",
        ScanLimits(max_extracted_bytes=80_000),
    )


def test_it_refuses_a_tar_header_larger_than_a_file_may_be(tmp_path: Path) -> None:
    info = tarfile.TarInfo("p/README")
    info.pax_headers = {"comment": "x" * (2 * MiB)}
    archive = tmp_path / "header.tar.gz"
    with tarfile.open(archive, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(info, io.BytesIO(b""))

    assert_refused(tmp_path, archive, "has a header larger than", ScanLimits(max_file_bytes=MiB))


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "gz-garbage"])
def test_it_rejects_a_corrupted_archive(tmp_path: Path, kind: str) -> None:
    data = os.urandom(200_000)
    if kind == "zip":
        whole = make_zip(tmp_path / "whole.zip", {"p/data": data}).read_bytes()
        broken = whole[: len(whole) // 2] + bytes(100) + whole[len(whole) // 2 + 100 :]
    elif kind == "tar.gz":
        whole = make_tar(tmp_path / "whole.tgz", [("p/data", data)]).read_bytes()
        broken = whole[: len(whole) // 2]
    else:
        broken = b"\x1f\x8b" + os.urandom(1000)
    archive = tmp_path / f"broken.{kind}"
    archive.write_bytes(broken)

    assert_refused(tmp_path, archive, "archive is corrupted")


def test_prepared_targets_are_plain_values(tmp_path: Path) -> None:
    with prepare_target(str(tmp_path), limits=LIMITS) as prepared:
        assert isinstance(prepared, PreparedTarget)
        with pytest.raises(AttributeError):
            prepared.shallow = True  # type: ignore[misc]
