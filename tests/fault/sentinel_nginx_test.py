"""Redis Sentinel failover under traffic, with two gateways behind nginx (issue 16).

A primary with AOF, two replicas and three sentinels (quorum 2) on loopback; two gateways in
sentinel mode with `redis.wait_replicas` 1; ops/nginx/advieslijn.conf in front of them over
TLS. Six clients ask for callbacks through nginx over the web form, the chat, Twilio voice and
Twilio SMS, and a specialist claims tasks through nginx, while `SENTINEL FAILOVER` moves the
primary, then moves it again as docs/operations.md's runbook says (`min-replicas-to-write`
set to the number of replicas and writes paused first), then the primary is killed with SIGKILL. What must hold:

  - the line serves again (a new callback request through nginx is acknowledged) within
    SERVE_AGAIN_S of each event, and the specialist's claims work again;
  - every request the line acknowledged has exactly one task on the last primary, except
    those acknowledged in the moments of the plain failover: with two replicas, wait_replicas 1
    does not keep those (the second replica still answers the old primary's WAIT), and they
    are counted and printed; nothing acknowledged before it, in the runbook's failover or
    around the crash may be lost;
  - every request that got no acknowledgement, retried through nginx with its own key,
    CallSid, MessageSid or chat session, ends as exactly one task too.

The figures (promotion time, time to serve again, requests refused meanwhile) are printed for
docs/operations.md; only the bounds above are asserted.

    sentinel_nginx_test.py SOURCE_DIR BINARY"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid

from line import (CHANNELS, Child, Flow, Gateway, Load, by_channel, check, check_one_task_each,
                  free_port, main, remove, retry_each, tasks_by_phone, tempdir, wait_until,
                  write_config)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ops"))
from nginx_test import NGINX, nginx_config  # noqa: E402
from support import TlsPort, request  # noqa: E402

SOURCE, BINARY = sys.argv[1], sys.argv[2]

MASTER = "mymaster"
SERVE_AGAIN_S = 30  # bound on each outage; the figures printed are what it took
SETTLE_S = 90  # bound on the replicas following a new primary (a full copy for the old one; 60 s
#   ran out once after the kill -9 under the full suite's load, on 2026-12-02)
PAUSE_MS = 3000  # the runbook's CLIENT PAUSE: under the gateways' 5 s command timeout


def redis_cli(port, *args, timeout=10):
    r = subprocess.run(["redis-cli", "-p", str(port), "--raw", *args], capture_output=True,
                       text=True, timeout=timeout)
    return r.stdout.strip()


class SentinelCluster:
    """A primary and replicas (AOF, fsync every second) and three sentinels, all children of
    the test; ports fixed at start, so a killed server is known by its port."""

    def __init__(self, work, replicas=2):
        self.work = work
        self.children = {}
        self.first_primary = free_port()
        self.data_ports = [self.first_primary] + [free_port() for _ in range(replicas)]
        for port in self.data_ports:
            self._server(port, None if port == self.first_primary else self.first_primary)
        self.sentinel_ports = [free_port() for _ in range(3)]
        for port in self.sentinel_ports:
            self._sentinel(port)
        for port in self.data_ports[1:]:
            wait_until(lambda: "master_link_status:up" in redis_cli(port, "INFO", "replication"),
                       30, f"replica {port} in sync")
        for port in self.sentinel_ports:
            wait_until(lambda: redis_cli(port, "SENTINEL", "REPLICAS", MASTER).split("\n").count("name")
                       >= replicas, 30, f"sentinel {port} knowing the replicas")

    def _dir(self, name):
        d = os.path.join(self.work, name)
        os.makedirs(d, exist_ok=True)
        return d

    def _server(self, port, primary):
        d = self._dir(f"redis-{port}")
        argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", d,
                "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
                "--logfile", os.path.join(d, "redis.log")]
        if primary:
            argv += ["--replicaof", "127.0.0.1", str(primary)]
        self.children[port] = Child(argv, os.path.join(d, "out.log"))
        wait_until(lambda: redis_cli(port, "PING") == "PONG", 10, f"redis-server on {port}")

    def _sentinel(self, port):
        d = self._dir(f"sentinel-{port}")
        conf = os.path.join(d, "sentinel.conf")
        with open(conf, "w") as f:
            f.write(f"port {port}\nbind 127.0.0.1\ndir {d}\nlogfile {d}/sentinel.log\n"
                    f"sentinel monitor {MASTER} 127.0.0.1 {self.first_primary} 2\n"
                    f"sentinel down-after-milliseconds {MASTER} 1000\n"
                    f"sentinel failover-timeout {MASTER} 5000\n")
        # redis-server in sentinel mode (Debian ships redis-sentinel as a separate package).
        self.children[port] = Child(["redis-server", conf, "--sentinel"], os.path.join(d, "out.log"))
        wait_until(lambda: redis_cli(port, "PING") == "PONG", 10, f"sentinel on {port}")

    def addresses(self):
        return [f"127.0.0.1:{p}" for p in self.sentinel_ports]

    def role(self, port):
        if self.children[port].proc.poll() is not None:
            return "dead"
        try:
            return redis_cli(port, "ROLE", timeout=2).split("\n")[0]
        except subprocess.TimeoutExpired:
            return "?"

    def primary(self, settled=True):
        """The primary as every sentinel names it, once that server says it is the master and
        every other live server is its replica (a failover is over); else 0. With `settled`,
        only once every live replica follows it, online, and every sentinel has seen so."""
        named = set()
        for port in self.sentinel_ports:
            reply = redis_cli(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER).split("\n")
            named.add(int(reply[1]) if len(reply) == 2 and reply[1].isdigit() else 0)
        if len(named) != 1:
            return 0
        port = named.pop()
        others = [self.role(p) for p in self.data_ports if p != port]
        if self.role(port) != "master" or any(r not in ("slave", "dead") for r in others):
            return 0
        if not settled:
            return port
        # Settled only when every live replica follows it with its link up (the runbook's "After a
        # failover"): a replica still syncing, or still following the old primary, holds none
        # of the new writes, and a crash then could promote it (one run in seventeen here did,
        # when the crash came three seconds after a planned failover: docs/operations.md).
        live = sum(1 for r in others if r == "slave")
        try:
            info = redis_cli(port, "INFO", "replication", timeout=2)
        except subprocess.TimeoutExpired:
            return 0
        if info.count("state=online") != live:
            return 0
        for p in self.data_ports:
            if p == port or self.role(p) != "slave":
                continue
            try:
                r = redis_cli(p, "INFO", "replication", timeout=2)
            except subprocess.TimeoutExpired:
                return 0
            if f"master_port:{port}" not in r or "master_link_status:up" not in r:
                return 0
        # ... and every sentinel has seen that too. A sentinel refreshes a replica's INFO only
        # every ten seconds; one that still holds the old primary's "role master" report turns
        # whatever that server now is back into a replica. In one CI run it did so half a
        # second after another sentinel had promoted that very server for the next planned
        # failover, which then timed out.
        for s in self.sentinel_ports:
            for p in self.data_ports:
                if p != port and self.role(p) == "slave" and not self._sentinel_sees_following(s, p, port):
                    return 0
        return port

    def _sentinel_sees_following(self, sentinel, replica, primary):
        """Sentinel `sentinel` lists `replica` as a healthy replica of `primary`, by its last INFO."""
        try:
            lines = redis_cli(sentinel, "SENTINEL", "REPLICAS", MASTER, timeout=2).split("\n")
        except subprocess.TimeoutExpired:
            return False
        # --raw prints each replica as alternating field and value lines, starting with "name".
        starts = [i for i in range(0, len(lines) - 1, 2) if lines[i] == "name"] + [len(lines)]
        for a, b in zip(starts, starts[1:]):
            fields = dict(zip(lines[a:b:2], lines[a + 1:b:2]))
            if fields.get("port") == str(replica):
                return (fields.get("flags") == "slave" and fields.get("role-reported") == "slave"
                        and fields.get("master-port") == str(primary)
                        and fields.get("master-link-status") == "ok")
        return False

    def kill9(self, port):
        self.children[port].proc.kill()
        self.children[port].proc.wait(timeout=10)

    def logs(self):
        out = []
        for port in self.sentinel_ports:
            with open(os.path.join(self.work, f"sentinel-{port}", "sentinel.log")) as f:
                out.append(f"sentinel {port}:\n" + "".join(f.readlines()[-15:]))
        return "\n".join(out)

    def stop(self):
        for c in self.children.values():
            c.stop()


class Claimer:
    """A specialist claiming the next task through nginx, over and over; counts what came back
    and when the last 200 came."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.statuses = {}
        self.last_ok = 0.0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._work, daemon=True)

    def _work(self):
        headers = {"Authorization": f"Bearer {self.token}"}
        while not self.stopping.is_set():
            try:
                status = request(self.port, "POST", "/v1/callbacks/claim-next",
                                 body={"tenant": "demo"}, headers=headers).status
            except OSError:
                status = 0
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 200:
                self.last_ok = time.monotonic()
            time.sleep(0.1)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=30)


