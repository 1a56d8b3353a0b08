#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Live-log latency as a Forgejo user sees it: polls the web UI job view (what the browser polls)
# of run RUN while a job prints "tick <epoch ms>" lines, and reports when each tick first appeared;
# then cancels the run from the UI and waits for it to end. Needs a Forgejo with a user jr /
# jrunner-pass-1 and a repository jr/demo (see docs/benchmarks.md). Usage: RUN STEPS TICKS
import http.cookiejar, urllib.request, urllib.parse, json, re, time, sys
base = "http://127.0.0.1:3000"
cj = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj))
def csrf():
    for c in cj:
        if c.name == "_csrf": return c.value
html = op.open(base + "/user/login").read().decode()
m = re.search(r'name="_csrf" value="([^"]+)"', html)
tok = (m.group(1) if m else csrf()) or ""
r = urllib.request.Request(base + "/user/login", data=urllib.parse.urlencode({"_csrf": tok, "user_name": "jr", "password": "jrunner-pass-1"}).encode(), headers={"Origin": base})
op.open(r)
run = int(sys.argv[1]); nsteps = int(sys.argv[2]); ticks = int(sys.argv[3])
def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Csrf-Token": csrf() or tok or "", "Origin": base})
    return json.loads(op.open(req).read().decode() or "{}")
seen = {}; lat = []
deadline = time.time() + 120
while time.time() < deadline and len(seen) < ticks:
    try:
        v = post(f"/jr/demo/actions/runs/{run}/jobs/0/attempt/1", {"logCursors": [{"step": i, "cursor": None, "expanded": True} for i in range(nsteps + 2)]})
    except Exception as e:
        time.sleep(0.2); continue
    now = time.time() * 1000
    for sl in (v.get("logs") or {}).get("stepsLog") or []:
        for line in sl.get("lines") or []:
            mm = re.match(r"tick (\d+)", line.get("message", ""))
            if mm and mm.group(1) not in seen:
                seen[mm.group(1)] = now; lat.append(now - int(mm.group(1)))
    time.sleep(0.05)
lat.sort()
print("lines seen live in the UI's job view:", len(lat))
if lat: print("latency ms: median %.0f p90 %.0f max %.0f" % (lat[len(lat)//2], lat[int(len(lat)*0.9)-1], lat[-1]))
t0 = time.time()
r = urllib.request.Request(base + f"/jr/demo/actions/runs/{run}/cancel", data=b"", method="POST", headers={"X-Csrf-Token": csrf() or tok or "", "Origin": base})
print("cancel:", op.open(r).status)
while time.time() - t0 < 30:
    v = post(f"/jr/demo/actions/runs/{run}/jobs/0/attempt/1", {"logCursors": []})
    st = v.get("state", {}).get("run", {}).get("status") or v.get("state", {}).get("currentJob", {}).get("steps", [{}])[-1].get("status")
    if st in ("cancelled",):
        print("run cancelled after %.1f s" % (time.time() - t0)); break
    time.sleep(0.1)
print(json.dumps(v.get("state", {}).get("currentJob", {}).get("steps"), indent=None)[:600])
