"""Hostile requests to the studio: ids out of range in every route, bodies that are not what a route takes, uploads
over the limit or crafted (bombs, traversal names, many parts), forged websocket messages and live edits that would
break the map, long tokens. Each case builds the app in the corpus's child (``studio_support``'s ``make_app``,
``running``, ``sign_up``), sends its request and answers 0 (2xx), 1 (4xx, or a websocket closed or refused with a
reason) or 3 (a 5xx: an internal error), printing the answer's message with its ``where``. After every case the map
must still open and export (else: an internal error)."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for extra in (HERE.parent, HERE.parent / "web"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from corpus import Case  # noqa: E402

try:  # imported once by the corpus server, before it forks a child per case
    from studio_support import make_app, running, sign_up, ws_headers

    import journeymap.lint.engine
    import journeymap.render.svg
    import journeymap.web.app
    from journeymap.render.registry import renderers

    renderers()
    with contextlib.suppress(ImportError):  # the evidence engine (seconds of imports): once, not per upload case
        import journeymap.evidence.engine
        import journeymap.evidence.events
        import journeymap.evidence.sources  # noqa: F401
    with contextlib.suppress(Exception):  # the lint's language resources (seconds to load): once, not per case
        from journeymap.lint.phrasing import _resources

        _resources()
except ImportError:  # pragma: no cover - the studio extra is missing
    make_app = None  # type: ignore[assignment]

HUGE = str(2**64)
OVER = str(2**63)
MAX = str(2**63 - 1)


@dataclass
class Ctx:
    folder: Path
    client: Any
    wid: int
    mid: int


Action = Callable[[Ctx], Any]


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


def judge_response(response: Any) -> int:
    """0 for 2xx, 1 for 4xx (its message and each problem's place printed), 3 for anything else."""
    status = response.status_code
    request = response.request
    try:
        error = response.json().get("error") if status >= 400 else None
    except ValueError:
        error = None
    head = f"{request.method} {request.url.path[:120]} → {status}"
    if error is None:
        _say(f"{head} {response.text[:300]!r}" if status >= 300 else head)
    else:
        _say(f"{head} {error.get('code')}: {error.get('message')} (hint: {error.get('hint')})")
        for problem in error.get("problems", []):
            _say(f"  where {problem.get('where')}: {problem.get('message')}")
    if status < 300:
        return 0
    if 400 <= status < 500:
        return 1
    return 3


def readable(ctx: Ctx) -> bool:
    """The map still opens and exports as SVG."""
    opened = ctx.client.get(f"/api/maps/{ctx.mid}")
    exported = ctx.client.get(f"/api/maps/{ctx.mid}/export", params={"format": "svg"})
    if opened.status_code != 200 or exported.status_code not in (200, 422):
        _say(f"afterwards: GET map → {opened.status_code}, export → {exported.status_code}: {exported.text[:300]}")
        return False
    return True


def studio(action: Action, **options: Any) -> Callable[[Path], int]:
    """A case's call: a fresh studio (SQLite in the case's folder), signed in, with one workspace and one map."""

    def call(folder: Path) -> int:
        app = make_app(str(folder / "studio.db"), [], **options)
        with running(app) as client:
            sign_up(client)
            wid = client.post("/api/workspaces", json={"name": "Hostile"}).json()["id"]
            made = client.post(f"/api/workspaces/{wid}/maps", json={"type": "customer-journey-map", "title": "T"})
            ctx = Ctx(folder, client, wid, made.json()["id"])
            outcome = action(ctx)
            code = outcome if isinstance(outcome, int) else judge_response(outcome)
            if code != 3 and not readable(ctx):
                return 3
            return code

    return call


# --- requests -------------------------------------------------------------------------------------------------


def get(path: str, **kwargs: Any) -> Action:
    return lambda ctx: ctx.client.get(path.format(mid=ctx.mid, wid=ctx.wid), **kwargs)


def send(method: str, path: str, **kwargs: Any) -> Action:
    return lambda ctx: ctx.client.request(method, path.format(mid=ctx.mid, wid=ctx.wid), **kwargs)


def put_map(change: Callable[[dict[str, Any]], Any]) -> Action:
    """PUT the map with ``change`` made to its data (``change`` may return other data to send instead)."""

    def action(ctx: Ctx) -> Any:
        data = ctx.client.get(f"/api/maps/{ctx.mid}").json()["data"]
        changed = change(data)
        body = data if changed is None else changed
        if isinstance(body, bytes):
            return ctx.client.put(f"/api/maps/{ctx.mid}", content=body, headers={"content-type": "application/json"})
        return ctx.client.put(f"/api/maps/{ctx.mid}", json=body)

    return action


def raw_put(content: bytes | Callable[[], bytes], content_type: str = "application/json") -> Action:
    def action(ctx: Ctx) -> Any:
        body = content() if callable(content) else content
        return ctx.client.put(f"/api/maps/{ctx.mid}", content=body, headers={"content-type": content_type})

    return action


def step_of(data: dict[str, Any]) -> dict[str, Any]:
    step: dict[str, Any] = data["stages"][0]["steps"][0]
    return step


def setting(data: dict[str, Any], key: str, value: Any) -> None:
    data[key] = value


def upload(
    filename: str, content: bytes | Callable[[], bytes], kind: str = "survey", **extra: Any
) -> Action:  # fmt: skip
    def action(ctx: Ctx) -> Any:
        body = content() if callable(content) else content
        return ctx.client.post(
            f"/api/maps/{ctx.mid}/evidence", files={"file": (filename, body)}, data={"kind": kind, **extra}
        )

    return action


def raw_upload(body: bytes | Callable[[], bytes], content_type: str, **headers: str) -> Action:
    def action(ctx: Ctx) -> Any:
        content = body() if callable(body) else body
        return ctx.client.post(
            f"/api/maps/{ctx.mid}/evidence", content=content, headers={"content-type": content_type, **headers}
        )

    return action


def chunked_upload(megabytes: int) -> Action:
    """A multipart upload streamed in chunks with no Content-Length (refused while it streams)."""

    def action(ctx: Ctx) -> Any:
        boundary = "hostileboundary"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nsurvey\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\nanswer\r\n"
        ).encode()

        def stream() -> Any:
            yield head
            line = b"5\r\n" * (1 << 18)
            for _ in range(megabytes * 2):
                yield line[: 1 << 19]
            yield f"\r\n--{boundary}--\r\n".encode()

        return ctx.client.post(
            f"/api/maps/{ctx.mid}/evidence",
            content=stream(),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )

    return action


