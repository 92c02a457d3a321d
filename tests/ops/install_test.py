"""`cmake --install` into a temporary prefix, then the installed binary checks its installed
config and data, and serves, with the source tree out of reach: each installed command runs
in a private mount namespace where a tmpfs covers the source (and build) folder, from a
working directory outside it. Where namespaces are not allowed (an unprivileged container)
it runs without that cover and says so; the checks that no installed file names the source
tree still hold there.

    install_test.py SOURCE_DIR BUILD_DIR"""

import glob
import json
import os
import socket
import shutil
import subprocess
import sys
import time

from support import (Child, Failure, Redis, check, free_port, gateway_env, main, remove,
                     request, status_of, tempdir, wait_until)

SOURCE, BUILD = (os.path.realpath(p) for p in sys.argv[1:3])


def can_hide():
    r = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                       capture_output=True)
    return r.returncode == 0


def hidden(argv):
    """argv run with the source and build folders covered by empty tmpfs mounts."""
    covers = [SOURCE] + ([BUILD] if not BUILD.startswith(SOURCE + "/") else [])
    mounts = " && ".join(f'mount -t tmpfs tmpfs "{d}"' for d in covers)
    # `exec` so the command itself gets the signals sent to the child.
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            f'{mounts} && test ! -e "{SOURCE}/CMakeLists.txt" && exec "$@"', "sh", *argv]


