"""Total cost of ownership: the open source option against the proprietary one, by year, by
phase and over 5 and 10 years, in a low and a high band, with the break-even year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from osunited.strategy import (
    Band,
    LabourLine,
    LabourRate,
    LicenceLine,
    LineKind,
    Option,
    Phase,
    PhaseYears,
    RunningLine,
    Scenario,
    TcoError,
    Unit,
    labour_rate,
    load_wage_table,
    total_cost_of_ownership,
)

OS, PROPRIETARY = Option.OPEN_SOURCE, Option.PROPRIETARY
FIVE_YEARS = (
    PhaseYears(Phase.DEVELOP, 1, 1),
    PhaseYears(Phase.DEPLOY, 2, 2),
    PhaseYears(Phase.SCALE, 3, 3),
    PhaseYears(Phase.OPERATE, 4, 5),
)


def entered(amount: int) -> LabourRate:
    return labour_rate(wage=None, entered=Decimal(amount))


def us_wage() -> LabourRate:
    return labour_rate(wage=load_wage_table().get("US"))


def labour(option: Option, phase: Phase, months: str, rate: LabourRate) -> LabourLine:
    return LabourLine(option, "Developer", phase, Decimal(months), rate)


def licence(users: int, phase: Phase = Phase.OPERATE, growth: str = "0") -> LicenceLine:
    return LicenceLine(PROPRIETARY, "Suite", phase, Decimal(200), users, Decimal(growth))


def hosting(cost: str, growth: str = "0", option: Option = OS) -> RunningLine:
    return RunningLine(
        option, "Cloud", LineKind.HOSTING, Phase.OPERATE, Decimal(cost), Decimal(growth)
    )


def scenario(
    *,
    labour: tuple[LabourLine, ...] = (),
    licences: tuple[LicenceLine, ...] = (),
    running: tuple[RunningLine, ...] = (),
) -> Scenario:
    return Scenario(5, FIVE_YEARS, labour=labour, licences=licences, running=running)


SAMPLE = scenario(
    labour=(
        labour(OS, Phase.DEVELOP, "12", entered(5000)),
        labour(OS, Phase.OPERATE, "6", us_wage()),
        labour(PROPRIETARY, Phase.DEVELOP, "2", entered(5000)),
    ),
    licences=(licence(50, Phase.DEPLOY), licence(1000, growth="10")),
    running=(hosting("1000", growth="10"),),
)


def test_each_year_is_the_sum_of_its_lines_in_each_band() -> None:
    years = total_cost_of_ownership(SAMPLE).years
    assert [y.cost.open_source.low for y in years] == [
        Decimal("60000.00"),
        0,
        0,
        Decimal("17685.01"),  # 3 person-months x 5,561.67 + hosting 1,000
        Decimal("17785.01"),  # hosting grown 10%: 1,100
    ]
    assert years[3].cost.open_source.high == Decimal("42739.99")  # 3 x 13,913.33 + 1,000
    assert [y.cost.proprietary.low for y in years] == [
        Decimal("10000.00"),
        Decimal("10000.00"),  # 50 users x 200
        0,
        Decimal("200000.00"),
        Decimal("220000.00"),  # 1,000 users grown 10%: 1,100 x 200
    ]


def test_the_difference_is_proprietary_minus_open_source_and_accumulates() -> None:
    fourth = total_cost_of_ownership(SAMPLE).years[3]
    assert fourth.cost.difference == Band(Decimal("182314.99"), Decimal("157260.01"))
    assert fourth.cumulative.open_source.low == Decimal("77685.01")
    assert fourth.cumulative.proprietary.low == Decimal("220000.00")


def test_the_break_even_year_is_when_open_source_stays_cheaper() -> None:
    result = total_cost_of_ownership(SAMPLE)
    assert (result.break_even_low, result.break_even_high) == (4, 4)


def test_no_break_even_within_the_horizon_is_none() -> None:
    costly = scenario(labour=(labour(OS, Phase.DEVELOP, "100", entered(9000)),))
    result = total_cost_of_ownership(costly)
    assert (result.break_even_low, result.break_even_high) == (None, None)


def test_cheaper_at_first_but_not_at_the_end_is_no_break_even() -> None:
    late = scenario(
        labour=(labour(PROPRIETARY, Phase.DEVELOP, "1", entered(100)),),
        running=(hosting("1000"),),
    )
    assert total_cost_of_ownership(late).break_even_low is None


def test_every_figure_keeps_the_lines_it_was_computed_from() -> None:
    fourth = total_cost_of_ownership(SAMPLE).years[3]
    developer = next(line for line in fourth.cost.lines if line.kind == LineKind.LABOUR)
    assert developer.unit == Unit.PERSON_MONTHS
    assert (developer.base, developer.spread_years, developer.quantity) == (
        Decimal(6),
        2,
        Decimal("3.00"),
    )
    assert developer.wage is not None
    assert developer.wage.country == "US"
    suite = next(line for line in fourth.cost.lines if line.kind == LineKind.LICENCE)
    assert (suite.quantity, suite.growth_years) == (1000, 0)
    assert sum(line.amount.low for line in fourth.cost.lines) == (
        fourth.cost.open_source.low + fourth.cost.proprietary.low
    )


def test_person_months_are_spread_evenly_and_rounded_to_the_hundredth() -> None:
    three_years = (
        PhaseYears(Phase.DEVELOP, 1, 3),
        PhaseYears(Phase.DEPLOY, 4, 4),
        PhaseYears(Phase.SCALE, 5, 5),
        PhaseYears(Phase.OPERATE, 5, 5),
    )
    spread = Scenario(5, three_years, labour=(labour(OS, Phase.DEVELOP, "10", entered(1000)),))
    result = total_cost_of_ownership(spread)
    assert [y.cost.open_source.low for y in result.years[:3]] == [Decimal("3330.00")] * 3
    assert result.phases[0].cost.open_source.low == Decimal("9990.00")


def test_results_by_phase_add_up_to_the_total() -> None:
    result = total_cost_of_ownership(SAMPLE)
    by_phase = {p.phase.phase: p.cost for p in result.phases}
    assert by_phase[Phase.DEPLOY].proprietary.low == Decimal("10000.00")
    (five,) = result.totals
    assert five.years == 5
    assert sum(c.open_source.high for c in by_phase.values()) == five.cost.open_source.high


def test_ten_years_gives_the_totals_at_five_and_ten() -> None:
    ten = Scenario(
        horizon=10,
        phases=(*FIVE_YEARS[:3], PhaseYears(Phase.OPERATE, 4, 10)),
        running=(hosting("100"),),
    )
    totals = total_cost_of_ownership(ten).totals
    assert [(t.years, t.cost.open_source.low) for t in totals] == [(5, 200), (10, 700)]


def test_an_entered_wage_overrides_the_table() -> None:
    rate = labour_rate(wage=load_wage_table().get("US"), entered=Decimal(4000))
    assert rate.monthly == Band(Decimal(4000), Decimal(4000))
    assert rate.wage is None


def test_a_country_outside_the_table_without_a_wage_is_refused() -> None:
    with pytest.raises(TcoError, match="enter a monthly wage"):
        labour_rate(wage=None)


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (Scenario(7, FIVE_YEARS), "5 or 10 years"),
        (Scenario(5, FIVE_YEARS[:3]), "Each phase"),
        (Scenario(5, (*FIVE_YEARS[:3], PhaseYears(Phase.OPERATE, 4, 6))), "within the horizon"),
        (Scenario(5, (*FIVE_YEARS[:3], PhaseYears(Phase.OPERATE, 4, 3))), "in order"),
        (scenario(running=(hosting("1"),) * 11), "At most 10 running cost lines"),
        (scenario(labour=(labour(OS, Phase.DEPLOY, "0", entered(1)),)), "Person-months"),
        (scenario(licences=(licence(0),)), "Users"),
        (scenario(running=(hosting("-1"),)), "annual cost"),
        (scenario(running=(hosting("1", growth="301"),)), "growth"),
    ],
)
def test_a_scenario_out_of_bounds_is_refused_with_its_reason(broken: Scenario, reason: str) -> None:
    with pytest.raises(TcoError, match=reason):
        total_cost_of_ownership(broken)
