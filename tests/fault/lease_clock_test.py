"""Leases and SLA stages across clock jumps, through HTTP (issue 19). Runs the gateway built
for tests with a movable callbacks clock (tests/support/test_server.cpp: POST /test/clock),
its scanner ticking every 100 ms of real time, against a real redis-server.

A specialist claims a task and is on the phone when her lease runs out: the scanner puts the
task back in the queue, another specialist can take it, and her late completion (and renewal)
get 409 stale_lease. A task whose clock jumps past the at-risk, breach and second-level
thresholds one at a time, and one whose clock jumps past all three at once, each fire every
stage exactly once, also when the scanner ticks many times afterwards.

    lease_clock_test.py SOURCE_DIR BINARY TEST_SERVER"""

import json
import os
import subprocess
import time

from line import (Gateway, RedisProc, Resp, Failure, check, args, main, remove, request, tempdir,
                  wait_until, write_config, UNANSWERED)

SOURCE, BINARY, TEST_SERVER = args()[:3]
TICKS = 0.6  # real seconds: about six scanner ticks at 100 ms
STAGES = ("at_risk", "breached", "escalated")


def test():
    work = tempdir("fault-lease")
    redis = gateway = None
    try:
        redis = RedisProc(work, aof=False)
        config = write_config(SOURCE, os.path.join(work, "config.json"),
                              lambda c: c["callbacks"].update({"scan_interval_ms": 100}))
        for user in ("alice", "bert"):
            r = subprocess.run([BINARY, "user", "add", user, "--role", "specialist", "--tenant", "demo",
                                "--config", config, "--redis", redis.url],
                               input=f"{user}-secret-pass\n", capture_output=True, text=True, timeout=120)
            check(r.returncode == 0, f"user add {user}: {r.stdout}{r.stderr}")
        gateway = Gateway(TEST_SERVER, redis.url, config, work).start()
        port = gateway.port

        def login(user):
            r = request(port, "POST", "/v1/auth/login",
                        body={"username": user, "password": f"{user}-secret-pass", "token": True})
            check(r.status == 200, f"login {user}: {r.status} {r.body!r}")
            return {"Authorization": "Bearer " + r.json()["token"]}

        alice, bert = login("alice"), login("bert")

        def call(method, path, who, body=None):
            return request(port, method, path, body=body if body is not None else ({} if method == "POST" else None),
                           headers=who)

        def advance(**kw):
            ms = int(kw.get("hours", 0) * 3600_000 + kw.get("minutes", 0) * 60_000)
            r = request(port, "POST", "/test/clock", body={"advance_ms": ms})
            check(r.status == 200, f"/test/clock: {r.status} {r.body!r}")

        def create(phone):
            r = request(port, "POST", "/v1/callbacks", body={
                "site_key": "demo", "phone": phone, "lang": "nl", "question": UNANSWERED, "consent": True})
            check(r.status == 201, f"create: {r.status} {r.body!r}")
            return r.json()["id"]

        def task(task_id):
            r = call("GET", f"/v1/callbacks/{task_id}", alice)
            check(r.status == 200, f"GET task: {r.status} {r.body!r}")
            return r.json()

        def actions(task_id):
            return [h["action"] for h in task(task_id)["history"]]

        events = Resp(redis.port)

        def event_types(task_id):
            entries = events.call("XRANGE", "cb:{demo}:events", "-", "+")
            out = []
            for _, fields in entries:
                f = dict(zip(fields[::2], fields[1::2]))
                if f.get("task") == task_id:
                    out.append(f["type"])
            return out

        def fired(task_id):
            """How often each SLA stage fired for the task, in its history and its events."""
            h, e = actions(task_id), event_types(task_id)
            return {s: (h.count(s), e.count(s)) for s in STAGES}

        # --- A lease that runs out mid-call -------------------------------------------------
        leased = create("+31650000001")
        r = call("POST", "/v1/callbacks/claim-next", alice)
        check(r.status == 200 and r.json()["task"]["id"] == leased, f"claim-next: {r.status} {r.body!r}")
        advance(minutes=29)
        time.sleep(TICKS)
        check(task(leased)["state"] == "claimed", "the lease ran out before its time")
        check(call("POST", f"/v1/callbacks/{leased}/renew", alice).status == 200, "renew within the lease")
        advance(minutes=31)  # she is still on the phone; the renewed lease (30 min) has run out
        wait_until(lambda: task(leased)["state"] == "queued", 10, "the scanner to return the task")
        time.sleep(TICKS)
        t = task(leased)
        check(actions(leased).count("lease_expired") == 1, f"lease_expired in the history: {actions(leased)}")
        check(event_types(leased).count("lease_expired") == 1, f"lease_expired events: {event_types(leased)}")
        check(not t.get("holder"), f"the task still names a holder: {t.get('holder')}")
        late = call("POST", f"/v1/callbacks/{leased}/complete", alice, {"outcome": "reached"})
        check(late.status == 409 and late.json()["error"]["code"] == "stale_lease",
              f"the late completion: {late.status} {late.body!r}")
        renew = call("POST", f"/v1/callbacks/{leased}/renew", alice)
        check(renew.status == 409, f"a late renewal: {renew.status} {renew.body!r}")
        check(task(leased)["state"] == "queued", "a refused late completion changed the task")
        r = call("POST", "/v1/callbacks/claim-next", bert)
        check(r.status == 200 and r.json()["task"]["id"] == leased, f"bert's claim-next: {r.body!r}")
        done = call("POST", f"/v1/callbacks/{leased}/complete", bert, {"outcome": "reached"})
        check(done.status == 200, f"bert completes: {done.status} {done.body!r}")
        print(f"lease: back in the queue after the jump, late completion 409 stale_lease, "
              f"history {actions(leased)}", flush=True)

        # --- SLA stages, one jump per threshold ----------------------------------------------
        # Normal priority, 24 h: at risk at 18 h, breached at 24 h, second level 4 h later.
        step = create("+31650000002")
        advance(hours=17, minutes=59)
        time.sleep(TICKS)
        check(fired(step) == {s: (0, 0) for s in STAGES}, f"fired before 18 h: {fired(step)}")
        advance(minutes=2)
        wait_until(lambda: "at_risk" in actions(step), 10, "at_risk after 18 h")
        time.sleep(TICKS)
        check(fired(step)["at_risk"] == (1, 1) and fired(step)["breached"] == (0, 0),
              f"after 18 h: {fired(step)}")
        advance(hours=6)
        wait_until(lambda: "breached" in actions(step), 10, "breached after 24 h")
        time.sleep(TICKS)
        check(fired(step)["breached"] == (1, 1) and fired(step)["escalated"] == (0, 0),
              f"after 24 h: {fired(step)}")
        advance(hours=4)
        wait_until(lambda: "escalated" in actions(step), 10, "escalated after 28 h")
        advance(hours=48)
        time.sleep(TICKS)
        check(fired(step) == {s: (1, 1) for s in STAGES}, f"each stage once: {fired(step)}")

        # --- SLA stages, one jump across all three -------------------------------------------
        jump = create("+31650000003")
        advance(hours=30)
        wait_until(lambda: "escalated" in actions(jump), 10, "all stages after a 30 h jump")
        advance(hours=1)
        time.sleep(TICKS)
        check(fired(jump) == {s: (1, 1) for s in STAGES}, f"one jump, each stage once: {fired(jump)}")
        order = [a for a in actions(jump) if a in STAGES]
        check(order == list(STAGES), f"the stages fired out of order: {order}")
        print(f"SLA: stepwise {fired(step)}, one jump {fired(jump)} (history, events)", flush=True)
        events.close()
    finally:
        if gateway:
            gateway.stop()
        if redis:
            redis.stop()
        remove(work)


main(test)
