#!/usr/bin/env python3
"""A webhook endpoint for Huddle's tests, on 127.0.0.1 only.

Records every request as one JSON line in the file given as the first argument and prints
the port it listens on. How it answers depends on the path:
  /ok          200
  /ratelimit   429 with Retry-After: 1 for the first two requests, then 200
  /error       500
  /bad         400 with a reason in the body
  /slow        waits 3 seconds, then 200
  /hang        waits 20 seconds, then 200
  /outage      503 while the file <log>.down exists, then 200
  /api/views.open                 200 {"ok": true, ...}, as Slack's Web API answers (a stand-in for it)
  /api/v4/actions/dialogs/open    200 {}, as a Mattermost server answers
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path = sys.argv[1]
counts = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        with lock:
            counts[self.path] = counts.get(self.path, 0) + 1
            count = counts[self.path]
            with open(log_path, "a") as log:
                log.write(json.dumps({"path": self.path, "body": body, "content_type": self.headers.get("Content-Type"),
                                      "authorization": self.headers.get("Authorization"),
                                      "idempotency_key": self.headers.get("Idempotency-Key")}) + "\n")
        if self.path == "/ratelimit" and count <= 2:
            self.reply(429, "slow down", {"Retry-After": "1"})
        elif self.path == "/outage" and os.path.exists(log_path + ".down"):
            self.reply(503, "down for maintenance")
        elif self.path == "/api/views.open":
            self.reply(200, json.dumps({"ok": True, "view": {"id": "V1", "type": "modal"}}), {"Content-Type": "application/json"})
        elif self.path == "/api/v4/actions/dialogs/open":
            self.reply(200, "{}", {"Content-Type": "application/json"})
        elif self.path == "/error":
            self.reply(500, "oops")
        elif self.path == "/bad":
            self.reply(400, "invalid_payload")
        elif self.path in ("/slow", "/hang"):
            time.sleep(3 if self.path == "/slow" else 20)
            self.reply(200, "ok")
        else:
            self.reply(200, "ok")

    def reply(self, status, text, headers=None):
        data = text.encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def leave_with_parent(parent):
    """Exits when the test process that started this peer is gone, even if it never said so."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


threading.Thread(target=leave_with_parent, args=(os.getppid(),), daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
