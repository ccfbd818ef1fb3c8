from django.urls import path

from . import views

urlpatterns = [
    path("editions/", views.EditionListView.as_view(), name="editions"),
    path("editions/<str:code>/", views.EditionDetailView.as_view(), name="edition"),
    path("editions/<str:code>/budget-check/", views.BudgetCheckView.as_view(), name="budget-check"),
    path("editions/<str:code>/score-sheet/", views.ScoreSheetView.as_view(), name="score-sheet"),
    path("editions/<str:code>/disbursement-plan/", views.DisbursementPlanView.as_view(), name="disbursement-plan"),
    path("screening/", views.ScreeningView.as_view(), name="screening"),
]
