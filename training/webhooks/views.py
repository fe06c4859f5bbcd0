"""The training admin's webhook pages: subscriptions, the delivery log of each, and the actions
on them. Thin: reads in ``selectors``, changes in ``services``. A secret is shown once, on the
page that follows its creation or rotation."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from training import access
from training.errors import attempt, form_refused

from . import selectors, services
from .forms import RotateForm, SubscriptionForm
from .models import WebhookDelivery, WebhookSubscription


def _secret_key(pk):
    return f"webhook-secret-{pk}"


def _subscription(pk):
    return get_object_or_404(WebhookSubscription, pk=pk)


def _back(pk):
    return redirect("training:webhook_detail", pk=pk)


@require_GET
@access.training_admin_required
def webhook_list(request):
    page = Paginator(selectors.subscriptions(), 25).get_page(request.GET.get("page"))
    return render(request, "webhooks/webhook_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@access.training_admin_required
def webhook_create(request):
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(request, lambda: services.subscription_create(
            url=data["url"], events=form.event_names(), team=data["team"], kind=data["kind"],
            description=data["description"], by=request.user), "Webhook added.")
        if created:
            subscription, secret = created
            request.session[_secret_key(subscription.pk)] = secret
            return _back(subscription.pk)
    return render(request, "webhooks/webhook_form.html", {"form": form})


@require_GET
@access.training_admin_required
def webhook_detail(request, pk):
    subscription = get_object_or_404(WebhookSubscription.objects.select_related("team", "owner"), pk=pk)
    page = Paginator(selectors.deliveries(subscription), 25).get_page(request.GET.get("page"))
    return render(request, "webhooks/webhook_detail.html", {
        "subscription": subscription, "page": page, "rotate_form": RotateForm(),
        "secret": request.session.pop(_secret_key(pk), None),
    })


@require_POST
@access.training_admin_required
def webhook_ping(request, pk):
    subscription = _subscription(pk)
    attempt(request, lambda: services.subscription_ping(subscription=subscription, by=request.user),
            "Test event queued: it appears in the delivery log below.")
    return _back(pk)


@require_POST
@access.training_admin_required
def webhook_rotate(request, pk):
    subscription = _subscription(pk)
    form = RotateForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return _back(pk)
    hours = form.cleaned_data["overlap_hours"]
    secret = attempt(request, lambda: services.subscription_rotate_secret(
        subscription=subscription, by=request.user, overlap_hours=hours),
        f"New secret made; the old one keeps working for {hours} hours.")
    if secret:
        request.session[_secret_key(pk)] = secret
    return _back(pk)


@require_POST
@access.training_admin_required
def webhook_enable(request, pk):
    subscription = _subscription(pk)
    attempt(request, lambda: services.subscription_enable(subscription=subscription, by=request.user),
            "Webhook enabled: new events are sent to it again.")
    return _back(pk)


@require_POST
@access.training_admin_required
def webhook_delete(request, pk):
    subscription = _subscription(pk)
    if attempt(request, lambda: services.subscription_delete(subscription=subscription, by=request.user),
               "Webhook deleted with its delivery log."):
        return redirect("training:webhook_list")
    return _back(pk)


@require_POST
@access.training_admin_required
def webhook_resend(request, pk):
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("subscription", "event"), pk=pk)
    attempt(request, lambda: services.delivery_resend(delivery=delivery, by=request.user),
            f"{delivery.event.type} queued again.")
    return _back(delivery.subscription_id)
