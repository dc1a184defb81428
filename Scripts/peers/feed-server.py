#!/usr/bin/env python3
"""A source server for Huddle's tests (a property system's reports), on 127.0.0.1 only.

Usage: feed-server.py ROOT USER PASSWORD TOKEN

Serves the files in ROOT with a strong ETag (of the content) and Last-Modified (the file's
time), and answers 304 to a matching If-None-Match (or, without one, If-Modified-Since).
Prints the port it listens on. Besides the files, by path:
  /<file>               the file
  /auth-basic/<file>    the file, for Authorization: Basic USER:PASSWORD only (else 401)
  /auth-bearer/<file>   the file, for Authorization: Bearer TOKEN only (else 401)
  /gzip/<file>          the file gzip-encoded when the request accepts gzip
  /no-etag/<file>       the file with Last-Modified but no ETag
  /redirect/<n>/<path>  n redirects (302), then /<path>
  /redirect-to?<url>    a redirect to <url>
  /status/<code>        that status, with a short body
  /empty                200 with an empty body
  /slow                 200, then one byte every 0.2 s, forever
  /hang                 nothing at all, for an hour
  /huge                 200 and an endless body, no Content-Length
  /huge-declared        200 with Content-Length 10 GB and an endless body
  /_stats               JSON: requests and 304 answers per path, and the conditional and
                        encoding headers of each path's last request (never Authorization)
"""
import base64
import email.utils
import gzip
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

root = os.path.realpath(sys.argv[1])
basic = "Basic " + base64.b64encode(f"{sys.argv[2]}:{sys.argv[3]}".encode()).decode()
bearer = "Bearer " + sys.argv[4]
requests = {}
not_modified = {}
last_headers = {}
lock = threading.Lock()
SEEN = ("if-none-match", "if-modified-since", "accept-encoding")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/_stats":
            with lock:
                stats = {"requests": requests, "not_modified": not_modified, "headers": last_headers}
                self.reply(200, json.dumps(stats).encode(),
                           {"Content-Type": "application/json"})
            return
        with lock:
            requests[path] = requests.get(path, 0) + 1
            last_headers[path] = {name: self.headers[name] for name in SEEN if self.headers[name] is not None}
        try:
            self.route(path, parts.query)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self, path, query):
        if path.startswith("/auth-basic/"):
            if not self.authorized(basic):
                return
            self.serve_file(path[len("/auth-basic/"):])
        elif path.startswith("/auth-bearer/"):
            if not self.authorized(bearer):
                return
            self.serve_file(path[len("/auth-bearer/"):])
        elif path.startswith("/gzip/"):
            self.serve_file(path[len("/gzip/"):], gzipped=True)
        elif path.startswith("/no-etag/"):
            self.serve_file(path[len("/no-etag/"):], etag=False)
        elif path.startswith("/redirect/"):
            count, _, rest = path[len("/redirect/"):].partition("/")
            target = f"/redirect/{int(count) - 1}/{rest}" if int(count) > 1 else f"/{rest}"
            self.reply(302, b"moved", {"Location": target})
        elif path == "/redirect-to":
            self.reply(302, b"moved", {"Location": query})
        elif path.startswith("/status/"):
            code = int(path[len("/status/"):])
            self.reply(code, f"status {code}".encode())
        elif path == "/empty":
            self.reply(200, b"")
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            while True:
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/hang":
            time.sleep(3600)
        elif path in ("/huge", "/huge-declared"):
            self.send_response(200)
            if path == "/huge-declared":
                self.send_header("Content-Length", str(10 * 1024 ** 3))
            self.end_headers()
            chunk = b"0123456789abcdef" * 4096
            while True:
                self.wfile.write(chunk)
        else:
            self.serve_file(path[1:])

    def authorized(self, expected):
        given = self.headers.get("Authorization") or ""
        if hmac.compare_digest(given.encode(), expected.encode()):
            return True
        self.reply(401, b"who are you?", {"WWW-Authenticate": 'Basic realm="reports"' if expected is basic else "Bearer"})
        return False

    def serve_file(self, name, gzipped=False, etag=True):
        path = os.path.realpath(os.path.join(root, name))
        if not path.startswith(root + os.sep) or not os.path.isfile(path):
            self.reply(404, b"no such report")
            return
        with open(path, "rb") as file:
            data = file.read()
        modified = int(os.stat(path).st_mtime)
        headers = {"Last-Modified": email.utils.formatdate(modified, usegmt=True)}
        encode = gzipped and "gzip" in (self.headers.get("Accept-Encoding") or "")
        if etag:
            # A strong tag names one representation: the gzip-encoded one has its own.
            headers["ETag"] = '"' + hashlib.sha256(data).hexdigest()[:16] + ('-gzip"' if encode else '"')
        if self.not_modified(headers.get("ETag"), modified):
            with lock:
                not_modified[urlsplit(self.path).path] = not_modified.get(urlsplit(self.path).path, 0) + 1
            self.send_response(304)
            for header, value in headers.items():
                self.send_header(header, value)
            self.end_headers()
            return
        if encode:
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
        self.reply(200, data, headers)

    def not_modified(self, etag, modified):
        """RFC 9110 13.2.2: If-None-Match decides when it is there; If-Modified-Since only without it."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [tag.strip() for tag in match.split(",")]
            return etag is not None and (etag in tags or "*" in tags)
        since = self.headers.get("If-Modified-Since")
        if since is not None:
            try:
                return modified <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def reply(self, status, data, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def leave_with_parent(parent):
    """Exits when the test process that started this server is gone, even if it never said so."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


threading.Thread(target=leave_with_parent, args=(os.getppid(),), daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
