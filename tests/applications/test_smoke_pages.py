import pytest
from django.urls import reverse

from tests.applications.builders import machinery_case

pytestmark = pytest.mark.django_db


def test_pages_render(client):
    case = machinery_case()
    client.force_login(case.counsellor)
    for url in [
        reverse("case-list"),
        reverse("case-new"),
        reverse("case-detail", args=[case.pk]),
        *[
            reverse("case-section", args=[case.pk, s])
            for s in ("basic", "plan", "facts", "checkpoints", "staff", "budget", "declarations")
        ],
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:2000])
