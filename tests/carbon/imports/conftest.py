import pytest

from carbon.models import Factor, ImportJob
from tests.carbon.factories import InventoryFactory, carbon_library_load

from .workbooks import FACTOR_CODES


@pytest.fixture(autouse=True)
def _private_media(request, settings, tmp_path):
    """Uploads go to the test's own folder, except for the real worker, which reads the MEDIA_ROOT it was
    started with (those tests remove their own uploads: ``worker_uploads``)."""
    if not request.node.get_closest_marker("worker"):
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker_uploads(worker):
    """After a worker test, delete the uploads of its jobs (and only those: other runs may share the folder)."""
    yield
    for job in ImportJob.objects.all():
        job.upload.delete(save=False)


@pytest.fixture
def library(db):
    if Factor.objects.filter(code__in=FACTOR_CODES).count() < len(FACTOR_CODES):
        carbon_library_load()


@pytest.fixture
def inventory(library, applicant):
    return InventoryFactory(company=applicant.company)
