"""Checks that each case prints its lines in the same order under the real clock.

    python3.12 tests/oracle/check_real.py [CASE.py ...]

Runs every case (or the given ones) with `run.py --real-clock` (real time, real
threads) and compares the lines with the committed `.out`, timestamps stripped
and printed decimal numbers masked (they carry real times).  Cases whose
expected exit status is 3 (deadlock) are skipped: for real, they hang.
Not part of the automated test: real timing is at the mercy of the machine.
"""

import pathlib
import re
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
# Where real CPython is racy and the virtual runner picks one order (README.md):
# these may differ under the real clock without it being an error.
RACY = {
    "49_taskgroup_failure.py": "TaskGroup cancels its tasks in set order; the runner uses creation order",
    "53_shutdown_cancels_pending.py": "asyncio.run cancels leftover tasks in set order; the runner uses creation order",
    "96_taskgroup_body_raises.py": "TaskGroup cancels its tasks in set order; the runner uses creation order",
}
NUMBER = re.compile(r"-?\d+\.\d+(e[-+]?\d+)?")


def lines(text):
    return [NUMBER.sub("#", re.sub(r"^\[[^\]]*\] ", "", line)) for line in text.splitlines()]


def main():
    cases = [pathlib.Path(a).resolve() for a in sys.argv[1:]] or sorted((HERE / "cases").glob("*.py"))
    failed, counts, started = [], {"ok": 0, "racy": 0, "skipped": 0}, time.monotonic()
    for case in cases:
        exit_file = case.with_suffix(".exit")
        if exit_file.exists() and exit_file.read_text().strip() == "3":
            print(f"skip  {case.name} (deadlocks)")
            counts["skipped"] += 1
            continue
        begin = time.monotonic()
        run = subprocess.run(
            [sys.executable, str(HERE / "run.py"), "--real-clock", str(case)],
            capture_output=True, text=True, timeout=60,
        )
        got, want = lines(run.stdout), lines(case.with_suffix(".out").read_text())
        ok = got == want
        if not ok and case.name in RACY:
            print(f"racy  {case.name}: {RACY[case.name]}")
            counts["racy"] += 1
            continue
        print(f"{'ok   ' if ok else 'DIFF '} {case.name} ({time.monotonic() - begin:.2f} s)")
        counts["ok"] += ok
        if not ok:
            failed.append(case.name)
            for i, (g, w) in enumerate(zip(got + ["<end>"] * len(want), want + ["<end>"] * len(got))):
                if g != w:
                    print(f"      line {i + 1}: real {g!r}, virtual {w!r}")
                    break
    print(
        f"same order: {counts['ok']}, racy by construction: {counts['racy']}, skipped: {counts['skipped']}",
        f"(in {time.monotonic() - started:.1f} s)",
    )
    print(f"{counts['ok']} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