def many_parts(count: int) -> bytes:
    boundary = "b"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n' for i in range(count)]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


def huge_part_header() -> bytes:
    boundary = "b"
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        f"X-Padding: {'p' * (2 << 20)}\r\n\r\nanswer\r\n5\r\n--{boundary}--\r\n"
    ).encode()


def gzip_bomb() -> bytes:
    """A 2 MB .xes.gz that unpacks to 2 GB of whitespace: 128 gzip members of 16 MB each (a gzip file may hold
    members one after another), compressed once."""
    member = gzip.compress(b" " * (1 << 24), compresslevel=9)
    return gzip.compress(b'<?xml version="1.0"?><log>') + member * 128 + gzip.compress(b"</log>")


def far_cell_xlsx() -> bytes:
    """A 5 KB workbook with one cell at XFD1048576 (its declared range is the whole sheet)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>answer</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>5</v></c></row>'
        "</sheetData></worksheet>"
    )
    return _xlsx({"xl/worksheets/sheet1.xml": sheet})


def xlsx_bomb() -> bytes:
    """A workbook whose sheet part unpacks to 256 MB (a zip bomb inside an XLSX: a ratio over 1,000)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        _xlsx_parts(book)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = b" " * (1 << 24)
            for _ in range(16):
                part.write(chunk)
            part.write(b"<sheetData/></worksheet>")
    return out.getvalue()


