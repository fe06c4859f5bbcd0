"""The API tokens page: a person's own read tokens; for a training admin, every token and service
tokens too. A new token is shown once, in the answer to the form that made it."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from training import access
from training.errors import attempt, form_refused

from . import tokens
from .forms import PersonalTokenForm, ServiceTokenForm


def api_tokens(request):
    is_admin = access.is_training_admin(request.user)
    personal = PersonalTokenForm(request.POST if request.POST.get("kind") == "personal" else None, prefix="personal")
    service = ServiceTokenForm(request.POST if request.POST.get("kind") == "service" else None,
                               prefix="service") if is_admin else None
    created = None
    if request.method == "POST":
        form = service if request.POST.get("kind") == "service" and is_admin else personal
        if form.is_valid():
            data = form.cleaned_data
            if form is personal:
                created = attempt(request, lambda: tokens.personal_token_create(
                    user=request.user, name=data["name"], expires_at=form.expires_at()),
                    f"Token “{data['name']}” made: copy it now, it is shown only once.")
            else:
                created = attempt(request, lambda: tokens.service_token_create(
                    name=data["name"], scopes=data["scopes"], by=request.user, acting_as=data["acting_as"],
                    expires_at=form.expires_at()),
                    f"Service token “{data['name']}” made: copy it now, it is shown only once.")
        else:
            form_refused(request, form)
    page = Paginator(tokens.tokens_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "api/tokens.html", {
        "page": page, "personal_form": personal, "service_form": service, "is_admin": is_admin,
        "created": created[1] if created else None, "created_token": created[0] if created else None,
    })


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(tokens.tokens_visible_to(request.user), pk=pk)
    attempt(request, lambda: tokens.token_revoke(token=token, by=request.user),
            f"Token “{token.name}” revoked: it no longer works.")
    return redirect("training:api_tokens")
