"""buffering: proxy-body-size against the 1m default, buffering defaults and the buffers that need buffering."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

CASES = [
    pytest.param({"proxy-body-size": "50m"}, "proxy-body-size", [("IM620", "from 1m to 50m")], id="raised"),
    pytest.param({"proxy-body-size": "512k"}, "proxy-body-size", [("IM620", "lowered")], id="lowered"),
    pytest.param({"proxy-body-size": "2048K"}, "proxy-body-size", [("IM620", "from 1m to 2m")], id="units-any-case"),
    pytest.param({"proxy-body-size": "1g"}, "proxy-body-size", [("IM620", "to 1g")], id="gigabytes"),
    pytest.param({"proxy-body-size": "0"}, "proxy-body-size", [("IM620", "removed the 1m limit")], id="unlimited"),
    pytest.param({"proxy-body-size": "1m"}, "proxy-body-size", [("IM628", "ingress-nginx's default")], id="default"),
    pytest.param({"proxy-body-size": "1048576"}, "proxy-body-size", [("IM628", "default")], id="default-in-bytes"),
    pytest.param(
        {"proxy-body-size": "10b"}, "proxy-body-size", [("IM620", "not a size nginx reads")], id="nginx-refuses-b"
    ),
    pytest.param(
        {"proxy-body-size": "10 MB"},
        "proxy-body-size",
        [("IM596", "used the ConfigMap proxy-body-size (1m)")],
        id="invalid-falls-back",
    ),
    pytest.param({"proxy-buffering": "off"}, "proxy-buffering", [("IM628", "default")], id="buffering-default"),
    pytest.param({"proxy-buffering": "on"}, "proxy-buffering", [("IM622", "disable: true")], id="buffering-on"),
    pytest.param(
        {"proxy-buffers-number": "8"},
        "proxy-buffers-number",
        [("IM624", "mattered only with proxy-buffering: on")],
        id="buffers-without-buffering",
    ),
    pytest.param(
        {"proxy-buffers-number": "8", "proxy-buffering": "on"},
        "proxy-buffers-number",
        [("IM624", "buffers.size is required")],
        id="buffers-with-buffering",
    ),
    pytest.param(
        {"proxy-request-buffering": "on"}, "proxy-request-buffering", [("IM628", "default")], id="request-default"
    ),
    pytest.param(
        {"proxy-request-buffering": "off"},
        "proxy-request-buffering",
        [("IM626", "requestBuffer.limit")],
        id="request-streaming",
    ),
    pytest.param(
        {"client-body-buffer-size": "16k"},
        "client-body-buffer-size",
        [("IM621", "ClientTrafficPolicy.spec.connection.bufferLimit")],
        id="client-body-buffer",
    ),
    pytest.param(
        {"client-body-buffer-size": "16 kB"},
        "client-body-buffer-size",
        [("IM595", "skip this whole Ingress")],
        id="client-body-buffer-invalid-refuses",
    ),
    pytest.param(
        {"proxy-max-temp-file-size": "0"},
        "proxy-max-temp-file-size",
        [("IM627", "do not spool responses to disk")],
        id="temp-file",
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_buffering(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message
