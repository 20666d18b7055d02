"""docs.showcase and health.history: what a catalog shows of a project once its clone is gone
(a capped README, the publiccode.yml's logo when it is an image in the repository, and the git
history's figures), never scored."""

from __future__ import annotations

import base64
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from osunited.scanner import Outcome, all_checks, scan
from osunited.scanner._history import Commit
from osunited.scanner.checks.docs_showcase import README_KEPT_BYTES
from osunited.scanner.checks.health_history import commits_by_month
from tests.catalog.repos import commit, days_ago

PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'


def showcase(root: Path) -> tuple[Outcome, dict]:  # type: ignore[type-arg]
    result = scan(root, use_cache=False, only=["docs.showcase"]).result("docs.showcase")
    return result.outcome, result.data


def test_neither_check_counts_in_a_score() -> None:
    scored = {check.id: check.scored for check in all_checks()}
    assert scored["docs.showcase"] is False
    assert scored["health.history"] is False


def test_it_keeps_the_readme_and_the_png_logo_named_in_the_publiccode_file(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(PNG)
    (tmp_path / "README.md").write_text("# Tracker\n\nTracks supplies.\n")
    (tmp_path / "publiccode.yml").write_text("publiccodeYmlVersion: '0.4'\nlogo: img/logo.png\n")
    outcome, data = showcase(tmp_path)
    assert outcome == Outcome.PASS
    assert data["readme"] == {
        "path": "README.md",
        "format": "markdown",
        "text": "# Tracker\n\nTracks supplies.\n",
        "truncated": False,
    }
    assert data["logo"]["path"] == "img/logo.png"
    assert data["logo"]["media_type"] == "image/png"
    assert base64.b64decode(data["logo"]["base64"]) == PNG


def test_an_svg_logo_is_known_by_its_content(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_bytes(SVG)
    (tmp_path / "publiccode.yml").write_text("logo: logo.svg\n")
    assert showcase(tmp_path)[1]["logo"]["media_type"] == "image/svg+xml"


@pytest.mark.parametrize(
    ("logo", "content", "why"),
    [
        ("https://example.org/logo.png", None, "not_in_repository"),
        ("../outside.png", None, "not_in_repository"),
        ("missing.png", None, "missing"),
        ("logo.png", b"<html><script>alert(1)</script></html>", "not_an_image"),
        ("logo.png", PNG + bytes(300 * 1024), "too_large"),
    ],
)
def test_a_logo_that_is_no_image_of_the_repository_is_not_kept_and_says_why(
    tmp_path: Path, logo: str, content: bytes | None, why: str
) -> None:
    (tmp_path / "README.md").write_text("# Tracker\n")
    if content is not None:
        (tmp_path / logo).write_bytes(content)
    (tmp_path / "publiccode.yml").write_text(f"logo: '{logo}'\n")
    outcome, data = showcase(tmp_path)
    assert outcome == Outcome.PASS  # the README is kept
    assert data["logo"] is None
    assert data["logo_not_kept"] == why


def test_a_long_readme_is_cut_at_200_kb_on_a_line_end(tmp_path: Path) -> None:
    line = "A line of the README that repeats.\n"
    (tmp_path / "README.md").write_text(line * (README_KEPT_BYTES // len(line) + 100))
    readme = showcase(tmp_path)[1]["readme"]
    assert readme["truncated"] is True
    assert len(readme["text"].encode()) <= README_KEPT_BYTES
    assert readme["text"].endswith("repeats.")


def test_a_readme_in_restructured_text_is_kept_as_text(tmp_path: Path) -> None:
    (tmp_path / "README.rst").write_text("Tracker\n=======\n")
    assert showcase(tmp_path)[1]["readme"]["format"] == "text"


def test_without_readme_or_logo_it_is_not_available(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("print(1)\n")
    assert showcase(tmp_path)[0] == Outcome.NOT_AVAILABLE


def test_a_hostile_publiccode_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Tracker\n")
    (tmp_path / "publiccode.yml").write_text("a: &x [1]\nlogo: *x\n")
    outcome, data = showcase(tmp_path)
    assert outcome == Outcome.PASS
    assert data["logo"] is None


def test_the_history_gives_months_releases_and_top_contributors(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, {"a.txt": "1"}, when=days_ago(40))
    commit(repo, {"a.txt": "2"}, when=days_ago(5))
    _tag(repo, "v1.0.0")
    _tag(repo, "nightly")  # no version: not a release
    result = scan(repo, use_cache=False, only=["health.history"]).result("health.history")
    assert result.outcome == Outcome.PASS
    data = result.data
    assert data["commits"] == 2
    assert data["contributors"] == 1
    assert data["top_contributors"] == [{"name": "Ada", "commits": 2}]
    assert "@" not in str(data)  # no e-mail address is kept
    assert data["releases"] == 1
    assert [r["name"] for r in data["latest_releases"]] == ["v1.0.0"]
    assert len(data["commits_by_month"]) == 24
    assert sum(m["commits"] for m in data["commits_by_month"]) == 2
    assert data["last_commit"].startswith(days_ago(5).date().isoformat())
    assert data["complete"] is True


def test_a_tree_without_history_has_no_history_figures(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("1")
    result = scan(tmp_path, use_cache=False, only=["health.history"]).result("health.history")
    assert result.outcome == Outcome.NOT_AVAILABLE


def test_months_without_commits_count_zero_and_end_with_the_current_month() -> None:
    now = datetime(2026, 3, 15, tzinfo=UTC)
    dates = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 1, 31, tzinfo=UTC))
    commits = [Commit(f"{n}", "Ada", "a@un.org", int(d.timestamp())) for n, d in enumerate(dates)]
    months = commits_by_month(commits, now)
    assert months[0] == {"month": "2024-04", "commits": 0}
    assert months[-3:] == [
        {"month": "2026-01", "commits": 1},
        {"month": "2026-02", "commits": 0},
        {"month": "2026-03", "commits": 1},
    ]


def _tag(repo: Path, name: str) -> None:
    subprocess.run(["git", "tag", name], cwd=repo, check=True)
