from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import services
from portal.forms import LoginForm, QueuedPasswordResetForm, SignupForm
from portal.jobs import BackgroundUnavailable, job_queue_check, task_send_quietly
from portal.models import User


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
    """Register a company and its first applicant. The answer is the same whether or not the address already has
    an account (the page must not tell anyone that): a new one gets a link to confirm the registration; an
    existing one is told it has an account. Nothing signs in before the address is confirmed."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_queue_check()  # the e-mail is the only way on
            if User.objects.filter(email__iexact=data["email"]).exists():
                _mail(request, data["email"], "registration/signup_exists_email.txt", {})
            else:
                user = services.applicant_register(
                    company_data={"ubn": data["ubn"], "name": data["company_name"]},
                    email=data["email"],
                    full_name=data["full_name"],
                    password=data["password1"],
                    phone=data["phone"],
                    confirmed=False,
                )
                link = reverse(
                    "signup_confirm",
                    args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
                )
                _mail(request, user.email, "registration/signup_confirm_email.txt", {"user": user, "link": link})
        except BackgroundUnavailable as exc:
            form.add_error(None, str(exc.message))
        except ValidationError as exc:
            for field, errors in (exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(request, "registration/signup_sent.html", {"email": data["email"]})
    return render(request, "registration/signup.html", {"form": form})


def _mail(request, to: str, template: str, context: dict) -> None:
    from portal.tasks import email_send

    body = render_to_string(template, {**context, "site": request.build_absolute_uri("/").rstrip("/")}, request)
    subject = _("Your registration on the industrial programmes portal")
    task_send_quietly(email_send, subject=str(subject), body=body, to=[to])


@require_http_methods(["GET"])
def signup_confirm(request, uidb64: str, token: str):
    """The link of the registration e-mail: the account is confirmed and signed in, once."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or user.is_active or not default_token_generator.check_token(user, token):
        messages.error(request, _("This link is no longer valid. Sign in, or register again."))
        return redirect("login")
    user = services.applicant_confirm(user=user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome! Please complete your company profile."))
    return redirect("company-edit", pk=user.company_id)
