from django.urls import path

from . import views

urlpatterns = [
    path("reviewers/", views.ReviewerListView.as_view(), name="api-reviewers"),
    path("reviewers/conflicts/", views.ConflictListView.as_view(), name="api-reviewer-conflicts"),
    path("cases/<int:pk>/assignments/", views.AssignmentListView.as_view(), name="api-case-assignments"),
    path("cases/<int:pk>/score-sheet/", views.ScoreSheetView.as_view(), name="api-case-score-sheet"),
    path("cases/<int:pk>/sheets/", views.CaseSheetsView.as_view(), name="api-case-sheets"),
    path("cases/<int:pk>/comments/", views.CommentListView.as_view(), name="api-case-comments"),
    path("cases/<int:pk>/comments/<int:number>/", views.CommentReplyView.as_view(), name="api-case-comment"),
    path("editions/<str:code>/panel/", views.PanelView.as_view(), name="api-edition-panel"),
]
