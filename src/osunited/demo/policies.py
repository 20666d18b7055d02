"""The demo's policy library: the CSIS records are imported by `migrate`; the demo adds one UN
entity's policy, published by UNICEF's representative with clauses mapped to G2, G3 and P1.1 (so
that it is suggested as evidence in UNICEF's self-assessment), a lesson learned by a UNICEF
developer, and the endorsements of the UN Open Source Principles by UNICEF and WHO, recorded by
the policy library's editor.

The policy and the endorsements are demo data, and say so: the policy's title starts with
"Demo:", its text was written for the demo (Apache-2.0, as the rest of the project), and it states
no year, date or source it does not have; the endorsement dates are relative to today, as every
date of the demo, and name no statement."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from osunited.demo.services import BOARD_SECRETARIAT, demo_user, governance_roles_grant
from osunited.entities.models import Entity
from osunited.policies.models import (
    Action,
    IssuerKind,
    IssuingArea,
    Objective,
    Policy,
    PolicyStatus,
    PolicyType,
    Region,
    Term,
)
from osunited.policies.services.library import (
    ClauseInput,
    endorsement_record,
    lesson_add,
    policy_save,
)

UNICEF_REPRESENTATIVE = "representative@unicef.org"
LESSON_AUTHOR = "developer@unicef.org"
DEMO_NOTE = (
    "Demo text written for the demo of Open Source United: not a UNICEF document. Its clauses "
    "show how a UN entity's policy maps to the Common Policy Framework."
)
CLAUSES = (
    ClauseInput(
        reference="Section 1",
        text="The Office of Innovation is the organization's open source programme office; its "
        "lead reports to the Chief Information Officer, who approved its mandate.",
        items=("G2",),
    ),
    ClauseInput(
        reference="Section 2",
        text="The roles of the office, of project maintainers and of the legal office are "
        "written down and reviewed every year.",
        items=("G3",),
    ),
    ClauseInput(
        reference="Section 3",
        text="Open source is the default choice when software is procured or upgraded; a "
        "proprietary choice is justified in writing.",
        items=("P1.1",),
    ),
)


def load_policies() -> None:
    governance_roles_grant()  # the editor who records the endorsements
    unicef = Entity.objects.get(acronym="UNICEF")
    policy = _unicef_policy(unicef)
    lesson_add(
        policy=policy,
        author=demo_user(LESSON_AUTHOR),
        role="Demo: developer of a project released under the policy",
        text="Demo text: writing open source into the procurement template did more than any "
        "training: every request for proposals now asks the question.",
    )
    editor = demo_user(BOARD_SECRETARIAT)
    today = timezone.localdate()
    endorsement_record(
        actor=editor,
        organisation=unicef.name,
        organisation_kind=IssuerKind.UN_ENTITY,
        entity=unicef,
        endorsed_on=today - timedelta(days=120),
        policies=[policy],
    )
    who = Entity.objects.get(acronym="WHO")
    endorsement_record(
        actor=editor,
        organisation=who.name,
        organisation_kind=IssuerKind.UN_ENTITY,
        entity=who,
        endorsed_on=today - timedelta(days=60),
    )


def _unicef_policy(unicef: Entity) -> Policy:
    return policy_save(
        actor=demo_user(UNICEF_REPRESENTATIVE),
        policy=None,
        fields={
            "title": "Demo: UNICEF open source policy",
            "issuer": unicef.name,
            "issuer_kind": IssuerKind.UN_ENTITY,
            "entity": unicef,
            "region": Region.GLOBAL,
            "issuing_area": IssuingArea.SECRETARIAT,
            "policy_type": PolicyType.STRATEGY,
            "oss_specific": True,
            "action": Action.PROCUREMENT_ADVISORY,
            "term": Term.OSS,
            "status": PolicyStatus.APPROVED,
            "summary": DEMO_NOTE,
            "objectives_text": "Demo text: reuse across country offices, and transparency.",
            "notes": DEMO_NOTE,
            "published": True,
        },
        objectives=[Objective.MODERNIZATION, Objective.TRANSPARENCY],
        sources=[],
        clauses=list(CLAUSES),
    )