def _xlsx_parts(book: zipfile.ZipFile) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    book.writestr(
        "[Content_Types].xml",
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    )
    book.writestr(
        "_rels/.rels",
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    book.writestr(
        "xl/workbook.xml",
        f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    book.writestr(
        "xl/_rels/workbook.xml.rels",
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    )


def _xlsx(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        _xlsx_parts(book)
        for name, text in parts.items():
            book.writestr(name, text)
    return out.getvalue()


# --- the live document ------------------------------------------------------------------------------------------


def ws_messages(messages: Callable[[Ctx], list[bytes]], *, origin: str | None = "default") -> Action:
    """Open the map's live document, sync, send ``messages``; 1 when the server closed the connection with a
    reason or sent a ``refused`` notice, 0 when it took them (an ack, or nothing to say), 3 for a 1011 close."""

    def action(ctx: Ctx) -> int:
        from starlette.websockets import WebSocketDisconnect
        from studio_support import BASE_URL, YPeer

        headers = ws_headers(ctx.client, BASE_URL if origin == "default" else origin)
        try:
            with ctx.client.websocket_connect(f"/api/realtime/map-{ctx.mid}", headers=headers) as ws:
                peer = YPeer(ws.send_bytes, ws.receive_bytes)
                peer.sync()
                for message in messages(ctx):
                    ws.send_bytes(message) if isinstance(message, bytes) else ws.send_text(message)
                return _after(ws, peer)
        except WebSocketDisconnect as closed:
            _say(f"websocket: closed {closed.code} ({closed.reason or 'no reason'})")
            return 3 if closed.code == 1011 else 1

    return action


def _after(ws: Any, peer: Any) -> int:
    """Read what the server answers to the messages sent: a notice, a close, or an ack of a marker edit."""
    from pycrdt import Decoder

    clock = peer.edit(lambda root: root.__setitem__("description", "marker"))
    while True:
        message = ws.receive_bytes()
        decoder = Decoder(message)
        kind = decoder.read_var_uint()
        if kind == 101:
            notice = json.loads(decoder.read_var_string())
            if notice.get("kind") == "refused":
                _say(f"websocket: refused: {notice.get('reason')}")
                return 1
        elif kind == 100:
            peer._note_ack(message)
            if peer.acked >= clock:
                _say("websocket: the messages were taken, the marker edit acknowledged")
                return 0


def ws_edit(change: Callable[[Any], None]) -> Action:
    """An editor's live edit made with Yjs (``change(root Y.Map)``)."""

    def messages(ctx: Ctx) -> list[bytes]:
        from pycrdt import Doc

        from journeymap.web.realtime import update_message
        from journeymap.web.ydoc import encode_state, root

        state = ctx.client.app.state.studio.rooms.rooms[ctx.mid].doc
        doc: Any = Doc()
        doc.apply_update(encode_state(state))
        updates: list[bytes] = []
        doc.observe(lambda event: updates.append(event.update))
        with doc.transaction():
            change(root(doc))
        return [update_message(u) for u in updates]

    return ws_messages(messages)


def _y(value: Any) -> Any:
    from pycrdt import Array, Map

    if isinstance(value, dict):
        return Map({k: _y(v) for k, v in value.items()})
    if isinstance(value, list):
        return Array([_y(v) for v in value])
    return value


def set_key(key: str, value: Any) -> Callable[[Any], None]:
    return lambda root: root.__setitem__(key, _y(value))


def set_step_key(key: str, value: Any) -> Callable[[Any], None]:
    return lambda root: root["stages"][0]["steps"][0].__setitem__(key, _y(value))


def foreign_update(_: Ctx) -> list[bytes]:
    """An update made for another document: its own root type, unrelated to the map."""
    from pycrdt import Doc, Map

    from journeymap.web.realtime import update_message

    doc: Any = Doc()
    doc.get("other", type=Map)["x"] = 1
    return [update_message(doc.get_update())]


def other_map_update(_: Ctx) -> list[bytes]:
    """A whole other map's document (as if meant for another room) sent to this one."""
    from journeymap.web.realtime import update_message
    from journeymap.web.ydoc import encode_state, new_doc

    # keys this map does not have (a conflict on a key it has, such as the title, is won by one side or the other
    # depending on the documents' random client ids: the case would be decided by chance)
    broken = new_doc({"derived_from": {"not": "a map id"}}, client_id=2**52)
    return [update_message(encode_state(broken))]


def awareness(payload: bytes) -> bytes:
    from pycrdt import write_var_uint

    return b"\x01" + write_var_uint(len(payload)) + payload


def awareness_state(state: bytes) -> bytes:
    from pycrdt import write_var_uint

    return awareness(write_var_uint(1) + write_var_uint(7) + write_var_uint(1) + write_var_uint(len(state)) + state)


# --- the cases ------------------------------------------------------------------------------------------------


def _routes_with_ids() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(name, method, path with {id}, request options) of every route with an id in its path."""
    return [
        ("map-get", "GET", "/api/maps/{id}", {}),
        ("map-put", "PUT", "/api/maps/{id}", {"json": {"title": "x"}}),
        ("map-delete", "DELETE", "/api/maps/{id}", {}),
        ("map-rename", "PATCH", "/api/maps/{id}", {"json": {"title": "x"}}),
        ("map-comments", "GET", "/api/maps/{id}/comments", {}),
        ("map-comment-add", "POST", "/api/maps/{id}/comments", {"json": {"anchor": "a", "body": "b"}}),
        ("map-export", "GET", "/api/maps/{id}/export", {}),
        ("map-analysis", "GET", "/api/maps/{id}/analysis/ipa", {}),
        ("map-evidence", "GET", "/api/maps/{id}/evidence", {}),
        ("map-share-links", "GET", "/api/maps/{id}/share-links", {}),
        ("map-versions", "GET", "/api/maps/{id}/versions", {}),
        ("comment-patch", "PATCH", "/api/comments/{id}", {"json": {"resolved": True}}),
        ("comment-delete", "DELETE", "/api/comments/{id}", {}),
        ("version-get", "GET", "/api/versions/{id}", {}),
        ("version-export", "GET", "/api/versions/{id}/export", {}),
        ("version-restore", "POST", "/api/versions/{id}/restore", {}),
        ("evidence-apply", "POST", "/api/evidence/{id}/apply", {"json": {"mapping": {}}}),
        ("share-link-delete", "DELETE", "/api/share-links/{id}", {}),
        ("invitation-delete", "DELETE", "/api/invitations/{id}", {}),
        ("workspace-get", "GET", "/api/workspaces/{id}", {}),
        ("workspace-export", "GET", "/api/workspaces/{id}/export", {}),
        ("workspace-members", "GET", "/api/workspaces/{id}/members", {}),
        ("member-patch", "PATCH", "/api/workspaces/{wid}/members/{id}", {"json": {"role": "viewer"}}),
        ("member-delete", "DELETE", "/api/workspaces/{wid}/members/{id}", {}),
        ("admin-user-patch", "PATCH", "/api/admin/users/{id}", {"json": {"disabled": True}}),
        ("admin-reset-link", "POST", "/api/admin/users/{id}/reset-link", {}),
    ]


def id_cases() -> list[Case]:
    out = []
    for name, method, path, options in _routes_with_ids():
        for label, value, where in (("over-2-63", OVER, "not found"), ("2-64", HUGE, "not found")):
            if label == "2-64" and not name.startswith(("map-get", "comment-patch", "member-patch", "admin-user")):
                continue  # 2**63 is the first id past the store's range; 2**64 once per kind of route
            target = path.replace("{id}", value)
            out.append(
                Case(
                    f"studio/id-{label}-{name}",
                    call=studio(send(method, target, **options)),
                    where=where,
                    note=f"{method} {path} with id {value}",
                )
            )
    for label, value, where in (
        ("negative", "-1", "path.mid"),
        ("zero", "0", "not found"),
        ("fullwidth", "１２", "path.mid"),
    ):
        out.append(Case(f"studio/id-{label}-map", call=studio(get(f"/api/maps/{value}")), where=where))
    return out


def body_cases() -> list[Case]:
    return [
        Case(
            "studio/put-map-20-mb-title",
            call=studio(put_map(lambda d: setting(d, "title", "t" * (20 << 20)))),
            where="limit request_mb",
            note="issue 11: 20.8 s of a stalled event loop; refused from its Content-Length",
        ),
        Case("studio/put-map-not-json", call=studio(raw_put(b"{not json")), where="body"),
        Case("studio/put-map-empty-body", call=studio(raw_put(b"")), where="body"),
        Case("studio/put-map-a-list", call=studio(raw_put(b"[1, 2, 3]")), where="body"),
        Case("studio/put-map-text-plain", call=studio(raw_put(b"title: x", "text/plain")), where="body"),
        Case("studio/put-map-form-encoded", call=studio(raw_put(b"title=x", "application/x-www-form-urlencoded"))),
        Case(
            "studio/put-map-10-mb-nested-arrays",
            call=studio(raw_put(lambda: b'{"title": ' + b"[" * (5 << 20) + b"]" * (5 << 20) + b"}")),
            where="body",
        ),
        Case(
            "studio/put-map-deep-objects",
            call=studio(raw_put(lambda: b'{"extra": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}")),
            where="body",
        ),
        Case(
            "studio/put-map-nan-title", call=studio(put_map(lambda d: json.dumps(d).replace('"T"', "NaN", 1).encode()))
        ),
        Case(
            "studio/put-map-nan-emotion",
            call=studio(put_map(lambda d: json.dumps(d).replace('"estimate": 5', '"estimate": NaN', 1).encode())),
            where="estimate",
        ),
        Case(
            "studio/put-map-infinite-emotion",
            call=studio(put_map(lambda d: json.dumps(d).replace('"estimate": 5', '"estimate": 1e999', 1).encode())),
            where="estimate",
        ),
        Case(
            "studio/put-map-5000-digit-number",
            call=studio(
                put_map(lambda d: json.dumps(d).replace('"estimate": 5', '"estimate": ' + "9" * 5000, 1).encode())
            ),
            where="body",
        ),
        Case(
            "studio/put-map-unknown-field",
            call=studio(put_map(lambda d: setting(d, "colour_scheme", "neon"))),
            where="colour_scheme",
        ),
        Case("studio/put-map-id-object", call=studio(put_map(lambda d: setting(d, "id", {}))), where="id"),
        Case(
            "studio/put-map-step-id-object",
            call=studio(put_map(lambda d: step_of(d).__setitem__("id", {"a": 1}))),
            where="id: must be a valid string",
        ),
        Case(
            "studio/put-map-stages-not-a-list",
            call=studio(put_map(lambda d: setting(d, "stages", {"a": 1}))),
            where="stages",
        ),
        Case(
            "studio/put-map-title-a-list",
            call=studio(put_map(lambda d: setting(d, "title", ["a", "b"]))),
            where="title",
        ),
        Case(
            "studio/put-map-nul-in-title",
            call=studio(put_map(lambda d: setting(d, "title", "Home\x00loan"))),
            where="title",
        ),
        Case("studio/put-map-id-huge-integer", call=studio(put_map(lambda d: setting(d, "id", 2**70))), where="id"),
        Case("studio/put-map-stage-a-number", call=studio(put_map(lambda d: d["stages"].append(7))), where="stage 4"),
        Case(
            "studio/comment-20001-chars",
            call=studio(send("POST", "/api/maps/{mid}/comments", json={"anchor": "a", "body": "x" * 20001})),
            where="body",
        ),
        Case(
            "studio/comment-nul",
            call=studio(send("POST", "/api/maps/{mid}/comments", json={"anchor": "a", "body": "hi\x00there"})),
            where="body",
        ),
        Case(
            "studio/comment-parent-over-2-63",
            call=studio(
                send("POST", "/api/maps/{mid}/comments", json={"anchor": "a", "body": "b", "parent_id": 2**63})
            ),
            where="parent_id",
        ),
        Case(
            "studio/comment-body-an-object",
            call=studio(send("POST", "/api/maps/{mid}/comments", json={"anchor": "a", "body": {"x": 1}})),
            where="body",
        ),
        Case(
            "studio/comment-anchor-empty",
            call=studio(send("POST", "/api/maps/{mid}/comments", json={"anchor": "", "body": "b"})),
            where="anchor",
        ),
        Case(
            "studio/inbox-read-id-over-2-63",
            call=studio(send("POST", "/api/inbox/read", json={"ids": [2**63]})),
            where="ids",
        ),
        Case("studio/inbox-limit-huge", call=studio(get(f"/api/inbox?limit={HUGE}")), expect="ok"),
        Case("studio/admin-audit-limit-negative", call=studio(get("/api/admin/audit?limit=-5")), expect="ok"),
        Case("studio/diff-from-over-2-63", call=studio(get(f"/api/maps/{{mid}}/diff?from={OVER}")), where="not found"),
        Case(
            "studio/diff-from-superscript-digit",
            call=studio(get("/api/maps/{mid}/diff?from=²")),
            where="not a version id",
        ),
        Case(
            "studio/export-unknown-format", call=studio(get("/api/maps/{mid}/export?format=../../etc")), where="format"
        ),
        Case(
            "studio/export-dpi-huge", call=studio(get(f"/api/maps/{{mid}}/export?format=png&dpi={HUGE}")), where="dpi"
        ),
        Case(
            "studio/workspace-name-nul",
            call=studio(send("POST", "/api/workspaces", json={"name": "a\x00b"})),
            where="name",
        ),
        Case(
            "studio/workspace-settings-a-string",
            call=studio(send("PUT", "/api/workspaces/{wid}/settings", json="settings")),
            where="body",
        ),
        Case(
            "studio/persona-id-object",
            call=studio(send("PUT", "/api/workspaces/{wid}/personas/p1", json={"id": {}, "name": "P"})),
            where="id",
        ),
        Case(
            "studio/persona-unknown-field",
            call=studio(send("PUT", "/api/workspaces/{wid}/personas/p1", json={"name": "P", "x_ray": 1})),
            where="x_ray",
        ),
        Case(
            "studio/new-map-unknown-type",
            call=studio(send("POST", "/api/workspaces/{wid}/maps", json={"type": "../../x", "title": "t"})),
            where="unknown map type",
        ),
        Case(
            "studio/evidence-apply-mapping-a-list",
            call=studio(send("POST", f"/api/evidence/{MAX}/apply", json={"mapping": [1, 2]})),
            where="not found",
        ),
    ]


def auth_cases() -> list[Case]:
    return [
        Case(
            "studio/signup-weak-password",
            call=studio(
                send("POST", "/api/auth/signup", json={"email": "x@y.org", "name": "X", "password": "12345678"}),
                open_signup=True,
            ),
            where="password",
        ),
        Case(
            "studio/login-10-mb-password",
            call=studio(send("POST", "/api/auth/login", json={"email": "a@b.c", "password": "p" * (11 << 20)})),
            where="limit request_mb",
        ),
        Case(
            "studio/login-email-nul",
            call=studio(send("POST", "/api/auth/login", json={"email": "ann@example.org\x00", "password": "x"})),
            where="wrong email or password",
        ),
        Case("studio/share-token-10k", call=studio(get("/s/" + "t" * 10_000)), where="There is no map at this link"),
        Case(
            "studio/invitation-token-10k",
            call=studio(get("/api/auth/invitations/" + "t" * 10_000)),
            where="no such invitation",
        ),
        Case(
            "studio/reset-token-10k", call=studio(get("/api/auth/reset/" + "t" * 10_000)), where="password-reset link"
        ),
        Case(
            "studio/reset-post-token-10k",
            call=studio(send("POST", "/api/auth/reset", json={"token": "t" * 10_000, "password": "x" * 12})),
            where="token",
        ),
        Case(
            "studio/session-id-10k",
            call=studio(send("DELETE", "/api/auth/sessions/" + "f" * 10_000)),
            where="not found",
        ),
        Case(
            "studio/admin-session-id-10k",
            call=studio(send("DELETE", "/api/admin/sessions/" + "f" * 10_000)),
            where="not found",
        ),
        Case(
            "studio/session-id-over-2-63", call=studio(send("DELETE", f"/api/auth/sessions/{OVER}")), where="not found"
        ),
    ]


def upload_cases() -> list[Case]:
    survey = b"respondent,notice-need\n1,5\n2,4\n"
    return [
        Case(
            "studio/upload-60-mb-declared",
            call=studio(
                raw_upload(b"x" * 1024, "multipart/form-data; boundary=b", **{"content-length": str(60 << 20)})
            ),
            where="limit upload_mb",
            note="refused from Content-Length, before a byte is read",
        ),
        Case("studio/upload-60-mb-chunked", call=studio(chunked_upload(60)), where="limit upload_mb"),
        Case(
            "studio/upload-over-serve-max-upload-mb",
            call=studio(upload("big.csv", lambda: b"answer\n" + b"5\n" * (1 << 20)), max_upload_mb=1),
            where="limit upload_mb",
        ),
        Case("studio/upload-gzip-bomb", call=studio(upload("log.xes.gz", gzip_bomb, kind="events"))),
        Case("studio/upload-far-cell-xlsx", call=studio(upload("survey.xlsx", far_cell_xlsx))),
        Case("studio/upload-xlsx-zip-bomb", call=studio(upload("survey.xlsx", xlsx_bomb))),
        Case(
            "studio/upload-not-multipart", call=studio(raw_upload(b'{"file": "x"}', "application/json")), where="file"
        ),
        Case(
            "studio/upload-2000-parts",
            call=studio(raw_upload(lambda: many_parts(2000), "multipart/form-data; boundary=b")),
        ),
        Case(
            "studio/upload-2-mb-part-header",
            call=studio(raw_upload(huge_part_header, "multipart/form-data; boundary=b")),
        ),
        Case("studio/upload-no-boundary", call=studio(raw_upload(b"--x\r\n", "multipart/form-data")), where="body"),
        Case(
            "studio/upload-path-traversal-name",
            call=studio(upload("../../../etc/passwd.csv", survey)),
            expect="ok",
            note="kept as passwd.csv: no folder of the name is used",
        ),
        Case("studio/upload-windows-traversal-name", call=studio(upload("..\\..\\boot.ini.csv", survey)), expect="ok"),
        Case("studio/upload-name-with-nul", call=studio(upload("a\x00b.csv", survey)), expect="ok"),
        Case("studio/upload-name-a-glob", call=studio(upload("survey [final].csv", survey)), expect="ok"),
        Case("studio/upload-empty-file", call=studio(upload("empty.csv", b""))),
        Case("studio/upload-unknown-kind", call=studio(upload("s.csv", survey, kind="passwords")), where="kind"),
        Case("studio/upload-binary-as-csv", call=studio(upload("s.csv", bytes(range(256)) * 64))),
        Case(
            "studio/upload-truncated-gzip", call=studio(upload("log.xes.gz", lambda: gzip_bomb()[:200], kind="events"))
        ),
        Case("studio/upload-zip-not-xlsx", call=studio(upload("survey.xlsx", lambda: _zip_of({"a.txt": "hello"})))),
    ]


def _zip_of(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def websocket_cases() -> list[Case]:
    from_bytes: Callable[[bytes], Callable[[Ctx], list[bytes]]] = lambda data: lambda _: [data]  # noqa: E731
    return [
        Case("studio/ws-edit-id-object", call=studio(ws_edit(set_key("id", {}))), where="refused: id"),
        Case(
            "studio/ws-edit-step-id-object",
            call=studio(ws_edit(set_step_key("id", {"a": 1}))),
            where="refused: stages.0.steps.0.id",
        ),
        Case(
            "studio/ws-edit-stages-a-string", call=studio(ws_edit(set_key("stages", "none"))), where="refused: stages"
        ),
        Case("studio/ws-edit-title-a-list", call=studio(ws_edit(set_key("title", ["a"]))), where="refused: title"),
        Case(
            "studio/ws-edit-emotion-a-string",
            call=studio(ws_edit(set_step_key("emotion", {"estimate": "high"}))),
            where="refused",
        ),
        Case("studio/ws-edit-title-text", call=studio(ws_edit(set_key("title", "Renamed"))), expect="ok"),
        Case(
            "studio/ws-edit-add-a-step",
            call=studio(ws_edit(lambda root: root["stages"][0]["steps"].append(_y({"id": "new-step", "name": "New"})))),
            expect="ok",
        ),
        Case("studio/ws-truncated-message", call=studio(ws_messages(from_bytes(b"\x00\x02\x80"))), where="closed 1002"),
        Case("studio/ws-empty-message", call=studio(ws_messages(from_bytes(b""))), where="closed 1002"),
        Case("studio/ws-text-frame", call=studio(ws_messages(lambda _: ["hello"])), where="closed 1003"),  # type: ignore[list-item]
        Case(
            "studio/ws-huge-declared-length",
            call=studio(ws_messages(from_bytes(b"\x00\x02\xff\xff\xff\xff\x0f"))),
            where="closed 1002",
        ),
        Case(
            "studio/ws-update-garbage", call=studio(ws_messages(from_bytes(b"\x00\x02\x05garbg"))), where="closed 1002"
        ),
        Case("studio/ws-unknown-sync-step", call=studio(ws_messages(from_bytes(b"\x00\x09\x00"))), where="closed 1002"),
        Case(
            "studio/ws-awareness-not-json",
            call=studio(ws_messages(lambda _: [awareness_state(b"{not json")])),
            where="closed 1002",
        ),
        Case(
            "studio/ws-awareness-truncated",
            call=studio(ws_messages(lambda _: [awareness(b"\x05\x01")])),
            where="closed 1002",
        ),
        Case(
            "studio/ws-16-mb-message",
            call=studio(ws_messages(lambda _: [b"\x00\x02" + b"\x00" * (16 << 20)])),
            where="closed 1009",
        ),
        Case("studio/ws-unknown-message-type", call=studio(ws_messages(from_bytes(b"\x07\x00"))), expect="ok"),
        Case("studio/ws-update-for-another-document", call=studio(ws_messages(foreign_update)), expect="ok"),
        Case("studio/ws-another-maps-broken-state", call=studio(ws_messages(other_map_update)), where="refused"),
        Case(
            "studio/ws-foreign-origin",
            call=studio(ws_messages(lambda _: [], origin="https://evil.example")),
            where="closed 4403",
        ),
        Case(
            "studio/ws-map-id-over-2-63",
            call=studio(lambda ctx: _ws_open(ctx, f"/api/realtime/map-{OVER}")),
            where="closed 4404",
        ),
        Case(
            "studio/ws-map-id-superscript",
            call=studio(lambda ctx: _ws_open(ctx, "/api/realtime/map-²")),
            where="closed 440",
        ),
    ]


def _ws_open(ctx: Ctx, url: str) -> int:
    from starlette.websockets import WebSocketDisconnect

    try:
        with ctx.client.websocket_connect(url, headers=ws_headers(ctx.client)) as ws:
            ws.receive_bytes()
    except WebSocketDisconnect as closed:
        _say(f"websocket: closed {closed.code} ({closed.reason or 'no reason'})")
        return 3 if closed.code == 1011 else 1
    _say("websocket: admitted")
    return 0


def cases() -> list[Case]:
    if make_app is None:
        return []
    return [*id_cases(), *body_cases(), *auth_cases(), *upload_cases(), *websocket_cases()]
