import pytest


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Uploaded documents go to a folder of the test's own (not for the real worker's tests, whose worker reads
    the MEDIA_ROOT it was started with)."""
    if not request.node.get_closest_marker("worker"):
        settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def expense_uploads(worker):
    """After a worker test, delete the workbooks of its imports (and only those: other runs may share the folder)."""
    from expenses.models import ExpenseImportJob

    yield
    for job in ExpenseImportJob.objects.all():
        job.upload.delete(save=False)
