#!/usr/bin/env python3
"""The aiohttp peer of the webhook benchmark: what Huddle's generic reply route does, as a small
aiohttp (PyPI) app would. POST /generic/<team> with `X-Huddle-Timestamp` and `X-Huddle-Signature:
sha256=<HMAC-SHA256 of "<timestamp>.<body>">`: checks the signature (constant time), the
five-minute window and replays, appends the entry to a JSON Lines journal and fsyncs it, then
answers 200 with the confirmation.
Usage: webhook_app.py PORT KEY JOURNAL"""
import hashlib, hmac, json, os, sys, time

from aiohttp import web

port, key, journal = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
seen = {}


async def reply(request):
    body = await request.read()
    stamp = request.headers.get("X-Huddle-Timestamp", "")
    given = request.headers.get("X-Huddle-Signature", "")
    expected = "sha256=" + hmac.new(key, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given, expected):
        return web.Response(status=401, text="invalid signature")
    now = time.time()
    if not stamp.isdigit() or abs(now - int(stamp)) > 300:
        return web.Response(status=401, text="timestamp outside the five-minute window")
    if given in seen:
        return web.Response(status=401, text="replayed request")
    seen[given] = now
    try:
        line = json.loads(body)
    except ValueError:
        return web.Response(status=400, text="body is not a JSON object")
    entry = {"v": 1, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "team": request.match_info["team"], "type": "gain",
             "author": {"nick": line.get("user_name"), "account": line.get("user_id")}, "text": line.get("text", "")}
    os.write(fd, (json.dumps(entry) + "\n").encode())
    os.fsync(fd)
    return web.json_response({"replies": ["Genoteerd, dank je!"]})


app = web.Application()
app.router.add_post("/generic/{team}", reply)
web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)
