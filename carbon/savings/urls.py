"""The savings check page of an edition, mounted under carbon's URLs (/carbon/savings/<code>/); its API
endpoint is in carbon/api/urls.py."""

from django.urls import path

from . import views

urlpatterns = [path("<str:code>/", views.savings_checker, name="carbon-savings")]
