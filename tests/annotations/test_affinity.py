"""affinity and session-cookie-*: sessionPersistence on the experimental channel, flagged otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from annotated_ingress import convert, manifest

COOKIE = {"affinity": "cookie"}


def _session(annotations: dict[str, str]) -> Any:
    (rule,) = convert(manifest(annotations), channel="experimental").rules()
    return rule.get("sessionPersistence")


@pytest.mark.parametrize(
    ("annotations", "session"),
    [
        pytest.param(
            COOKIE,
            {"sessionName": "INGRESSCOOKIE", "type": "Cookie", "cookieConfig": {"lifetimeType": "Session"}},
            id="default-cookie-is-a-session-cookie",
        ),
        pytest.param(
            {**COOKIE, "session-cookie-name": "route", "session-cookie-max-age": "3600"},
            {
                "sessionName": "route",
                "type": "Cookie",
                "absoluteTimeout": "1h",
                "cookieConfig": {"lifetimeType": "Permanent"},
            },
            id="max-age-makes-it-permanent",
        ),
        pytest.param(
            {**COOKIE, "session-cookie-expires": "172800"},
            {
                "sessionName": "INGRESSCOOKIE",
                "type": "Cookie",
                "absoluteTimeout": "48h",
                "cookieConfig": {"lifetimeType": "Permanent"},
            },
            id="expires-too",
        ),
        pytest.param(
            {**COOKIE, "session-cookie-expires": "60", "session-cookie-max-age": "120"},
            {
                "sessionName": "INGRESSCOOKIE",
                "type": "Cookie",
                "absoluteTimeout": "2m",
                "cookieConfig": {"lifetimeType": "Permanent"},
            },
            id="max-age-wins-over-expires",
        ),
        pytest.param(
            {**COOKIE, "session-cookie-name": "bad name!"},
            {"sessionName": "INGRESSCOOKIE", "type": "Cookie", "cookieConfig": {"lifetimeType": "Session"}},
            id="invalid-name-falls-back",
        ),
        pytest.param(
            {**COOKIE, "session-cookie-max-age": "soon"},
            {"sessionName": "INGRESSCOOKIE", "type": "Cookie", "cookieConfig": {"lifetimeType": "Session"}},
            id="invalid-lifetime-falls-back-to-session",
        ),
        pytest.param({"affinity": "Cookie"}, None, id="only-lower-case-cookie"),
        pytest.param({"session-cookie-name": "route"}, None, id="cookie-keys-without-affinity"),
    ],
)
def test_session_persistence(annotations: dict[str, str], session: Any) -> None:
    assert _session(annotations) == session


@pytest.mark.parametrize(
    ("annotations", "channel", "code", "words"),
    [
        pytest.param(COOKIE, "standard", "IM660", "--channel experimental", id="standard-channel-flags"),
        pytest.param(COOKIE, "experimental", "IM660", "attributes are now the implementation's", id="approximation"),
        pytest.param({"affinity": "ip"}, "experimental", "IM596", "no affinity", id="unknown-type"),
        pytest.param({"session-cookie-name": "x"}, "experimental", "IM663", "without affinity", id="ignored"),
        pytest.param({**COOKIE, "session-cookie-path": "/app"}, "experimental", "IM664", "Path", id="path-policy"),
        pytest.param({**COOKIE, "session-cookie-samesite": "Lax"}, "standard", "IM668", "SameSite", id="samesite"),
        pytest.param({**COOKIE, "affinity-mode": "persistent"}, "experimental", "IM661", "implementation", id="mode"),
        pytest.param({**COOKIE, "session-cookie-max-age": "-1"}, "experimental", "IM667", "no lifetime", id="neg"),
    ],
)
def test_findings(annotations: dict[str, str], channel: str, code: str, words: str) -> None:
    converted = convert(manifest(annotations), channel=channel)
    assert any(words in m for m in converted.messages(code)), converted.findings
    assert "IM803" not in converted.codes()


def test_affinity_on_a_canary_follows_the_primary() -> None:
    primary = manifest(COOKIE, name="primary")
    canary = manifest(
        {"canary": "true", "canary-weight": "10", **COOKIE}, name="canary", paths=(("/", "Prefix", "v2", 80),)
    )
    converted = convert(primary, canary, channel="experimental")
    assert "IM672" in converted.codes()
