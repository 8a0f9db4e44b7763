#!/usr/bin/env python3
"""Live-update benchmark: what idle event streams cost, and how fast one change reaches many.

    bench/sse.py [--binary .build/release/helpdesk] [--idle 2000] [--fanout 500] [--rounds 20]

Starts its own server (SQLite, a temporary directory), signs in an agent and a customer, then
  1. opens `--idle` streams that sit idle and reports the server's RSS before and after;
  2. with `--fanout` streams open, posts a public comment `--rounds` times and measures, for each
     stream, the time from sending the POST to that stream receiving the event; p50, p99 and max.
Streams are raw HTTP/1.1 connections on asyncio, so one Python process holds thousands. Prints a
small table and writes bench/out/sse.json. Numbers, not assertions: see bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "harness"))

import requests  # noqa: E402

from helpdesk_server import HelpdeskServer, copy_binary  # noqa: E402


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def open_stream(port: int, token: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write((f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                  "Accept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    # Headers, then the first comment (": connected"): the stream is subscribed.
    buffer = b""
    while b": connected" not in buffer:
        chunk = await asyncio.wait_for(reader.read(4096), 30)
        if not chunk:
            raise RuntimeError("stream closed before it was connected: " + buffer.decode(errors="replace"))
        buffer += chunk
    return reader, writer


async def wait_for_event(reader: asyncio.StreamReader, marker: bytes) -> float:
    buffer = b""
    while marker not in buffer:
        chunk = await asyncio.wait_for(reader.read(65536), 30)
        if not chunk:
            raise RuntimeError("stream closed")
        buffer = buffer[-len(marker):] + chunk
    return time.perf_counter()


async def run(args: argparse.Namespace) -> dict:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = HelpdeskServer(copy_binary(Path(args.binary), Path("/tmp")), extra_env={"LOG_LEVEL": "warning"})
    server.migrate()
    agent = server.create_user("bench_agent", "agent")
    customer = server.create_user("bench_customer", "customer")
    server.start()
    try:
        agent_token, customer_token = server.login(agent), server.login(customer)
        api = server.api
        ticket = requests.post(f"{api}/tickets", json={"title": "Live", "description": "bench"},
                               headers={"Authorization": f"Bearer {customer_token}"}, timeout=30).json()
        pid = server.process.pid
        before = rss_mib(pid)
        idle = [await open_stream(server.port, agent_token) for _ in range(args.idle)]
        await asyncio.sleep(2)
        after = rss_mib(pid)
        for _, writer in idle[args.fanout:]:
            writer.close()
        streams = idle[:args.fanout]
        latencies: list[float] = []
        loop = asyncio.get_running_loop()
        for round_number in range(args.rounds):
            marker = f"fanout-{round_number}-{time.time_ns()}".encode()
            waiters = [asyncio.create_task(wait_for_event(reader, marker)) for reader, _ in streams]
            sent = time.perf_counter()
            await loop.run_in_executor(None, lambda: requests.post(
                f"{api}/tickets/{ticket['id']}/comments", json={"text": marker.decode()},
                headers={"Authorization": f"Bearer {agent_token}"}, timeout=30).raise_for_status())
            for received in await asyncio.gather(*waiters):
                latencies.append((received - sent) * 1000)
        for _, writer in streams:
            writer.close()
        latencies.sort()
        return {
            "idle_streams": args.idle,
            "rss_mib_before": round(before, 1),
            "rss_mib_with_idle_streams": round(after, 1),
            "rss_kib_per_stream": round((after - before) * 1024 / max(1, args.idle), 1),
            "fanout_streams": args.fanout,
            "rounds": args.rounds,
            "fanout_ms_p50": round(statistics.median(latencies), 1),
            "fanout_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1], 1),
            "fanout_ms_max": round(latencies[-1], 1),
        }
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(HERE.parent / ".build" / "release" / "helpdesk"))
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--fanout", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    args.fanout = min(args.fanout, args.idle)
    result = asyncio.run(run(args))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "sse.json").write_text(json.dumps(result, indent=2) + "\n")
    for key, value in result.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
