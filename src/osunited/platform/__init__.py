"""The Django project: settings, URLs, Celery app and WSGI entry point."""

from osunited.platform.celery import app as celery_app

__all__ = ["celery_app"]
