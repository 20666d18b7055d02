"""The inputs with which the property tests of this folder made a parser raise, each kept as a
plain test: the parser now says what it could not read."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from osunited.assessments.models import Assessment
from osunited.framework import AnswersError, parse_answers
from osunited.scanner._secret_allow import parse_baseline
from osunited.scanner.deps import parser_for
from tests.conftest import Cast, client_for

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


# YAML writes a NUL character as "\0": PostgreSQL refuses it in any text (a 500 on import).
NUL_ANSWERS = b"""framework: cpf-rc1
answers:
  P2.1:
    justification: "\\0"
    rating: full
"""


def test_an_answers_file_with_a_nul_character_is_refused_in_words() -> None:
    with pytest.raises(AnswersError, match=r"P2\.1: texts must not contain the NUL character"):
        parse_answers(NUL_ANSWERS.decode())


def test_importing_answers_with_a_nul_character_is_refused_with_nothing_written(
    cast: Cast,
) -> None:
    upload = SimpleUploadedFile("answers.yaml", NUL_ANSWERS, content_type="application/yaml")

    response = client_for(cast.erin).post(
        reverse("assessments:import", args=["unicef"]), {"answers_file": upload}
    )

    assert response.status_code == 422
    assert b"NUL character" in response.content
    assert not Assessment.objects.exists()
