"""nginx (ops/nginx/advieslijn.conf) in front of two real gateways sharing one Redis.

The shipped config is used as it is, with only the upstream servers, the listen ports, the
certificate and the log paths replaced (each replacement must match, so a changed file fails
here rather than being tested in a shape nobody ships). nginx runs as the test's user with
its pid, logs and temp files in a temporary folder. Through nginx, over TLS, from a client
address of its own (a random 127.x.y.z, so its Redis keys are this run's):
  /healthz, and requests reaching both gateways; the HTTP port redirecting to HTTPS
  a chat over the WebSocket /v1/chat/ws
  the consoles' event stream (/v1/events, Server-Sent Events) delivering the events of a
    callback task created on one gateway and claimed on the other, while it is open
  the client address the gateways use (per-address counters in Redis) is the forwarded one,
    and an X-Forwarded-For sent by the client itself is not believed
  /metrics refused to anyone but the monitoring address

    nginx_test.py SOURCE_DIR ADVIESLIJN_BINARY"""

import base64
import hashlib
import json
import os
import pwd
import random
import re
import socket
import struct
import subprocess
import sys
import time
import uuid

from support import (TEST_TLS, Child, Redis, TlsPort, check, free_port, gateway_env, listens_on, main, remove, request,
                     status_of, tempdir, wait_until)

SOURCE, BINARY = sys.argv[1], sys.argv[2]
NGINX = "/usr/sbin/nginx"

TLS = TEST_TLS  # the test's own self-signed certificate


def gateway_config(work):
    """ops/config/default.json with absolute data paths (the copy lives elsewhere) and nginx
    on loopback as the trusted proxy."""
    with open(f"{SOURCE}/ops/config/default.json") as f:
        c = json.load(f)
    base = f"{SOURCE}/ops/config"
    for k in ("static_dir", "knowledge_base", "risk_signals", "texts"):
        c[k] = os.path.normpath(os.path.join(base, c[k]))
    for t in c["tenants"]:
        if "social_map" in t:
            t["social_map"] = os.path.normpath(os.path.join(base, t["social_map"]))
    c["limits"]["trusted_proxies"] = ["127.0.0.1"]
    path = os.path.join(work, "gateway.json")
    with open(path, "w") as f:
        json.dump(c, f)
    return path


