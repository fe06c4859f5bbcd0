"""``python training/bench/own_usage.py REPORT -- COMMAND...``: run COMMAND, then write its own peak
resident memory and CPU time to REPORT (JSON) and exit with its exit code.

Run by path, never imported: it needs nothing but the standard library, so this process stays
small. That is its point. Linux counts in a process's peak memory (``ru_maxrss``) the memory of
the process it was started from, because the larger of the two is kept when the child ``exec``s;
and ``wait4`` reports the largest of a process and the children it waited for. The bench's own
process holds the organisation it has built (over 400 MB at large size), so a task worker started
from it directly was reported that big whatever it did. Started from this process, the figures
are the worker's own.
"""

import json
import os

# The bench's own command line (our manage.py), never user input.
import subprocess  # nosec B404
import sys
from pathlib import Path


def main(argv):
    report, separator, command = argv[0], argv[1], argv[2:]
    if separator != "--" or not command:
        sys.exit("usage: own_usage.py REPORT -- COMMAND...")
    proc = subprocess.Popen(command)  # noqa: S603  # nosec B603
    _pid, status, usage = os.wait4(proc.pid, 0)
    Path(report).write_text(json.dumps({"peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
                                        "cpu_s": usage.ru_utime + usage.ru_stime}), encoding="utf-8")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
