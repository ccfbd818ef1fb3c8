from django.urls import path

from carbon.savings.api import SavingsCheckView

from . import views

urlpatterns = [
    path("carbon/calculate/", views.CalculateView.as_view(), name="carbon-calculate"),
    path("editions/<str:code>/savings-check/", SavingsCheckView.as_view(), name="savings-check"),
]
