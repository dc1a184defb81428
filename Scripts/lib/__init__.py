"""What Huddle's Python scripts share (the fault checks, the benchmarks, the screenshots):
`lib.bot` runs `huddle run` as an admin runs it, `lib.ircd` starts IRC servers from Debian's
packages on loopback, `lib.irc` is a scripted IRC user; here, small helpers for ports, times and
processes.

A script in a folder beside this one imports it after putting `Scripts/` on its path:

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    from lib import free_port
"""
import os, pathlib, socket, subprocess, time

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
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


