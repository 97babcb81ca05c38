"""Run one command as a child process; print its wall time, CPU time (user + system) and peak RSS as JSON (the bench's stopwatch).

    python measure.py <command> [args...]   →  {"seconds": 1.23, "maxRssMb": 210.5, "cpuSeconds": 2.1, "exit": 0, "stdout": "..."}

Peak RSS is the child's ru_maxrss (getrusage RUSAGE_CHILDREN, one child per run of this script).
"""
import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
rss_kb = usage.ru_maxrss
print(json.dumps({
    "seconds": seconds,
    "maxRssMb": rss_kb / 1024,
    "cpuSeconds": usage.ru_utime + usage.ru_stime,
    "exit": done.returncode,
    "stdout": done.stdout.decode("utf-8", "replace")[-400:],
    "stderr": done.stderr.decode("utf-8", "replace")[-400:],
}))
