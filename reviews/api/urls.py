from django.urls import path

from . import views

urlpatterns = [
    path("reviewers/", views.ReviewerListView.as_view(), name="reviewers"),
    path("reviewers/conflicts/", views.ConflictListView.as_view(), name="reviewer-conflicts"),
    path("cases/<int:pk>/assignments/", views.AssignmentListView.as_view(), name="case-assignments"),
    path("cases/<int:pk>/score-sheet/", views.ScoreSheetView.as_view(), name="case-score-sheet"),
    path("cases/<int:pk>/sheets/", views.CaseSheetsView.as_view(), name="case-sheets"),
    path("cases/<int:pk>/comments/", views.CommentListView.as_view(), name="case-comments"),
    path("cases/<int:pk>/comments/<int:number>/", views.CommentReplyView.as_view(), name="case-comment"),
    path("editions/<str:code>/panel/", views.PanelView.as_view(), name="edition-panel"),
]
