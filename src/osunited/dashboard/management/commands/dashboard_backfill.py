from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from osunited.dashboard.services import snapshot_backfill, snapshot_take


class Command(BaseCommand):
    help = (
        "Take the dashboard's daily snapshots of past days from the workflow history "
        "(project transitions, scans, submitted assessments), then today's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=730, help="How far back (default 730).")
        parser.add_argument(
            "--replace", action="store_true", help="Take again the days that have a snapshot."
        )

    def handle(self, *args: Any, days: int, replace: bool, **options: Any) -> None:
        if not 1 <= days <= 3660:
            self.stderr.write("--days must be between 1 and 3660.")
            raise SystemExit(2)
        taken = snapshot_backfill(days=days, replace=replace)
        scopes = snapshot_take()
        self.stdout.write(f"Took {len(taken)} past snapshots and today's ({scopes} scopes each).")
