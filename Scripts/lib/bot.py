"""`huddle run` started as an admin runs it: as nobody, on a data directory owned by nobody."""
import json, os, pathlib, pwd, signal, subprocess, time

from lib import HUDDLE, as_nobody


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
