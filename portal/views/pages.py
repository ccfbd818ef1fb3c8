from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from portal import selectors
from portal.audit import audit_stores_nothing
from portal.models import Role

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@audit_stores_nothing
def home(request):
    return render(request, "portal/home.html")


def api_guide(request):
    """The API explained in the user's language; the interactive reference it links to is in English."""
    return render(request, "portal/api_guide.html")


@login_required
def dashboard(request):
    user = request.user
    context: dict = {"role": user.role}
    if user.role == Role.APPLICANT:
        context["company"] = selectors.company_detail(company_id=user.company_id)
    elif user.role == Role.COUNSELLOR:
        context["unit"] = selectors.unit_detail(unit_id=user.counselling_unit_id)
    elif user.role in (Role.OFFICER, Role.ADMIN):
        context["counts"] = selectors.office_counts()
        context["recent_companies"] = selectors.companies_for_user(user=user).order_by("-created_at")[:5]
    return render(request, f"portal/dashboard/{user.role}.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (PDFs, the API); the icon lives with the static files."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
