from django.db import connection, transaction
from django.utils import timezone

from osunited.platform.models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str) -> Heartbeat:
    heartbeat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now()}
    )
    return heartbeat


def database_analyze() -> str:
    """Refresh the query planner's statistics. PostgreSQL's autovacuum does it by itself;
    SQLite never does, and without statistics it plans the catalog's searches badly once there
    are many projects (it walks long id lists instead of a selective index)."""
    if connection.vendor != "sqlite":
        return "left to autovacuum"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "analyzed"
