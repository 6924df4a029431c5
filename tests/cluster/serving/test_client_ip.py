"""The client's address: believed from X-Forwarded-For / X-Real-IP only via trusted proxies."""

import pytest

from cluster.serving.client_ip import client_address


@pytest.fixture(autouse=True)
def trusted(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.1.0.0/16"]


def test_a_direct_client_cannot_claim_another_address():
    meta = {
        "REMOTE_ADDR": "198.51.100.9",
        "HTTP_X_FORWARDED_FOR": "1.2.3.4",
        "HTTP_X_REAL_IP": "1.2.3.4",
    }
    assert client_address(meta) == "198.51.100.9"


def test_behind_nginx_the_address_nginx_saw_is_the_client():
    meta = {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "198.51.100.9",
        "HTTP_X_REAL_IP": "198.51.100.9",
    }
    assert client_address(meta) == "198.51.100.9"


def test_a_forged_hop_to_the_left_of_the_real_one_is_ignored():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.9"}
    assert client_address(meta) == "198.51.100.9"


def test_trusted_load_balancers_in_front_of_nginx_are_skipped():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.9, 10.1.2.3"}
    assert client_address(meta) == "198.51.100.9"


def test_only_x_real_ip_from_a_trusted_proxy_is_used():
    assert (
        client_address({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.4"})
        == "203.0.113.4"
    )


def test_garbage_in_the_headers_leaves_the_peer():
    meta = {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "<script>",
        "HTTP_X_REAL_IP": "nope",
    }
    assert client_address(meta) == "127.0.0.1"


def test_everything_after_the_middleware_reads_the_real_client_as_remote_addr(settings):
    from django.test import RequestFactory

    from cluster.serving.client_ip import ClientAddressMiddleware

    seen = []
    handler = ClientAddressMiddleware(lambda request: seen.append(request.META["REMOTE_ADDR"]))
    handler(
        RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.77")
    )
    assert seen == ["198.51.100.77"]
    # Before the tenant lookup, the page cache and every rate limit.
    middleware = settings.MIDDLEWARE
    assert middleware.index("cluster.serving.client_ip.ClientAddressMiddleware") < middleware.index(
        "cluster.tenants.middleware.TenantHostMiddleware"
    )
