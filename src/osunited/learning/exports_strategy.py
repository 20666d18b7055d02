"""The total cost of ownership as files: CSV (one row per line and year, then the totals) and
XLSX (the inputs, the line costs with their formulas, and the results summed by formulas).

Texts come from users (roles, licence names): a text that a spreadsheet would read as a formula
is written with a leading apostrophe (OWASP's advice against CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from osunited.strategy import (
    Band,
    Comparison,
    LabourLine,
    LicenceLine,
    LineCost,
    Option,
    RunningLine,
    TcoResult,
    Unit,
    WageSource,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "row",
    "option",
    "kind",
    "line",
    "phase",
    "year",
    "first_year",
    "last_year",
    "quantity",
    "unit",
    "rate_low_usd",
    "rate_high_usd",
    "amount_low_usd",
    "amount_high_usd",
    "wage_source",
)


def text_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _source_text(source: WageSource | None) -> str:
    if source is None:
        return _("entered")
    return f"{source.publisher}: {source.title} ({source.year}, {source.currency}), {source.url}"


def tco_csv(result: TcoResult) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_csv_rows(result))
    return buffer.getvalue()


def _csv_rows(result: TcoResult) -> Iterator[dict[str, object]]:
    for year in result.years:
        for line in year.cost.lines:
            yield _csv_line(line)
    for option in Option:
        for year in result.years:
            band = _option_band(year.cost, option)
            yield _csv_total("year", option, year.year, year.year, *band_of(band))
        for phase in result.phases:
            band = _option_band(phase.cost, option)
            row = _csv_total("phase", option, phase.phase.first, phase.phase.last, *band_of(band))
            yield row | {"phase": phase.phase.phase.value}
        for total in result.totals:
            band = _option_band(total.cost, option)
            yield _csv_total("total", option, 1, total.years, *band_of(band))
    for year in result.years:
        yield _csv_total("difference", None, year.year, year.year, *band_of(year.cost.difference))
    for total in result.totals:
        yield _csv_total("difference", None, 1, total.years, *band_of(total.cost.difference))
    yield {"row": "break_even_low", "year": result.break_even_low or ""}
    yield {"row": "break_even_high", "year": result.break_even_high or ""}


def band_of(band: Band) -> tuple[Decimal, Decimal]:
    return band.low, band.high


def _option_band(comparison: Comparison, option: Option) -> Band:
    return comparison.open_source if option == Option.OPEN_SOURCE else comparison.proprietary


def _csv_line(line: LineCost) -> dict[str, object]:
    return {
        "row": "line",
        "option": line.option.value,
        "kind": line.kind.value,
        "line": text_cell(line.label),
        "phase": line.phase.value,
        "year": line.year,
        "quantity": line.quantity,
        "unit": line.unit.value,
        "rate_low_usd": line.rate.low,
        "rate_high_usd": line.rate.high,
        "amount_low_usd": line.amount.low,
        "amount_high_usd": line.amount.high,
        "wage_source": _line_source(line),
    }


def _line_source(line: LineCost) -> str:
    if line.unit != Unit.PERSON_MONTHS:
        return ""
    return text_cell(_source_text(line.wage.source if line.wage else None))


def _csv_total(
    row: str, option: Option | None, first: int, last: int, low: Decimal, high: Decimal
) -> dict[str, object]:
    return {
        "row": row,
        "option": option.value if option else "",
        "year": last if first == last else "",
        "first_year": first,
        "last_year": last,
        "amount_low_usd": low,
        "amount_high_usd": high,
    }


# -- XLSX -------------------------------------------------------------------------------------

Worksheet = Any  # xlsxwriter ships no types


class _Book:
    """The workbook, its formats and its sheets' names (translated, so quoted in formulas)."""

    def __init__(self, output: io.BytesIO) -> None:
        self.book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
        self.bold = self.book.add_format({"bold": True})
        self.money = self.book.add_format({"num_format": "#,##0.00"})
        self.costs = _("Line costs")

    def sheet(self, name: str) -> Worksheet:
        sheet = self.book.add_worksheet(name)
        sheet.set_column(0, 10, 16)
        return sheet

    def header(self, sheet: Worksheet, row: int, titles: list[str]) -> None:
        for column, title in enumerate(titles):
            sheet.write_string(row, column, text_cell(title), self.bold)

    def texts(self, sheet: Worksheet, row: int, column: int, values: list[str]) -> None:
        for offset, value in enumerate(values):
            sheet.write_string(row, column + offset, text_cell(value))

    def amount(self, sheet: Worksheet, row: int, column: int, value: Decimal) -> None:
        sheet.write_number(row, column, float(value), self.money)

    def costs_range(self, column: str, rows: int) -> str:
        quoted = self.costs.replace("'", "''")
        return f"'{quoted}'!${column}$2:${column}${rows + 1}"


