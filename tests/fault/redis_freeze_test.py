"""Redis frozen with SIGSTOP for 15 s (issue 19): its socket stays open but nothing answers.
No request waits longer than the command timeout (plus a margin); /readyz turns 503 within
its probe deadline; the gateway's memory stays bounded; after SIGCONT the line serves again by
itself.

The test config sets the Redis command timeout to COMMAND_TIMEOUT (the shipped default is 5 s;
1 s keeps the test short and is what the bound below is measured against).

    redis_freeze_test.py SOURCE_DIR BINARY"""

import http.client
import os
import threading
import time

from line import (Gateway, RedisProc, check, tasks_by_phone, args, main, remove, request, tempdir, twilio_post,
                  wait_until, write_config, LINE_NUMBER, UNANSWERED)

SOURCE, BINARY = args()[:2]
COMMAND_TIMEOUT = 1.0
# The margin over the command timeout a request may take: the handler's own work, and a
# loaded shared machine running sanitizer builds beside this one.
MARGIN = 1.5
READINESS_DEADLINE = 0.5  # gateway/app.cpp, readiness_deadline
FREEZE = 15.0
RESUME_BOUND = 10.0
RSS_GROWTH_BOUND_MB = 64.0


class Sampler:
    """Requests of every kind, one after another per thread, each timed."""

    def __init__(self, port, session):
        self.port, self.session = port, session
        self.samples = []  # (kind, status, seconds)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.n = 0
        self.forms = []  # (phone, key) of every callback request sent

    def kinds(self):
        self.n += 1
        n = self.n
        return [
            ("form", lambda: self.form(n)),
            ("chat", lambda: request(self.port, "POST", f"/v1/chat/sessions/{self.session}/messages",
                                     body={"text": "Mijn peuter heeft driftbuien", "site_key": "demo"},
                                     timeout=30)),
            ("chat_start", lambda: request(self.port, "POST", "/v1/chat/sessions",
                                           body={"site_key": "demo", "lang": "nl"}, timeout=30)),
            ("voice", lambda: twilio_post(self.port, "/v1/twilio/voice", {
                "CallSid": f"CAfreeze{n}", "From": f"+316410{n:05d}", "To": LINE_NUMBER,
                "AccountSid": "AC1", "CallStatus": "in-progress"}, timeout=30)),
            ("kb", lambda: request(self.port, "GET", "/v1/kb/search?site_key=demo&lang=nl&q=driftbuien",
                                   timeout=30)),
            ("readyz", lambda: request(self.port, "GET", "/readyz", timeout=30)),
        ]

    def form(self, n, record=True):
        phone, key = f"+316400{n:05d}", f"freeze-{n}"
        if record:
            with self.lock:
                self.forms.append((phone, key))
        return request(self.port, "POST", "/v1/callbacks", body={
            "site_key": "demo", "phone": phone, "lang": "nl", "question": UNANSWERED,
            "consent": True}, headers={"Idempotency-Key": key}, timeout=30)

    def _work(self, offset):
        i = offset
        while not self.stopping.is_set():
            with self.lock:
                kinds = self.kinds()
            kind, fn = kinds[i % len(kinds)]
            i += 1
            t0 = time.monotonic()
            try:
                status = fn().status
            except (OSError, http.client.HTTPException):
                status = 0
            with self.lock:
                self.samples.append((kind, status, time.monotonic() - t0))

    def run(self, threads=6):
        self.threads = [threading.Thread(target=self._work, args=(i,), daemon=True)
                        for i in range(threads)]
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=60)
        return self.samples


