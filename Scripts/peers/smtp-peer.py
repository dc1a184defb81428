#!/usr/bin/env python3
"""A mail server for Huddle's tests (aiosmtpd from PyPI), on 127.0.0.1 only.

Usage: smtp-peer.py LOG CERT KEY. Offers STARTTLS and requires it before AUTH (PLAIN/LOGIN,
user `huddle`, password `smtp-geheim`). Prints the port it listens on. Every accepted message is
written to LOG as one JSON line, parsed with Python's `email` package: envelope, headers as
decoded, and each MIME part. A recipient starting with `retry` gets 451 the first time, one
starting with `reject` always gets 550.
"""
import email, email.policy, email.utils, json, os, socket, sys, threading, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
import ssl

log_path, cert, key = sys.argv[1:4]
refused_once = set()
lock = threading.Lock()


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 No such user here"
        if address.startswith("retry") and address not in refused_once:
            refused_once.add(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            parts.append({"type": part.get_content_type(), "charset": part.get_content_charset(),
                          "text": part.get_content()})
        date = message["Date"]
        record = {"from": envelope.mail_from, "to": envelope.rcpt_tos, "tls": session.ssl is not None,
                  "user": getattr(session, "huddle_user", None),
                  "subject": str(message["Subject"]), "header_from": str(message["From"]), "header_to": str(message["To"]),
                  "date": email.utils.parsedate_to_datetime(date).isoformat() if date else None,
                  "message_id": message["Message-ID"], "content_type": message.get_content_type(), "parts": parts,
                  "defects": [str(d) for d in message.defects], "max_line": max(len(l) for l in raw.split(b"\r\n"))}
        with lock, open(log_path, "a") as log:
            log.write(json.dumps(record) + "\n")
        return "250 Message accepted"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"huddle" and auth_data.password == b"smtp-geheim"
    if ok:
        session.huddle_user = auth_data.login.decode()
    return AuthResult(success=ok, handled=False)


def leave_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                        auth_required=True, auth_require_tls=True, authenticator=authenticate)
controller.start()
threading.Thread(target=leave_with_parent, args=(os.getppid(),), daemon=True).start()
print(port, flush=True)
while True:
    time.sleep(3600)
