from django.urls import path

from . import views

urlpatterns = [
    path("cases/<int:pk>/proposal/", views.proposal_jobs, name="case-proposal-jobs"),
    path("cases/<int:pk>/proposal/<int:job>/download/", views.proposal_download, name="case-proposal-download"),
    path("cases/<int:pk>/proposal/<int:job>/retry/", views.proposal_retry, name="case-proposal-retry"),
]
