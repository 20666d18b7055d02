"""Experts of the roster, made through the services as people make them."""

from __future__ import annotations

from typing import Any

from osunited.accounts.models import User
from osunited.governance.models import Expert
from osunited.governance.services.experts import Profile, expert_apply, expert_vet

STRATEGY = "strategy/costing-labour-versus-licences"
COMMUNITY = "community-management/tool-community"


def a_profile(**changes: Any) -> Profile:
    facts: dict[str, Any] = {
        "display_name": "Dana Expert",
        "headline": "OSPO lead, 12 years",
        "bio": "Set up two open source program offices.",
        "competencies": [STRATEGY],
        "languages": ["en", "fr"],
        "availability": "Remote, two weeks' notice",
        "interests": "Adviser to Acme Ltd since 2023.",
        "organisations": "Acme Ltd",
        "days_per_month": 4,
    }
    return Profile(**{**facts, **changes})


def an_applicant(user: User, **changes: Any) -> Expert:
    return expert_apply(actor=user, profile=a_profile(**changes))


def a_vetted_expert(user: User, board_member: User, **changes: Any) -> Expert:
    expert = an_applicant(user, **changes)
    return expert_vet(expert=expert, actor=board_member, accepted=True, notes="Welcome.")


def the_form(**changes: Any) -> dict[str, Any]:
    """The application form's fields, as a browser posts them."""
    data: dict[str, Any] = {
        "display_name": "Dana Expert",
        "headline": "OSPO lead, 12 years",
        "bio": "Set up two open source program offices.",
        "competencies": [STRATEGY, COMMUNITY],
        "languages": ["en"],
        "other_languages": "pt, sw",
        "availability": "Remote",
        "days_per_month": "4",
        "interests": "Adviser to Acme Ltd.",
        "organisations": "Acme Ltd\n\n  acme ltd \nUNICEF",
    }
    return {**data, **changes}
