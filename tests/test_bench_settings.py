"""Issue 12: the constant-JSON baseline the benchmarks divide by exists only under the benchmark settings."""

import pytest
from django.urls import Resolver404, resolve


def test_the_baseline_view_is_not_in_the_production_urls():
    with pytest.raises(Resolver404):
        resolve("/bench/baseline/")


@pytest.mark.django_db
def test_the_benchmark_urls_serve_the_baseline_beside_every_production_route(client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    response = client.post("/bench/baseline/", b"{}", content_type="application/json")
    assert response.status_code == 200 and response.json()["results"][0]["edition"] == "baseline"
    assert resolve("/api/v1/screening/", urlconf="bench.urls").url_name == "screening"
