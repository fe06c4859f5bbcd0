from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from . import audit, security, signals  # noqa: F401  (connects receivers)
