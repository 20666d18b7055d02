"""`osu publiccode validate` and `osu publiccode init`, through the command line."""

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from osunited.cli import main
from osunited.scanner.publiccode import MAX_BYTES, validate_publiccode
from tests.scanner.test_publiccode import VALID_04, changed

# The logo of VALID_04 is not beside the files written here.
NO_LOGO = changed(VALID_04, "logo: img/logo.svg\n", "")


def osu(*args: str) -> Result:
    return CliRunner().invoke(main, ["publiccode", *args])


def write(tmp_path: Path, text: str, name: str = "publiccode.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_exits_0_and_says_so_for_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, changed(NO_LOGO, '"0.4"', '"0"'))

    result = osu("validate", str(path))

    assert result.exit_code == 0
    assert result.stdout == f"{path}: valid publiccode.yml 0 (0 errors, 0 warnings).\n"


def test_validate_lists_each_problem_then_exits_1(tmp_path: Path) -> None:
    text = changed(NO_LOGO, "developmentStatus: stable", "developmentStatus: done")
    path = write(tmp_path, changed(text, "landingURL:", "landingUrl:"))

    result = osu("validate", str(path))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:1:23: warning: publiccodeYmlVersion: 0.4 is not the latest version; write "
        '"0" to follow the latest 0.x (the file is checked as 0.7).',
        f"{path}:4:1: error: landingUrl: 'landingUrl' is not a key of the standard. "
        "Did you mean 'landingURL'?",
        f"{path}:11:20: error: developmentStatus: 'done' must be one of: beta, concept, "
        "development, obsolete, stable.",
        f"{path}: invalid publiccode.yml (2 errors, 1 warning).",
    ]


def test_validate_looks_for_the_logo_beside_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, changed(VALID_04, '"0.4"', '"0"'))

    missing = osu("validate", str(path))
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_text("<svg/>")

    assert missing.exit_code == 1
    assert "error: logo: 'img/logo.svg': no such file in the repository." in missing.stdout
    assert osu("validate", str(path)).exit_code == 0


def test_validate_exits_0_when_there_are_only_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, changed(NO_LOGO, '"0.4"', '"0.3"'))

    result = osu("validate", str(path))

    assert result.exit_code == 0
    assert "warning: publiccodeYmlVersion:" in result.stdout
    assert result.stdout.endswith("valid publiccode.yml 0.3 (0 errors, 1 warning).\n")


def test_validate_reports_a_yaml_syntax_error_with_its_position(tmp_path: Path) -> None:
    path = write(tmp_path, "name: [Medusa\nurl: x\n")

    result = osu("validate", str(path))

    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:2:4: error: YAML syntax:")


def test_validate_reports_a_file_that_is_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "name: " + "x" * MAX_BYTES)

    result = osu("validate", str(path))

    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}: error: the file is too large")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.yml", "cannot read"),
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: write_bytes(tmp / "latin1.yml", "name: Médusa\n".encode("latin-1")), "UTF-8"),
    ],
)
def test_validate_exits_2_when_the_file_cannot_be_read(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    result = osu("validate", str(make(tmp_path)))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_init_writes_a_valid_draft_and_asks_for_a_review(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "medusa", "license": "MIT"}')

    result = osu("init", str(tmp_path))

    written = tmp_path / "publiccode.yml"
    assert result.exit_code == 0
    assert f"Wrote {written}." in result.stdout
    assert "TODO" in result.stdout
    draft = written.read_text()
    assert 'name: "medusa"' in draft
    assert validate_publiccode(draft).problems == ()


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    existing = write(tmp_path, "keep me\n")

    refused = osu("init", str(tmp_path))

    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert existing.read_text() == "keep me\n"

    forced = osu("init", str(tmp_path), "--force")

    assert forced.exit_code == 0
    assert validate_publiccode(existing.read_text()).valid


def test_init_writes_where_output_says(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    output = tmp_path / "draft.yml"

    result = osu("init", str(project), "--output", str(output))

    assert result.exit_code == 0
    assert validate_publiccode(output.read_text()).valid
    assert not (project / "publiccode.yml").exists()


def test_init_takes_the_license_from_a_scan_of_the_license_text(tmp_path: Path) -> None:
    from osunited.scanner.licenses._data import read_licenses

    bsd = next(r.text for r in read_licenses() if r.key == "bsd-new")
    (tmp_path / "LICENSE").write_text("Copyright (c) 2024 UNHCR\n\n" + bsd)
    result = CliRunner().invoke(main, ["publiccode", "init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    draft = (tmp_path / "publiccode.yml").read_text()
    assert 'license: "BSD-3-Clause"' in draft
    assert validate_publiccode(draft).valid


@pytest.mark.parametrize(
    ("name", "nested"),
    [("package.json", "[" * 100_000 + "]" * 100_000), ("Cargo.toml", "a = " + "[" * 50_000)],
)
def test_init_beside_a_manifest_nested_thousands_deep_still_drafts(
    tmp_path: Path, name: str, nested: str
) -> None:
    (tmp_path / name).write_text(nested)

    result = osu("init", str(tmp_path))

    assert result.exit_code == 0, result.output
    assert validate_publiccode((tmp_path / "publiccode.yml").read_text()).valid
