"""The server's student batches: concurrent requests share one, none grows past `max_batch`."""

from __future__ import annotations

import asyncio

from distill.catalogue import CatalogueOptions
from server.cataloguing import StudentService


def test_a_request_that_would_overfill_a_batch_opens_the_next():
    batches: list[list[str]] = []

    def generate(texts: list[str]) -> list[str]:  # the student, as the worker's thread sees it
        batches.append(texts)
        return [text.upper() for text in texts]

    async def four_requests_at_once() -> list[list[str]]:
        service = StudentService("no-model", CatalogueOptions(), max_batch=3, max_waiting=10)
        service._generate = generate
        try:
            return await asyncio.gather(
                *(service.catalogue(texts) for texts in (["a"], ["b"], ["c", "d"], ["e"]))
            )
        finally:
            await service.aclose()

    assert asyncio.run(four_requests_at_once()) == [["A"], ["B"], ["C", "D"], ["E"]]
    # "c" and "d" would have made a batch of four: they wait for the next, which "e" joins
    assert batches == [["a", "b"], ["c", "d", "e"]]
