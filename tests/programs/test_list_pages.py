"""Issue 12: every list of editions is a page with a search box, read in a constant number of queries."""

import json

import pytest

from programs import services
from programs.models import Edition
from tests.factories import EditionFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

SIZES = (5, 60)  # the second is more than a page (50 on the pages, 100 in the API only with page_size)


def published(n: int, **kwargs) -> None:
    while Edition.objects.filter(status="published", code__startswith="test-").count() < n:
        EditionFactory(**kwargs)


def test_the_catalogue_is_paginated_in_constant_queries(client):
    assert_constant_queries(lambda: client.get("/programmes/"), published, SIZES)
    first, second = client.get("/programmes/"), client.get("/programmes/", {"page": 2})
    total = Edition.objects.filter(status="published").count()
    assert first.context["page"].paginator.count == total > 50
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == total - 50
    assert 'class="pagination"' in first.content.decode()
    shown = [e.code for p, editions in first.context["groups"] + second.context["groups"] for e, _open in editions]
    assert sorted(shown) == sorted(Edition.objects.filter(status="published").values_list("code", flat=True))


def test_the_catalogue_searches_code_title_and_track(client):
    EditionFactory(code="zz-2026-needle", title={"zh-hant": "針測試", "en": "Needle"})
    EditionFactory(code="zz-2026-other", track={"zh-hant": "特別針軌", "en": "Other"})
    for q, expected in (
        ("needle", {"zz-2026-needle"}),
        ("針", {"zz-2026-needle", "zz-2026-other"}),
        ("machinery-2025", {"machinery-2025"}),
    ):
        response = client.get("/programmes/", {"q": q})
        assert {e.code for e in response.context["page"].object_list} == expected, q
    html = client.get("/programmes/", {"q": "no such thing"}).content.decode()
    assert "沒有符合搜尋條件的年度版本" in html and 'type="search"' in html


def test_the_api_list_is_paginated_in_constant_queries_and_stays_an_array(client):
    assert_constant_queries(lambda: client.get("/api/v1/editions/", {"page_size": 20}), published, SIZES)
    total = Edition.objects.filter(status="published").count()
    response = client.get("/api/v1/editions/", {"page_size": 20})
    body = response.json()
    assert isinstance(body, list) and len(body) == 20
    assert response["X-Total-Count"] == str(total)
    assert 'rel="next"' in response["Link"] and "page=2" in response["Link"]
    last = client.get("/api/v1/editions/", {"page_size": 20, "page": (total + 19) // 20})
    assert 'rel="prev"' in last["Link"] and 'rel="next"' not in last["Link"]
    everything = []
    for page in range(1, (total + 19) // 20 + 1):
        everything += [e["code"] for e in client.get("/api/v1/editions/", {"page_size": 20, "page": page}).json()]
    assert sorted(everything) == sorted(Edition.objects.filter(status="published").values_list("code", flat=True))


def test_a_short_api_list_is_the_whole_array_without_links(client):
    response = client.get("/api/v1/editions/")
    assert len(response.json()) == Edition.objects.filter(status="published").count()
    assert "Link" not in response


def test_the_api_list_searches_and_refuses_a_bad_page_size(client):
    EditionFactory(code="zz-2026-needle")
    assert [e["code"] for e in client.get("/api/v1/editions/", {"q": "NEEDLE"}).json()] == ["zz-2026-needle"]
    response = client.get("/api/v1/editions/", {"page_size": "0"})
    assert response.status_code == 400 and "page_size" in response.json()["errors"]


def test_the_staff_list_is_paginated_and_searchable(client, admin_user):
    client.force_login(admin_user)
    assert_constant_queries(lambda: client.get("/staff/editions/"), published, SIZES)
    response = client.get("/staff/editions/")
    assert len(response.context["page"].object_list) == 50 and 'class="pagination"' in response.content.decode()
    EditionFactory(code="zz-2026-draft", status="draft")
    assert [e.code for e in client.get("/staff/editions/", {"q": "zz-2026"}).context["page"]] == ["zz-2026-draft"]


def test_an_edition_s_versions_are_a_page_in_constant_queries(client, admin_user):
    client.force_login(admin_user)
    first = EditionFactory(code="zz-2026-versions")

    def versions(n):
        while Edition.objects.filter(code=first.code).count() < n:
            latest = Edition.objects.filter(code=first.code).order_by("-version").first()
            draft = services.edition_new_version(actor=admin_user, edition=latest)
            services.edition_publish(actor=admin_user, edition=draft)

    assert_constant_queries(lambda: client.get(f"/staff/editions/{first.pk}/"), versions, (3, 30))
    page = client.get(f"/staff/editions/{first.pk}/").context["page"]
    assert page.paginator.count == 30 and [v.version for v in page.object_list][:2] == [30, 29]
    assert len(page.object_list) == 25


def test_the_api_list_documents_its_parameters(client):
    schema = client.get("/api/schema/", {"format": "json"})
    operation = json.loads(schema.content)["paths"]["/api/v1/editions/"]["get"]
    assert {"q", "page", "page_size"} <= {p["name"] for p in operation["parameters"]}
