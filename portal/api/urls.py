from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("companies", views.CompanyViewSet, basename="company")
router.register("counselling-units", views.CounsellingUnitViewSet, basename="counselling-unit")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("calendar/deadline/", views.DeadlineView.as_view(), name="calendar-deadline"),
    *router.urls,
]
