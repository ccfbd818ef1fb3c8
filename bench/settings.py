"""The benchmark settings: the project's settings with the constant-JSON baseline view mounted (bench/urls.py).
Used only by bench/server.py's gunicorn; production never imports this module (portal.urls has no baseline)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
BENCHMARK = True
