#!/usr/bin/env python3
"""The floor of the IRC benchmark: the least a bot can do, in plain Python. It joins the channels,
answers PING, and for `!blij <text>` appends one JSON line to its journal, fsyncs it, and only
then confirms by NOTICE. No config, no rate limits, no schedule, no identity checks.
Usage: simple_bot.py HOST PORT NICK CHANNELS JOURNAL   (CHANNELS comma-separated)"""
import json, os, socket, sys, time

host, port, nick, channels, journal = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
sock = socket.create_connection((host, port))
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
send = lambda line: sock.sendall((line + "\r\n").encode())
send(f"NICK {nick}")
send(f"USER {nick} 0 * :bench floor")
fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
buffer = b""
while True:
    data = sock.recv(65536)
    if not data:
        break
    buffer += data
    *lines, buffer = buffer.split(b"\r\n")
    replies = []
    for raw in lines:
        line = raw.decode("utf-8", "replace")
        if line.startswith("@"):
            line = line.split(" ", 1)[1]
        parts = line.split(" ", 3)
        if parts[0] == "PING":
            send("PONG " + line[5:])
        elif len(parts) > 1 and parts[1] in ("376", "422"):
            names = channels.split(",")
            for first in range(0, len(names), 40):
                send("JOIN " + ",".join(names[first:first + 40]))
        elif len(parts) == 4 and parts[1] == "PRIVMSG" and parts[3].startswith(":!blij "):
            sender = parts[0][1:].split("!")[0]
            entry = {"v": 1, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "team": parts[2].lstrip("#"),
                     "type": "gain", "author": {"nick": sender}, "text": parts[3][7:]}
            os.write(fd, (json.dumps(entry) + "\n").encode())
            os.fsync(fd)
            send(f"NOTICE {sender} :Genoteerd, dank je!")