def tco_xlsx(result: TcoResult) -> bytes:
    output = io.BytesIO()
    book = _Book(output)
    _inputs_sheet(book, result)
    lines = [line for year in result.years for line in year.cost.lines]
    _costs_sheet(book, lines)
    _results_sheet(book, result, len(lines))
    book.book.close()
    return output.getvalue()


def _inputs_sheet(book: _Book, result: TcoResult) -> None:
    sheet = book.sheet(_("Inputs"))
    scenario = result.scenario
    book.header(sheet, 0, [_("Years compared")])
    sheet.write_number(0, 1, scenario.horizon)
    book.texts(
        sheet, 1, 0, [_("Amounts in USD; each line's yearly amount is rounded to the cent.")]
    )
    book.header(sheet, 3, [_("Phase"), _("First year"), _("Last year")])
    row = 4
    for phase in scenario.phases:
        book.texts(sheet, row, 0, [phase.phase.value])
        sheet.write_number(row, 1, phase.first)
        sheet.write_number(row, 2, phase.last)
        row += 1
    row = _labour_inputs(book, sheet, row + 1, scenario.labour)
    row = _licence_inputs(book, sheet, row + 1, scenario.licences)
    _running_inputs(book, sheet, row + 1, scenario.running)


def _labour_inputs(book: _Book, sheet: Worksheet, row: int, lines: tuple[LabourLine, ...]) -> int:
    titles = [_("Option"), _("Role"), _("Phase"), _("Person-months"), _("Country")]
    titles += [_("Monthly wage, low"), _("Monthly wage, high"), _("Wage source")]
    book.header(sheet, row, titles)
    for line in lines:
        row += 1
        wage = line.rate.wage
        book.texts(sheet, row, 0, [line.option.value, line.role, line.phase.value])
        sheet.write_number(row, 3, float(line.person_months))
        book.texts(sheet, row, 4, [wage.country if wage else ""])
        book.amount(sheet, row, 5, line.rate.monthly.low)
        book.amount(sheet, row, 6, line.rate.monthly.high)
        book.texts(sheet, row, 7, [_source_text(wage.source if wage else None)])
    return row + 1


def _licence_inputs(book: _Book, sheet: Worksheet, row: int, lines: tuple[LicenceLine, ...]) -> int:
    titles = [_("Option"), _("Licence or subscription"), _("Phase")]
    titles += [_("Price per user per year"), _("Users in the phase's first year"), _("Growth (%)")]
    book.header(sheet, row, titles)
    for line in lines:
        row += 1
        book.texts(sheet, row, 0, [line.option.value, line.name, line.phase.value])
        book.amount(sheet, row, 3, line.price_per_user_year)
        sheet.write_number(row, 4, line.users)
        sheet.write_number(row, 5, float(line.growth_percent))
    return row + 1


def _running_inputs(
    book: _Book, sheet: Worksheet, row: int, lines: tuple[RunningLine, ...]
) -> None:
    titles = [_("Option"), _("Hosting or support line"), _("Kind"), _("Phase")]
    titles += [_("Cost a year"), _("Growth (%)")]
    book.header(sheet, row, titles)
    for line in lines:
        row += 1
        book.texts(sheet, row, 0, [line.option.value, line.name, line.kind.value])
        book.texts(sheet, row, 3, [line.phase.value])
        book.amount(sheet, row, 4, line.annual_cost)
        sheet.write_number(row, 5, float(line.growth_percent))


def _costs_sheet(book: _Book, lines: list[LineCost]) -> None:
    sheet = book.sheet(book.costs)
    titles = [_("Option"), _("Kind"), _("Line"), _("Phase"), _("Year"), _("Quantity")]
    titles += [_("Unit"), _("Rate, low"), _("Rate, high"), _("Amount, low"), _("Amount, high")]
    book.header(sheet, 0, titles)
    for row, line in enumerate(lines, start=1):
        texts = [line.option.value, line.kind.value, line.label, line.phase.value]
        book.texts(sheet, row, 0, texts)
        sheet.write_number(row, 4, line.year)
        sheet.write_number(row, 5, float(line.quantity))
        book.texts(sheet, row, 6, [line.unit.value])
        book.amount(sheet, row, 7, line.rate.low)
        book.amount(sheet, row, 8, line.rate.high)
        excel_row = row + 1
        for column, letter, value in ((9, "H", line.amount.low), (10, "I", line.amount.high)):
            formula = f"=ROUND(F{excel_row}*{letter}{excel_row},2)"
            sheet.write_formula(row, column, formula, book.money, float(value))


