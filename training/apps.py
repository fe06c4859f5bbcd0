from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "Training"

    def ready(self):
        # Connect every package's receivers (each module registers its own with @receiver).
        from training.audit import receivers as audit_receivers  # noqa: F401
        from training.certification import receivers as certification_receivers  # noqa: F401
        from training.feedback import receivers as feedback_receivers  # noqa: F401
        from training.people import receivers as people_receivers  # noqa: F401
        from training.rota import receivers as rota_receivers  # noqa: F401
        from training.site import security  # noqa: F401
        from training.tracks import receivers as tracks_receivers  # noqa: F401
        from training.webhooks import receivers as webhooks_receivers  # noqa: F401
        from training.workflow import receivers as workflow_receivers  # noqa: F401
