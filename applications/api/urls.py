from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("cases", views.CaseViewSet, basename="case")

urlpatterns = [
    path("cases/<int:pk>/actions/<str:name>/", views.CaseActionView.as_view(), name="case-action"),
    path("cases/<int:pk>/documents/", views.CaseDocumentsView.as_view(), name="case-documents"),
    path(
        "cases/<int:pk>/documents/<int:doc>/download/",
        views.CaseDocumentDownloadView.as_view(),
        name="case-document-download",
    ),
    *router.urls,
]
