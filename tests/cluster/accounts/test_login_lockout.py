"""Login lockout (django-axes) with the cluster identity: per account on every host,
per address, and a password policy and session expiry fit for 等保三级."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cluster.accounts.services import account_create
from tests.conftest import PASSWORD


def attempt(host, username, password, address="198.51.100.10"):
    # Through nginx on this machine: the address comes in X-Forwarded-For.
    client = Client(HTTP_HOST=host, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
    path = "/login/" if host.startswith("console.") else "/admin/login/"
    return client, client.post(path, {"username": username, "password": password})


def signed_in(client) -> bool:
    return "sessionid" in client.cookies and client.cookies["sessionid"].value != ""


@pytest.fixture
def failures(settings):
    return settings.AXES_FAILURE_LIMIT


def test_repeated_failures_lock_the_account_on_every_site_and_the_console(
    alpha, beta, accounts, failures
):
    for _ in range(failures - 1):
        _client, response = attempt("alpha.localhost", "alpha_editor", "wrong-Password-1")
        assert response.status_code == 200  # the form again, with its error
    _client, response = attempt("alpha.localhost", "alpha_editor", "wrong-Password-1")
    assert response.status_code == 429  # the failure that reaches the limit locks
    client, response = attempt("alpha.localhost", "alpha_editor", PASSWORD, address="198.51.100.99")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert not signed_in(client)
    # One identity for the cluster: the lock holds on another site and on the console.
    _client, response = attempt("beta.localhost", "alpha_editor", PASSWORD, address="198.51.100.98")
    assert response.status_code == 429
    _client, response = attempt(
        "console.localhost", "alpha_editor", PASSWORD, address="198.51.100.97"
    )
    assert response.status_code == 429


def test_repeated_failures_from_one_address_lock_that_address_only(alpha, accounts, failures):
    for number in range(failures):
        attempt("alpha.localhost", f"guess{number}", "wrong-Password-1", address="203.0.113.50")
    _client, response = attempt("alpha.localhost", "alpha_editor", PASSWORD, address="203.0.113.50")
    assert response.status_code == 429
    client, response = attempt("alpha.localhost", "alpha_editor", PASSWORD, address="203.0.113.51")
    assert response.status_code == 302 and signed_in(client)


def test_a_successful_sign_in_clears_earlier_failures(alpha, accounts, failures):
    for _ in range(failures - 1):
        attempt("alpha.localhost", "alpha_editor", "wrong-Password-1")
    client, response = attempt("alpha.localhost", "alpha_editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    for _ in range(failures - 1):
        attempt("alpha.localhost", "alpha_editor", "wrong-Password-1")
    client, response = attempt("alpha.localhost", "alpha_editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


@pytest.mark.parametrize(
    "password", ["short-A1", "alllowercaseletters", "ALLUPPER12345", "1234567890123"]
)
def test_weak_passwords_are_refused_for_new_accounts(db, password):
    with pytest.raises(ValidationError) as refused:
        account_create(username="weak_one", password=password, name="弱")
    assert "password" in refused.value.message_dict


def test_a_strong_password_is_accepted(db):
    user = account_create(username="strong_one", password="Strong-pass-2026", name="强")
    assert user.check_password("Strong-pass-2026")


def test_sessions_end_with_the_browser_and_after_thirty_idle_minutes(alpha, accounts, settings):
    client, _response = attempt("alpha.localhost", "alpha_editor", PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert cookie["httponly"]
