from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import services
from portal.forms import LoginForm, QueuedPasswordResetForm, SignupForm
from portal.jobs import BackgroundUnavailable, job_queue_check


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """The reset e-mail goes through the background service: when it is down, everyone is told so, whatever
    address they typed (the answer must not tell whether an account exists)."""

    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        try:
            job_queue_check()
        except BackgroundUnavailable as exc:
            form.add_error(None, str(exc.message))
            return self.form_invalid(form)
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.applicant_register(
                company_data={"ubn": data["ubn"], "name": data["company_name"]},
                email=data["email"],
                full_name=data["full_name"],
                password=data["password1"],
                phone=data["phone"],
            )
        except ValidationError as exc:
            for field, errors in (exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Please complete your company profile."))
            return redirect("company-edit", pk=user.company_id)
    return render(request, "registration/signup.html", {"form": form})
