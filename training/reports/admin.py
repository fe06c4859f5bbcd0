from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requester", "team", "status", "done", "total", "finished_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester"]
