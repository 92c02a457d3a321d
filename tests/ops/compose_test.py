"""Checks ops/container/compose.yml, gateway.json, Containerfile and nginx-upstreams.sed by
parsing them (python3-yaml); no container engine and no registry are needed.

    compose_test.py SOURCE_DIR [ADVIESLIJN_BINARY]

With the binary, also checks that every shared library it loads comes from a package the
runtime image installs (or one debian:bookworm-slim already has)."""

import json
import os
import re
import shlex
import subprocess
import sys

import yaml

from support import check, main

SOURCE = sys.argv[1]
BINARY = sys.argv[2] if len(sys.argv) > 2 else None
DIR = os.path.join(SOURCE, "ops", "container")
SHARE = "/usr/share/advieslijn"
# What the install rules put below share/advieslijn, and where it comes from (cmake/Install.cmake).
INSTALLED = {"web": "web-widget", "articles": "knowledge-base/articles", "routing": "routing/data",
             "routing/texts": "routing/data/texts", "social-map/demo": "ops/config/demo-social-map"}
# Packages debian:bookworm-slim has before anything is installed (libc, the C++ runtime,
# and libsystemd0 with its dependencies, which apt itself needs).
SLIM_BASE = {"libc6", "libgcc-s1", "libstdc++6", "libsystemd0", "libcap2", "libgcrypt20",
             "libgpg-error0", "liblz4-1", "liblzma5", "libzstd1"}


def command_text(service):
    c = service.get("command", "")
    return " ".join(c) if isinstance(c, list) else c


def stages(containerfile):
    """{stage name: (base image, [lines])} in order."""
    out = {}
    current = None
    text = re.sub(r"\\\n", " ", containerfile)
    for line in text.splitlines():
        m = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", line, re.I)
        if m:
            current = m.group(2)
            out[current] = (m.group(1), [])
        elif current and line.strip() and not line.lstrip().startswith("#"):
            out[current][1].append(line.strip())
    return out


