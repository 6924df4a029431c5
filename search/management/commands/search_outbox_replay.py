"""``manage.py search_outbox_replay``: send the search-engine writes that waited for the engine.

Every indexing task replays the outbox too; run this from cron (or after an outage) so
waiting writes go out even when nobody publishes.
"""

from django.core.management.base import BaseCommand

from search.backends.registry import engine_backend
from search.outbox import outbox_pending_count, outbox_replay


class Command(BaseCommand):
    help = "Replay the search engine outbox."

    def handle(self, *args, **options):
        engine = engine_backend()
        if engine is None:
            self.stdout.write("No search engine is configured (SEARCH_URL is empty).")
            return
        sent = outbox_replay(backend=engine)
        self.stdout.write(f"Sent {sent} write(s); {outbox_pending_count()} still waiting.")
