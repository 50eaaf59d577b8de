"""proxy-*-timeout and proxy-next-upstream*: rule timeouts, and retry on the experimental channel."""

from __future__ import annotations

from typing import Any

import pytest
from annotated_ingress import convert, manifest

from migrate.gateway.rule_options import duration


def _rule(annotations: dict[str, str], channel: str = "standard") -> dict[str, Any]:
    (rule,) = convert(manifest(annotations), channel=channel).rules()
    return rule


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        pytest.param(0, "0s", id="zero"),
        pytest.param(45, "45s", id="seconds"),
        pytest.param(90, "1m30s", id="minutes-and-seconds"),
        pytest.param(300, "5m", id="minutes"),
        pytest.param(3600, "1h", id="hour"),
        pytest.param(172800, "48h", id="days-as-hours"),
        pytest.param(3661, "1h1m1s", id="every-unit"),
        pytest.param(99999 * 3600 + 59, "99999h59s", id="largest"),
        pytest.param(100000 * 3600, None, id="too-long-for-five-digits"),
    ],
)
def test_duration(seconds: int, text: str | None) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize(
    ("annotations", "timeouts"),
    [
        pytest.param({"proxy-read-timeout": "300"}, {"backendRequest": "5m"}, id="read"),
        pytest.param({"proxy-send-timeout": "120"}, {"backendRequest": "2m"}, id="send"),
        pytest.param(
            {"proxy-read-timeout": "30", "proxy-send-timeout": "600"}, {"backendRequest": "10m"}, id="larger-wins"
        ),
        pytest.param({"proxy-read-timeout": "60s"}, None, id="not-a-number-falls-back-to-the-default"),
        pytest.param({"proxy-read-timeout": "0"}, None, id="zero-is-not-converted"),
        pytest.param({"proxy-read-timeout": "-5"}, None, id="negative-is-not-converted"),
        pytest.param({"proxy-connect-timeout": "10"}, None, id="connect-has-no-standard-field"),
    ],
)
def test_timeouts(annotations: dict[str, str], timeouts: dict[str, str] | None) -> None:
    assert _rule(annotations).get("timeouts") == timeouts


@pytest.mark.parametrize(
    ("annotations", "code", "words"),
    [
        pytest.param({"proxy-read-timeout": "300"}, "IM471", "between two successive reads", id="read-semantics"),
        pytest.param({"proxy-send-timeout": "300"}, "IM472", "writes to", id="send-semantics"),
        pytest.param({"proxy-read-timeout": "60s"}, "IM596", "used 60 seconds", id="fallback"),
        pytest.param({"proxy-connect-timeout": "10"}, "IM470", "connectTimeout", id="connect-says-what-to-use"),
        pytest.param({"proxy-next-upstream-tries": "5"}, "IM475", "--channel experimental", id="standard-channel"),
    ],
)
def test_findings(annotations: dict[str, str], code: str, words: str) -> None:
    messages = convert(manifest(annotations)).messages(code)
    assert any(words in m for m in messages), messages


@pytest.mark.parametrize(
    ("annotations", "retry", "timeouts"),
    [
        pytest.param({"proxy-next-upstream-tries": "4"}, {"attempts": 3}, None, id="tries-minus-one"),
        pytest.param(
            {"proxy-next-upstream": "error timeout http_502 http_503 http_504"},
            {"codes": [502, 503, 504], "attempts": 2},
            None,
            id="http-conditions-become-codes-default-tries-3",
        ),
        pytest.param({"proxy-next-upstream": "off"}, None, None, id="off-writes-no-retry"),
        pytest.param({"proxy-next-upstream-tries": "1"}, None, None, id="one-try-writes-no-retry"),
        pytest.param(
            {"proxy-next-upstream": "http_502", "proxy-next-upstream-tries": "0"},
            {"codes": [502]},
            None,
            id="unlimited-tries-leave-attempts-out",
        ),
        pytest.param(
            {"proxy-next-upstream": "bogus", "proxy-next-upstream-tries": "2"},
            {"attempts": 1},
            None,
            id="invalid-conditions-fall-back-to-error-timeout",
        ),
        pytest.param(
            {"proxy-next-upstream-timeout": "30", "proxy-read-timeout": "10"},
            {"attempts": 2},
            {"request": "30s", "backendRequest": "10s"},
            id="retry-budget-becomes-request-timeout",
        ),
        pytest.param(
            {"proxy-next-upstream-timeout": "5", "proxy-read-timeout": "10"},
            {"attempts": 2},
            {"request": "10s", "backendRequest": "10s"},
            id="request-never-shorter-than-backend-request",
        ),
    ],
)
def test_experimental_retry(
    annotations: dict[str, str], retry: dict[str, Any] | None, timeouts: dict[str, str] | None
) -> None:
    rule = _rule(annotations, "experimental")
    assert rule.get("retry") == retry
    assert rule.get("timeouts") == timeouts


@pytest.mark.parametrize(
    ("annotations", "words"),
    [
        pytest.param({"proxy-next-upstream-tries": "3"}, "connection failures and timeouts", id="connection-errors"),
        pytest.param({"proxy-next-upstream-tries": "3"}, "non-idempotent", id="methods"),
        pytest.param({"proxy-next-upstream": "http_404"}, "4xx", id="client-error-codes"),
        pytest.param({"proxy-next-upstream": "off"}, "never retried", id="off"),
    ],
)
def test_experimental_retry_approximations_are_flagged(annotations: dict[str, str], words: str) -> None:
    converted = convert(manifest(annotations), channel="experimental")
    messages = [f.message for f in converted.findings if f.code.id in ("IM473", "IM475")]
    assert any(words in m for m in messages), messages
    assert "IM803" not in converted.codes()


def test_standard_channel_writes_no_retry() -> None:
    rule = _rule({"proxy-next-upstream-tries": "4", "proxy-next-upstream-timeout": "30"})
    assert "retry" not in rule and "timeouts" not in rule
