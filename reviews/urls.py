from django.urls import path

from reviews.views import decision, office, reviewer

urlpatterns = [
    path("reviews/", reviewer.inbox, name="review-inbox"),
    path("reviews/conflicts/", reviewer.conflicts, name="review-conflicts"),
    path("reviews/panel/", office.panel_index, name="review-panel-index"),
    path("reviews/panel/<str:code>/", office.panel, name="review-panel"),
    path("reviews/panel/<str:code>/<slug:kind>.xlsx", office.panel_export, name="review-panel-export"),
    path("cases/<int:pk>/review/", reviewer.review, name="review-case"),
    path("cases/<int:pk>/review/confirm/", reviewer.confirm, name="review-confirm"),
    path("cases/<int:pk>/review/conflict/", reviewer.declare, name="review-declare"),
    path("cases/<int:pk>/review/preview/", reviewer.sheet_preview, name="review-sheet-preview"),
    path("cases/<int:pk>/reviewers/", office.assignments, name="review-assignments"),
    path("cases/<int:pk>/reviewers/<int:assignment>/withdraw/", office.assignment_withdraw, name="review-withdraw"),
    path("cases/<int:pk>/decision/", decision.decision, name="review-decision"),
    path("cases/<int:pk>/decision/preview/", decision.decision_preview, name="review-decision-preview"),
    path("cases/<int:pk>/decision/replies/", decision.replies, name="review-replies"),
    path("cases/<int:pk>/decision/plan/", decision.plan_upload, name="review-plan-upload"),
    path("cases/<int:pk>/decision/plan/<int:plan>/", decision.plan_download, name="review-plan-download"),
    path("cases/<int:pk>/decision/accept/", decision.revision_accept, name="review-revision-accept"),
    path("cases/<int:pk>/decision/letters/", decision.letters, name="review-letters"),
    path("cases/<int:pk>/decision/letters/<int:job>/", decision.letter_download, name="review-letter-download"),
    path("cases/<int:pk>/decision/letters/<int:job>/retry/", decision.letter_retry, name="review-letter-retry"),
]
