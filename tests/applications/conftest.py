import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def media_proposals():
    """The proposals folder of MEDIA_ROOT (shared with the worker); files a test makes there are removed after it."""
    root = Path(settings.MEDIA_ROOT) / "proposals"
    before = set(os.listdir(root)) if root.exists() else set()
    yield root
    for name in (set(os.listdir(root)) if root.exists() else set()) - before:
        path = root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