def test():
    work = tempdir("install")
    redis = None
    server = None
    try:
        prefix = os.path.join(work, "prefix")
        r = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, f"cmake --install failed:\n{r.stdout}{r.stderr}")

        share = os.path.join(prefix, "share", "advieslijn")
        binary = os.path.join(prefix, "bin", "advieslijn")
        check(os.access(binary, os.X_OK), f"{binary} not installed")

        # Every shipped language: articles, risk data and texts.
        langs = sorted(os.path.basename(d) for d in glob.glob(f"{SOURCE}/knowledge-base/articles/*"))
        check(len(langs) >= 2, f"no languages found in {SOURCE}/knowledge-base/articles")
        for lang in langs:
            arts = glob.glob(f"{share}/articles/{lang}/**/*.json", recursive=True)
            src = glob.glob(f"{SOURCE}/knowledge-base/articles/{lang}/**/*.json", recursive=True)
            check(len(arts) == len(src) > 0, f"articles/{lang}: {len(arts)} installed, {len(src)} shipped")
        for f in glob.glob(f"{SOURCE}/routing/data/**/*", recursive=True):
            if os.path.isfile(f):
                rel = os.path.relpath(f, f"{SOURCE}/routing/data")
                check(os.path.isfile(f"{share}/routing/{rel}"), f"routing data {rel} not installed")
        check(glob.glob(f"{share}/routing/risk_train*.tsv"), "the classifier's training files are missing")
        for f in ("web/widget.js", "web/console/index.html", "web/dashboard/index.html",
                  "social-map/demo/services.json", "config/default.json"):
            check(os.path.isfile(f"{share}/{f}"), f"share/advieslijn/{f} not installed")
        check(os.path.isfile(f"{prefix}/share/doc/advieslijn/operations.md"), "the runbook is not installed")
        unit = os.path.join(prefix, "lib", "systemd", "system", "advieslijn.service")
        check(os.path.isfile(unit), "the systemd unit is not installed")

        # No installed text file may name the source or build tree.
        for f in glob.glob(f"{prefix}/**/*", recursive=True):
            if os.path.isfile(f) and f != binary:
                with open(f, "rb") as fh:
                    data = fh.read()
                for tree in (SOURCE, BUILD):
                    check(tree.encode() not in data, f"{f} names {tree}")

        # The config's paths are the installed ones, and they exist.
        config_path = os.path.join(share, "config", "default.json")
        with open(config_path) as f:
            config = json.load(f)
        paths = [config[k] for k in ("static_dir", "knowledge_base", "risk_signals", "texts")]
        paths += [t["social_map"] for t in config["tenants"] if "social_map" in t]
        for p in paths:
            check(p.startswith(share + "/") and os.path.isdir(p), f"config path {p} is not below {share}")
        with open(unit) as f:
            unit_text = f.read()
        check(f"ExecStart={binary} serve" in unit_text, "the unit does not start the installed binary")
        check(f"ADVIESLIJN_CONFIG={config_path}" in unit_text, "the unit does not name the installed config")

        # The classifier's model: the build's own binary loads it (training it only if the
        # shared cache of model_cache_dir in routing/risk.cpp lacks it), which marks its files
        # as used (their time is now). Those files, and only those, are copied into a cache of
        # the installed binary's own: a model is named by the hash of the training files'
        # bytes, so the installed binary finds it there only if its installed files are the
        # shipped ones, and otherwise trains (minutes under the sanitizers) and saves a model
        # of its own there. That none appears is the check. (Another test touching another
        # model in the same second only adds a file the installed binary never asks for.)
        shared = (os.environ.get("ADVIESLIJN_CACHE_DIR") or
                  os.path.join(os.environ.get("XDG_CACHE_HOME") or
                               os.path.join(os.environ.get("HOME") or work, ".cache"), "advieslijn"))
        built = os.path.join(BUILD, "gateway", "advieslijn")
        since = time.time() - 2
        r = subprocess.run([built, "risk", "check", "--lang", "nl", "warm"], capture_output=True,
                           text=True, cwd=SOURCE, env=gateway_env({"ADVIESLIJN_CACHE_DIR": shared}),
                           timeout=600)
        check(r.returncode == 0, f"the build's risk check failed:\n{r.stdout}{r.stderr}")
        cache = os.path.join(work, "cache")
        os.makedirs(cache)
        for f in glob.glob(f"{shared}/risk-model-*"):
            if os.path.getmtime(f) >= since and ".partial-" not in f:
                try:
                    os.link(f, os.path.join(cache, os.path.basename(f)))
                except OSError:
                    shutil.copy2(f, cache)
        models = set(glob.glob(f"{cache}/risk-model-*.bin"))
        check(models, f"the build's risk check used no model of {shared}")

        hide = can_hide()
        wrap = hidden if hide else (lambda argv: argv)
        print("source tree hidden by a mount namespace" if hide else
              "NOTE: unshare not permitted here; the source tree stays visible", flush=True)
        cwd = os.path.join(work, "cwd")
        os.makedirs(cwd)
        env = gateway_env({"HOME": os.path.join(work, "home"),
                           "ADVIESLIJN_CACHE_DIR": cache})
        env.pop("ADVIESLIJN_SOURCE_DIR", None)

        def run(*args, expect=0):
            r = subprocess.run(wrap([binary, *args]), capture_output=True, text=True,
                               cwd=cwd, env=env, timeout=600)
            check(r.returncode == expect,
                  f"advieslijn {' '.join(args)}: exit {r.returncode}, expected {expect}\n{r.stdout}{r.stderr}")
            return r.stdout + r.stderr

        check(run("--version").strip().startswith("advieslijn "), "--version")
        # Without DIR, texts check and risk check read their shipped defaults: the installed ones.
        run("texts", "check", "--kb", f"{share}/articles", "--risk", f"{share}/routing")
        run("texts", "check")
        run("kb", "check", f"{share}/articles")
        run("map", "check", f"{share}/social-map/demo", "--kb", f"{share}/articles")
        out = run("risk", "check", "--lang", "nl", "ik wil zelfmoord plegen")
        check("urgent" in out, f"risk check found no urgent signal:\n{out}")
        # A broken copy of the texts must fail, so the passes above mean something.
        broken = os.path.join(work, "texts-broken")
        os.makedirs(broken)
        with open(f"{share}/routing/texts/nl.json") as f:
            texts = json.load(f)
        texts.pop(next(iter(texts)))
        with open(os.path.join(broken, "nl.json"), "w") as f:
            json.dump(texts, f)
        run("texts", "check", broken, expect=1)

        # serve: no --config and no $ADVIESLIJN_CONFIG, so the installed default is found from
        # the binary's place. Type=notify's messages arrive on $NOTIFY_SOCKET.
        redis = Redis(work, private=True)
        notify_path = os.path.join(work, "notify.sock")
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        notify.settimeout(0.2)
        port = free_port()
        server = Child(wrap([binary, "serve", "--listen", f"127.0.0.1:{port}", "--redis", redis.url]),
                       os.path.join(work, "serve.log"), env={**env, "NOTIFY_SOCKET": notify_path, "WATCHDOG_USEC": "1000000"},
                       cwd=cwd)
        messages = []

        def notified(text):
            def got():
                try:
                    messages.append(notify.recv(4096).decode())
                except socket.timeout:
                    pass
                return any(text in m for m in messages)
            return got

        try:
            wait_until(notified("READY=1"), 120, "READY=1 on $NOTIFY_SOCKET")
        except Failure as e:
            raise Failure(f"{e}\n{server.log()}")
        # With WatchdogSec= (here 1 s) the keep-alives follow, twice per interval.
        wait_until(notified("WATCHDOG=1"), 10, "WATCHDOG=1 on $NOTIFY_SOCKET")
        # READY means listening: the port answers at once.
        check(status_of(port, "/healthz") == 200, "/healthz right after READY=1")
        wait_until(lambda: status_of(port, "/readyz") == 200, 30, "/readyz 200 (Redis and articles)")
        check(f"config: {config_path}" in server.log(), f"serve did not use {config_path}:\n{server.log()}")
        check(request(port, "GET", "/widget.js").status == 200, "/widget.js from the installed web folder")
        check(request(port, "GET", "/console/").status == 200, "/console/ from the installed web folder")
        t = request(port, "GET", "/v1/chat/texts?site_key=demo&lang=en")
        check(t.status == 200, f"/v1/chat/texts: {t.status} {t.body!r}")
        check(server.terminate() == 0, f"serve did not exit 0 on SIGTERM:\n{server.log()}")
        # The datagrams wait in the socket's queue: read what is there.
        while not any("STOPPING=1" in m for m in messages):
            try:
                messages.append(notify.recv(4096).decode())
            except socket.timeout:
                break
        check(any("STOPPING=1" in m for m in messages), f"no STOPPING=1 on SIGTERM: {messages}")
        trained = set(glob.glob(f"{cache}/risk-model-*.bin")) - models
        check(not trained, f"the installed binary trained a model of its own ({sorted(trained)}): "
                           "its training files differ from the source tree's")
    finally:
        if server:
            server.stop()
        if redis:
            redis.stop()
        remove(work)


main(test)
