"""The OSPO staffing plan: each role of the OSEE table sized by the entity's portfolio."""

from __future__ import annotations

from decimal import Decimal

from osunited.osee import OspoRole
from osunited.strategy import Driver, Portfolio, StaffingLine, staffing_plan

CONSULTANTS = "Internal / Contract / External Consultants can be onboarded here if required"
# The seed's "Digital Public Goods Management Program" table of OSPO roles.
SEED_ROLES = (
    OspoRole(
        "Strategy / management",
        ("Government minister", "Chief Information Officer (CIO)", "CISO"),
        "1 CIO at Government level 1 CIO in each Ministry 1 CISO at Government level",
    ),
    OspoRole(
        "Fundraising", ("Funders", "Fundraising Team"), "Fundraising Experts at Country Level"
    ),
    OspoRole("Service design", ("Service designer", "UX/UI Designers"), CONSULTANTS),
    OspoRole("Procurement / IT strategy", ("Digital Procurement Manager",), CONSULTANTS),
    OspoRole(
        "Legal and Policy", ("Legal Policy Officer", "Data Protection Officer"), CONSULTANTS, False
    ),
    OspoRole(
        "Capacity Building",
        ("Training and Development Specialist", "Knowledge & Content Development Officer"),
        CONSULTANTS,
        False,
    ),
    OspoRole(
        "Performance and Monitoring",
        ("Monitoring & Evaluation Officer", "Performance Analyst"),
        "Internal",
        False,
    ),
)
PORTFOLIO = Portfolio(
    projects=12, open_findings=340, licensing_findings=25, people=900, people_to_train=600
)


def plan_by_role() -> dict[str, StaffingLine]:
    return {line.role.role: line for line in staffing_plan(SEED_ROLES, PORTFOLIO).lines}


def test_every_role_of_the_table_has_a_line_sized_by_a_rule_of_ours() -> None:
    lines = staffing_plan(SEED_ROLES, PORTFOLIO).lines
    assert [line.role.role for line in lines] == [role.role for role in SEED_ROLES]
    assert all(line.has_rule for line in lines)


def test_each_line_is_base_plus_a_share_per_unit_rounded_up_to_a_tenth() -> None:
    lines = plan_by_role()
    strategy = lines["Strategy / management"]
    assert strategy.rule.driver == Driver.PROJECTS
    assert strategy.count == 12
    assert strategy.fte == Decimal("0.8")  # 0.5 + 0.02 x 12 = 0.74
    legal = lines["Legal and Policy"]
    assert (legal.count, legal.fte) == (25, Decimal("0.5"))
    training = lines["Capacity Building"]
    assert training.fte == Decimal("2.5")  # 0.1 + 0.004 x 600


def test_a_line_past_its_cap_says_so() -> None:
    monitoring = plan_by_role()["Performance and Monitoring"]
    assert monitoring.computed_fte == Decimal("0.9")
    big = Portfolio(
        projects=0, open_findings=5000, licensing_findings=0, people=0, people_to_train=0
    )
    line = staffing_plan(SEED_ROLES[-1:], big).lines[0]
    assert (line.computed_fte, line.fte, line.capped) == (Decimal("10.2"), Decimal(1), True)


def test_an_empty_portfolio_still_names_the_lead() -> None:
    empty = Portfolio(0, 0, 0, 0, 0)
    lines = {line.role.role: line.fte for line in staffing_plan(SEED_ROLES, empty).lines}
    assert lines["Strategy / management"] == Decimal("0.5")
    assert lines["Service design"] == 0


def test_a_role_without_a_rule_keeps_a_tenth_and_says_it_is_unsized() -> None:
    other = OspoRole("Community manager", ("Community lead",), "Internal")
    (line,) = staffing_plan([other], PORTFOLIO).lines
    assert (line.has_rule, line.fte) == (False, Decimal("0.1"))


def test_the_total_is_the_sum_of_the_lines() -> None:
    plan = staffing_plan(SEED_ROLES, PORTFOLIO)
    assert plan.total_fte == sum(line.fte for line in plan.lines)
