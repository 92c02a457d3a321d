"""Redis kill -9 and restart under load (issue 19), AOF with appendfsync always: no
acknowledged task is lost; while Redis is down the chat still answers from the knowledge base
(503 with the article), a callback request gets a clear 503 and a caller the spoken apology
with the emergency number; once Redis is back the line recovers by itself within
RECOVERY_BOUND seconds, and the requests that were refused, retried with the same key, end
with exactly one task each.

    redis_kill_test.py SOURCE_DIR BINARY"""

import os
import time

from line import (CHANNELS, Failure, Gateway, Load, RedisProc, by_channel, check,
                  check_one_task_each, retry_each, args, main, remove, request, status_of, tempdir,
                  twilio_post, wait_until, write_config, LINE_NUMBER, UNANSWERED)

SOURCE, BINARY = args()[:2]
# The client reconnects with a backoff capped at 1 s (common/redis_client.hpp); 10 s leaves
# room for a loaded shared machine and an AOF being replayed.
RECOVERY_BOUND = 10.0
OUTAGE = 3.0


def probe_outage(port, session):
    """What a family meets while Redis is down; returns the figures."""
    # Chat: the article still comes, inside the 503 (the session cannot be kept).
    r = request(port, "POST", f"/v1/chat/sessions/{session}/messages",
                body={"text": "Mijn peuter heeft driftbuien", "site_key": "demo", "lang": "nl"})
    check(r.status == 503, f"chat during the outage: {r.status} {r.body!r}")
    body = r.json()
    check(body.get("error", {}).get("code") == "unavailable", f"chat: {body}")
    check(body.get("reply", {}).get("type") == "answer" and
          body["reply"]["article"]["id"] == "driftbuien-peuter",
          f"chat: no answer from the knowledge base during the outage: {body}")
    # The callback form: a clear 503, not a hang or a 500.
    r = request(port, "POST", "/v1/callbacks", body={
        "site_key": "demo", "phone": "+31699999999", "lang": "nl", "question": UNANSWERED,
        "consent": True}, headers={"Idempotency-Key": "outage-probe"})
    check(r.status == 503, f"callback during the outage: {r.status} {r.body!r}")
    err = r.json().get("error", {})
    check(err.get("code") == "unavailable" and len(err.get("message", "")) > 10,
          f"callback during the outage: no clear error: {r.body!r}")
    check(r.headers.get("content-type", "").startswith("application/json"), "503 is not JSON")
    # The phone: the spoken apology with the emergency number, then goodbye (Twilio would
    # otherwise play its own error).
    params = {"CallSid": "CAoutage", "From": "+31699999998", "To": LINE_NUMBER,
              "AccountSid": "AC1", "CallStatus": "in-progress", "SpeechResult": UNANSWERED}
    r = twilio_post(port, "/v1/twilio/voice/gather?seq=1", params)
    twiml = r.body.decode()
    check(r.status == 200, f"voice during the outage: {r.status} {twiml}")
    check("technische storing" in twiml and "één één twee" in twiml and "<Say" in twiml and
          "<Hangup/>" in twiml, f"voice during the outage: not the apology with 112: {twiml}")
    check(status_of(port, "/readyz") == 503, "/readyz is not 503 while Redis is down")
    return err["message"]


def test():
    work = tempdir("fault-redis-kill")
    redis = gateway = None
    try:
        redis = RedisProc(work, aof=True)
        config = write_config(SOURCE, os.path.join(work, "config.json"), lambda c: c["redis"].update(
            {"connect_timeout_ms": 1000, "command_timeout_ms": 1000}))
        gateway = Gateway(BINARY, redis.url, config, work).start()
        session = request(gateway.port, "POST", "/v1/chat/sessions",
                          body={"site_key": "demo", "lang": "nl"}).json()["session_id"]
        # Refused families wait a little before their next request, as people do.
        load = Load(gateway.port, workers=8, phone_prefix="+3163", pause_after_failure=0.2).start()
        time.sleep(2.5)
        redis.kill()
        killed = time.monotonic()
        try:
            wait_until(lambda: status_of(gateway.port, "/readyz") == 503, 15, "/readyz 503 after kill -9")
            message = probe_outage(gateway.port, session)
            time.sleep(max(0.0, OUTAGE - (time.monotonic() - killed)))
            probe_outage(gateway.port, session)  # still so at the end of the outage
        except Failure as e:
            raise Failure(f"{e}\n{gateway.state()}")
        redis.start()  # same port, same folder: the AOF is replayed
        up = time.monotonic()

        def served():
            r = request(gateway.port, "POST", "/v1/callbacks", body={
                "site_key": "demo", "phone": "+31699999990", "lang": "nl", "question": UNANSWERED,
                "consent": True}, headers={"Idempotency-Key": "recovery-probe"}, timeout=3)
            return r.status in (200, 201) and status_of(gateway.port, "/readyz") == 200

        wait_until(served, RECOVERY_BOUND + 5, "the line to recover")
        recovered = time.monotonic() - up
        time.sleep(1)
        flows = load.stop()
        acked = [f for f in flows if f.acknowledged]
        refused = [f for f in flows if not f.acknowledged]
        print(f"Redis down {up - killed:.1f} s; line serving callbacks again {recovered:.2f} s "
              f"after Redis answered (bound {RECOVERY_BOUND} s); {len(flows)} requests, "
              f"{len(acked)} acknowledged {by_channel(acked)}, {len(refused)} refused "
              f"{by_channel(refused)}; the 503 said: {message!r}", flush=True)
        check(recovered <= RECOVERY_BOUND,
              f"the line took {recovered:.1f} s to recover (bound {RECOVERY_BOUND} s)")
        for c in CHANNELS:
            check(by_channel(acked)[c] > 0, f"no {c} request was acknowledged: the load did not run")
        check(refused, "no request was refused: the outage hit nothing")

        check_one_task_each(acked, redis.port, "acknowledged tasks after kill -9 and restart")
        retry_each(refused, gateway.port, "refused")
        tasks = check_one_task_each(flows, redis.port, "after retrying the refused ones")
        print(f"{len(tasks)} tasks, one for each of the {len(flows)} requests (and 1 probe)")
    finally:
        if gateway:
            gateway.stop()
        if redis:
            redis.stop()
        remove(work)


main(test)
