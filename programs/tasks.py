"""Celery's autodiscovery imports ``<app>.tasks``: the programmes app's tasks live in its sub-packages."""

from programs.impact.tasks import impact_run

__all__ = ["impact_run"]
