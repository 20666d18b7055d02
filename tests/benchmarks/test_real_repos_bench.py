"""benchmarks/real_repos_bench.py: the secret errors on the corpus, judged against the hand-read
`secrets:` and `harmless_keys:`, with their precision and their places."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import real_repos_bench

    yield real_repos_bench
    for name in ("real_repos_bench", "scan_bench", "_common"):
        sys.modules.pop(name, None)


def a_result(bench: ModuleType, repo: str, secrets: list[dict[str, Any]]) -> dict[str, Any]:
    repository = bench.Repository(
        repo=repo,
        commit="0" * 40,
        kind=[],
        files=1,
        license="MIT",
        secrets=["deploy/live.env"],
        harmless_keys=["docker/certs/"],
    )
    cold = {"files": 1, "seconds": 1.0, "cpu_seconds": 1.0, "peak_mb": 1.0}
    cold |= {"has_files_inventory": True, "license": {"expression": "MIT"}, "secrets": secrets}
    cold |= {"publiccode": {"path": None, "valid": None}}
    return {"repo": repo, "cold": cold, "warm": cold, "verdicts": bench.judge(repository, cold)}


def secret(path: str, severity: str = "error", line: int = 4) -> dict[str, Any]:
    return {"rule": "security.secrets.found", "severity": severity, "path": path, "line": line}


def test_it_prints_the_precision_of_secret_errors_and_where_they_are(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    found = [
        secret("deploy/live.env"),
        secret("docker/certs/mocks.key"),
        secret("src/constants.py", line=9),
        secret("src/settings.py", severity="warning"),
    ]
    totals = bench.totals([a_result(bench, "acme/app", found)])

    bench._print_secrets(totals["secret_findings"])

    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == (
        "secret errors: 3, of which 2 false alarms, not among the corpus's `secrets:` (1 on "
        "`harmless_keys:` paths, 1 on no key at all); warnings: 1; precision of errors (true "
        "secrets / errors): 33%"
    )
    assert printed[2:] == [
        "  error: acme/app: deploy/live.env:4 (real, security.secrets.found)",
        "  error: acme/app: docker/certs/mocks.key:4 (harmless key, security.secrets.found)",
        "  error: acme/app: src/constants.py:9 (false alarm, security.secrets.found)",
    ]


def test_no_secret_error_is_said_so_not_divided_by_zero(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    totals = bench.totals([a_result(bench, "acme/app", [secret("a.py", severity="warning")])])

    bench._print_secrets(totals["secret_findings"])

    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(
        "warnings: 1; precision of errors (true secrets / errors): no error raised"
    )