def apt_packages(lines):
    pkgs = []
    for line in lines:
        for part in line.split("&&"):
            words = shlex.split(part)
            if "apt-get" in words and "install" in words:
                pkgs += [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
    return pkgs


def test():
    with open(os.path.join(DIR, "compose.yml")) as f:
        compose = yaml.safe_load(f)
    services = compose["services"]
    sentinels = sorted(n for n in services if n.startswith("sentinel-"))
    gateways = sorted(n for n in services if n.startswith("gateway-"))
    expected = {"redis-primary", "redis-replica", "nginx", *sentinels, *gateways}
    check(set(services) == expected, f"services: {sorted(services)}")
    check(len(sentinels) == 3, f"three sentinels, not {sentinels}")
    check(len(gateways) == 2, f"two gateways, not {gateways}")

    for name, s in services.items():
        hc = s.get("healthcheck", {})
        check(hc.get("test") and not hc.get("disable"), f"{name} has no health check")
        check(s.get("restart") in ("always", "unless-stopped"), f"{name} is not restarted")
        build = s.get("build", {})
        check(build.get("dockerfile") == "ops/container/Containerfile", f"{name} is not built from the Containerfile")

    named_volumes = set(compose.get("volumes") or {})
    # Redis: AOF on, and its data folder on a named volume that outlives the container.
    for name in ("redis-primary", "redis-replica"):
        cmd = command_text(services[name])
        check("--appendonly yes" in cmd, f"{name}: AOF is not on ({cmd})")
        data_dir = re.search(r"--dir (\S+)", cmd).group(1)
        mounts = {v.split(":")[1]: v.split(":")[0] for v in services[name]["volumes"]}
        check(mounts.get(data_dir) in named_volumes, f"{name}: {data_dir} is not on a named volume")
    check("--replicaof redis-primary 6379" in command_text(services["redis-replica"]),
          "the replica does not replicate redis-primary")

    # Sentinels: the same monitor, a majority quorum, state on their own volumes.
    monitors = set()
    sentinel_volumes = set()
    for name in sentinels:
        cmd = command_text(services[name])
        m = re.search(r"sentinel monitor (\S+) redis-primary 6379 (\d+)", cmd)
        check(m, f"{name} monitors no redis-primary")
        monitors.add((m.group(1), int(m.group(2))))
        check("redis-sentinel" in cmd, f"{name} runs no sentinel")
        sentinel_volumes |= {v.split(":")[0] for v in services[name]["volumes"]}
        check(services[name]["networks"] == ["backend"], f"{name} must stay on the backend network")
    check(len(monitors) == 1, f"the sentinels disagree: {monitors}")
    master_name, quorum = monitors.pop()
    check(len(sentinels) // 2 < quorum <= len(sentinels), f"quorum {quorum} of {len(sentinels)}")
    check(len(sentinel_volumes) == len(sentinels) and sentinel_volumes <= named_volumes,
          "each sentinel needs a volume of its own")
    check(compose["networks"]["backend"].get("internal") is True, "the backend network must be internal")

    # Gateways: the config they mount names the sentinels and the master name the sentinels
    # use, trusts nginx's address and reads the installed data.
    nginx_ip = services["nginx"]["networks"]["frontend"]["ipv4_address"]
    for name in gateways:
        g = services[name]
        env = g["environment"]
        mounts = {v.split(":")[1]: v.split(":")[0] for v in g["volumes"]}
        check(env["ADVIESLIJN_CONFIG"] in mounts, f"{name}: ADVIESLIJN_CONFIG is not the mounted file")
        config_path = os.path.normpath(os.path.join(DIR, mounts[env["ADVIESLIJN_CONFIG"]]))
        with open(config_path) as f:
            config = json.load(f)
        redis = config["redis"]
        check(sorted(redis.get("sentinels", [])) == [f"{s}:26379" for s in sentinels],
              f"{name}: redis.sentinels {redis.get('sentinels')} are not the sentinel services")
        check(redis.get("master_name") == master_name, f"{name}: redis.master_name is not '{master_name}'")
        check(nginx_ip in config["limits"]["trusted_proxies"], f"{name}: nginx {nginx_ip} is not a trusted proxy")
        check(config["listen"].startswith("0.0.0.0:"), f"{name}: listens on {config['listen']} only")
        paths = [config[k] for k in ("static_dir", "knowledge_base", "risk_signals", "texts")]
        paths += [t["social_map"] for t in config["tenants"] if "social_map" in t]
        for p in paths:
            rel = os.path.relpath(p, SHARE)
            check(rel in INSTALLED and os.path.isdir(os.path.join(SOURCE, INSTALLED[rel])),
                  f"{name}: {p} is not an installed data folder")
        check(set(g["networks"]) == {"backend", "frontend"}, f"{name}: networks {g['networks']}")
        check({f"sentinel-{i}" for i in (1, 2, 3)} <= set(g["depends_on"]), f"{name} does not wait for the sentinels")
        # Beyond the sentinel settings, only fields the line knows (a typo would stop it).
        with open(os.path.join(SOURCE, "ops", "config", "default.json")) as f:
            default = json.load(f)
        for key, value in config.items():
            check(key in default, f"{name}: unknown config field {key}")
            if isinstance(value, dict):
                extra = set(value) - set(default[key]) - ({"sentinels", "master_name"} if key == "redis" else set())
                check(not extra, f"{name}: unknown fields {key}.{sorted(extra)}")
    check(set(gateways) <= set(services["nginx"]["depends_on"]), "nginx does not wait for the gateways")

    # Containerfile: build on bookworm, run on bookworm-slim as a non-root user, with a
    # /healthz health check and no development packages; compose's targets exist.
    with open(os.path.join(DIR, "Containerfile")) as f:
        st = stages(f.read())
    check(st["build"][0] == "debian:bookworm", f"build stage on {st['build'][0]}")
    names = list(st)
    check(names[-1] == "line", "the line must be the last (default) stage")
    base, lines = st["line"]
    check(base == "debian:bookworm-slim", f"runtime on {base}")
    users = [l.split()[1] for l in lines if l.startswith("USER ")]
    check(users and users[-1] not in ("root", "0"), f"runtime user: {users}")
    check(any(l.startswith("HEALTHCHECK") and "/healthz" in l for l in lines), "no HEALTHCHECK on /healthz")
    runtime = apt_packages(lines)
    check(runtime and not [p for p in runtime if p.endswith("-dev") or p in ("build-essential", "cmake")],
          f"build packages in the runtime image: {runtime}")
    for name, s in services.items():
        check(s["build"]["target"] in st, f"{name}: no stage {s['build']['target']}")
    for stage in ("redis", "nginx"):
        check(st[stage][0] == "debian:bookworm-slim", f"{stage} stage on {st[stage][0]}")

    if BINARY:
        libs = subprocess.run(["ldd", BINARY], capture_output=True, text=True, check=True).stdout
        needed = set()
        for path in re.findall(r"=> (/\S+)", libs):
            owner = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True)
            if owner.returncode != 0:
                owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
            check(owner.returncode == 0, f"no package owns {path}")
            pkg = owner.stdout.split(":")[0]
            if not re.match(r"lib(asan|ubsan|lsan|tsan)\d*$", pkg):  # sanitizer builds only
                needed.add(pkg)
        missing = needed - set(runtime) - SLIM_BASE
        check(not missing, f"the runtime image lacks {sorted(missing)} (ldd {BINARY})")

    # nginx in compose: the shipped config with the gateways as upstreams, nothing else changed.
    shipped = os.path.join(SOURCE, "ops", "nginx", "advieslijn.conf")
    out = subprocess.run(["sed", "-f", os.path.join(DIR, "nginx-upstreams.sed"), shipped],
                         capture_output=True, text=True, check=True).stdout
    for g in gateways:
        check(re.search(rf"^    server {g}:8080 ", out, re.M), f"nginx upstream {g} missing")
    check(not re.search(r"^    server 127\.0\.0\.1:", out, re.M), "loopback upstreams left in the compose nginx")
    check(not re.search(r"^\s*listen \[::\]", out, re.M), "IPv6 listeners left in the compose nginx")
    with open(shipped) as f:
        before = f.read().splitlines()
    after = out.splitlines()
    check(len(before) - len(after) == 2, "the sed script should only drop the two IPv6 listeners")


main(test)
