import pytest
from django.test import RequestFactory

from kansenwerk.core.http import client_ip


@pytest.fixture
def request_from():
    def make(forwarded: str | None = None):
        extra = {"REMOTE_ADDR": "127.0.0.1"}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    return make


def test_without_a_proxy_the_header_is_ignored(request_from, settings):
    settings.KANSENWERK_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.5")) == "127.0.0.1"


def test_behind_one_proxy_the_last_hop_is_the_client(request_from, settings):
    settings.KANSENWERK_PROXY_COUNT = 1
    # The client wrote the first entry itself; only our nginx's entry counts.
    assert client_ip(request_from("10.9.9.9, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from()) == "127.0.0.1"
    assert client_ip(request_from(" , ")) == "127.0.0.1"


def test_behind_two_proxies(request_from, settings):
    settings.KANSENWERK_PROXY_COUNT = 2
    assert client_ip(request_from("10.9.9.9, 203.0.113.5, 192.0.2.1")) == "203.0.113.5"
    assert client_ip(request_from("203.0.113.5")) == "203.0.113.5"
