from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "sites.disclosure"
    label = "disclosure"
    verbose_name = "政府信息公开"

    def ready(self):
        from cluster.workcalendar.signals import arrangement_changed

        from . import demo, seed  # noqa: F401 - register onboarding's seeding steps
        from .handlers import arrangement_changed_recompute

        arrangement_changed.connect(
            arrangement_changed_recompute, dispatch_uid="disclosure.deadlines_recompute"
        )
