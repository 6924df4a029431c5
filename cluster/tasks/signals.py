from django.dispatch import Signal

# Sent by ``manage.py run_worker`` before it takes its first task: apps queue their
# periodic tasks here (see cluster.syndication.feeds.feeds_schedule_ensure).
worker_starting = Signal()
