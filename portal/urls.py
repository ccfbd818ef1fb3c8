from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal.views import accounts, audit, calendar, health, organisations, pages

account_patterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", accounts.signup, name="signup"),
    path("signup/confirm/<uidb64>/<token>/", accounts.signup_confirm, name="signup_confirm"),
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password-change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password-change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

api_patterns = [
    path("", include("portal.api.urls")),
    path("", include("programs.api.urls")),
    path("", include("carbon.api.urls")),
    path("", include("applications.api.urls")),
    path("", include("reviews.api.urls")),
    path("", include("disbursements.api.urls")),
    path("", include("expenses.api.urls")),
]

urlpatterns = [
    # The API's routes live in their own namespace ("api:case-detail"), so that a page's name ("company-detail")
    # is never answered with the API's browsable page. First: no page's route starts with api/v1/, and the public
    # calculators are the busiest routes (each pattern before them is tried on every call).
    path("api/v1/", include((api_patterns, "api"))),
    path("", pages.home, name="home"),
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("accounts/", include(account_patterns)),
    path("company/", organisations.my_company, name="my-company"),
    path("companies/", organisations.company_list, name="company-list"),
    path("companies/<int:pk>/", organisations.company_detail, name="company-detail"),
    path("companies/<int:pk>/edit/", organisations.company_edit, name="company-edit"),
    path("units/", organisations.unit_list, name="unit-list"),
    path("units/<int:pk>/", organisations.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", organisations.unit_edit, name="unit-edit"),
    path("audit/", audit.audit_list, name="audit-list"),
    path("api/", pages.api_guide, name="api-guide"),
    path("calendar/", calendar.working_day_calendar, name="working-day-calendar"),
    path("", include("programs.urls")),
    path("carbon/", include("carbon.urls")),
    path("", include("applications.urls")),
    path("", include("reviews.urls")),
    path("", include("disbursements.urls")),
    path("", include("expenses.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # its start-up script as a file of its own, not inline: the Content-Security-Policy allows no inline script
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "portal.views.errors.bad_request"
handler403 = "portal.views.errors.permission_denied"
handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
