"""Gateway kill -9 under load (issue 19): while eight clients ask for callbacks over the web
form, the chat, Twilio voice and Twilio SMS, the gateway is killed with SIGKILL and started
again on the same port. Every request that got its acknowledgement has exactly one task
afterwards; every request that got no answer, retried with the same Idempotency-Key, CallSid,
MessageSid or chat session, ends with exactly one task too (none lost, none doubled); and
acknowledged requests sent once more get the same task back.

    gateway_kill_test.py SOURCE_DIR BINARY"""

import os
import time

from line import (CHANNELS, Gateway, Load, RedisProc, by_channel, check, check_one_task_each,
                  retry_each, args, main, remove, tempdir, write_config)

SOURCE, BINARY = args()[:2]


def test():
    work = tempdir("fault-gateway")
    redis = gateway = None
    try:
        redis = RedisProc(work, aof=True)
        config = write_config(SOURCE, os.path.join(work, "config.json"))
        gateway = Gateway(BINARY, redis.url, config, work).start()
        load = Load(gateway.port, workers=8, phone_prefix="+3161").start()
        time.sleep(3)
        before = len(load.flows)
        gateway.kill9()
        killed_at = time.monotonic()
        time.sleep(0.5)  # the clients find nobody listening
        gateway.start()
        back_after = time.monotonic() - killed_at
        time.sleep(2)
        flows = load.stop()

        acked = [f for f in flows if f.acknowledged]
        unanswered = [f for f in flows if not f.acknowledged]
        print(f"{len(flows)} requests ({before} before the kill), {len(acked)} acknowledged, "
              f"{len(unanswered)} unanswered; by channel acknowledged {by_channel(acked)}, "
              f"unanswered {by_channel(unanswered)}; gateway serving again {back_after:.1f} s "
              f"after the kill", flush=True)
        for c in CHANNELS:
            check(by_channel(acked)[c] > 0, f"no {c} request was acknowledged: the load did not run")
        check(unanswered, "every request was answered: the kill hit nothing in flight")

        # 1. What was acknowledged is there, once.
        check_one_task_each(acked, redis.port, "acknowledged before the retries")

        # 2. The unanswered ones, retried with the same key: one task each, no duplicates.
        retry_each(unanswered, gateway.port, "unanswered")
        tasks = check_one_task_each(flows, redis.port, "after retrying the unanswered ones")

        # 3. Acknowledged requests retried once more (a lost answer): the same task, no new one.
        for f in acked[:40]:
            status, same = f.replay_ack(gateway.port)
            check(status == 200, f"{f.channel} {f.key}: a retry got {status}")
            check(same is True or same == f.task_id,
                  f"{f.channel} {f.key}: a retry answered differently ({same})")
        check_one_task_each(flows, redis.port, "after retrying acknowledged ones")
        print(f"{len(tasks)} tasks for {len(flows)} requests, one each", flush=True)
    finally:
        if gateway:
            gateway.stop()
        if redis:
            redis.stop()
        remove(work)


main(test)
