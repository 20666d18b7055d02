"""CH1-CH12: the texts come from the framework file, each probe answers met / not met / not
observable from the forge's settings and the platform's facts, and the audit of a namespace costs
few forge calls."""

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from osunited.forges.adapters import (
    AccessLevel,
    ApprovalRule,
    BranchProtection,
    ForgeAuthError,
    ForgeUnavailable,
    Member,
    MergeSettings,
    NamespaceSettings,
    RemoteRepository,
    RepositorySettings,
    Visibility,
)
from osunited.forges.audit import audit_namespace
from osunited.forges.guidelines import AuditFacts, Outcome, guidelines
from tests.forges.memory_forge import MemoryForge

FRAMEWORK_FILE = Path("src/osunited/framework/frameworks/cpf-rc1.yaml")
MET, NOT_MET, UNSEEN = Outcome.MET, Outcome.NOT_MET, Outcome.NOT_OBSERVABLE
OWNER, MAINTAINER, DEVELOPER = AccessLevel.OWNER, AccessLevel.MAINTAINER, AccessLevel.DEVELOPER
CI = "scan:\n  script: osu scan --format sarif --output osu.sarif .\n"

FACTS = AuditFacts(
    today=date(2026, 6, 1),
    hosting_team=frozenset({"unicc"}),
    un_staff=frozenset({"alice", "frank"}),
    externals=frozenset({"carol"}),
    project_leads=frozenset({"alice"}),
    platform_records=True,
    cla_accepted=frozenset({"carol"}),
    last_compliance_audit=date(2026, 1, 10),
    backup_attested_on=date(2026, 3, 1),
)
NAMESPACE = NamespaceSettings("unicef", True, (Member("unicc", OWNER),))
MAIN = BranchProtection(
    "main", allow_force_push=False, push_access=MAINTAINER, merge_access=MAINTAINER
)
LEADS_RULE = ApprovalRule("UN project leads", 1, ("alice",))
GOOD = RepositorySettings(
    repository=RemoteRepository(
        "1", "unicef/survey", "https://forge.test/unicef/survey", Visibility.PRIVATE, False, "main"
    ),
    issues_enabled=True,
    wiki_enabled=True,
    merge_requests_enabled=True,
    protections=(MAIN,),
    merge=MergeSettings(True, False, False, (LEADS_RULE,)),
    members=(Member("unicc", OWNER, True), Member("alice", MAINTAINER), Member("carol", DEVELOPER)),
    ci_files=(".gitlab-ci.yml",),
    license_spdx="Apache-2.0",
    description="Field survey",
    top_files=(".gitlab-ci.yml", "LICENSE", "README.md"),
    ci_texts={".gitlab-ci.yml": CI},
)
PUBLIC = replace(GOOD.repository, visibility=Visibility.PUBLIC)
NO_RULES = {"merge": None, "unobservable": {"merge": "GitLab Free has no approval rules"}}

