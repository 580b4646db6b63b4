"""Reading a request body ahead of the app, and handing it on: the request guard and the
idempotency middleware both need the whole body before the route runs."""

from __future__ import annotations

from starlette.types import Message, Receive

from shared.errors import PayloadTooLarge


async def read_body(receive: Receive, limit: int | None = None) -> bytes:
    """The whole body; past ``limit`` bytes a 413 (streamed bodies carry no length up front)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise PayloadTooLarge(f"The request body exceeds the {limit}-byte limit.")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replayed(body: bytes, receive: Receive) -> Receive:
    """Hands the already-read body to the app, then defers to the real channel (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
