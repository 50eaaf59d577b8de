"""rate_limits: per-client, per-replica limits, bursts, switched-off limits and options that do nothing."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

CASES = [
    pytest.param(
        {"limit-rps": "10"},
        "limit-rps",
        [
            (
                "IM580",
                "10 requests per second on each controller replica (N replicas let N x 10 through), bursts of 50 (x5)",
            )
        ],
        id="rps-per-replica-default-burst",
    ),
    pytest.param(
        {"limit-rpm": "600", "limit-burst-multiplier": "2"},
        "limit-rpm",
        [
            (
                "IM581",
                "600 requests per minute on each controller replica (N replicas let N x 600 through), bursts of 1200",
            )
        ],
        id="rpm-with-multiplier",
    ),
    pytest.param(
        {"limit-rps": "0"},
        "limit-rps",
        [("IM588", "switches the limit off")],
        id="zero-switches-it-off",
    ),
    pytest.param(
        {"limit-connections": "20"},
        "limit-connections",
        [("IM582", "20 concurrent connections on each controller replica")],
        id="connections",
    ),
    pytest.param(
        {"limit-rps": "10r/s"},
        "limit-rps",
        [("IM595", "is not a whole number")],
        id="not-a-number-refuses-the-ingress",
    ),
    pytest.param(
        {"limit-burst-multiplier": "3"},
        "limit-burst-multiplier",
        [("IM589", "this Ingress sets none of them above 0")],
        id="multiplier-without-limit",
    ),
    pytest.param(
        {"limit-burst-multiplier": "3", "limit-rps": "5"},
        "limit-burst-multiplier",
        [("IM583", "RateLimitPolicy.spec.rateLimit.local.rules[].burst")],
        id="multiplier-with-limit",
    ),
    pytest.param(
        {"limit-burst-multiplier": "many", "limit-rps": "5"},
        "limit-burst-multiplier",
        [("IM596", "used 5")],
        id="bad-multiplier-falls-back-to-5",
    ),
    pytest.param(
        {"limit-allowlist": "10.0.0.0/8", "limit-rps": "5"},
        "limit-allowlist",
        [("IM586", "It exempted 10.0.0.0/8 from the limits")],
        id="allowlist-exempts",
    ),
    pytest.param(
        {"limit-allowlist": "10.0.0.0/8", "limit-whitelist": "0.0.0.0/0", "limit-rps": "5"},
        "limit-whitelist",
        [("IM589", "reads this old name only when limit-allowlist is absent or empty")],
        id="old-name-yields",
    ),
    pytest.param(
        {"limit-whitelist": "10.0.0.0/8"},
        "limit-whitelist",
        [("IM589", "sets none of them above 0")],
        id="old-name-without-limit",
    ),
    pytest.param(
        {"limit-allowlist": "10.0.0.0/8,nope", "limit-rps": "5"},
        "limit-allowlist",
        [("IM595", "is not a comma-separated list of IP addresses or CIDRs")],
        id="bad-allowlist-refuses-the-ingress",
    ),
    pytest.param(
        {"limit-rate": "100"},
        "limit-rate",
        [("IM584", "at most 100 KB/s per connection")],
        id="bandwidth",
    ),
    pytest.param(
        {"limit-rate-after": "1024"},
        "limit-rate-after",
        [("IM589", "without a limit-rate above 0")],
        id="rate-after-alone",
    ),
    pytest.param(
        {"limit-rate-after": "1024", "limit-rate": "100"},
        "limit-rate-after",
        [("IM585", "SnippetsFilter (limit_rate_after)")],
        id="rate-after-with-rate",
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_rate_limits(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message
