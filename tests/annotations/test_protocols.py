"""fastcgi-* and http2-push-preload: flagged; values ingress-nginx's validators reject refuse the Ingress."""

from __future__ import annotations

import pytest
from annotated_ingress import convert, manifest


@pytest.mark.parametrize(
    ("annotations", "code", "severity"),
    [
        pytest.param({"backend-protocol": "FCGI", "fastcgi-index": "index.php"}, "IM650", "warning", id="index"),
        pytest.param({"backend-protocol": "FCGI", "fastcgi-index": "index.php;"}, "IM595", "error", id="bad-index"),
        pytest.param({"fastcgi-params-configmap": "fcgi-params"}, "IM651", "warning", id="params"),
        pytest.param({"fastcgi-params-configmap": "fcgi params!"}, "IM595", "error", id="bad-params"),
        pytest.param({"http2-push-preload": "true"}, "IM652", "warning", id="push"),
        pytest.param({"http2-push-preload": "yes"}, "IM595", "error", id="push-not-a-boolean"),
        pytest.param({"backend-protocol": "FCGI"}, "IM653", "error", id="fastcgi-backend"),
        pytest.param({"backend-protocol": "auto_http"}, "IM654", "warning", id="auto-http"),
    ],
)
def test_findings(annotations: dict[str, str], code: str, severity: str) -> None:
    converted = convert(manifest(annotations))
    found = [f for f in converted.findings if f.code.id == code]
    assert found, converted.codes()
    assert {f.severity.value for f in found} == {severity}


def test_fastcgi_routes_are_kept() -> None:
    converted = convert(manifest({"backend-protocol": "FCGI"}))
    assert converted.rules()[0]["backendRefs"] == [{"name": "app", "port": 80}]


def test_push_preload_says_why() -> None:
    (message,) = convert(manifest({"http2-push-preload": "true"})).messages("IM652")
    assert "1.25.1" in message and "Link preload headers" in message
