"""Settings of the worker processes tests start: the test settings, with tasks sent to the broker
(not run inline) so that a sweep queues a scan for a worker as in production."""

from tests.settings import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
