"""Committed secrets: known formats and high-entropy values are found, placeholders are not, the
allowlist is honoured, and no secret value is ever reported or cached in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osunited.scanner import Outcome, scan
from osunited.scanner._secrets import entropy, find_secrets
from tests.scanner.conftest import TreeMaker

# Built from parts so that this file is not itself a committed secret to other scanners.
AWS_KEY = "AKIA" + "Q3EGRJHX5CN7YB2D"
GITHUB_TOKEN = "ghp_" + "x7Kd9fQ2mZ4bN8vR1tY6uP3sW5aE0cL9hJ2g"
PRIVATE_KEY = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEow...\n"
RANDOM_PASSWORD = "q8#Zr!2vLp@9Xw$4Tn"


@pytest.mark.parametrize(
    ("text", "kind"),
    [(f"key = '{AWS_KEY}'", "AWS access key id"), (f"TOKEN={GITHUB_TOKEN}", "GitHub token"),
     (PRIVATE_KEY, "Private key"), (f'password = "{RANDOM_PASSWORD}"', "High-entropy secret")],
)  # fmt: skip
def test_it_finds_credentials(text: str, kind: str) -> None:
    (hit,) = find_secrets("# config\n" + text)
    assert hit.kind == kind
    assert hit.line == 2
    assert len(hit.preview) <= 5


@pytest.mark.parametrize(
    "text",
    ['password = "changeme-please-now"', 'api_key = "${API_KEY_FROM_ENVIRONMENT}"',
     'token = "your-token-goes-here-1234"', 'password = "aaaaaaaaaaaaaaaaaaaa"'],
)  # fmt: skip
def test_it_leaves_placeholders_and_low_entropy_values_alone(text: str) -> None:
    assert find_secrets(text) == []


def test_entropy_tells_random_from_repetitive() -> None:
    assert entropy("aaaaaaaa") == 0
    assert entropy(RANDOM_PASSWORD) > 3.5


def test_the_check_reports_where_without_the_value_and_honours_the_allowlist(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    tree = make_tree(
        {"app/settings.py": f"AWS = '{AWS_KEY}'\n", "deploy/id_rsa": PRIVATE_KEY,
         "tests/fixtures.py": f"TOKEN = '{GITHUB_TOKEN}'\n",
         ".osu-secrets-allow": "tests/*  # fake tokens for tests\n"}
    )  # fmt: skip
    report = scan(tree, cache_dir=tmp_path / "cache", only=["security.secrets"])
    (result,) = report.results
    assert result.outcome == Outcome.FAIL
    assert result.data == {"found": 2, "allowed": 1}
    assert sorted(e.path for f in result.findings for e in f.evidence) == [
        "app/settings.py",
        "deploy/id_rsa",
    ]
    serialised = json.dumps(report.to_dict())
    cached = (tmp_path / "cache" / "scan-cache.sqlite3").read_bytes()
    assert AWS_KEY not in serialised
    assert AWS_KEY.encode() not in cached


def test_a_fingerprint_in_the_allowlist_silences_one_value(make_tree: TreeMaker) -> None:
    (hit,) = find_secrets(f"AWS = '{AWS_KEY}'")
    tree = make_tree(
        {"a.py": f"AWS = '{AWS_KEY}'\n", ".osu-secrets-allow": f"fingerprint:{hit.fingerprint}\n"}
    )
    (result,) = scan(tree, use_cache=False, only=["security.secrets"]).results
    assert result.outcome == Outcome.PASS
