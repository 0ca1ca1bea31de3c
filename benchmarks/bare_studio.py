"""The bare peer of ``bench_studio.py``: FastAPI on uvicorn with the same store settings (SQLite WAL or
PostgreSQL through journeymap's engine), a websocket that inserts each message as a row and acks it, and a GET
that answers a map's stored JSON. What any real-time endpoint of this framework must do at the least."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import anyio
import uvicorn
from fastapi import FastAPI, WebSocket
from fastapi.responses import Response
from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, Text, insert, select
from starlette.websockets import WebSocketDisconnect

from journeymap.files.dump import model_data
from journeymap.files.loader import read_workspace
from journeymap.store.db import Store

metadata = MetaData()
updates = Table("bare_updates", metadata, Column("id", Integer, primary_key=True), Column("update", LargeBinary))
maps = Table("bare_maps", metadata, Column("id", Integer, primary_key=True), Column("data", Text))


def create(database: str, map_path: Path) -> FastAPI:
    store = Store(database)
    metadata.create_all(store.engine)
    source = read_workspace(map_path.parents[1])
    data = next(model_data(m.map) for m in source.maps if m.path.resolve() == map_path.resolve())
    with store.engine.begin() as conn:
        conn.execute(maps.delete())
        conn.execute(insert(maps).values(id=1, data=json.dumps(data)))
    app = FastAPI()

    def write(payload: bytes) -> None:
        with store.engine.begin() as conn:
            conn.execute(insert(updates).values(update=payload))

    def read() -> str:
        with store.engine.connect() as conn:
            return str(conn.execute(select(maps.c.data).where(maps.c.id == 1)).scalar_one())

    @app.get("/health")
    def health() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/map")
    async def get_map() -> Response:
        return Response(await anyio.to_thread.run_sync(read), media_type="application/json")

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            while True:
                payload = await websocket.receive_bytes()
                await anyio.to_thread.run_sync(write, payload)
                await websocket.send_bytes(b"\x64\x00")
        except WebSocketDisconnect:
            pass

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--map", type=Path, required=True)
    args = parser.parse_args()
    uvicorn.run(
        create(args.database, args.map), host="127.0.0.1", port=args.port, log_level="warning", ws="websockets-sansio"
    )


if __name__ == "__main__":
    main()
