"""The fault suite's pieces (tests/fault): a redis-server it may kill -9, freeze and restart,
the gateway binary as a child it may kill -9 and start again on the same port, a load
generator that asks for callbacks over the four channels (web form, chat, Twilio voice, Twilio
SMS) and remembers which requests were acknowledged, and the checker that reads the tasks back
from Redis. Built on tests/ops/support.py; standard library only."""

import base64
import hashlib
import hmac
import http.client
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ops"))

from support import (Child, Failure, check, free_port, gateway_env, listens_on, main, remove,  # noqa: E402,F401
                     request, status_of, tempdir, wait_until)

TWILIO_TOKEN = "fault-twilio-token"
PUBLIC_URL = "https://line.example.org"
LINE_NUMBER = "+31880030060"
# A question no article answers: on every channel it leads to the callback offer.
UNANSWERED = "ik heb een vraag over de belastingaangifte van mijn oom"
APOLOGY_VOICE = "technische storing"


def write_config(source, path, edit=None):
    """ops/config/default.json with absolute paths, written to `path`; `edit(config)` may change
    it first. The access log is off: the load would fill the log with lines nobody reads."""
    with open(os.path.join(source, "ops", "config", "default.json")) as f:
        c = json.load(f)
    base = os.path.join(source, "ops", "config")
    for key in ("static_dir", "knowledge_base", "risk_signals", "texts"):
        c[key] = os.path.normpath(os.path.join(base, c[key]))
    for t in c["tenants"]:
        if "social_map" in t:
            t["social_map"] = os.path.normpath(os.path.join(base, t["social_map"]))
    c["log"]["access_log"] = False
    # One client address (the test) makes all the chat sessions and callback forms, and the
    # freeze test sends many messages in one session.
    c["chat"]["requests_per_minute_per_address"] = 1000000
    c["chat"]["messages_per_minute_per_session"] = 1000000
    c["chat"]["callback_forms_per_hour_per_address"] = 1000000
    if edit:
        edit(c)
    with open(path, "w") as f:
        json.dump(c, f, indent=2)
    return path


class RedisProc:
    """A private redis-server on a free loopback port that the test may kill -9, freeze and
    restart on the same port and data folder. With `aof` every write is fsynced before Redis
    answers (appendfsync always), so what it acknowledged survives kill -9."""

    def __init__(self, workdir, aof=True):
        self.port = free_port()
        self.dir = os.path.join(workdir, "redis")
        os.makedirs(self.dir, exist_ok=True)
        self.aof = aof
        self.proc = None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.dir,
             "--save", "", "--appendonly", "yes" if self.aof else "no", "--appendfsync", "always",
             "--logfile", os.path.join(self.dir, "redis.log")])
        wait_until(lambda: self.ping(), 20, "redis-server to answer PING")

    def ping(self):
        try:
            return Resp(self.port, timeout=0.5).call("PING") == "PONG"
        except (OSError, Failure):
            return False

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def pause(self):
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.resume()
            self.kill()


