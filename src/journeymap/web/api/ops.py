"""Operations: the Prometheus metrics of the studio (``GET /api/metrics``), for a scraper, not for people.

Who may read them: a scraper on the same host (a loopback address, the request not forwarded by a proxy), one that
sends ``Authorization: Bearer`` with the token of ``JOURNEYMAP_METRICS_TOKEN``, or the signed-in instance admin.
Anyone else gets 403. The figures hold no content of any workspace (counts and timings only), but how busy the
studio is belongs to its operators."""

from __future__ import annotations

import hmac
import ipaddress
import os

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from .. import metrics
from ..deps import check_access, current_principal, get_studio
from ..errors import ApiError

router = APIRouter(tags=["ops"])

TOKEN_ENV = "JOURNEYMAP_METRICS_TOKEN"
FORWARDED_HEADERS = ("x-forwarded-for", "forwarded")
"""A request that came through a proxy carries one of these: its loopback address is the proxy's, not the
scraper's."""


def from_loopback(request: Request) -> bool:
    """The request comes straight from this host (127.0.0.0/8 or ::1), not through a proxy on it."""
    if any(request.headers.get(name) for name in FORWARDED_HEADERS):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bearer_token_matches(request: Request) -> bool:
    """The request sends ``Authorization: Bearer <JOURNEYMAP_METRICS_TOKEN>`` (never true when the variable is unset
    or empty)."""
    expected = os.environ.get(TOKEN_ENV, "")
    scheme, _, sent = (request.headers.get("authorization") or "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(sent.strip().encode(), expected.encode())


def signed_in_admin(request: Request) -> bool:
    """The request carries the session of the instance admin (the check of :func:`journeymap.web.deps.authorize`'s
    ``admin`` action)."""
    studio = get_studio(request)
    principal = current_principal(request, studio)
    if principal is None:
        return False
    try:
        with studio.store.session() as db:
            check_access(db, principal, "admin", {})
    except ApiError:
        return False
    return True


def may_read_metrics(request: Request) -> bool:
    return from_loopback(request) or bearer_token_matches(request) or signed_in_admin(request)


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"description": "Prometheus text exposition format", "content": {"text/plain": {}}}},
)
def prometheus_metrics(request: Request) -> Response:
    """The studio's metrics in Prometheus' text format (summed over every worker process of ``journeymap serve
    --workers N``): ``journeymap_edits_total``, ``journeymap_commit_seconds``, ``journeymap_relay_lag_seconds``,
    ``journeymap_rooms``, ``journeymap_clients``, ``journeymap_edits_per_second``. For a scraper on this host, a
    bearer token (``JOURNEYMAP_METRICS_TOKEN``) or the instance admin."""
    if not may_read_metrics(request):
        raise ApiError(
            403,
            "the metrics are for the studio's operators",
            hint=f"scrape from this host, send Authorization: Bearer with {TOKEN_ENV}, or sign in as the admin",
        )
    body, content_type = metrics.render()
    return Response(body, media_type=content_type, headers={"cache-control": "no-store"})
