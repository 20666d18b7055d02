from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from osunited.platform.models import Heartbeat


@dataclass(frozen=True)
class Health:
    database_ok: bool
    worker_last_beat: datetime | None
    worker_ok: bool

    @property
    def ok(self) -> bool:
        return self.database_ok


def platform_health() -> Health:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:  # any database failure means "not healthy", whatever its kind
        return Health(database_ok=False, worker_last_beat=None, worker_ok=False)
    beat = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    # A worker that missed three beats in a row is considered gone.
    allowed_silence = timedelta(seconds=3 * settings.OSU_HEARTBEAT_SECONDS)
    worker_ok = beat is not None and timezone.now() - beat <= allowed_silence
    return Health(database_ok=database_ok, worker_last_beat=beat, worker_ok=worker_ok)
