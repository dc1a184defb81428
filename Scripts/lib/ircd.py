"""IRC servers from Debian's packages on 127.0.0.1, each in a folder of its own and stopped by its
own process id (never by a name, which would stop another run's servers too).

  Ngircd(directory, "repo")     the repository's Config/ngircd.conf (as Scripts/demo and the Swift tests run it)
  Ngircd(directory, "debian")   Debian's /etc/ngircd/ngircd.conf with only ports, paths and identity
                                changed: its limits (10 channels, 10 connections per address, penalties)
  Ngircd(directory, "exempt")   no penalties (flood limits), channel or per-address limits, as
                                docs/scaling.md tells an admin to set for the bot
  Inspircd(directory, ...)      Debian's inspircd.conf with a `<connect>` class for the bot's address
"""
import os, pathlib, socket, subprocess, time

from lib import ROOT, free_port


def wait_listening(port, process, what, timeout=15):
    """Waits until something accepts connections on 127.0.0.1:`port`; fails when `process` exits first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited at start (status {process.returncode})")
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {timeout} s")


class Server:
    """A server process started from a config file in `directory`; `start()` (again after `stop()`)
    waits until it listens on `port`."""

    name = "server"

    def __init__(self, directory, port=None):
        self.dir = pathlib.Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.port = port or free_port()
        self.process = None

    def command(self):
        raise NotImplementedError

    def start(self):
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        stdin=subprocess.DEVNULL, cwd=self.dir)
        wait_listening(self.port, self.process, self.name)
        return self

    def stop(self):
        """SIGTERM to this server's own process, and SIGKILL when it has not exited within 10 s."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Ngircd(Server):
    """ngircd (`ngircd -n`) with the repository's, Debian's, or an exempting configuration."""

    name = "ngircd"

    def __init__(self, directory, config="repo", port=None, start=True):
        super().__init__(directory, port)
        self.conf = self.dir / "ngircd.conf"
        self.conf.write_text({"repo": self.repo, "debian": self.debian, "exempt": self.exempt}[config]())
        if start:
            self.start()

    def command(self):
        return ["/usr/sbin/ngircd", "-n", "-f", str(self.conf)]

    def repo(self):
        return (ROOT / "Config" / "ngircd.conf").read_text().replace("Ports = 6667", f"Ports = {self.port}")

    def debian(self):
        text = pathlib.Path("/etc/ngircd/ngircd.conf").read_text()
        out = []
        for line in text.splitlines():
            stripped = line.strip().lstrip(";").strip()
            key = stripped.split("=")[0].strip() if "=" in stripped else ""
            if key in ("Ports", "Listen", "ServerUID", "ServerGID", "MotdFile", "PidFile", "HelpFile", "SSL", "CertFile", "KeyFile",
                       "DHFile", "Name", "IncludeDir", "ChrootDir"):
                continue
            out.append(line)
            if line.strip() == "[Global]":
                out += ["\tName = bench.localhost", f"\tPorts = {self.port}", "\tListen = 127.0.0.1", "\tServerUID = nobody",
                        "\tServerGID = nogroup", "\tMotdPhrase = bench"]
        return "\n".join(out) + "\n"

    def exempt(self):
        return f"""[Global]
    Name = bench.localhost
    Info = Huddle benchmark
    Ports = {self.port}
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
"""


class Inspircd(Server):
    """Debian's inspircd.conf with only the port, paths and a `<connect>` class for the bot's
    address changed: that class allows the bot's connections (Debian's allows 3 per address) and
    `channels` channels each, its flood limits (threshold, commandrate) left as Debian's."""

    name = "inspircd"

    def __init__(self, directory, port=None, bot_address="127.0.0.1", connections=10, channels=20, start=True):
        super().__init__(directory, port)
        text = pathlib.Path("/etc/inspircd/inspircd.conf").read_text()
        text = text.replace('<bind address="127.0.0.1" port="6667" type="clients">',
                            f'<bind address="127.0.0.1" port="{self.port}" type="clients">')
        text = text.replace('/var/run/inspircd/inspircd.pid', f"{self.dir}/inspircd.pid")
        bot_class = (f'<connect name="huddle" allow="{bot_address}" timeout="60" threshold="10" pingfreq="120" hardsendq="262144" '
                     f'softsendq="8192" recvq="8192" localmax="{connections}" globalmax="{connections}" maxchans="{channels}">\n')
        first = text.index("<connect ")
        text = text[:first] + bot_class + text[first:]
        for needle in (f'port="{self.port}"', bot_class.strip()):
            if needle not in text:
                raise RuntimeError(f"Debian's inspircd.conf has changed: cannot set {needle}")
        self.conf = self.dir / "inspircd.conf"
        self.conf.write_text(text)
        if start:
            self.start()

    def command(self):
        return ["/usr/sbin/inspircd", "--config", str(self.conf), "--nofork", "--nopid", "--runasroot"]
