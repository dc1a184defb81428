#!/usr/bin/env python3
"""A real calendar server for tests: Radicale (PyPI) on 127.0.0.1, its port printed as the first line.

Usage: radicale-peer.py STORAGE_DIR USER PASSWORD ICS_FILE...
Makes the calendar /USER/agenda/ with MKCALENDAR and PUTs each ICS file into it through CalDAV, as a
calendar client would; then serves until killed. A GET of http://127.0.0.1:PORT/USER/agenda/ with
the user's basic credentials returns the calendar as one iCalendar file: the feed Huddle reads.
Only USER with PASSWORD gets in (an htpasswd file in plain text).
"""
import base64, pathlib, sys, threading, urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import radicale
from radicale import config


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    storage, user, password, files = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    storage.mkdir(parents=True, exist_ok=True)
    users = storage / "users"
    users.write_text(f"{user}:{password}\n")
    configuration = config.load()
    configuration.update({"storage": {"filesystem_folder": str(storage / "collections")},
                          "auth": {"type": "htpasswd", "htpasswd_filename": str(users), "htpasswd_encryption": "plain"},
                          "rights": {"type": "owner_only"}}, "radicale-peer", privileged=True)
    server = make_server("127.0.0.1", 0, radicale.Application(configuration), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/{user}/agenda/"
    headers = {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}

    def send(url, method, body=None, content_type=None):
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers, **({"Content-Type": content_type} if content_type else {})))
        with urllib.request.urlopen(request) as response:
            return response.status

    send(base, "MKCALENDAR")
    for path in files:
        send(base + pathlib.Path(path).name, "PUT", pathlib.Path(path).read_bytes(), "text/calendar; charset=utf-8")
    print(server.server_port, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
