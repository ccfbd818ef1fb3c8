from django.urls import path

from . import views

urlpatterns = [path("carbon/calculate/", views.CalculateView.as_view(), name="api-carbon-calculate")]
