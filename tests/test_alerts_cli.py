"""``crosswire alerts`` as a real process: refusals, JSON output, and the verbs mapping to the library."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "crosswire", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def test_alerts_verbs(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    refused = _cli("alerts", "add", "--webhook", "http://127.0.0.1:9/hook", "--query", "Kunshan", "--db", db)
    assert refused.returncode == 1 and "non-public address 127.0.0.1" in refused.stderr
    assert "--allow-private" in refused.stderr
    both = _cli("alerts", "add", "--webhook", "http://127.0.0.1:9/h", "--query", "a", "--story", "s1", "--db", db)
    assert both.returncode == 1 and "exactly one" in both.stderr
    added = _cli("alerts", "add", "--webhook", "http://127.0.0.1:9/hook", "--query", "Kunshan", "--allow-private",
                 "--db", db, "--json")
    assert added.returncode == 0, added.stderr
    alert = json.loads(added.stdout)
    assert (alert["query"], alert["allow_private"], alert["active"]) == ("Kunshan", True, True)
    listed = json.loads(_cli("alerts", "list", "--db", db, "--json").stdout)
    assert [a["id"] for a in listed] == [alert["id"]]
    assert json.loads(_cli("alerts", "deliveries", "--db", db, "--json").stdout) == []
    removed = json.loads(_cli("alerts", "remove", str(alert["id"]), "--db", db, "--json").stdout)
    assert removed == {"id": alert["id"], "active": False, "dropped": 0}
    assert json.loads(_cli("alerts", "list", "--active", "--db", db, "--json").stdout) == []
    missing = _cli("alerts", "payload", "7", "--db", db)
    assert missing.returncode == 1 and "no delivery 7" in missing.stderr
