"""The utility-savings check: the public API endpoint and the page of each edition that has one.

Included once at the root of portal/urls.py: ``path("", include("carbon.savings_urls"))``."""

from django.urls import path

from . import savings_api, savings_views

urlpatterns = [
    path("api/v1/editions/<str:code>/savings-check/", savings_api.SavingsCheckView.as_view(), name="api-savings-check"),
    path("carbon/savings/<str:code>/", savings_views.savings_checker, name="carbon-savings"),
]
