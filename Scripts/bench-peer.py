#!/usr/bin/env python3
"""The benchmark's peer: a journal that appends one JSON line and fsyncs it per entry, with
the given number of writer threads; prints the same JSON result line as huddle-bench."""
import json
import os
import resource
import sys
import threading
import time

directory, count, writers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
path = os.path.join(directory, "journal", "bench", "2026-W48.jsonl")
os.makedirs(os.path.dirname(path), exist_ok=True)
lock = threading.Lock()


def entry(index):
    return json.dumps({"at": "2026-11-18T11:06:40Z", "author": {"account": "anna", "nick": "anna"}, "id": f"bench-{index}",
                       "team": "bench", "text": f"Gasten vinden de nieuwe koffie heerlijk, vooral bij het ontbijt ({index})",
                       "type": "gain", "v": 1}, sort_keys=True, separators=(",", ":")) + "\n"


def write(first):
    for index in range(first, count, writers):
        line = entry(index).encode()
        with lock:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)


started = time.monotonic()
threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
seconds = time.monotonic() - started
with open(path) as handle:
    assert sum(1 for _ in handle) == count
print(json.dumps({"impl": "python-fsync-per-line", "entries": count, "writers": writers, "seconds": seconds,
                  "per_second": count / seconds, "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
