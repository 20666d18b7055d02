"""The inputs with which the property tests of this folder made a parser raise, each kept as a
plain test: the parser now says what it could not read."""

from __future__ import annotations

import pytest

from osunited.scanner._secret_allow import parse_baseline
from osunited.scanner.deps import parser_for

DEEP_TOML = b"a = " + b"[" * 50_000
DEEP_JSON = b"[" * 50_000


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pyproject.toml", DEEP_TOML),
        ("poetry.lock", DEEP_TOML),
        ("uv.lock", DEEP_TOML),
        ("gradle/libs.versions.toml", DEEP_TOML),
        ("Pipfile.lock", DEEP_JSON),
    ],
)
def test_a_dependency_file_nested_too_deeply_is_a_problem_not_a_recursion_error(
    name: str, content: bytes
) -> None:
    chosen = parser_for(f"app/{name}")
    assert chosen is not None
    parser, takes_read = chosen
    args = (f"app/{name}", content, lambda _path: None) if takes_read else (f"app/{name}", content)

    dependencies, problems = parser(*args)

    assert dependencies == []
    assert [(p.path, p.message.split(": ")[1]) for p in problems] == [
        (f"app/{name}", "nested too deeply")
    ]


def test_a_build_script_beside_a_catalog_nested_too_deeply_is_still_read() -> None:
    chosen = parser_for("app/build.gradle")
    assert chosen is not None
    parser, _ = chosen
    script = b"dependencies {\n    implementation 'com.google.guava:guava:33.0.0-jre'\n}\n"

    dependencies, _problems = parser("app/build.gradle", script, lambda _path: DEEP_TOML)

    assert [d.name for d in dependencies] == ["com.google.guava:guava"]


def test_a_secrets_baseline_nested_too_deeply_is_not_a_baseline() -> None:
    allowlist = parse_baseline((b'{"results": ' + DEEP_JSON).decode())

    assert allowlist.problems == (".secrets.baseline is not a detect-secrets baseline",)
