"""Canary: attachment to primaries, weights, and balancer.lua's decision order rebuilt from Gateway precedence."""

from __future__ import annotations

import re

import pytest
from routing_cases import Request, codes, ingress, intents, pick, routes, rules, run

from migrate.gateway.canary import cookie_value
from migrate.gateway.ir import BackendRef, ReferenceGrant
from migrate.intents import CanaryRules

HOST = "app.example.com"


def _canary(annotations: dict[str, str], path: str = "/", path_type: str = "Prefix", **kwargs: object) -> dict:
    return ingress(
        name="app-canary",
        annotations={"canary": "true", **annotations},
        paths=[(path, path_type)],
        service="app-canary",
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("weight", "total", "refs"),
    [
        pytest.param("10", None, [("app", 90), ("app-canary", 10)], id="percent"),
        pytest.param("100", None, [("app", 0), ("app-canary", 100)], id="all"),
        pytest.param("150", None, [("app", 0), ("app-canary", 100)], id="above-total"),
        pytest.param("1", "1000", [("app", 999), ("app-canary", 1)], id="total-above-100"),
        pytest.param("5", "10", [("app", 95), ("app-canary", 5)], id="total-at-most-100-is-100"),
        pytest.param("0", None, [("app", None)], id="zero"),
        pytest.param("-3", None, [("app", None)], id="negative"),
    ],
)
def test_weights(weight: str, total: str | None, refs: list[tuple[str, int | None]]) -> None:
    annotations = {"canary-weight": weight, **({"canary-weight-total": total} if total else {})}
    result = run(ingress(), _canary(annotations))
    (rule,) = rules(result, HOST)
    assert [(ref.name, ref.weight) for ref in rule.backend_refs] == refs


def _nginx(rules_: CanaryRules, headers: dict[str, str], cookies: dict[str, str]) -> str:
    """balancer.lua route_to_alternative_balancer, without affinity: canary, primary or weight."""
    value = headers.get(rules_.header.lower()) if rules_.header else None
    if value is not None:
        if rules_.header_value:
            if value == rules_.header_value:
                return "canary"
        elif rules_.header_pattern:
            if re.search(rules_.header_pattern, value):
                return "canary"
        elif value == "always":
            return "canary"
        elif value == "never":
            return "primary"
    cookie = cookies.get(rules_.cookie) if rules_.cookie else None
    if cookie == "always":
        return "canary"
    if cookie == "never":
        return "primary"
    return "weight"


def _gateway(result: object, headers: dict[str, str], cookies: dict[str, str]) -> str:
    sent = list(headers.items())
    if cookies:
        sent.append(("Cookie", "; ".join(f"{k}={v}" for k, v in [("session", "abc"), *cookies.items()])))
    rule = pick(routes(result, HOST), Request("/x", tuple(sent)))  # type: ignore[arg-type]
    assert rule is not None
    names = [ref.name for ref in rule.backend_refs]
    if len(names) > 1:
        return "weight"
    return "canary" if names == ["app-canary"] else "primary"


SETTINGS = {
    "header": {"canary-by-header": "X-Canary"},
    "header-value": {"canary-by-header": "X-Canary", "canary-by-header-value": "yes"},
    "header-pattern": {"canary-by-header": "X-Canary", "canary-by-header-pattern": "^(beta|alpha)"},
    "cookie": {"canary-by-cookie": "canary"},
    "header-and-cookie": {"canary-by-header": "X-Canary", "canary-by-cookie": "canary"},
    "value-and-cookie": {"canary-by-header": "X-Canary", "canary-by-header-value": "yes", "canary-by-cookie": "canary"},
}
REQUESTS = [
    ({}, {}),
    ({"x-canary": "always"}, {}),
    ({"x-canary": "never"}, {}),
    ({"x-canary": "yes"}, {}),
    ({"x-canary": "beta-7"}, {}),
    ({"x-canary": "other"}, {}),
    ({}, {"canary": "always"}),
    ({}, {"canary": "never"}),
    ({"x-canary": "always"}, {"canary": "never"}),
    ({"x-canary": "never"}, {"canary": "always"}),
    ({"x-canary": "other"}, {"canary": "always"}),
    ({"x-canary": "yes"}, {"canary": "never"}),
    ({"x-canary": "never"}, {"canary": "never"}),
]