class Resp:
    """Just enough of the Redis protocol to read the tasks back (no redis-cli per key)."""

    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.file = self.sock.makefile("rb")

    def call(self, *args):
        parts = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        self.sock.sendall(b"*%d\r\n" % len(parts) +
                          b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
        return self._read()

    def _read(self):
        line = self.file.readline()
        if not line:
            raise OSError("redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise Failure(f"redis error: {rest.decode()}")
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.file.read(n + 2)[:-2].decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        raise Failure(f"redis: unexpected reply {line!r}")

    def close(self):
        self.sock.close()


class Gateway:
    """The real binary (`serve`) as a child on a fixed loopback port, so a restart after
    kill -9 is found where the clients expect it."""

    def __init__(self, binary, redis_url, config, workdir, env=None):
        self.binary, self.redis_url, self.config, self.workdir = binary, redis_url, config, workdir
        self.port = free_port()
        self.env = gateway_env({"TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
                                "ADVIESLIJN_PUBLIC_URL": PUBLIC_URL, **(env or {})})
        self.starts = 0
        self.child = None

    def start(self, ready_within=90):
        self.starts += 1
        log = os.path.join(self.workdir, f"gateway-{self.starts}.log")
        self.child = Child([self.binary, "serve", "--config", self.config,
                            "--listen", f"127.0.0.1:{self.port}", "--redis", self.redis_url],
                           log, env=self.env)
        try:
            wait_until(lambda: listens_on(self.child.proc.pid, self.port) and
                       status_of(self.port, "/readyz") == 200, ready_within,
                       "the gateway's /readyz 200")
        except Failure as e:
            raise Failure(f"{e}\n{self.child.log()}")
        return self

    def kill9(self):
        self.child.proc.send_signal(signal.SIGKILL)
        self.child.proc.wait(timeout=10)
        self.child.stop()

    def rss_mb(self):
        with open(f"/proc/{self.child.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        raise Failure("no VmRSS for the gateway")

    def log(self):
        return self.child.log() if self.child else ""

    def state(self, lines=30):
        """Whether the process still runs, and the end of its log: for failure messages."""
        code = self.child.proc.poll() if self.child else None
        tail = "\n".join(self.log().splitlines()[-lines:])
        return f"gateway {'running' if code is None else f'exited with {code}'}; its log ends:\n{tail}"

    def stop(self):
        if self.child:
            self.child.stop()


def twilio_signature(url, params, token=TWILIO_TOKEN):
    """Twilio's X-Twilio-Signature: HMAC-SHA1 over the URL and every parameter, sorted by name,
    name then value; base64 (computed here, not by the code under test)."""
    data = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def twilio_post(port, target, params, timeout=10):
    return request(port, "POST", target, body=urllib.parse.urlencode(params),
                   headers={"Content-Type": "application/x-www-form-urlencoded",
                            "X-Twilio-Signature": twilio_signature(PUBLIC_URL + target, params)},
                   timeout=timeout)


def twiml_action(twiml, verb="Gather"):
    """The action URL of the first <Gather> ("" when there is none)."""
    at = twiml.find(f"<{verb} ")
    if at < 0:
        return ""
    a = twiml.find('action="', at)
    end = twiml.find(">", at)
    if a < 0 or a > end:
        return ""
    a += len('action="')
    return twiml[a:twiml.find('"', a)].replace("&amp;", "&")


class Unanswered(Exception):
    """The step got no answer, an error status or the apology: the family was not helped."""


class Flow:
    """One family asking for a callback on one channel: a few HTTP steps, the last of which
    acknowledges the request. run() goes on from the step that last failed with the very same
    request (same Idempotency-Key, CallSid, MessageSid, session), as a client or Twilio would
    retry it."""

    def __init__(self, channel, n, phone):
        self.channel, self.n, self.phone = channel, n, phone
        self.key = f"{channel}-{n}-{random.getrandbits(32):08x}"
        self.stage = 0
        self.pending = None     # (target, params) of a voice step
        self.session = None     # chat
        self.task_id = None     # web form and chat: the id the 2xx named
        self.acknowledged = False
        self.acked_at = None    # time.monotonic() of the acknowledgement
        self.failures = []      # why each unanswered attempt failed
        self.last_ack = None    # (target, body/params, answer) of the acknowledging request

    def run(self, port):
        try:
            getattr(self, "_" + self.channel)(port)
            self.acknowledged = True
            self.acked_at = self.acked_at or time.monotonic()
        except Unanswered as e:
            self.failures.append(str(e))
        except (OSError, http.client.HTTPException) as e:
            self.failures.append(f"{type(e).__name__}: {e}")
        return self.acknowledged

    # The widget's callback form.
    def _form_body(self, extra=None):
        body = {"site_key": "demo", "phone": self.phone, "lang": "nl", "question": UNANSWERED,
                "consent": True}
        body.update(extra or {})
        return body

    def _create(self, port, body):
        r = request(port, "POST", "/v1/callbacks", body=body,
                    headers={"Idempotency-Key": self.key})
        if r.status not in (200, 201):
            raise Unanswered(f"POST /v1/callbacks: {r.status} {r.body[:200]!r}")
        self.task_id = r.json()["id"]
        self.last_ack = ("/v1/callbacks", body, r.json())

    def _web_form(self, port):
        self._create(port, self._form_body())

    # The chat: a session, then the callback form sent from it (the widget's own path).
    def _chat(self, port):
        if self.stage == 0:
            r = request(port, "POST", "/v1/chat/sessions", body={"site_key": "demo", "lang": "nl"})
            if r.status != 201:
                raise Unanswered(f"POST /v1/chat/sessions: {r.status} {r.body[:200]!r}")
            self.session = r.json()["session_id"]
            self.stage = 1
        self._create(port, self._form_body({"session_id": self.session}))

    # A phone call: greeting, the question, then "1" (this number, and yes) until goodbye.
    def _voice(self, port):
        sid = "CA" + self.key
        call = {"CallSid": sid, "From": self.phone, "To": LINE_NUMBER, "AccountSid": "AC1",
                "CallStatus": "in-progress"}
        if self.pending is None:
            self.pending = ("/v1/twilio/voice", dict(call))
        for _ in range(12):
            target, params = self.pending
            r = twilio_post(port, target, params)
            twiml = r.body.decode("utf-8", "replace")
            if r.status != 200 or APOLOGY_VOICE in twiml or "niet gelukt" in twiml:
                raise Unanswered(f"voice {target}: {r.status} {twiml[:300]!r}")
            action = twiml_action(twiml)
            if not action:
                if "referentie is" not in twiml:
                    raise Unanswered(f"voice {target}: ended without a reference: {twiml[:300]!r}")
                self.last_ack = (target, params, twiml)
                return
            nxt = dict(call)
            if self.stage == 0:
                nxt["SpeechResult"] = UNANSWERED
            else:
                nxt["Digits"] = "1"
            self.stage += 1
            self.pending = (action, nxt)
        raise Unanswered(f"voice: no goodbye after 12 steps ({self.pending[0]})")

    # SMS: the question (the line offers a callback), then BEL.
    def _sms(self, port):
        for stage, body in ((0, UNANSWERED), (1, "BEL")):
            if self.stage > stage:
                continue
            params = {"MessageSid": f"SM{self.key}-{stage}", "From": self.phone,
                      "To": LINE_NUMBER, "Body": body}
            r = twilio_post(port, "/v1/twilio/messaging", params)
            twiml = r.body.decode("utf-8", "replace")
            if r.status != 200 or "storing" in twiml or "niet gelukt" in twiml:
                raise Unanswered(f"sms {stage}: {r.status} {twiml[:300]!r}")
            if stage == 1:
                if "referentie" not in twiml:
                    raise Unanswered(f"sms: no reference in {twiml[:300]!r}")
                self.last_ack = ("/v1/twilio/messaging", params, twiml)
            self.stage = stage + 1

    def replay_ack(self, port):
        """Sends the acknowledging request once more (a client or Twilio retrying it after a
        lost answer) and returns what came back."""
        target, sent, answer = self.last_ack
        if self.channel in ("web_form", "chat"):
            r = request(port, "POST", target, body=sent, headers={"Idempotency-Key": self.key})
            return r.status, r.json().get("id")
        r = twilio_post(port, target, sent)
        return r.status, r.body.decode("utf-8", "replace") == answer


CHANNELS = ("web_form", "chat", "voice", "sms")


class Load:
    """`workers` threads asking for callbacks round the four channels, each family with its own
    number, until stop(). Every flow is kept, answered or not."""

    def __init__(self, port, workers=8, phone_prefix="+3162", pause_after_failure=0.2):
        self.port = port
        self.flows = []
        self.lock = threading.Lock()
        self.counter = itertools.count()
        self.prefix = phone_prefix
        self.stopping = threading.Event()
        self.pause_after_failure = pause_after_failure
        self.threads = [threading.Thread(target=self._work, args=(i,), daemon=True)
                        for i in range(workers)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def _work(self, i):
        channels = itertools.cycle(CHANNELS[i % 4:] + CHANNELS[:i % 4])
        while not self.stopping.is_set():
            n = next(self.counter)
            flow = Flow(next(channels), n, f"{self.prefix}{n:07d}")
            with self.lock:
                self.flows.append(flow)
            if not flow.run(self.port):
                time.sleep(self.pause_after_failure)

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=60)
        check(not any(t.is_alive() for t in self.threads), "a load worker did not stop")
        return self.flows


def tasks_by_phone(redis_port, tenant="demo"):
    """Every callback task of `tenant` in Redis: phone -> [(id, questions, channel)]."""
    r = Resp(redis_port)
    prefix = f"cb:{{{tenant}}}:task:"
    keys, cursor = [], "0"
    while True:
        cursor, batch = r.call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", 1000)
        keys += [k for k in batch if ":" not in k[len(prefix):]]
        if cursor == "0":
            break
    out = {}
    for k in keys:
        task_id, phone, questions, channel = r.call("HMGET", k, "id", "phone", "questions", "channel")
        out.setdefault(phone, []).append((task_id, len(json.loads(questions or "[]")), channel))
    r.close()
    return out


def check_one_task_each(flows, redis_port, what):
    """Each flow in `flows` has exactly one task in Redis, holding exactly one question (a
    second create for the same number would have been merged into it as a second question),
    and the web form and chat got that task's id."""
    tasks = tasks_by_phone(redis_port)
    problems = []
    for f in flows:
        mine = tasks.get(f.phone, [])
        if len(mine) != 1:
            problems.append(f"{f.channel} {f.key} ({f.phone}): {len(mine)} tasks")
        elif mine[0][1] != 1:
            problems.append(f"{f.channel} {f.key}: its task holds {mine[0][1]} contacts (a duplicate merged in)")
        elif f.task_id and mine[0][0] != f.task_id:
            problems.append(f"{f.channel} {f.key}: the 2xx named task {f.task_id}, Redis has {mine[0][0]}")
    check(not problems, f"{what}: {len(problems)} of {len(flows)} requests wrong:\n  " +
          "\n  ".join(problems[:20]))
    return tasks


def retry_each(flows, gateway_port, what):
    """Sends each of `flows` again, with its own key or provider id, and checks each was
    answered this time; `what` says why they are retried ("unanswered", "refused")."""
    for f in flows:
        f.run(gateway_port)
    still = [f"{f.channel} {f.key}: {f.failures[-1]}" for f in flows if not f.acknowledged]
    check(not still, f"retried {what} requests still not acknowledged:\n  " + "\n  ".join(still[:10]))


def by_channel(flows):
    counts = {c: 0 for c in CHANNELS}
    for f in flows:
        counts[f.channel] += 1
    return counts


def timed(fn):
    t0 = time.monotonic()
    value = fn()
    return value, time.monotonic() - t0


def args():
    """SOURCE_DIR BINARY [TEST_SERVER] from the command line."""
    if len(sys.argv) < 3:
        print(f"usage: {sys.argv[0]} SOURCE_DIR BINARY", file=sys.stderr)
        sys.exit(2)
    return sys.argv[1:]
