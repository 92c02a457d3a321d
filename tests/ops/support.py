"""Helpers for the operations tests (tests/ops): free loopback ports, bounded waits, HTTP over
a real socket, a Redis to use, and the gateway binary as a child process. Standard library
only (Debian's python3), so the tests need nothing from a registry."""

import http.client
import json
import os
import ssl
import shutil
import signal
import random
import socket
import subprocess
import tempfile
import time


class Failure(AssertionError):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


_given_ports = set()


def _ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
            return True
        except OSError:
            return False


def free_port(host="127.0.0.1"):
    # Below the kernel's ephemeral range, at random: bind(0) and every outgoing connection
    # take their ports from that range, so a port found there could be taken by another
    # test's socket before the server binds it (and the test would talk to that socket). A
    # port is still only free at the time of asking; a server that cannot bind shows up as
    # a start-up failure. Never handed out twice in one test.
    low, high = 10000, _ephemeral_low()
    for _ in range(200):
        if high <= low + 1000:
            break
        port = random.randrange(low, high)
        if port not in _given_ports and _bindable(host, port):
            _given_ports.add(port)
            return port
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
        if port not in _given_ports:
            _given_ports.add(port)
            return port


def listens_on(pid, port):
    """Whether process `pid` holds a listening TCP socket on `port` (Linux /proc): a server
    that answers on its port is the one the test started, not another test's listener on a
    port it could not bind (DEVELOPERS.md, "Ports in tests")."""
    inodes = set()
    try:
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].split(":")[1], 16) == port:
                    inodes.add(fields[9])
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return True
    except (OSError, StopIteration, IndexError, ValueError):
        return False
    return False


def wait_until(cond, timeout, what):
    """Polls cond() until it is truthy or `timeout` seconds pass; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = cond()
        except (OSError, http.client.HTTPException):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class TlsPort(int):
    """A port that speaks HTTPS (nginx in front of the gateways): request() talks TLS to it
    with TEST_TLS."""


# TLS for the tests' own self-signed certificates: no certificate or host name check.
TEST_TLS = ssl.create_default_context()
TEST_TLS.check_hostname = False
TEST_TLS.verify_mode = ssl.CERT_NONE


def request(port, method, path, body=None, headers=None, host="127.0.0.1", source=None,
            timeout=10):
    """One HTTP/1.1 request on a new connection. `source` binds the client side to another
    loopback address (127.0.0.2, …) so a proxy sees a client address of the test's choice."""
    address = (source, 0) if source else None
    if isinstance(port, TlsPort):
        conn = http.client.HTTPSConnection(host, int(port), timeout=timeout, context=TEST_TLS,
                                           source_address=address)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout, source_address=address)
    try:
        h = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def status_of(port, path, **kw):
    try:
        return request(port, "GET", path, timeout=2, **kw).status
    except (OSError, http.client.HTTPException):
        return 0


class Redis:
    """The suite's Redis ($ADVIESLIJN_TEST_REDIS_URL, as ops/test starts it), else a private
    redis-server on a free loopback port that stop() ends. `private`: always a private one,
    for a test whose gateways write the shipped config's keys (the demo tenant's tasks, login
    counters), which tests running beside it on the suite's Redis write too."""

    def __init__(self, workdir, private=False):
        self.proc = None
        url = None if private else os.environ.get("ADVIESLIJN_TEST_REDIS_URL")
        if url:
            self.url = url
            return
        port = free_port()
        d = os.path.join(workdir, "redis")
        os.makedirs(d, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", d,
             "--save", "", "--appendonly", "no", "--logfile", os.path.join(d, "redis.log")])
        self.url = f"redis://127.0.0.1:{port}"
        wait_until(lambda: self.cli("PING").strip() == "PONG", 10, "redis-server")

    def cli(self, *args):
        r = subprocess.run(["redis-cli", "-u", self.url, "--raw", *args], capture_output=True,
                           text=True, timeout=10)
        return r.stdout

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class Child:
    """A process whose output goes to a file; killed at the latest by stop()."""

    def __init__(self, argv, log, env=None, cwd=None):
        self.log_path = log
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT,
                                     env=env, cwd=cwd, start_new_session=True)

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def terminate(self, timeout=30):
        """SIGTERM, then the exit code (None if it did not end within `timeout`)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        # SIGTERM first, so nginx's master ends its workers itself; then SIGKILL to the whole
        # process group (its own session) for anything left.
        if self.proc.poll() is None:
            self.terminate(timeout=10)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._log.close()


def gateway_env(extra=None):
    env = dict(os.environ)
    # The suite's own settings must not leak in: the config is the one the test names.
    for k in ("ADVIESLIJN_CONFIG", "ADVIESLIJN_LISTEN", "REDIS_URL", "NOTIFY_SOCKET"):
        env.pop(k, None)
    env.update(extra or {})
    return env


def tempdir(name):
    return tempfile.mkdtemp(prefix=f"advieslijn-{name}-")


def remove(path):
    shutil.rmtree(path, ignore_errors=True)


def main(test):
    """Runs test(); prints the failure and exits 1 on a Failure, 0 when it passed."""
    import sys
    import traceback
    try:
        test()
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    print("passed")
