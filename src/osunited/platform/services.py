from django.db import transaction
from django.utils import timezone

from osunited.platform.models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str) -> Heartbeat:
    heartbeat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now()}
    )
    return heartbeat