def probe_create(tls_port, n):
    """One callback request through nginx (a new family); True when acknowledged."""
    flow = Flow("web_form", n, f"+3165{n:07d}")
    return flow.run(tls_port), flow


def outage(cluster, tls_port, claimer, what, fail, probes):
    """Fails the primary with `fail(old)`; returns the figures of the outage."""
    old = wait_until(cluster.primary, SETTLE_S, f"one primary, its replicas online, before {what}")
    started = time.monotonic()
    fail(old)
    promoted = wait_until(lambda: (lambda p: p if p != old else 0)(cluster.primary(settled=False)),
                          SERVE_AGAIN_S, f"a new primary after {what}\n{cluster.logs()}")
    promoted_after = time.monotonic() - started
    # Serving again: a new family's request through nginx is acknowledged.
    n = 900000 + len(probes)

    def acknowledged():
        nonlocal n
        n += 1
        ok, flow = probe_create(tls_port, n)
        probes.append(flow)
        return ok
    wait_until(acknowledged, SERVE_AGAIN_S, f"a callback acknowledged through nginx after {what}")
    serving_after = time.monotonic() - started
    wait_until(lambda: claimer.last_ok > started, SERVE_AGAIN_S, f"a claim through nginx after {what}")
    claims_after = claimer.last_ok - started
    # Protected against the next crash again: every live replica follows one primary. Under
    # the full suite's load the sentinels twice lost a just-promoted primary's replies for their
    # 1 s down-after and failed over once more (CI, 2026-12-02); the line must ride that out as
    # well, so a settled cluster on another primary is accepted and reported, and the losses
    # are asserted at the end as for every failover.
    settled = wait_until(cluster.primary, SETTLE_S,
                         f"the replicas online with one primary after {what}\n{cluster.logs()}")
    if settled != promoted:
        print(f"after {what} the sentinels failed over once more: {promoted} -> {settled}", flush=True)
        promoted = settled
    settled_after = time.monotonic() - started
    return {"what": what, "old": old, "new": promoted, "promoted_s": promoted_after,
            "serving_s": serving_after, "claims_s": claims_after, "settled_s": settled_after,
            "at": started}


