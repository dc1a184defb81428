"""A scripted IRC user on loopback, for the fault checks, the benchmarks and the screenshots."""
import socket, threading, time


def parse(line):
    """(source nick, COMMAND, params) of a line; tags are dropped, the trailing parameter is the last."""
    source = ""
    if line.startswith("@"):
        line = line.split(" ", 1)[1]
    if line.startswith(":"):
        source, line = line[1:].split(" ", 1)
    if " :" in line:
        head, trailing = line.split(" :", 1)
        params = head.split() + [trailing]
    else:
        params = line.split()
    return (source.split("!")[0], params[0].upper(), params[1:])


class IRCClient(threading.Thread):
    """Registers as `nick` (from `address`, so that clients can come from other loopback addresses
    than the bot and not count against its connections) and answers PING at once. Two ways to use it:

    - step by step: `wait(predicate, timeout)` reads until a parsed message `(nick, COMMAND, params)`
      matches; with `welcome=True` the constructor first waits (up to 15 s) for the server's welcome;
    - in the background: `start()` reads on a thread of its own, joins `channels` when the MOTD is
      over, sets `ready` once it is in all of them, and hands every other line to `on_line`, split
      as `line.split(" ", 3)`: `[":source", "COMMAND", "target", ":rest"]`.
    """

    def __init__(self, port, nick, channels=(), on_line=None, address="127.0.0.1", welcome=False):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.settimeout(30)
        self.sock.bind((address, 0))
        self.sock.connect(("127.0.0.1", port))
        self.sock.settimeout(None)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.nick, self.channels, self.on_line = nick, list(channels), on_line
        self.ready = threading.Event()
        self.lock = threading.Lock()
        self.buffer = b""
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")
        if welcome:
            self.wait(lambda message: message[1] == "001", 15)

    def send(self, line):
        with self.lock:
            self.sock.sendall((line + "\r\n").encode())

    def receive(self, timeout=None):
        """The complete lines that arrive within `timeout` seconds (None: until some do), PINGs
        answered and left out; [] when none came; raises ConnectionError when the server closed."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
            # Acknowledge at once (Linux leaves quick-ACK mode by itself, so again after each
            # read). ngircd writes without TCP_NODELAY: its next line to us waits until we
            # acknowledge the last one, and a delayed ACK would count 40 ms against the bot
            # being measured (the last confirmations of a run, when no line of ours carries it).
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except socket.timeout:
            return []
        if not data:
            raise ConnectionError("server closed the connection")
        self.buffer += data
        *complete, self.buffer = self.buffer.split(b"\r\n")
        lines = []
        for raw in complete:
            line = raw.decode("utf-8", "replace")
            if line.startswith("PING"):
                self.send("PONG" + line[4:])
            else:
                lines.append(line)
        return lines

    def wait(self, predicate, timeout):
        """The first parsed message within `timeout` seconds that `predicate` accepts, or None."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for line in self.receive(max(0.05, min(0.5, deadline - time.time()))):
                message = parse(line)
                if predicate(message):
                    return message
        return None

    def run(self):
        joined = 0
        while True:
            try:
                lines = self.receive()
            except OSError:
                return
            for line in lines:
                parts = line.split(" ", 3)
                if len(parts) > 1 and parts[1] in ("376", "422"):
                    for first in range(0, len(self.channels), 40):
                        self.send("JOIN " + ",".join(self.channels[first:first + 40]))
                elif len(parts) > 1 and parts[1] == "366":
                    joined += 1
                    if joined == len(self.channels):
                        self.ready.set()
                elif self.on_line:
                    self.on_line(parts)

    def close(self):
        """Says QUIT and closes the connection (a background reader then ends)."""
        try:
            self.send("QUIT :bye")
        except OSError:
            pass
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