# (guideline, changes to the repository's settings, to the namespace's, to the facts, outcome,
# a words of the reason)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], Outcome, str]] = [
    ("CH1", {}, {}, {}, MET, "two-factor"),
    ("CH1", {}, {"two_factor_required": False}, {}, NOT_MET, "does not require two-factor"),
    ("CH1", {"members": ()}, {"members": ()}, {}, NOT_MET, "Nobody is a member"),
    ("CH1", {}, {"two_factor_required": None}, {}, UNSEEN, "two-factor"),
    ("CH2", {}, {}, {}, MET, "protected without force push"),
    ("CH2", {"protections": ()}, {}, {}, NOT_MET, "main is not protected"),
    (
        "CH2",
        {"protections": (replace(MAIN, allow_force_push=True),)},
        {},
        {},
        NOT_MET,
        "Force push",
    ),
    ("CH2", {"protections": (replace(MAIN, push_access=DEVELOPER),)}, {}, {}, NOT_MET, "push"),
    ("CH2", {"protections": (replace(MAIN, branch="ma*"),)}, {}, {}, MET, "protected"),
    ("CH2", {"top_files": ("LICENSE",)}, {}, {}, NOT_MET, "no README"),
    ("CH2", {"description": " "}, {}, {}, NOT_MET, "no description"),
    ("CH2", {"repository": PUBLIC}, {}, {"released": frozenset()}, NOT_MET, "before the committee"),
    ("CH2", {"repository": PUBLIC}, {}, {"released": {"unicef/survey"}}, MET, "README"),
    ("CH2", {"top_files": None}, {}, {}, UNSEEN, "did not list the files"),
    ("CH3", {}, {}, {}, MET, ".gitlab-ci.yml"),
    ("CH3", {"ci_files": ()}, {}, {}, NOT_MET, "no CI file"),
    ("CH3", {"unobservable": {"ci_files": "no read_repository scope"}}, {}, {}, UNSEEN, "scope"),
    ("CH4", {}, {}, {}, MET, "runs security scans"),
    ("CH4", {"ci_texts": {".gitlab-ci.yml": "test:\n  script: pytest\n"}}, {}, {}, NOT_MET, "osu"),
    ("CH4", {"ci_files": (), "ci_texts": {}}, {}, {}, NOT_MET, "no CI pipeline"),
    (
        "CH4",
        {"ci_texts": {".gitlab-ci.yml": "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n"}},
        {},
        {},
        MET,
        "security scans",
    ),
    ("CH4", {"ci_texts": None}, {}, {}, UNSEEN, "content"),
    ("CH5", {}, {}, {}, MET, "hosting team only"),
    ("CH5", {"members": (Member("bob", OWNER),)}, {}, {}, NOT_MET, "held by bob, not"),
    ("CH5", {"members": (Member("carol", MAINTAINER),)}, {}, {}, NOT_MET, "not UN staff"),
    ("CH5", {}, {}, {"un_staff": None}, MET, "unchecked"),
    ("CH5", {}, {}, {"hosting_team": frozenset()}, UNSEEN, "hosting team"),
    ("CH5", {"unobservable": {"members": "403 Forbidden"}}, {}, {}, UNSEEN, "403"),
    ("CH6", {}, {}, {}, MET, "Apache-2.0 is in"),
    ("CH6", {"license_spdx": "MIT OR Apache-2.0"}, {}, {}, MET, "recommended"),
    ("CH6", {"license_spdx": "GPL-2.0-only"}, {}, {}, NOT_MET, "GPL-2.0-only is not"),
    ("CH6", {"license_spdx": "MIT"}, {}, {"recommended_licenses": {"EUPL-1.2"}}, NOT_MET, "MIT"),
    ("CH6", {"license_spdx": None, "top_files": ("README.md",)}, {}, {}, NOT_MET, "no LICENSE"),
    ("CH6", {"license_spdx": "NOASSERTION"}, {}, {}, UNSEEN, "which license"),
    ("CH7", {}, {}, {}, MET, "From the platform's records"),
    ("CH7", {}, {}, {"cla_accepted": frozenset()}, NOT_MET, "carol have not accepted"),
    ("CH7", {}, {}, {"platform_records": False}, UNSEEN, "platform's records"),
    ("CH8", {}, {}, {}, MET, "2026-01-10"),
    ("CH8", {}, {}, {"last_compliance_audit": date(2025, 5, 1)}, NOT_MET, "more than 365"),
    ("CH8", {}, {}, {"last_compliance_audit": None}, NOT_MET, "No audit is recorded"),
    ("CH8", {}, {}, {"platform_records": False}, UNSEEN, "platform's records"),
    ("CH9", {}, {}, {}, MET, "attested"),
    ("CH9", {}, {}, {"backup_attested_on": None}, NOT_MET, "No attestation"),
    ("CH9", {}, {}, {"platform_records": False}, UNSEEN, "hosting team"),
    ("CH10", {}, {}, {}, MET, "approval by alice"),
    ("CH10", {"merge": MergeSettings(False, False, False, (LEADS_RULE,))}, {}, {}, NOT_MET, "push"),
    ("CH10", {"merge": MergeSettings(True, True, False, (LEADS_RULE,))}, {}, {}, NOT_MET, "own"),
    (
        "CH10",
        {"merge": MergeSettings(True, False, False, (ApprovalRule("any", 1, ("alice", "bob")),))},
        {},
        {},
        NOT_MET,
        "No approval rule",
    ),
    ("CH10", {"protections": (replace(MAIN, merge_access=DEVELOPER),)}, {}, {}, NOT_MET, "merge"),
    ("CH10", NO_RULES, {}, {}, UNSEEN, "GitLab Free"),
    (
        "CH10",
        NO_RULES
        | {"protections": (replace(MAIN, code_owner_approval=True),), "code_owners": ("alice",)},
        {},
        {},
        MET,
        "alice",
    ),
    (
        "CH10",
        NO_RULES
        | {"protections": (replace(MAIN, code_owner_approval=True),), "code_owners": ("bob",)},
        {},
        {},
        NOT_MET,
        "CODEOWNERS names bob",
    ),
    ("CH10", {}, {}, {"project_leads": frozenset()}, UNSEEN, "leads were not given"),
    ("CH10", {}, {}, {"leads_by_repository": {"unicef/survey": {"frank"}}}, NOT_MET, "rule"),
    ("CH11", {}, {}, {}, MET, "distinct"),
    (
        "CH11",
        {"members": (Member("alice", MAINTAINER), Member("carol", MAINTAINER))},
        {},
        {},
        NOT_MET,
        "carol",
    ),
    ("CH11", {"members": (Member("frank", DEVELOPER),)}, {}, {}, NOT_MET, "Maintainer role"),
    ("CH11", {}, {}, {"hosting_team": frozenset()}, UNSEEN, "owners are unchecked"),
    ("CH11", {"unobservable": {"members": "403 Forbidden"}}, {}, {}, UNSEEN, "membership"),
    (
        "CH11",
        {"members": (Member("x", OWNER), Member("alice", MAINTAINER))},
        {},
        {},
        NOT_MET,
        "held by x",
    ),
    ("CH12", {}, {}, {}, MET, "on"),
    ("CH12", {"wiki_enabled": False}, {}, {}, NOT_MET, "The wiki is turned off"),
    ("CH12", {"issues_enabled": False}, {}, {}, NOT_MET, "The issues are turned off"),
    ("CH12", {"unobservable": {"wiki_enabled": "403"}}, {}, {}, UNSEEN, "wiki is on"),
]


