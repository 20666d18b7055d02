"""Placeholder until its owner fills it."""

urlpatterns: list = []
