from django.dispatch import Signal

# Sent once per site, inside that site's schema, after an arrangement change is committed,
# with `year`. Receivers enqueue their own background work (the backend records the schema).
arrangement_changed = Signal()
