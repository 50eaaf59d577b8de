"""Server aliases: extra hostnames, nginx server_name forms, oldest Ingress wins, HTTPS listeners."""

from __future__ import annotations

import pytest
from routing_cases import codes, ingress, intents, routes, run

from migrate.gateway.ir import Gateway, Listener

HOST = "app.example.com"


@pytest.mark.parametrize(
    ("value", "aliases", "code"),
    [
        pytest.param(
            "b.example.com, a.example.com,,a.example.com", ("a.example.com", "b.example.com"), None, id="sorted-unique"
        ),
        pytest.param("a.example.com b.example.com", (), "IM595", id="space-inside-refused"),
        pytest.param("a.example.com;", (), "IM595", id="bad-character-refused"),
        pytest.param("~^www\\d+\\.example\\.com$", ("~^www\\d+\\.example\\.com$",), None, id="regex-accepted"),
    ],
)
def test_alias_parsing(value: str, aliases: tuple[str, ...], code: str | None) -> None:
    found, findings = intents(ingress(annotations={"server-alias": value}))
    assert found.server.aliases == aliases
    assert (code in codes(findings)) if code else not findings


@pytest.mark.parametrize(
    ("value", "hostnames", "flagged"),
    [
        pytest.param("alias.example.net", ["alias.example.net"], [], id="plain"),
        pytest.param(".example.org", ["example.org", "*.example.org"], [], id="dot-form-is-name-and-subdomains"),
        pytest.param("*.example.org", ["*.example.org"], [], id="wildcard-any-depth-like-gateway"),
        pytest.param("www.example.*", [], ["IM432"], id="suffix-wildcard"),
        pytest.param("~^a\\d+\\.example\\.com$", [], ["IM432"], id="regex"),
        pytest.param("Upper.Example.NET", ["upper.example.net"], [], id="lower-cased"),
        pytest.param(f"{HOST}", [], [], id="the-host-itself"),
        pytest.param("other.example.com", [], ["IM431"], id="another-host-is-dropped"),
    ],
)
def test_alias_hostnames(value: str, hostnames: list[str], flagged: list[str]) -> None:
    result = run(
        ingress(annotations={"server-alias": value}),
        ingress(name="other", host="other.example.com", service="other"),
    )
    (route,) = routes(result, HOST)
    assert route.hostnames == [HOST, *hostnames]
    for code in flagged:
        assert code in codes(result.findings)


def test_oldest_ingress_with_aliases_wins() -> None:
    result = run(
        ingress(
            name="new",
            annotations={"server-alias": "new.example.net"},
            created="2021-01-01T00:00:00Z",
            paths=[("/n", "Prefix")],
        ),
        ingress(
            name="old",
            annotations={"server-alias": "old.example.net"},
            created="2020-01-01T00:00:00Z",
            paths=[("/o", "Prefix")],
            service="old",
        ),
    )
    assert {tuple(route.hostnames) for route in routes(result, HOST)} == {(HOST, "old.example.net")}


def test_more_than_sixteen_hostnames_split_the_route() -> None:
    aliases = ", ".join(f"a{i:02}.example.net" for i in range(20))
    result = run(ingress(annotations={"server-alias": aliases}))
    found = routes(result, HOST) + [route for route in routes(result) if HOST not in route.hostnames]
    assert sorted(len(route.hostnames) for route in found) == [5, 16]
    assert all(route.rules == found[0].rules for route in found)


def test_aliases_get_https_listeners_with_the_hosts_certificate() -> None:
    result = run(ingress(annotations={"server-alias": "alias.example.net"}, tls=[HOST]))
    (gateway,) = [obj for obj in result.objects if isinstance(obj, Gateway)]
    by_host: dict[str | None, Listener] = {listener.hostname: listener for listener in gateway.listeners}
    assert by_host["alias.example.net"].certificate_refs == by_host[HOST].certificate_refs
    (route,) = routes(result, HOST)
    assert {parent.section_name for parent in route.parent_refs} == {"https.app.example.com", "https.alias.example.net"}
    (http,) = routes(result, HOST, "-http")
    assert http.hostnames == [HOST, "alias.example.net"]
    assert "IM433" in codes(result.findings)


@pytest.mark.parametrize(
    ("value", "others", "message"),
    [
        pytest.param(".example.org", [], "found none for example.org or any name under it", id="dot-form"),
        pytest.param(
            ".example.org",
            [("org", "*.example.org")],
            "found none for example.org or names two or more labels under it",
            id="dot-form-with-a-wildcard-host-certificate",
        ),
        pytest.param("*.example.org", [], "found none for names two or more labels under example.org", id="wildcard"),
        pytest.param("alias.example.net", [], None, id="exact-alias-is-looked-up"),
    ],
)
def test_aliases_ingress_nginx_had_no_certificate_for(
    value: str, others: list[tuple[str, str]], message: str | None
) -> None:
    """certificate.lua looks a certificate up by exact name, then by `*.` plus the name without its first label,
    among the hosts and aliases as written: `.example.org` is never found, nor two labels under `*.example.org`."""
    documents = [ingress(annotations={"server-alias": value}, tls=[HOST])]
    documents += [ingress(name=name, host=host, service=name, tls=[host]) for name, host in others]
    found = [f for f in run(*documents).findings if f.code.id == "IM434"]
    if message is None:
        assert found == []
        return
    (finding,) = found
    assert message in finding.message
    assert finding.field == "nginx.ingress.kubernetes.io/server-alias"


def test_no_certificate_finding_without_tls() -> None:
    assert "IM434" not in codes(run(ingress(annotations={"server-alias": ".example.org"})).findings)
