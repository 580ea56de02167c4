"""A small asyncio HTTP/1.1 load driver with keep-alive connections.

Written against the standard library so the client stays cheap next to the server on a
2-core machine: each of N connections sends one request at a time and times it.
"""

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    bodies: list = field(default_factory=list)
    seconds: float = 0.0
    client_cpu: float = 0.0  # this process's CPU seconds while driving: the client's own cost

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Connection:
    def __init__(self, host: str, port: int, headers: dict[str, str]):
        self.host, self.port, self.headers = host, port, headers

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(self, method: str, path: str, body: dict | None = None, headers=None):
        payload = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        for k, v in {**self.headers, **(headers or {})}.items():
            lines.append(f"{k}: {v}")
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}", "", ""]
        self.writer.write("\r\n".join(lines).encode() + payload)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length, chunked = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value:
                chunked = True
        if chunked:
            raw = b""
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                if not size:
                    await self.reader.readline()
                    break
                raw += await self.reader.readexactly(size)
                await self.reader.readline()
        else:
            raw = await self.reader.readexactly(length) if length else b""
        return status, (json.loads(raw) if raw else None)

    def close(self):
        self.writer.close()


async def _drive(
    host, port, headers, jobs: list[tuple], concurrency: int, keep: Callable | None
) -> Result:
    result = Result()
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def worker():
        conn = Connection(host, port, headers)
        await conn.open()
        try:
            while True:
                try:
                    method, path, body, extra = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                status, data = await conn.request(method, path, body, extra)
                result.latencies.append(time.perf_counter() - t0)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if keep is not None:
                    result.bodies.append(keep(status, data))
        finally:
            conn.close()

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    result.client_cpu = time.process_time() - cpu
    return result


def drive(
    host: str, port: int, headers: dict, jobs: list[tuple], concurrency: int, keep=None
) -> Result:
    """Runs (method, path, body, extra_headers) jobs over `concurrency` keep-alive connections."""
    return asyncio.run(_drive(host, port, headers, jobs, concurrency, keep))
