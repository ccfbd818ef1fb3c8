from io import StringIO

import pytest
from django.core.management import call_command

from reviews.models import ReviewerProfile
from reviews.selectors import reviewers

pytestmark = pytest.mark.django_db


def test_the_demo_reviewers_join_the_pool(settings):
    settings.DEBUG = True
    for _ in range(2):  # idempotent
        call_command("load_demo", stdout=StringIO())
    profiles = ReviewerProfile.objects.select_related("user").order_by("user__email")
    assert [p.user.email for p in profiles] == ["reviewer2@demo.tw", "reviewer3@demo.tw", "reviewer@demo.tw"]
    assert all(p.affiliation and p.expertise and p.editions == [] for p in profiles)
    assert list(reviewers(edition_code="machinery-2025")) == [p.user for p in profiles.order_by("user__full_name")]
