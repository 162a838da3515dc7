"""A phone's join answered once per request id.

A phone on a weak Wi-Fi sends its join again when the answer is slow. The repeat must get
the first answer (the same device), also while the first is still being written together
with the other phones' joins: it waits for it instead of joining a second time.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable


class Answers:
    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._by_id: dict[str, dict | asyncio.Future] = {}

    async def once(self, request_id: str | None, answer: Callable[[], Awaitable[dict]]
                   ) -> dict:
        """The answer for ``request_id``: the one given before, or a new one."""
        if request_id is None:
            return await answer()
        earlier = self._by_id.get(request_id)
        if isinstance(earlier, asyncio.Future):
            return await asyncio.shield(earlier)
        if earlier is not None:
            return earlier
        pending = asyncio.get_running_loop().create_future()
        self._by_id[request_id] = pending
        try:
            given = await answer()
        except BaseException as error:
            del self._by_id[request_id]  # not answered: a retry starts afresh
            pending.set_exception(error)
            pending.exception()  # retrieved, whether or not a repeat waits for it
            raise
        pending.set_result(given)
        self._by_id[request_id] = given
        while len(self._by_id) > self.limit:
            del self._by_id[next(iter(self._by_id))]
        return given