def _results_sheet(book: _Book, result: TcoResult, line_count: int) -> None:
    sheet = book.sheet(_("Results"))
    titles = [_("Year"), _("Open source, low"), _("Open source, high")]
    titles += [_("Proprietary, low"), _("Proprietary, high")]
    titles += [_("Difference, low"), _("Difference, high")]
    titles += [_("Cumulative difference, low"), _("Cumulative difference, high")]
    book.header(sheet, 0, titles)
    for row, year in enumerate(result.years, start=1):
        sheet.write_number(row, 0, year.year)
        _sums(book, sheet, row, line_count, ("E", f"A{row + 1}"), year.cost)
        _differences(book, sheet, row, year.cost.difference, year.cumulative.difference)
    row = len(result.years) + 2
    book.header(sheet, row, [_("Phase"), *titles[1:7], _("First year"), _("Last year")])
    for phase in result.phases:
        row += 1
        book.texts(sheet, row, 0, [phase.phase.phase.value])
        _sums(book, sheet, row, line_count, ("D", f"A{row + 1}"), phase.cost)
        _difference(book, sheet, row, phase.cost.difference)
        sheet.write_number(row, 7, phase.phase.first)
        sheet.write_number(row, 8, phase.phase.last)
    row = _totals(book, sheet, row + 2, result, titles)
    _break_even(book, sheet, row + 1, result)


def _sums(
    book: _Book,
    sheet: Worksheet,
    row: int,
    line_count: int,
    criterion: tuple[str, str],
    cost: Comparison,
) -> None:
    """SUMIFS over the line costs of one option, matching a column (year or phase)."""
    column, cell = criterion
    options = book.costs_range("A", line_count)
    matched = book.costs_range(column, line_count)
    values = (cost.open_source, cost.proprietary)
    for offset, (option, band) in enumerate(zip(Option, values, strict=True)):
        for half, (letter, amount) in enumerate((("J", band.low), ("K", band.high))):
            amounts = book.costs_range(letter, line_count)
            formula = f'=SUMIFS({amounts},{options},"{option.value}",{matched},{cell})'
            sheet.write_formula(row, 1 + 2 * offset + half, formula, book.money, float(amount))


def _difference(book: _Book, sheet: Worksheet, row: int, difference: Band) -> None:
    excel_row = row + 1
    for column, (proprietary, open_source, value) in enumerate(
        (("D", "B", difference.low), ("E", "C", difference.high)), start=5
    ):
        formula = f"={proprietary}{excel_row}-{open_source}{excel_row}"
        sheet.write_formula(row, column, formula, book.money, float(value))


def _differences(
    book: _Book, sheet: Worksheet, row: int, difference: Band, cumulative: Band
) -> None:
    _difference(book, sheet, row, difference)
    excel_row = row + 1
    for column, (letter, previous, value) in enumerate(
        (("F", "H", cumulative.low), ("G", "I", cumulative.high)), start=7
    ):
        formula = f"={letter}{excel_row}" if row == 1 else f"={previous}{row}+{letter}{excel_row}"
        sheet.write_formula(row, column, formula, book.money, float(value))


def _totals(book: _Book, sheet: Worksheet, row: int, result: TcoResult, titles: list[str]) -> int:
    book.header(sheet, row, [_("Years"), *titles[1:7]])
    for total in result.totals:
        row += 1
        sheet.write_number(row, 0, total.years)
        values = (
            total.cost.open_source.low,
            total.cost.open_source.high,
            total.cost.proprietary.low,
            total.cost.proprietary.high,
        )
        for column, (letter, value) in enumerate(zip("BCDE", values, strict=True), start=1):
            formula = f"=SUM({letter}2:{letter}{total.years + 1})"
            sheet.write_formula(row, column, formula, book.money, float(value))
        _difference(book, sheet, row, total.cost.difference)
    return row + 1


def _break_even(book: _Book, sheet: Worksheet, row: int, result: TcoResult) -> None:
    none = _("not within the years compared")
    for offset, (label, year) in enumerate(
        (
            (_("Break-even year, low"), result.break_even_low),
            (_("Break-even year, high"), result.break_even_high),
        )
    ):
        book.header(sheet, row + offset, [label])
        if year is None:
            book.texts(sheet, row + offset, 1, [none])
        else:
            sheet.write_number(row + offset, 1, year)
