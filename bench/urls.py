"""The benchmark URLs: everything of portal.urls plus ``/bench/baseline/``, the cheapest answer Django can give
through the same middleware (a constant JSON body), which the figures are divided by. Mounted only by
bench/settings.py."""

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

BASELINE = {"results": [{"edition": "baseline", "eligible": True, "outcomes": []}]}


@csrf_exempt
def baseline(request):
    """Any method; the body is not read: the request costs only what Django itself costs."""
    return JsonResponse(BASELINE)


urlpatterns = [path("bench/baseline/", baseline), path("", include("portal.urls"))]
