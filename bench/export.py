#!/usr/bin/env python3
"""One full CSV export against a running server: its time and how much the server's memory grows.

    bench/export.py BASE_URL TOKEN SERVER_PID OUT_JSON

Streams `GET /api/tickets/export.csv` (every ticket) into a temporary file while a thread reads the
server's resident memory (VmRSS) every 10 ms; then counts the rows with Python's csv module (RFC 4180,
so quoted line breaks stay inside their row). Run by bench/run.sh after the wrk scenarios; numbers,
not assertions (see bench/RESULTS.md).
"""
from __future__ import annotations

import csv
import json
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    base, token, pid, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    time.sleep(1)
    before = rss_kb(pid)
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kb(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    request = urllib.request.Request(f"{base}/api/tickets/export.csv", headers={"Authorization": f"Bearer {token}"})
    size = 0
    first_byte = None
    with tempfile.TemporaryFile() as sink:
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=600) as response:
            if response.status != 200:
                raise SystemExit(f"export answered {response.status}")
            while chunk := response.read(1 << 16):
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                size += len(chunk)
                sink.write(chunk)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        after = rss_kb(pid)
        sink.seek(0)
        with open(sink.fileno(), encoding="utf-8", newline="", closefd=False) as text:
            rows = sum(1 for _ in csv.reader(text)) - 1  # less the header row
    result = {
        "rows": rows, "bytes": size, "seconds": round(seconds, 2), "first_byte_ms": round((first_byte or 0) * 1000, 1),
        "rows_per_second": round(rows / seconds), "rss_before_kb": before, "rss_peak_kb": peak, "rss_after_kb": after,
        "rss_growth_kb": peak - before,
    }
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"export-csv     {rows:,} rows, {size / 2**20:,.0f} MiB in {seconds:.1f} s "
          f"(first byte {result['first_byte_ms']:.0f} ms); server RSS {before / 1024:.1f} → peak "
          f"{peak / 1024:.1f} MiB (+{(peak - before) / 1024:.1f} MiB)")


if __name__ == "__main__":
    main()