def test():
    work = tempdir("fault-sentinel")
    cluster = None
    children = []
    passed = False
    try:
        cluster = SentinelCluster(work)

        def edit(c):
            c["redis"]["sentinels"] = cluster.addresses()
            c["redis"]["master_name"] = MASTER
            c["redis"]["wait_replicas"] = 1
            c["redis"]["wait_timeout_ms"] = 500
            c["redis"]["connect_timeout_ms"] = 500
            c["redis"]["command_timeout_ms"] = 2000
            c["limits"]["trusted_proxies"] = ["127.0.0.1"]
        config = write_config(SOURCE, os.path.join(work, "config.json"), edit)
        # The URL's host is not used in sentinel mode: the sentinels name the primary.
        gateways = [Gateway(BINARY, "redis://127.0.0.1:1", config, work) for _ in range(2)]
        for i, g in enumerate(gateways):
            g.starts = 10 * i  # separate log files
            g.start()
            children.append(g)

        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-subj", "/CN=localhost", "-keyout", f"{work}/key.pem", "-out", f"{work}/cert.pem"],
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, f"openssl: {r.stderr}")
        http_port, tls_port = free_port(), TlsPort(free_port())
        conf = nginx_config(work, [g.port for g in gateways], http_port, tls_port)
        nginx = Child([NGINX, "-p", work, "-c", conf], os.path.join(work, "nginx.out"))
        children.append(nginx)
        try:
            wait_until(lambda: request(tls_port, "GET", "/healthz").status == 200, 15, "/healthz through nginx")
        except AssertionError as e:
            with open(os.path.join(work, "error.log")) as f:
                raise AssertionError(f"{e}\n{nginx.log()}\n{f.read()[-2000:]}")

        # A specialist of the demo tenant, logged in through nginx.
        username = f"fault-sentinel-{uuid.uuid4().hex[:10]}"
        r = subprocess.run([BINARY, "user", "add", username, "--role", "specialist", "--tenant", "demo",
                            "--generate", "--config", config,
                            "--redis", f"redis://127.0.0.1:{cluster.primary()}"],
                           capture_output=True, text=True, timeout=60, env=gateways[0].env)
        check(r.returncode == 0, f"user add: {r.stdout}{r.stderr}")
        password = re.search(r"password: (\S+)", r.stdout).group(1)
        login = request(tls_port, "POST", "/v1/auth/login",
                        body={"username": username, "password": password, "token": True})
        check(login.status == 200, f"login through nginx: {login.status} {login.body!r}")

        load = Load(tls_port, workers=6, phone_prefix="+3164").start()
        claimer = Claimer(tls_port, login.json()["token"]).start()
        time.sleep(3)
        probes = []
        sentinel = cluster.sentinel_ports[0]
        figures = [outage(cluster, tls_port, claimer, "SENTINEL FAILOVER",
                          lambda old: redis_cli(sentinel, "SENTINEL", "FAILOVER", MASTER), probes)]
        time.sleep(3)

        # The runbook's planned failover (docs/operations.md): the primary first refuses writes
        # once fewer than its two replicas follow it, so nothing is acknowledged that only the
        # replica left behind has; and it holds writes for a few seconds around the command, so
        # the replica the sentinels promote (a quarter of a second later) has every write the
        # other one acknowledged. Without the pause one CI run lost a task acknowledged 0.58 s
        # after the command: written just before the promotion, copied to the replica left
        # behind only. Afterwards the old primary, now a replica, goes back to 0.
        def prepared(old):
            redis_cli(old, "CONFIG", "SET", "min-replicas-to-write", "2")
            redis_cli(old, "CLIENT", "PAUSE", str(PAUSE_MS), "WRITE")
            redis_cli(sentinel, "SENTINEL", "FAILOVER", MASTER)
        figures.append(outage(cluster, tls_port, claimer, "SENTINEL FAILOVER as the runbook says",
                              prepared, probes))
        check(redis_cli(figures[-1]["old"], "CONFIG", "SET", "min-replicas-to-write", "0") == "OK",
              "min-replicas-to-write could not be reset on the old primary")
        time.sleep(3)
        figures.append(outage(cluster, tls_port, claimer, "kill -9 of the primary",
                              cluster.kill9, probes))
        time.sleep(2)
        flows = load.stop()
        claimer.stop()
        # Settled again before counting: under the full suite's load a just-promoted primary
        # once missed the sentinels' 1 s down-after for a moment and they failed over a second
        # time, a second before this point (CI, 2026-12-02). Such an extra failover is counted
        # like any other: every acknowledged task must still be on the last primary.
        primary = wait_until(cluster.primary, SETTLE_S, f"one primary, its replicas online, at the end\n{cluster.logs()}")
        if primary != figures[-1]["new"]:
            print(f"the sentinels failed over once more after the last outage: primary "
                  f"{figures[-1]['new']} -> {primary}", flush=True)

        acked = [f for f in flows if f.acknowledged]
        unanswered = [f for f in flows if not f.acknowledged]
        for f in figures:
            print(f"{f['what']}: primary {f['old']} -> {f['new']} after {f['promoted_s']:.1f} s; "
                  f"a callback acknowledged through nginx again after {f['serving_s']:.1f} s, "
                  f"a claim after {f['claims_s']:.1f} s; every replica online with it after "
                  f"{f['settled_s']:.1f} s", flush=True)
        print(f"{len(flows)} requests through nginx, {len(acked)} acknowledged, {len(unanswered)} not; "
              f"by channel acknowledged {by_channel(acked)}, not {by_channel(unanswered)}; "
              f"claims by status {claimer.statuses}", flush=True)
        for c in CHANNELS:
            check(by_channel(acked)[c] > 0, f"no {c} request was acknowledged: the load did not run")

        # 1. What was acknowledged is on the last primary, once. wait_replicas 1 with two
        # replicas keeps it through a crash of the primary, but not through a planned failover:
        # until the sentinels turn the second replica to the new primary, it still follows the
        # old one and answers its WAIT, so tasks acknowledged in those moments vanish with the
        # old primary's data (docs/operations.md). Those are counted; any other loss fails.
        have = tasks_by_phone(primary)
        planned = figures[0]  # the plain SENTINEL FAILOVER; the runbook's and the crash lose nothing
        window = (planned["at"], planned["at"] + planned["promoted_s"])
        lost_planned, lost_other = [], []
        for f in acked + probes:
            if f.acknowledged and f.phone not in have:
                rel = ", ".join(f"{f.acked_at - e['at']:+.2f} s from {e['what']}" for e in figures)
                inside = window[0] <= f.acked_at <= window[1]
                (lost_planned if inside else lost_other).append(f)
                print(f"lost: {f.channel} {f.key}: acknowledged {rel}", flush=True)
        check(not lost_other, f"{len(lost_other)} acknowledged tasks lost outside the plain failover's "
                              f"moments (in the runbook's failover, the crash, or well before): "
                              f"{[f.key for f in lost_other][:10]}")
        kept = [f for f in acked + probes if f.acknowledged and f not in lost_planned]
        check_one_task_each(kept, primary, "acknowledged, after two failovers")
        # 2. The unanswered ones, retried through nginx with the same key: one task each. (A
        # lost task's key went with it: its retry would make it again, so it is left out.)
        # A call or SMS the line answered with its apology ("try again in a few minutes") is
        # answered: Twilio does not send it again, and the same CallSid or MessageSid gets the
        # same apology back. The family calls or texts again: a new request, acknowledged, and
        # one task for that number (a task the refused attempt may have left is merged into).
        apologised = [f for f in unanswered if f.channel in ("voice", "sms") and f.failures
                      and "niet gelukt" in f.failures[-1]]
        retry_each([f for f in unanswered if f not in apologised], tls_port, "unanswered")
        again = [Flow(f.channel, f.n, f.phone) for f in apologised]
        retry_each(again, tls_port, "calls and texts made again after an apology")
        tasks = tasks_by_phone(primary)
        doubled = [f.phone for f in again if len(tasks.get(f.phone, [])) != 1]
        check(not doubled, f"numbers called or texted again without exactly one task: {doubled[:10]}")
        tasks = check_one_task_each([f for f in flows if f not in lost_planned and f not in apologised],
                                    primary, "after retrying the unanswered ones")
        print(f"{len(tasks)} families with a task; {len(lost_planned)} acknowledged tasks lost in the "
              f"plain SENTINEL FAILOVER (acknowledged within {window[1] - window[0]:.1f} s of the command), "
              f"none in the runbook's failover or the crash; every retried request created once; {len(apologised)} calls and texts "
              f"answered with the apology, each made again with one task", flush=True)

        for g in gateways:
            g.stop()
        check(nginx.terminate() is not None, "nginx did not stop")
        passed = True
    finally:
        for c in children:
            c.stop()
        if cluster:
            cluster.stop()
        # A failed run keeps the servers' and sentinels' logs for whoever reads the failure.
        if passed or os.environ.get("ADVIESLIJN_KEEP_FAILED") == "0":
            remove(work)
        else:
            print(f"kept for reading: {work} (redis-*/redis.log, sentinel-*/sentinel.log, gateway logs)", flush=True)


main(test)