def nginx_config(work, upstreams, http_port, tls_port):
    with open(f"{SOURCE}/ops/nginx/advieslijn.conf") as f:
        conf = f.read()

    def sub(pattern, repl, expected):
        nonlocal conf
        conf, n = re.subn(pattern, repl, conf, flags=re.M)
        check(n == expected, f"ops/nginx/advieslijn.conf: '{pattern}' matched {n} times, expected {expected}")

    servers = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in upstreams)
    sub(r"^    server 127\.0\.0\.1:\d+ .*;\n(    server 127\.0\.0\.1:\d+ .*;\n)*", servers, 1)
    sub(r"^    listen 80;$", f"    listen 127.0.0.1:{http_port};", 1)
    sub(r"^    listen 443 ssl;$", f"    listen 127.0.0.1:{tls_port} ssl;", 1)
    sub(r"^    listen \[::\]:(80|443)( ssl)?;\n", "", 2)
    sub(r"^(    ssl_certificate\s+)\S+;", rf"\g<1>{work}/cert.pem;", 1)
    sub(r"^(    ssl_certificate_key\s+)\S+;", rf"\g<1>{work}/key.pem;", 1)
    sub(r"^(    access_log\s+)\S+;", rf"\g<1>{work}/access.log;", 1)
    sub(r"^(    error_log\s+)\S+;", rf"\g<1>{work}/error.log info;", 1)
    with open(os.path.join(work, "advieslijn.conf"), "w") as f:
        f.write(conf)

    # As root nginx would hand its workers to "nobody"; the test's own user keeps them the
    # same user as the files here (the directive is ignored when not root).
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};" if os.getuid() == 0 else ""
    temp = "\n".join(f"    {k}_temp_path {work}/tmp/{k};"
                     for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    os.makedirs(os.path.join(work, "tmp"))
    main_conf = f"""{user}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log info;
events {{ worker_connections 256; }}
http {{
{temp}
    access_log {work}/access.log;
    include {work}/advieslijn.conf;
}}
"""
    path = os.path.join(work, "nginx.conf")
    with open(path, "w") as f:
        f.write(main_conf)
    return path


def tls_request(port, method, path, source, body=None, headers=None):
    status, _, data = tls_response(port, method, path, source, body, headers)
    return status, data


def tls_response(port, method, path, source, body=None, headers=None):
    """(status, headers with lower-case names, body) of one request over TLS."""
    r = request(TlsPort(port), method, path, body=body, headers=headers, source=source)
    return r.status, r.headers, r.body


class WebSocket:
    """A minimal RFC 6455 client (text frames, masked as a client must) over TLS."""

    def __init__(self, port, path, source):
        raw = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
        self.sock = TLS.wrap_socket(raw, server_hostname="localhost")
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.f = self.sock.makefile("rb")
        status = self.f.readline().decode()
        headers = {}
        while True:
            line = self.f.readline().decode().strip()
            if not line:
                break
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        check(" 101 " in status, f"WebSocket upgrade through nginx: {status!r} {headers}")
        accept = base64.b64encode(hashlib.sha1(
            (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        check(headers.get("sec-websocket-accept") == accept, "wrong Sec-WebSocket-Accept")

    def send(self, obj):
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        b0, b1 = self.f.read(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.f.read(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.f.read(8))[0]
        payload = self.f.read(n)
        check(b0 & 0x0F == 1, f"expected a text frame, got opcode {b0 & 0x0F}: {payload!r}")
        return json.loads(payload)

    def close(self):
        self.sock.close()


class EventStream:
    """GET /v1/events through nginx; events() yields (event, data) as they arrive."""

    def __init__(self, port, source, token):
        raw = socket.create_connection(("127.0.0.1", port), timeout=15, source_address=(source, 0))
        self.sock = TLS.wrap_socket(raw, server_hostname="localhost")
        self.sock.sendall((f"GET /v1/events HTTP/1.1\r\nHost: localhost\r\n"
                           f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode())
        self.f = self.sock.makefile("rb")
        self.status = self.f.readline().decode()
        self.headers = {}
        while True:
            line = self.f.readline().decode().strip()
            if not line:
                break
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        self.chunked = self.headers.get("transfer-encoding", "").lower() == "chunked"

    def _lines(self):
        # Chunk sizes are framing, not content: with chunked encoding, read chunk by chunk.
        pending = b""
        while True:
            if self.chunked:
                size = int(self.f.readline().strip().split(b";")[0], 16)
                if size == 0:
                    return
                pending += self.f.read(size)
                self.f.readline()
            else:
                data = self.f.readline()
                if not data:
                    return
                pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                yield line.decode().rstrip("\r")

    def events(self):
        event, data = None, []
        for line in self._lines():
            if line == "":
                if data:
                    yield event, "\n".join(data)
                event, data = None, []
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())

    def close(self):
        self.sock.close()


def scan(redis, pattern):
    return [k for k in redis.cli("--scan", "--pattern", pattern).split("\n") if k]


def test():
    work = tempdir("nginx")
    redis = Redis(work, private=True)
    children = []
    try:
        config = gateway_config(work)
        ports = [free_port(), free_port()]
        gateways = []
        for i, port in enumerate(ports):
            g = Child([BINARY, "serve", "--config", config, "--listen", f"127.0.0.1:{port}",
                       "--redis", redis.url], os.path.join(work, f"gateway{i}.log"), env=gateway_env())
            children.append(g)
            gateways.append(g)
        for port, g in zip(ports, gateways):
            try:
                wait_until(lambda: listens_on(g.proc.pid, port) and status_of(port, "/readyz") == 200,
                           120, f"gateway on {port} ready")
            except AssertionError as e:
                raise AssertionError(f"{e}\n{g.log()}")

        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-subj", "/CN=localhost", "-keyout", f"{work}/key.pem", "-out", f"{work}/cert.pem"],
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, f"openssl: {r.stderr}")
        http_port, tls_port = free_port(), free_port()
        conf = nginx_config(work, ports, http_port, tls_port)
        r = subprocess.run([NGINX, "-t", "-p", work, "-c", conf], capture_output=True, text=True, timeout=30)
        check(r.returncode == 0, f"nginx -t:\n{r.stderr}")
        nginx = Child([NGINX, "-p", work, "-c", conf], os.path.join(work, "nginx.out"))
        children.append(nginx)

        print(f"gateways on {ports}, nginx on {http_port} (http) and {tls_port} (https)", flush=True)
        # This run's client address: nginx sees it as $remote_addr and forwards it.
        client = f"127.{random.randint(100, 250)}.{random.randint(0, 255)}.{random.randint(2, 254)}"
        wait_until(lambda: tls_request(tls_port, "GET", "/healthz", client)[0] == 200, 15, "/healthz through nginx")
        redirect = request(http_port, "GET", "/healthz", source=client)
        check(redirect.status == 308 and redirect.headers.get("location", "").startswith("https://"),
              f"plain HTTP should redirect to HTTPS: {redirect.status} {redirect.headers}")

        # Both gateways serve: each request names itself, and each gateway's access log shows some.
        for i in range(8):
            status, _ = tls_request(tls_port, "GET", f"/healthz?probe={i}", client)
            check(status == 200, f"/healthz?probe={i}: {status}")
        for g in gateways:
            wait_until(lambda: "/healthz?probe=" in g.log(), 5, "requests through nginx reaching both gateways")

        # HTTPS only, remembered by the browser (HSTS), on every answer: pages, API and errors.
        for path in ("/healthz", "/console/", "/v1/no-such-route"):
            status, headers, _ = tls_response(tls_port, "GET", path, client)
            check(headers.get("strict-transport-security", "").startswith("max-age=31536000"),
                  f"{path} ({status}) without Strict-Transport-Security: {headers}")
        print("healthz, redirect, HSTS and both upstreams: ok", flush=True)
        # /metrics: only the monitoring address.
        check(tls_request(tls_port, "GET", "/metrics", client)[0] == 403, "/metrics open to anyone")
        check(tls_request(tls_port, "GET", "/metrics", "127.0.0.1")[0] == 200, "/metrics closed to monitoring")

        # A chat over the WebSocket.
        ws = WebSocket(tls_port, "/v1/chat/ws", client)
        ws.send({"op": "start", "site_key": "demo", "lang": "nl", "id": 1})
        opened = ws.recv()
        check(opened.get("status") == 201 and opened.get("session_id") and opened.get("id") == 1,
              f"chat start over WebSocket: {opened}")
        ws.send({"op": "message", "text": "Mijn baby slaapt 's nachts niet door", "id": 2})
        reply = ws.recv()
        check(reply.get("status") == 200 and reply.get("type") in ("answer", "choices", "handoff"),
              f"chat message over WebSocket: {reply}")
        ws.close()
        # The chat's per-address counter is the forwarded client's.
        check(scan(redis, f"rl:*:chat:addr:{client}:*"),
              f"no chat rate counter for the forwarded client {client}: the gateways did not use X-Forwarded-For")

        print(f"chat over WebSocket: ok (counted for {client})", flush=True)
        # Login: the per-address counter is the forwarded client's; a client's own
        # X-Forwarded-For is not believed (nginx appends the real address, and that is what
        # the gateway takes), and neither is one sent to a gateway directly.
        spoofed = f"198.51.100.{random.randint(1, 254)}"
        status, _ = tls_request(tls_port, "POST", "/v1/auth/login", client,
                                {"username": f"nobody-{uuid.uuid4().hex[:8]}", "password": "wrong-password"},
                                {"X-Forwarded-For": spoofed})
        check(status == 401, f"wrong login through nginx: {status}")
        check(scan(redis, f"*login:addr:{client}:*"), f"no login counter for the forwarded client {client}")
        check(not scan(redis, f"*login:addr:{spoofed}:*"), f"the client's own X-Forwarded-For {spoofed} was believed")
        direct = f"127.{random.randint(100, 250)}.{random.randint(0, 255)}.{random.randint(2, 254)}"
        r = request(ports[0], "POST", "/v1/auth/login", {"username": "nobody", "password": "wrong-password"},
                    headers={"X-Forwarded-For": spoofed}, source=direct)
        check(r.status == 401, f"wrong login to a gateway: {r.status}")
        check(scan(redis, f"*login:addr:{direct}:*") and not scan(redis, f"*login:addr:{spoofed}:*"),
              "X-Forwarded-For believed from a client that is no trusted proxy")

        print("X-Forwarded-For: the forwarded address is used, a spoofed one is not", flush=True)
        # A specialist of the demo tenant, logged in through nginx.
        username = f"ops-nginx-{uuid.uuid4().hex[:10]}"
        r = subprocess.run([BINARY, "user", "add", username, "--role", "specialist", "--tenant", "demo",
                            "--generate", "--config", config, "--redis", redis.url],
                           capture_output=True, text=True, timeout=60, env=gateway_env())
        check(r.returncode == 0, f"user add: {r.stdout}{r.stderr}")
        password = re.search(r"password: (\S+)", r.stdout).group(1)
        status, body = tls_request(tls_port, "POST", "/v1/auth/login", client,
                                   {"username": username, "password": password, "token": True})
        check(status == 200, f"login through nginx: {status} {body!r}")
        token = json.loads(body)["token"]
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        # The event stream through nginx, open before the task exists.
        stream = EventStream(tls_port, client, token)
        check(" 200 " in stream.status and stream.headers.get("content-type", "").startswith("text/event-stream"),
              f"/v1/events through nginx: {stream.status} {stream.headers}")
        events = stream.events()

        # Created on the first gateway, seen and claimed on the second.
        created = request(ports[0], "POST", "/v1/callbacks",
                          {"site_key": "demo", "phone": "+31612345678", "lang": "nl",
                           "question": "Test via nginx: graag terugbellen", "consent": True},
                          headers={"Idempotency-Key": uuid.uuid4().hex})
        check(created.status == 201, f"callback on gateway 1: {created.status} {created.body!r}")
        task = created.json()["id"]
        seen = request(ports[1], "GET", f"/v1/callbacks/{task}", headers=auth)
        check(seen.status == 200 and seen.json().get("id") == task, f"task on gateway 2: {seen.status} {seen.body!r}")
        claimed = request(ports[1], "POST", f"/v1/callbacks/{task}/claim", {"checked_safe_time": True}, headers=auth)
        check(claimed.status == 200 and claimed.json().get("state") == "claimed",
              f"claim on gateway 2: {claimed.status} {claimed.body!r}")
        again = request(ports[0], "POST", f"/v1/callbacks/{task}/claim", {"checked_safe_time": True}, headers=auth)
        check(again.status in (200, 409), f"second claim on gateway 1: {again.status}")

        # Both transitions reach the stream (other tests' tasks of the demo tenant may be
        # interleaved; the socket's 15 s timeout bounds the wait).
        wanted = {"created", "claimed"}
        deadline = time.monotonic() + 20
        try:
            for event, data in events:
                d = json.loads(data)
                if event == "task" and d.get("task") == task:
                    wanted.discard(d.get("type"))
                if not wanted or time.monotonic() > deadline:
                    break
        except socket.timeout:
            pass
        check(not wanted, f"events {sorted(wanted)} of task {task} did not arrive through nginx")
        stream.close()
        print(f"task {task}: created on gateway 1, claimed on gateway 2, both events through nginx", flush=True)

        for g in gateways:
            check(g.terminate() == 0, f"gateway did not stop cleanly:\n{g.log()}")
        check(nginx.terminate() is not None, "nginx did not stop")
    finally:
        for c in children:
            c.stop()
        redis.stop()
        remove(work)


# tests/fault/sentinel_nginx_test.py borrows the nginx and gateway set-up from here.
if __name__ == "__main__":
    main(test)
