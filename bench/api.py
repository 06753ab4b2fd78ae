"""Load on POST /v1/validate from a second process, next to the same validations in-process.

    .venv/bin/python bench/api.py                  # starts `copiste serve` on a free port
    .venv/bin/python bench/api.py --url http://127.0.0.1:8000 --key KEY

Sends `--requests` records (default 2,000) with `--concurrency` in flight (default 32) over
loopback, and prints requests/s, p50/p99 latency and the error count (anything but a 200),
then validates the same records in this process and prints the API's throughput as a ratio of
the in-process one. Bounded in count and in time (`--max-seconds`).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.live_server import LiveServer  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "unimarc" / "real"
SOURCES = (
    "sudoc_marcxml-nons__marcxml2tei.xml",
    "bsg_sainte-genevieve_marcxml-nons__reference_manager.xml",
)


def records() -> list[str]:
    """The sample record, plus real ones (as MARCXML) when the shared data is beside the repo."""
    from validators import Record, read_records
    from validators.samples import SAMPLE_RECORD

    found = [SAMPLE_RECORD]
    for name in SOURCES:
        if (REAL / name).is_file():
            found += [r.to_marcxml() for r in read_records(REAL / name) if isinstance(r, Record)]
    return found


def start_server(data_dir: Path) -> LiveServer:
    """`copiste serve` on a free loopback port, as the API tests start it."""
    try:
        return LiveServer(data_dir, {"log_level": "warning"}).start()
    except RuntimeError as exc:
        raise SystemExit(f"the server did not start: {exc}") from None


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    The load generator shares the machine's cores with the server; httpx spends ~2 ms of CPU
    per request, which would measure the client rather than the server. This sends a
    prepared request and reads the status line, headers and Content-Length body, nothing more.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, request: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(request)
        status_line = await self.reader.readline()
        length = 0
        close = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self.reader.readexactly(length)
        if close:
            await self.close()
        return int(status_line.split()[1]), body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def prepare(url: str, body: bytes, key: str | None) -> bytes:
    host = httpx.URL(url).netloc.decode()
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    head = (
        f"POST /v1/validate HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/xml\r\n"
        f"{auth}Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


async def load(
    url: str, bodies: list[bytes], total: int, concurrency: int, key: str | None, deadline: float
) -> tuple[list[float], int, float]:
    parsed = httpx.URL(url)
    requests = [prepare(url, body, key) for body in bodies]
    latencies: list[float] = []
    errors = 0
    sent = 0

    async def worker() -> None:
        nonlocal errors, sent
        connection = Connection(parsed.host, parsed.port or 80)
        try:
            while sent < total and time.monotonic() < deadline:
                request = requests[sent % len(requests)]
                sent += 1
                start = time.perf_counter()
                try:
                    status, body = await connection.post(request)
                    ok = status == 200 and b'"valid"' in body
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    ok = False
                    await connection.close()
                latencies.append(time.perf_counter() - start)
                errors += not ok
        finally:
            await connection.close()

    warm = Connection(parsed.host, parsed.port or 80)
    await warm.post(requests[0])  # the first request pays for imports and caches
    await warm.close()
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - began


def in_process(bodies: list[bytes], total: int) -> float:
    """Validations per second for the same records, same rule set, no HTTP."""
    from validators import validate

    validate(bodies[0])
    began = time.perf_counter()
    for i in range(total):
        validate(bodies[i % len(bodies)])
    return total / (time.perf_counter() - began)


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", help="An already running server (default: start one).")
    parser.add_argument("--key", help="API key for a server that needs one.")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()

    bodies = [r.encode("utf-8") for r in records()]
    server = None
    with tempfile.TemporaryDirectory(prefix="copiste-bench-") as scratch:
        url = args.url
        if url is None:
            server = start_server(Path(scratch))
            url = server.url
        try:
            deadline = time.monotonic() + args.max_seconds
            latencies, errors, elapsed = asyncio.run(
                load(url, bodies, args.requests, args.concurrency, args.key, deadline)
            )
        finally:
            if server is not None:
                server.stop()
    done = len(latencies)
    api_rate = done / elapsed
    local_rate = in_process(bodies, done)
    print(
        f"records: {len(bodies)} distinct, {sum(map(len, bodies)) // len(bodies)} bytes on average"
    )
    print(
        f"API  POST /v1/validate  {done} requests, {args.concurrency} concurrent, {elapsed:.1f} s"
    )
    print(f"     throughput  {api_rate:8.0f} requests/s")
    print(
        f"     latency     p50 {percentile(latencies, 50) * 1000:6.1f} ms   "
        f"p99 {percentile(latencies, 99) * 1000:6.1f} ms"
    )
    print(f"     errors      {errors}")
    print(f"in-process validate()   {local_rate:8.0f} validations/s")
    print(f"ratio API / in-process  {api_rate / local_rate:8.2f}")
    if done < args.requests:
        print(f"stopped at the time limit: {done} of {args.requests} requests sent")
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
