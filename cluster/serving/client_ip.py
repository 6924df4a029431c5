"""The client's real address, when the request came through a proxy we trust.

nginx passes the peer it saw in ``X-Real-IP`` and appends it to ``X-Forwarded-For``.
Both headers are whatever a client sends unless the request really came from a trusted
proxy, so they are read only when ``REMOTE_ADDR`` is one of ``TRUSTED_PROXIES``; the
chain is then walked from the right, skipping trusted hops (nginx, a load balancer in
front of it), and the first untrusted address is the client. Everything that keys on
the address (rate limits of the public forms, login lockout) reads ``REMOTE_ADDR``.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=1)
def _trusted_networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(value: str) -> bool:
    address = _address(value)
    if address is None:
        return False
    return any(address in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(meta: dict) -> str:
    peer = meta.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    chain = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(chain):
        if _address(hop) is None:
            # A malformed hop: nothing to its left can be trusted either.
            break
        if not is_trusted_proxy(hop):
            return hop
    real_ip = meta.get("HTTP_X_REAL_IP", "")
    if _address(real_ip) is not None and not chain:
        return real_ip.strip()
    return peer


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = client_address(request.META)
        return self.get_response(request)