@pytest.mark.parametrize("setting", [pytest.param(v, id=k) for k, v in SETTINGS.items()])
@pytest.mark.parametrize(("headers", "cookies"), [pytest.param(h, c, id=f"{h or ''}{c or ''}") for h, c in REQUESTS])
def test_gateway_precedence_decides_as_balancer_lua(
    setting: dict[str, str], headers: dict[str, str], cookies: dict[str, str]
) -> None:
    found, _ = intents(_canary({**setting, "canary-weight": "10"}))
    result = run(ingress(), _canary({**setting, "canary-weight": "10"}))
    assert _gateway(result, headers, cookies) == _nginx(found.canary_rules, headers, cookies)


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        pytest.param("canary=always", True, id="only"),
        pytest.param("a=1; canary=always", True, id="after"),
        pytest.param("a=1;canary=always; b=2", True, id="between-no-space"),
        pytest.param("xcanary=always", False, id="longer-name"),
        pytest.param("canary=alwaysx", False, id="longer-value"),
        pytest.param("a=canary=always", False, id="inside-a-value"),
    ],
)
def test_cookie_regex(header: str, matches: bool) -> None:
    value = cookie_value("canary", "always")
    assert (re.fullmatch(value, header) is not None) is matches  # Envoy: full match
    assert (re.search(value, header) is not None) is matches  # PCRE implementations: search


def test_canary_needs_identical_host_path_and_path_type() -> None:
    result = run(ingress(paths=[("/api", "Prefix")]), _canary({"canary-weight": "50"}, path="/api", path_type="Exact"))
    assert "IM447" in codes(result.findings)
    assert all(len(rule.backend_refs) == 1 for rule in rules(result, HOST))


def test_implementation_specific_is_prefix_for_the_identity_check() -> None:
    result = run(
        ingress(paths=[("/api", "ImplementationSpecific")]),
        _canary({"canary-weight": "50"}, path="/api", path_type="Prefix"),
    )
    assert "IM447" not in codes(result.findings)


def test_canary_follows_the_primary_service_to_other_locations() -> None:
    result = run(
        ingress(paths=[("/", "Prefix")]),
        ingress(name="admin", host="admin.example.com", paths=[("/app", "Prefix")]),
        _canary({"canary-weight": "20"}),
    )
    (rule,) = rules(result, "admin.example.com")
    assert [ref.weight for ref in rule.backend_refs] == [80, 20]
    assert "IM448" in codes(result.findings)


def test_only_the_first_canary_of_a_service_counts() -> None:
    result = run(
        ingress(),
        ingress(
            name="c1",
            annotations={"canary": "true", "canary-weight": "10"},
            service="c1",
            created="2020-01-01T00:00:00Z",
        ),
        ingress(
            name="c2",
            annotations={"canary": "true", "canary-weight": "30"},
            service="c2",
            created="2021-01-01T00:00:00Z",
        ),
    )
    (rule,) = rules(result, HOST)
    assert [(ref.name, ref.weight) for ref in rule.backend_refs] == [("app", 90), ("c1", 10)]
    assert "IM449" in codes(result.findings)


def test_canary_into_the_default_backend_root_is_not_merged() -> None:
    result = run(ingress(paths=[("/api", "Prefix")]), _canary({"canary-weight": "50"}, path="/"))
    assert "IM447" in codes(result.findings)


