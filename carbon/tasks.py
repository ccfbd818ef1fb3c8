"""Celery's autodiscovery imports ``<app>.tasks``: the carbon app's tasks live in its sub-packages."""

from carbon.imports.tasks import activity_import
from carbon.reports.tasks import report_render

__all__ = ["activity_import", "report_render"]
