#!/usr/bin/env bash
# Rehearse the README's "Production" section on a scratch Debian 12 machine or
# container, as root: `bash deploy/rehearse.sh`, then `bash deploy/rehearse.sh clean`
# with the same PGPORT and REDIS_DB.
# It changes the machine (a user, /opt/ledgerbridge, /etc, nginx): never run it on a
# server in use.
#
# It runs the README's own install block, read from README.md, with three lines
# replaced for a machine without systemd or internet:
#   systemctl enable --now UNITS  each unit's ExecStartPre and ExecStart run as its
#                                 User, in its WorkingDirectory, with its
#                                 EnvironmentFile (after systemd-analyze verify)
#   certbot certonly              a self-signed certificate where certbot puts one
#   systemctl reload nginx        nginx started
# Then, through nginx over HTTPS: /healthz, sign-in, the OAuth redirect URIs, an
# export run by the worker and downloaded; then the README's backup and restore.
#
# PGPORT points it at a scratch PostgreSQL cluster with Debian's own pg_hba.conf
# (pg_createcluster 15 rehearsal -p 5433 --start); REDIS_DB at a spare Redis database.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PGPORT=${PGPORT:-5432}
REDIS_DB=${REDIS_DB:-0}
HOST=ledgerbridge.example.co.uk
ADMIN_PASSWORD=rehearsal-$$-password
LOGS=/tmp/ledgerbridge-rehearsal
INSTALL=/opt/ledgerbridge

clean() {
  pkill -TERM -f "$INSTALL/.venv/bin/" || true
  nginx -s stop 2>/dev/null || true
  sudo -u postgres psql -qc "DROP DATABASE IF EXISTS ledgerbridge" \
    -c "DROP ROLE IF EXISTS ledgerbridge" 2>/dev/null || true
  id ledgerbridge >/dev/null 2>&1 && deluser --quiet ledgerbridge 2>/dev/null
  redis-cli -n "$REDIS_DB" flushdb >/dev/null 2>&1 || true
  rm -rf "$INSTALL" /etc/ledgerbridge.env /var/lib/ledgerbridge /etc/letsencrypt \
    /etc/nginx/sites-enabled/ledgerbridge /etc/nginx/sites-available/ledgerbridge \
    /etc/systemd/system/ledgerbridge-*.service /etc/sudoers.d/ledgerbridge-rehearsal \
    "$LOGS"
}

if [ "${1:-}" = clean ]; then
  clean
  echo "Rehearsal undone."
  exit 0
fi
[ -e "$INSTALL" ] && { echo "$INSTALL exists: run '$0 clean' first." >&2; exit 1; }
mkdir -p "$LOGS"

# Stand-ins for what needs systemd or the internet.
start_units() {
  local name unit instance
  for name in "$@"; do
    instance=${name#*@}
    [ "$instance" = "$name" ] && instance="" || name="${name%@*}@"
    unit=/etc/systemd/system/$name.service
    systemd-analyze verify "${unit/@./@${instance}.}" 2>&1 | grep -v 'redis-server.service\|postgresql.service' || true
    run_unit "$unit" "$instance" >"$LOGS/${name}${instance}.log" 2>&1 &
  done
}

run_unit() {
  local unit=$1 instance=$2 field
  field() { sed -n "s/^$1=//p" "$unit" | head -1 | sed "s/%i/$instance/g"; }
  local -a environment
  mapfile -t environment < <(grep -vE '^\s*(#|$)' "$(field EnvironmentFile)")
  cd "$(field WorkingDirectory)"
  local pre start
  pre=$(field ExecStartPre)
  start=$(field ExecStart)
  # shellcheck disable=SC2086 # the unit's command line, split as systemd splits it
  if [ -n "$pre" ]; then
    runuser -u "$(field User)" -- env -i PATH=/usr/bin:/bin "${environment[@]}" $pre
  fi
  # shellcheck disable=SC2086
  exec runuser -u "$(field User)" -- env -i PATH=/usr/bin:/bin "${environment[@]}" $start
}

self_signed() {
  mkdir -p "/etc/letsencrypt/live/$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" \
    -keyout "/etc/letsencrypt/live/$1/privkey.pem" \
    -out "/etc/letsencrypt/live/$1/fullchain.pem" 2>/dev/null
}

# sudo keeps PGPORT, so `sudo -u postgres psql` reaches the scratch cluster.
apt-get install -y -qq sudo >/dev/null
echo 'Defaults env_keep += "PGPORT"' >/etc/sudoers.d/ledgerbridge-rehearsal

# The README's block, with the stand-ins above and this clone as the repository.
block=$(awk '/^## Production/{p=1} p&&/^```sh/{b=1; next} b&&/^```/{exit} b' "$ROOT/README.md")
block=$(printf '%s\n' "$block" | sed \
  -e "s|^HOST=.*|HOST=$HOST|" \
  -e "s|<this repository>|$ROOT|" \
  -e "s|create-admin \(.*\)\"   # .*|create-admin \1\" --password \"$ADMIN_PASSWORD\"|" \
  -e 's|^systemctl daemon-reload && systemctl enable --now|start_units|' \
  -e 's|^certbot certonly --nginx -d|self_signed|' \
  -e 's|systemctl reload nginx|(nginx -s reload 2>/dev/null \|\| nginx)|' \
  -e "s|^mkdir -p /var/lib/ledgerbridge|sed -i 's/:5432\\\\//:$PGPORT\\\\//; s/6379\\\\/0/6379\\\\/$REDIS_DB/' /etc/ledgerbridge.env; echo EXPORT_INLINE_ROWS=0 >>/etc/ledgerbridge.env\n&|")
printf '%s\n' "$block" >"$LOGS/block.sh"
echo "== The README's block, as run (also in $LOGS/block.sh)"
cat "$LOGS/block.sh"
echo "== Running it"
# A fresh server's PATH: Debian's python3, not one under /root the service user
# could not run.
# shellcheck disable=SC1090
(PATH=/usr/sbin:/usr/bin:/sbin:/bin; set -euo pipefail; . "$LOGS/block.sh") 2>&1 | tail -n 20

echo "== Checks through nginx over HTTPS"
"$INSTALL/.venv/bin/python" - "$HOST" "$ADMIN_PASSWORD" <<'PY'
import re, sys, time
import requests, urllib3

urllib3.disable_warnings()
host, password = sys.argv[1:]
web = requests.Session()
web.verify, web.trust_env = False, False  # the stand-in certificate is self-signed
web.headers.update({"Host": host, "Referer": f"https://{host}/"})
base = "https://127.0.0.1"


def check(what, ok):
    print(("ok    " if ok else "FAILED"), what)
    if not ok:
        sys.exit(1)


def token(page):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)