def probe_of(guideline_id: str) -> Any:
    return next(g.probe for g in guidelines() if g.id == guideline_id)


@pytest.mark.parametrize(
    ("guideline_id", "repository_changes", "namespace_changes", "fact_changes", "outcome", "words"),
    CASES,
    ids=[f"{case[0]}-{case[4].value}-{n}" for n, case in enumerate(CASES)],
)
def test_each_probe_answers_from_the_evidence(
    guideline_id: str,
    repository_changes: dict[str, Any],
    namespace_changes: dict[str, Any],
    fact_changes: dict[str, Any],
    outcome: Outcome,
    words: str,
) -> None:
    settings = replace(GOOD, **repository_changes)
    facts = replace(FACTS, **fact_changes)
    probe = probe_of(guideline_id)(settings, replace(NAMESPACE, **namespace_changes), facts)

    assert probe.outcome is outcome, probe.reason
    assert words in probe.reason
    assert probe.reason.endswith(".")
    assert bool(probe.remediation) is (outcome is NOT_MET) or outcome is UNSEEN


def test_every_guideline_has_met_not_met_and_not_observable_cases() -> None:
    seen = {(case[0], case[4]) for case in CASES}

    assert {(g.id, o) for g in guidelines() for o in Outcome} == seen


def test_a_probe_names_the_api_fields_it_read() -> None:
    probe = probe_of("CH2")(
        replace(GOOD, protections=(replace(MAIN, allow_force_push=True),)), NAMESPACE, FACTS
    )

    assert probe.evidence["protections[main].allow_force_push"] == "true"
    assert probe.evidence["top_files"] == ".gitlab-ci.yml, LICENSE, README.md"
    assert probe.remediation == "Turn off force push on the protected branch main."


