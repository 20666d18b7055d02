"""The shipped catalogue and paths as data: every competency id is the OSEE engine's, every OSEE
module has its entry, nothing unknown is stated, and every role has its path."""

from __future__ import annotations

from osunited import osee
from osunited.learning.models import ModuleKind, PathRole
from osunited.learning.shipped import shipped_modules, shipped_paths


def test_every_competency_of_the_catalogue_is_one_the_osee_engine_knows() -> None:
    known = {competency.id for competency in osee.load_osee().competencies()}
    unknown = [
        f"{entry.slug}: {competency}"
        for entry in shipped_modules()
        for competency in entry.competencies
        if competency not in known
    ]
    assert unknown == []


def test_each_osee_module_has_one_entry_with_all_its_competencies() -> None:
    framework = osee.load_osee()
    entries = {e.osee_module: e for e in shipped_modules() if e.kind == ModuleKind.OSEE}
    assert set(entries) == set(osee.MODULE_IDS)
    for module_id, entry in entries.items():
        expected = [c.id for c in framework.module(module_id).competencies]
        assert list(entry.competencies) == expected, module_id
        assert entry.language == "en"
        assert not entry.url


def test_the_cpf_programmes_are_listed_without_a_link_while_they_are_developed() -> None:
    kinds = {entry.kind: entry for entry in shipped_modules()}
    for kind in (ModuleKind.CPF_BASIC, ModuleKind.CPF_ADVANCED, ModuleKind.TRAIN_THE_TRAINER):
        assert not kinds[kind].url
        assert kinds[kind].duration_minutes is None
        assert kinds[kind].language == ""  # not stated yet


def test_external_courses_link_to_https_pages_and_guess_no_duration() -> None:
    external = [entry for entry in shipped_modules() if entry.kind == ModuleKind.EXTERNAL]
    assert len(external) >= 5
    assert all(entry.url.startswith("https://") for entry in external)
    assert all(entry.duration_minutes is None for entry in external)
    assert all(entry.provider for entry in external)


def test_every_role_has_a_path_whose_steps_say_why() -> None:
    paths = shipped_paths()
    assert {path.role for path in paths} == set(PathRole.values)
    assert all(step.why.strip() for path in paths for step in path.steps)


def test_the_reviewer_path_follows_the_review_committee_checklist() -> None:
    reviewer = next(path for path in shipped_paths() if path.role == PathRole.REVIEWER)
    reasons = " ".join(step.why for step in reviewer.steps)
    for part in (
        "alignment with UN standards",
        "minimum security requirements",
        "open source best practices",
    ):
        assert part in reasons
