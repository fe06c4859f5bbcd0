"""The audit log page (training admins), with the state of its hash chain."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from training import access

from . import chain
from .forms import AuditFilterForm
from .selectors import events


@require_GET
@access.training_admin_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(events(**filters), 50).get_page(request.GET.get("page"))
    return render(request, "training/audit_log.html", {"form": form, "page": page, "chain": chain.verify()})