def test_texts_and_levels_are_the_framework_files() -> None:
    document = yaml.safe_load(FRAMEWORK_FILE.read_text("utf-8"))
    table = next(t for t in document["guidelines"] if t["pillar"] == "code_hosting")

    assert [(g.id, g.text, [level.value for level in g.levels]) for g in guidelines()] == [
        (item["id"], item["text"], item["levels"]) for item in table["items"]
    ]


def test_ten_guidelines_are_evidenced_automatically() -> None:
    automatic = [g.id for g in guidelines() if g.source.automatic]

    assert len(automatic) >= 10
    assert {"CH7", "CH9"}.isdisjoint(automatic)


# The audit of a namespace ---------------------------------------------------------------------


def compliant_forge(*paths: str, approval_rules: bool = True) -> MemoryForge:
    """A forge whose repositories at `paths` meet every guideline the forge evidences."""
    forge = MemoryForge(approval_rules=approval_rules)
    forge.add_namespace("unicef", members={"unicc": OWNER})
    for path in paths:
        repository = forge.add_repository(
            path,
            description="A project",
            members={"alice": MAINTAINER, "carol": DEVELOPER},
            files={
                "README.md": b"# A project\n",
                "LICENSE": b"SPDX-License-Identifier: Apache-2.0\n",
                ".gitlab-ci.yml": CI.encode(),
            },
        )
        forge.protect_branch(repository.id, "main")
        if approval_rules:
            forge.configure_merge_requests(repository.id, approvers=("alice",))
    forge.calls.clear()
    return forge


def test_a_compliant_namespace_meets_every_guideline() -> None:
    forge = compliant_forge("unicef/survey", "unicef/field/app")

    audit = audit_namespace(forge, "unicef", FACTS)

    assert [r.repository.full_path for r in audit.repositories] == [
        "unicef/field/app",
        "unicef/survey",
    ]
    assert audit.not_met == ()
    assert {g: dict(c) for g, c in audit.outcomes().items()} == {
        g.id: {MET: 2} for g in guidelines()
    }


def test_the_audit_costs_at_most_twelve_calls_per_project_and_changes_nothing() -> None:
    forge = compliant_forge(*(f"unicef/p{n}" for n in range(25)))

    audit = audit_namespace(forge, "unicef", FACTS)

    assert len(audit.repositories) == 25
    assert forge.calls == {
        "namespace_settings": 1,
        "list_repositories": 1,
        "repository_settings": 25,
    }
    assert sum(forge.calls.values()) / 25 <= 12


def test_what_fails_is_named_per_repository() -> None:
    forge = compliant_forge("unicef/survey", "unicef/atlas")
    forge.repository("unicef/atlas").wiki = False

    audit = audit_namespace(forge, "unicef", FACTS)

    assert [(r.repository.full_path, g.guideline.id) for r, g in audit.not_met] == [
        ("unicef/atlas", "CH12")
    ]
    assert audit.to_dict()["summary"]["CH12"] == {"met": 1, "not_met": 1, "not_observable": 0}


def test_a_repository_the_token_may_not_read_is_not_observable() -> None:
    forge = compliant_forge("unicef/survey")
    forge.fail_next("repository_settings", ForgeAuthError("403 Forbidden: insufficient scope."))

    audit = audit_namespace(forge, "unicef", FACTS)

    outcomes = {r.probe.outcome for r in audit.repositories[0].results}
    assert outcomes == {UNSEEN}
    assert "403 Forbidden" in audit.repositories[0].probe("CH3").reason


def test_an_unreachable_forge_stops_the_audit() -> None:
    forge = compliant_forge("unicef/survey")
    forge.fail_next("list_repositories", ForgeUnavailable("GitLab answered 503 three times."))

    with pytest.raises(ForgeUnavailable):
        audit_namespace(forge, "unicef", FACTS)


def test_without_approval_rules_ch10_is_not_observable_with_the_tier() -> None:
    forge = compliant_forge("unicef/survey", approval_rules=False)

    probe = audit_namespace(forge, "unicef", FACTS).repositories[0].probe("CH10")

    assert probe.outcome is UNSEEN
    assert "the tier has no approval rules" in probe.reason
