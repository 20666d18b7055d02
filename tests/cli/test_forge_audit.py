"""`osu forge audit` through the command line, against the in-memory forge."""

import json
from importlib import import_module

import pytest
from click.testing import CliRunner, Result

from osunited.cli import main
from osunited.forges.adapters import ForgeAuthError, ForgeConnection, ForgeNotFound
from tests.forges.memory_forge import MemoryForge
from tests.forges.test_guidelines import compliant_forge

TOKEN = "glpat-secret-token-value"
# The module, not the `forge` group that osunited.cli exports under the same name.
forge_cli = import_module("osunited.cli.forge")
ARGS = ["--kind", "gitlab", "--url", "https://gitlab.test", "--namespace", "unicef"]
FACTS = ["--hosting-team", "unicc", "--un-staff", "alice", "--external", "carol", "--lead", "alice"]
READS = {"namespace_settings", "list_repositories", "repository_settings"}


@pytest.fixture
def forge(monkeypatch: pytest.MonkeyPatch) -> MemoryForge:
    forge = compliant_forge("unicef/survey")

    def adapter_for(connection: ForgeConnection) -> MemoryForge:
        forge.connection = connection
        return forge

    monkeypatch.setattr(forge_cli, "adapter_for", adapter_for)
    monkeypatch.setenv("OSU_FORGE_TOKEN", TOKEN)
    return forge


def osu(*args: str) -> Result:
    return CliRunner().invoke(main, ["forge", "audit", *args])


def test_a_compliant_group_exits_0_and_lists_every_guideline(forge: MemoryForge) -> None:
    result = osu(*ARGS, *FACTS)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "unicef on gitlab (https://gitlab.test): 1 repositories, read-only audit."
    assert "unicef/survey (private)" in lines
    assert sum(line.startswith("  CH") for line in lines) == 12
    assert "CH7   not observable" in result.stdout
    assert TOKEN not in result.output
    assert forge.connection is not None
    assert forge.connection.token == TOKEN


def test_an_unmet_guideline_exits_1_unless_told_never(forge: MemoryForge) -> None:
    forge.repository("unicef/survey").wiki = False

    failing = osu(*ARGS, *FACTS)
    tolerant = osu(*ARGS, *FACTS, "--fail-on", "never")

    assert failing.exit_code == 1
    assert "  CH12  NOT MET         The wiki is turned off." in failing.stdout
    assert "fix: Turn on the wiki in the project's settings." in failing.stdout
    assert tolerant.exit_code == 0


def test_json_holds_each_repository_s_outcomes_and_evidence(forge: MemoryForge) -> None:
    result = osu(*ARGS, *FACTS, "--format", "json")

    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert document["summary"]["CH1"] == {"met": 1, "not_met": 0, "not_observable": 0}
    ch12 = document["repositories"][0]["guidelines"][11]
    assert ch12["id"] == "CH12"
    assert ch12["text"] == "Enable collaborative tools (discussions, issues, milestones)"
    assert ch12["evidence"] == {"issues_enabled": "true", "wiki_enabled": "true"}


def test_dry_run_is_accepted_and_only_reads(forge: MemoryForge) -> None:
    result = osu(*ARGS, *FACTS, "--dry-run")

    assert result.exit_code == 0
    assert set(forge.calls) == READS


def test_help_says_it_only_reads() -> None:
    result = osu("--help")

    assert "Read-only" in result.stdout
    assert "--dry-run" in result.stdout


def test_a_missing_token_is_a_usage_error_without_traceback(
    forge: MemoryForge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OSU_FORGE_TOKEN")

    result = osu(*ARGS, "--token-env", "OSU_FORGE_TOKEN")

    assert result.exit_code == 2
    assert result.stderr == (
        "osu forge audit: set the forge's token in the environment variable OSU_FORGE_TOKEN.\n"
    )
    assert not forge.calls


def test_the_token_is_read_from_the_variable_named(
    forge: MemoryForge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNICEF_GITLAB", "other-token")

    result = osu(*ARGS, "--token-env", "UNICEF_GITLAB")

    assert result.exit_code in (0, 1)
    assert forge.connection is not None
    assert forge.connection.token == "other-token"


def test_a_forge_error_exits_2_with_its_reason_and_never_the_token(forge: MemoryForge) -> None:
    forge.fail_next("namespace_settings", ForgeAuthError(f"401 for token {TOKEN}."))

    result = osu(*ARGS)

    assert result.exit_code == 2
    assert result.stderr == "osu forge audit: gitlab at https://gitlab.test: 401 for token ***.\n"
    assert "Traceback" not in result.output


def test_an_unknown_group_exits_2(forge: MemoryForge) -> None:
    forge.fail_next("namespace_settings", ForgeNotFound("No group unicef/nope."))

    result = osu(*ARGS)

    assert result.exit_code == 2
    assert "No group unicef/nope." in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--kind", "bitbucket", "--url", "https://x.test", "--namespace", "a"],
        ["--kind", "gitlab", "--url", "gitlab.test", "--namespace", "a"],
        ["--kind", "gitlab", "--url", "https://x.test"],
        ["--kind", "gitlab", "--url", "https://x.test", "--namespace", "a", "--token", TOKEN],
    ],
)
def test_bad_options_exit_2_and_reach_no_forge(forge: MemoryForge, args: list[str]) -> None:
    result = osu(*args)

    assert result.exit_code == 2
    assert not forge.calls
    assert result.exception is None or isinstance(result.exception, SystemExit)
