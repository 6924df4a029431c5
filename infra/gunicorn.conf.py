"""gunicorn for the cluster (infra/serve-prod here; the same file in a deployment).

Sync workers behind nginx: nginx buffers slow clients and uploads, so a worker is only
busy while Django works. Settings from the environment: GUNICORN_BIND, GUNICORN_WORKERS.
"""

import multiprocessing
import os

wsgi_app = "cluster.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Longer than nginx's proxy_read_timeout (60 s) would never be seen by a client.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so slow growth never accumulates (GUNICORN_MAX_REQUESTS;
# 0 turns it off, as infra/bench/soak does to see growth); jitter keeps them
# from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
# Only nginx on this machine talks to gunicorn; Django reads the client address itself
# (cluster/serving/client_ip.py).
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
loglevel = "info"
# No control socket: several gunicorns on one machine would share its default path.
control_socket_disable = True
