from django.urls import path

from . import views

urlpatterns = [
    path("manage/webhooks/", views.webhook_list, name="webhook_list"),
    path("manage/webhooks/new/", views.webhook_create, name="webhook_create"),
    path("manage/webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("manage/webhooks/<int:pk>/ping/", views.webhook_ping, name="webhook_ping"),
    path("manage/webhooks/<int:pk>/rotate/", views.webhook_rotate, name="webhook_rotate"),
    path("manage/webhooks/<int:pk>/enable/", views.webhook_enable, name="webhook_enable"),
    path("manage/webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("manage/webhooks/deliveries/<int:pk>/resend/", views.webhook_resend, name="webhook_resend"),
]
