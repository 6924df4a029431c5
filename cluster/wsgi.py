import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.production")

application = get_wsgi_application()

# Everything loaded so far (models, URL conf, Wagtail's registries) lives as long as the
# process; freezing it keeps full garbage collections short, which otherwise showed as
# 200–300 ms spikes in infra/bench/catalog. (With a preforking server, freeze before fork.)
gc.freeze()