def test_canary_in_another_namespace_gets_a_reference_grant() -> None:
    result = run(ingress(), _canary({"canary-weight": "10"}, namespace="canaries"))
    (rule,) = rules(result, HOST)
    assert rule.backend_refs[1] == BackendRef("app-canary", 80, 10, namespace="canaries")
    (grant,) = [obj for obj in result.objects if isinstance(obj, ReferenceGrant)]
    assert grant.metadata.namespace == "canaries"
    assert [(g.kind, g.namespace) for g in grant.grant_from] == [("HTTPRoute", "default")]
    assert [(g.kind, g.name) for g in grant.grant_to] == [("Service", "app-canary")]


def test_canary_keys_without_canary_true_do_nothing() -> None:
    found, findings = intents(ingress(annotations={"canary-weight": "50", "canary-by-header": "X"}))
    assert not found.canary
    assert codes(findings).count("IM445") == 1 and codes(findings).count("IM441") == 1


@pytest.mark.parametrize(
    ("annotations", "field", "value"),
    [
        pytest.param({"canary-weight": "ten"}, "weight", 0, id="weight-not-int"),
        pytest.param({"canary-weight-total": "x"}, "weight_total", 100, id="total-not-int"),
        pytest.param({"canary-by-header": "X Canary"}, "header", "X Canary", id="spaces-kept-by-the-parser"),
        pytest.param({"canary-by-header": "X@Canary"}, "header", "", id="header-invalid"),
        pytest.param({"canary-by-cookie": "c;d"}, "cookie", "", id="cookie-invalid"),
    ],
)
def test_canary_values(annotations: dict[str, str], field: str, value: object) -> None:
    found, _ = intents(_canary(annotations))
    assert getattr(found.canary_rules, field) == value


def test_regex_matches_are_flagged() -> None:
    result = run(
        ingress(), _canary({"canary-by-header": "X", "canary-by-header-pattern": "^b", "canary-by-cookie": "c"})
    )
    assert {"IM443", "IM444"} <= set(codes(result.findings))


def test_other_annotations_on_a_canary_are_ignored() -> None:
    result = run(ingress(), _canary({"canary-weight": "10", "rewrite-target": "/x"}))
    assert "IM802" in codes(result.findings)
    assert all(not rule.filters for rule in rules(result, HOST))


def test_canaries_sharing_a_service_port_take_the_oldest_ones_policy() -> None:
    """The traffic policy belongs to the canary's upstream, made once for the oldest Ingress naming it: a
    second canary Ingress to the same Service port, on another host, splits by the first one's weight."""
    result = run(
        ingress(),
        ingress(name="admin", host="admin.example.com", service="admin"),
        ingress(
            name="c1",
            annotations={"canary": "true", "canary-weight": "10"},
            service="next",
            created="2020-01-01T00:00:00Z",
        ),
        ingress(
            name="c2",
            host="admin.example.com",
            annotations={"canary": "true", "canary-weight": "60"},
            service="next",
            created="2021-01-01T00:00:00Z",
        ),
    )
    (admin,) = rules(result, "admin.example.com")
    assert [(ref.name, ref.weight) for ref in admin.backend_refs] == [("admin", 90), ("next", 10)]
    flagged = [f for f in result.findings if f.code.id == "IM226"]
    assert [f.ingress for f in flagged] == ["default/c2"]


def test_canaries_sharing_a_service_port_with_the_same_policy_are_not_flagged() -> None:
    same = {"canary": "true", "canary-weight": "10"}
    result = run(
        ingress(),
        ingress(name="admin", host="admin.example.com", service="admin"),
        ingress(name="c1", annotations=same, service="next", created="2020-01-01T00:00:00Z"),
        ingress(name="c2", host="admin.example.com", annotations=same, service="next", created="2021-01-01T00:00:00Z"),
    )
    (admin,) = rules(result, "admin.example.com")
    assert [(ref.name, ref.weight) for ref in admin.backend_refs] == [("admin", 90), ("next", 10)]
    assert "IM226" not in codes(result.findings)
