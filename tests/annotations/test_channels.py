"""The experimental fields appear only on the experimental channel, and only its CRDs accept them.

Every golden output is validated against the CRDs of its channel (test_validate_release); this checks the
converse for the experimental cases of these families: the same objects are refused by the standard CRDs,
so `--channel` really decides which fields are written.
"""

from __future__ import annotations

import pytest
from annotated_ingress import convert, manifest
from validate_support import engine, release_catalog

from migrate.apiserver.validate import Validator

EXPERIMENTAL = {
    "proxy-next-upstream-tries": "3",
    "affinity": "cookie",
    "auth-url": "http://authz.shop.svc.cluster.local:8080/check",
}


@pytest.mark.parametrize(
    ("channel", "valid_on"),
    [
        pytest.param("standard", ("standard", "experimental"), id="standard"),
        pytest.param("experimental", ("experimental",), id="experimental"),
    ],
)
def test_output_is_valid_exactly_on_the_channels_that_serve_its_fields(channel: str, valid_on: tuple[str, ...]) -> None:
    objects = convert(manifest(EXPERIMENTAL), channel=channel).objects
    for crds in ("standard", "experimental"):
        validator = Validator(release_catalog(crds), engine())
        errors = [e for obj in objects if validator.claims(obj) for e in validator.validate(obj).errors]
        assert (not errors) == (crds in valid_on), (crds, errors)