deadline = time.monotonic() + 60
while True:
    try:
        health = web.get(f"{base}/healthz", timeout=5)
        if health.status_code == 200 or time.monotonic() > deadline:
            break
    except requests.ConnectionError:
        if time.monotonic() > deadline:
            raise
    time.sleep(0.5)
check(f"/healthz: {health.status_code} {health.text.strip()[:80]}",
      health.status_code == 200 and health.json().get("status") == "ok")
plain = requests.get("http://127.0.0.1/login", headers={"Host": host},
                     allow_redirects=False, timeout=5)
check("http redirects to https", plain.headers.get("Location", "").startswith("https://"))
for scheme in ("http", "https"):
    try:
        requests.get(f"{scheme}://127.0.0.1/login", verify=False, timeout=5,
                     headers={"Host": "evil.example"}, allow_redirects=False)
        refused = False
    except requests.ConnectionError:
        refused = True  # 444: nginx closed the connection
    check(f"another Host gets no answer over {scheme}", refused)
js = web.get(f"{base}/static/js/htmx.min.js", timeout=5)
check("nginx serves static files", js.status_code == 200 and "htmx" in js.text)
login = web.post(f"{base}/login", allow_redirects=False, timeout=5, data={
    "csrf_token": token(web.get(f"{base}/login")),
    "email": "you@example.co.uk", "password": password})
check("the admin signs in; the session cookie is Secure",
      login.status_code == 302 and all(c.secure for c in web.cookies))
uris = set(re.findall(r"https?://[^\"<\s]*/callback",
                      web.get(f"{base}/settings/integrations/").text))
check(f"redirect URIs are https: {sorted(uris)}",
      len(uris) == 2 and all(u.startswith(f"https://{host}/") for u in uris))
form = web.get(f"{base}/customers/new")
web.post(f"{base}/customers/new", timeout=5, data={
    "csrf_token": token(form), "name": "Rehearsal Plumbing Ltd"})
started = web.post(f"{base}/reports/exports/", timeout=5, allow_redirects=False, data={
    "csrf_token": token(web.get(f"{base}/reports/exports/")),
    "kind": "customers", "format": "ledgerbridge"})
check("an export is queued for the worker", started.status_code == 303)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    status = web.get(base + started.headers["Location"].removeprefix(f"https://{host}"))
    state = re.search(r'data-status="(\w+)"', status.text).group(1)
    if state not in ("queued", "running"):
        break
    time.sleep(0.5)
check(f"the worker ran it: {state}", state == "ready")
export_id = started.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
csv = web.get(f"{base}/reports/exports/{export_id}/download", timeout=5)
check("its file downloads through nginx", "Rehearsal Plumbing Ltd" in csv.text)
PY

echo "== Backup and restore, as the README has them"
cd /tmp
count() { sudo -u postgres psql -d ledgerbridge -tAc "SELECT count(*) FROM customers"; }
sudo -u postgres pg_dump -Fc ledgerbridge >"$LOGS/ledgerbridge.dump"
before=$(count)
sudo -u postgres psql -d ledgerbridge -qc "DELETE FROM customers"
pkill -TERM -f "$INSTALL/.venv/bin/"
sleep 3
sudo -u postgres pg_restore -d ledgerbridge --clean "$LOGS/ledgerbridge.dump"
after=$(count)
[ "$before" = "$after" ] && [ "$after" -gt 0 ] \
  && echo "ok     restored: $after customers, as before the backup" \
  || { echo "FAILED restore: $before customers before, $after after"; exit 1; }
echo "Rehearsal passed. Logs in $LOGS; undo with: bash $0 clean"
