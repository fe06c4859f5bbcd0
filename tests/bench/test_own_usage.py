"""The bench's workers report their own peak memory, not the bench process's (own_usage.py)."""

import json
import subprocess  # nosec B404
import sys
import textwrap

from training.bench.measure import OWN_USAGE

# A parent holding 300 MB starts a tiny child: directly (wait4 reports the parent's memory as
# the child's peak), then through own_usage.py (the child's own).
PARENT = textwrap.dedent("""
    import json, os, subprocess, sys
    own_usage, report = sys.argv[1], sys.argv[2]
    held = bytearray(300 * 1024 * 1024)
    for i in range(0, len(held), 4096):
        held[i] = 1
    child = [sys.executable, "-c", "import sys; sys.exit(3)"]
    direct = subprocess.Popen(child)
    _pid, _status, usage = os.wait4(direct.pid, 0)
    through = subprocess.run([sys.executable, own_usage, report, "--", *child])
    print(json.dumps({"direct_mb": usage.ru_maxrss / 1024, "exit": through.returncode}))
""")


def test_a_worker_started_from_a_big_process_reports_its_own_peak(tmp_path):
    report = tmp_path / "usage.json"
    out = subprocess.run([sys.executable, "-c", PARENT, str(OWN_USAGE), str(report)],  # noqa: S603  # nosec B603
                         capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout)
    own = json.loads(report.read_text(encoding="utf-8"))
    assert seen["direct_mb"] > 300  # what the bench reported before: the parent's memory
    assert own["peak_mb"] < 100  # a bare Python interpreter's own
    assert own["cpu_s"] >= 0
    assert seen["exit"] == 3  # the command's exit code passes through


def test_a_bad_command_line_is_refused(tmp_path):
    out = subprocess.run([sys.executable, str(OWN_USAGE), str(tmp_path / "r.json"), "sleep"],  # noqa: S603  # nosec B603
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "usage: own_usage.py REPORT -- COMMAND" in out.stderr
    assert not (tmp_path / "r.json").exists()