def test():
    work = tempdir("fault-redis-freeze")
    redis = gateway = None
    try:
        redis = RedisProc(work, aof=False)
        config = write_config(SOURCE, os.path.join(work, "config.json"), lambda c: c["redis"].update(
            {"connect_timeout_ms": int(COMMAND_TIMEOUT * 1000),
             "command_timeout_ms": int(COMMAND_TIMEOUT * 1000)}))
        # Under AddressSanitizer (ops/test) freed memory waits in a quarantine of 256 MB by
        # default, which would show as growth here; a small one keeps RSS about the line's own
        # memory. Other builds ignore the variable.
        asan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS", ""), "quarantine_size_mb=16"]))
        gateway = Gateway(BINARY, redis.url, config, work, env={"ASAN_OPTIONS": asan}).start()
        session = request(gateway.port, "POST", "/v1/chat/sessions",
                          body={"site_key": "demo", "lang": "nl"}).json()["session_id"]
        # Warm up (articles, connections, allocator) so the memory figure compares like with like.
        warm = Sampler(gateway.port, session)
        warm.run()
        time.sleep(2)
        warm.stop()
        rss_before = gateway.rss_mb()

        sampler = Sampler(gateway.port, session)
        redis.pause()
        frozen_at = time.monotonic()
        t0 = time.monotonic()
        r = request(gateway.port, "GET", "/readyz", timeout=30)
        readyz_took = time.monotonic() - t0
        check(r.status == 503, f"/readyz with Redis frozen: {r.status} {r.body!r}")
        sampler.run()
        rss_peak = rss_before
        while time.monotonic() - frozen_at < FREEZE:
            rss_peak = max(rss_peak, gateway.rss_mb())
            time.sleep(0.5)
        samples = sampler.stop()
        rss_frozen = gateway.rss_mb()
        redis.resume()
        resumed_at = time.monotonic()

        def served():
            r = request(gateway.port, "POST", "/v1/callbacks", body={
                "site_key": "demo", "phone": "+31642999999", "lang": "nl", "question": UNANSWERED,
                "consent": True}, headers={"Idempotency-Key": "after-freeze"}, timeout=5)
            return r.status in (200, 201) and request(gateway.port, "GET", "/readyz").status == 200

        wait_until(served, RESUME_BOUND + 5, "the line to serve again after SIGCONT")
        resumed = time.monotonic() - resumed_at
        chat = request(gateway.port, "POST", f"/v1/chat/sessions/{session}/messages",
                       body={"text": "Mijn peuter heeft driftbuien"})
        check(chat.status == 200 and chat.json()["type"] == "answer",
              f"chat after SIGCONT: {chat.status} {chat.body!r}")
        rss_after = gateway.rss_mb()

        # Callback requests refused during the freeze may still have reached Redis (it reads
        # its socket after SIGCONT): the family's retry with the same key must not double them.
        sent = {phone for phone, _ in sampler.forms}
        stored = sum(1 for phone in tasks_by_phone(redis.port) if phone in sent)
        for phone, key in sampler.forms:
            n = int(key.split("-")[1])
            r = sampler.form(n, record=False)
            check(r.status in (200, 201), f"retrying {key} after the freeze: {r.status} {r.body!r}")
        tasks = tasks_by_phone(redis.port)
        doubled = [p for p in sent if len(tasks.get(p, [])) != 1 or tasks[p][0][1] != 1]
        print(f"{len(sent)} callback requests refused during the freeze, {stored} of them stored "
              f"by Redis after SIGCONT; after retrying all with the same key: "
              f"{len(sent) - len(doubled)} with exactly one task", flush=True)
        check(not doubled, f"{len(doubled)} refused requests have no task or more than one after "
                           f"the retry: {doubled[:10]}")

        worst = max(samples, key=lambda s: s[2])
        by_kind = {}
        for kind, status, took in samples:
            k = by_kind.setdefault(kind, {"n": 0, "max": 0.0, "status": {}})
            k["n"] += 1
            k["max"] = max(k["max"], took)
            k["status"][status] = k["status"].get(status, 0) + 1
        print(f"frozen {FREEZE:.0f} s; {len(samples)} requests during the freeze; slowest "
              f"{worst[2]:.2f} s ({worst[0]}, status {worst[1]}); bound {COMMAND_TIMEOUT + MARGIN:.1f} s "
              f"(command timeout {COMMAND_TIMEOUT:.1f} s + {MARGIN} s)", flush=True)
        for kind, k in sorted(by_kind.items()):
            print(f"  {kind:10s} {k['n']:5d} requests, slowest {k['max']:.2f} s, statuses {k['status']}")
        print(f"/readyz answered 503 in {readyz_took:.2f} s (deadline {READINESS_DEADLINE} s); "
              f"serving again {resumed:.2f} s after SIGCONT; RSS {rss_before:.0f} MB before, "
              f"peak {rss_peak:.0f} MB, {rss_frozen:.0f} MB at the end of the freeze, "
              f"{rss_after:.0f} MB after", flush=True)

        check(len(samples) >= 20, f"only {len(samples)} requests during the freeze")
        check(worst[2] <= COMMAND_TIMEOUT + MARGIN,
              f"a {worst[0]} request waited {worst[2]:.2f} s with Redis frozen "
              f"(bound {COMMAND_TIMEOUT + MARGIN:.1f} s)")
        check(not any(status == 0 for _, status, _ in samples),
              "a request got no answer at all during the freeze")
        check(readyz_took <= READINESS_DEADLINE + MARGIN,
              f"/readyz took {readyz_took:.2f} s to say 503 (deadline {READINESS_DEADLINE} s)")
        check(all(s == 503 for k, s, _ in samples if k == "readyz"), "/readyz said ready while frozen")
        check(by_kind["kb"]["status"].get(200, 0) == by_kind["kb"]["n"],
              f"the knowledge base search failed during the freeze: {by_kind['kb']['status']}")
        check(rss_peak - rss_before <= RSS_GROWTH_BOUND_MB and rss_after - rss_before <= RSS_GROWTH_BOUND_MB,
              f"memory grew from {rss_before:.0f} MB to {rss_peak:.0f} MB (peak) / {rss_after:.0f} MB "
              f"(bound +{RSS_GROWTH_BOUND_MB:.0f} MB)")
        check(resumed <= RESUME_BOUND, f"serving again took {resumed:.1f} s after SIGCONT")
    finally:
        if gateway:
            gateway.stop()
        if redis:
            redis.stop()
        remove(work)


main(test)
