"""What Huddle's Python scripts (faults, benchmarks) share: `huddle run` started as an admin runs
it — as nobody, on a data directory owned by nobody — and small helpers for ports and times."""
import json, os, pathlib, pwd, signal, socket, subprocess, threading, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
HUDDLE = ROOT / ".build" / "debug" / "huddle"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def next_minute(lead):
    """A local (UTC) HH:MM at least `lead` seconds from now, and the instant it starts."""
    now = time.time()
    start = (int(now + lead) // 60 + 1) * 60
    return time.strftime("%H:%M", time.gmtime(start)), start


def as_nobody(command):
    """The command run as nobody when we are root, as an admin runs a service."""
    if os.geteuid() == 0:
        return ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] + command
    return command


def stop_process(process, timeout=10):
    """Asks a process to stop (SIGTERM) and kills it when it has not within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Bot:
    """huddle run as nobody on a data directory owned by nobody."""

    def __init__(self, workdir, yaml, huddle=HUDDLE):
        self.huddle = pathlib.Path(huddle).resolve()
        self.dir = pathlib.Path(workdir) / "bot"
        (self.dir / "data").mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.config = self.dir / "huddle.yaml"
        self.config.write_text("data_dir: data\n" + yaml)
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.data, nobody.pw_uid, nobody.pw_gid)
        self.process = None
        self.log = self.dir / "bot.log"

    def start(self):
        command = as_nobody([str(self.huddle), "run", "--config", str(self.config), "--log-format", "json"])
        self.logfile = open(self.log, "ab")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.logfile, cwd=self.dir)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.logfile.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.logfile.close()

    def rss_mib(self):
        """The running bot's resident memory in MiB (the process is the bot: setpriv execs it)."""
        for line in pathlib.Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
        return None

    def joins(self):
        """How many times the bot's log says it joined a channel."""
        try:
            return self.log.read_text().count('"message":"IRC joined"')
        except FileNotFoundError:
            return 0

    def wait_joined(self, before, timeout):
        """Waits until the log shows a join after the `before`th."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.joins() > before:
                return True
            time.sleep(0.05)
        return False

    def journal(self):
        """Every line of every journal file as JSON, and the lines that do not parse."""
        entries, broken = [], []
        for path in sorted((self.data / "journal").rglob("*.jsonl")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    broken.append(f"{path.name}:{number}")
        return entries, broken


def debian_ngircd(directory, port):
    """Debian's ngircd.conf with only the ports, paths and identity changed."""
    text = pathlib.Path("/etc/ngircd/ngircd.conf").read_text()
    out = []
    for line in text.splitlines():
        stripped = line.strip().lstrip(";").strip()
        key = stripped.split("=")[0].strip() if "=" in stripped else ""
        if key in ("Ports", "Listen", "ServerUID", "ServerGID", "MotdFile", "PidFile", "HelpFile", "SSL", "CertFile", "KeyFile", "DHFile",
                   "Name", "IncludeDir", "ChrootDir"):
            continue
        out.append(line)
        if line.strip() == "[Global]":
            out += [f"\tName = bench.localhost", f"\tPorts = {port}", "\tListen = 127.0.0.1", "\tServerUID = nobody", "\tServerGID = nogroup",
                    f"\tMotdPhrase = bench"]
    conf = pathlib.Path(directory) / "ngircd.conf"
    conf.write_text("\n".join(out) + "\n")
    return subprocess.Popen(["/usr/sbin/ngircd", "-n", "-f", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=directory)


def debian_inspircd(directory, port, bot_address="127.0.0.1", connections=10, channels=20):
    """Debian's inspircd.conf with only the port, paths and a `<connect>` class for the bot's
    address changed: that class allows the bot's connections (Debian's allows 3 per address) and
    `channels` channels each, its flood limits (threshold, commandrate) left as Debian's."""
    text = pathlib.Path("/etc/inspircd/inspircd.conf").read_text()
    text = text.replace('<bind address="127.0.0.1" port="6667" type="clients">', f'<bind address="127.0.0.1" port="{port}" type="clients">')
    text = text.replace('/var/run/inspircd/inspircd.pid', f"{directory}/inspircd.pid")
    bot_class = (f'<connect name="huddle" allow="{bot_address}" timeout="60" threshold="10" pingfreq="120" hardsendq="262144" '
                 f'softsendq="8192" recvq="8192" localmax="{connections}" globalmax="{connections}" maxchans="{channels}">\n')
    first = text.index("<connect ")
    text = text[:first] + bot_class + text[first:]
    for needle in (f'port="{port}"', bot_class.strip()):
        if needle not in text:
            raise RuntimeError(f"Debian's inspircd.conf has changed: cannot set {needle}")
    conf = pathlib.Path(directory) / "inspircd.conf"
    conf.write_text(text)
    os.chmod(directory, 0o755)
    return subprocess.Popen(["/usr/sbin/inspircd", "--config", str(conf), "--nofork", "--nopid", "--runasroot"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=directory)


def exempt_ngircd(directory, port):
    """ngircd on loopback exempting every client from its limits: no penalties (flood limits), no
    channel or per-address limits, as README "Many teams" tells an admin to do for the bot."""
    conf = pathlib.Path(directory) / "ngircd.conf"
    conf.write_text(f"""[Global]
    Name = bench.localhost
    Info = Huddle benchmark
    Ports = {port}
    Listen = 127.0.0.1
    ServerUID = nobody
    ServerGID = nogroup
    MotdPhrase = bench
[Limits]
    MaxConnectionsIP = 0
    MaxJoins = 0
    MaxPenaltyTime = 0
    PingTimeout = 120
    PongTimeout = 60
[Options]
    PAM = no
    DNS = no
    Ident = no
""")
    return subprocess.Popen(["/usr/sbin/ngircd", "-n", "-f", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=directory)


class IRCPeer(threading.Thread):
    """A raw IRC client that registers, joins, answers PING and hands every other line to `on_line`."""

    def __init__(self, port, nick, channels, on_line, address="127.0.0.1"):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind((address, 0))
        self.sock.connect(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.nick, self.channels, self.on_line = nick, channels, on_line
        self.ready = threading.Event()
        self.lock = threading.Lock()
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")

    def send(self, line):
        with self.lock:
            self.sock.sendall((line + "\r\n").encode())

    def run(self):
        buffer, joined = b"", 0
        while True:
            try:
                data = self.sock.recv(65536)
                # Acknowledge at once (Linux leaves quick-ACK mode by itself, so again after each
                # read). ngircd writes without TCP_NODELAY: its next line to us waits until we
                # acknowledge the last one, and a delayed ACK would count 40 ms against the bot
                # being measured (the last confirmations of a run, when no line of ours carries it).
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            except OSError:
                return
            if not data:
                return
            buffer += data
            *lines, buffer = buffer.split(b"\r\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace")
                parts = line.split(" ", 3)
                if parts[0] == "PING":
                    self.send("PONG " + line[5:])
                elif len(parts) > 1 and parts[1] in ("376", "422"):
                    for first in range(0, len(self.channels), 40):
                        self.send("JOIN " + ",".join(self.channels[first:first + 40]))
                elif len(parts) > 1 and parts[1] == "366":
                    joined += 1
                    if joined == len(self.channels):
                        self.ready.set()
                else:
                    self.on_line(parts)
