"""Stopping the studio (SIGTERM, as a deployment or a restart does) while an editor is typing: every edit in flight
is either acknowledged (and then stored) or never applied (and then not stored: the client still has it and sends it
again once reconnected). The connection ends with 1012 (restarting) after the last ack."""

from __future__ import annotations

import threading

import pytest
from studio_support import ServerProcess, YPeer
from test_studio_durability import add_card, card_texts, connect, server, signed_in  # noqa: F401 (server: the fixture, used by name)

websockets_exceptions = pytest.importorskip("websockets.exceptions")


def test_a_stop_in_the_middle_of_a_burst_acks_or_refuses_every_edit(server: ServerProcess) -> None:  # noqa: F811
    session, mid = signed_in(server, new=True)
    sent: list[tuple[str, int]] = []
    close_code: list[int | None] = []
    with connect(server, session, mid) as ws:
        peer = YPeer(ws.send, lambda: ws.recv(timeout=30))
        peer.sync()
        peer.wait_ack(peer.edit(add_card("before the stop")))

        def read_until_closed() -> None:
            try:
                while True:
                    peer.wait_ack(10**9)  # reads acks (and updates) until the socket closes
            except websockets_exceptions.ConnectionClosed as closed:
                close_code.append(closed.rcvd.code if closed.rcvd else None)

        reader = threading.Thread(target=read_until_closed)
        reader.start()
        stopper = threading.Timer(0.3, server.stop)  # SIGTERM while the edits stream in
        stopper.start()
        try:
            for i in range(400):
                text = f"in flight {i}"
                sent.append((text, peer.edit(add_card(text))))
        except websockets_exceptions.ConnectionClosed:
            pass  # the server closed the connection: the rest were never sent
        reader.join(60)
        stopper.join()
    session.close()
    assert close_code == [1012], close_code

    server.start()
    session, mid = signed_in(server, new=False)
    stored = card_texts(session, mid)
    session.close()
    acked = {text for text, clock in sent if clock <= peer.acked}
    assert "before the stop" in stored
    assert acked, "no edit was acknowledged before the stop"
    assert acked <= stored  # acknowledged means durable
    assert {text for text, _ in sent} & stored == acked  # an edit not acknowledged was not applied either
