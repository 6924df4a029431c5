from .outbox_models import *  # noqa: F403
