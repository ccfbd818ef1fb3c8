import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Uploaded documents go to a folder of the test's own, never to the checkout's media/ — except for tests
    with the real worker (marker ``worker``), which reads the MEDIA_ROOT it was started with."""
    if not request.node.get_closest_marker("worker"):
        settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def media_proposals(media_root):
    """The proposals folder of MEDIA_ROOT (the worker's, in worker tests); files a test makes there are removed
    after it."""
    root = Path(media_root) / "proposals"
    before = set(os.listdir(root)) if root.exists() else set()
    yield root
    for name in (set(os.listdir(root)) if root.exists() else set()) - before:
        path = root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
