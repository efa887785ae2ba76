"""Regenerates the expected output of corpus cases with the virtual-clock runner.

    python3.12 tests/oracle/regen.py [CASE.py ...]      (default: every case)

Writes NN_name.out (stdout with timestamps); NN_name.exit when the exit status
is not 0; NN_name.err (the last line of stderr, e.g. `ValueError: boom`) when
the status is 1, i.e. the program raised.  Review the diff before committing.
"""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main():
    cases = [pathlib.Path(a).resolve() for a in sys.argv[1:]] or sorted((HERE / "cases").glob("*.py"))
    for case in cases:
        run = subprocess.run([sys.executable, str(HERE / "run.py"), str(case)], capture_output=True, timeout=60)
        case.with_suffix(".out").write_bytes(run.stdout)
        for suffix, content in [
            (".exit", f"{run.returncode}\n" if run.returncode else None),
            (".err", run.stderr.decode().rstrip("\n").rsplit("\n", 1)[-1] + "\n" if run.returncode == 1 else None),
        ]:
            path = case.with_suffix(suffix)
            if content is not None:
                path.write_text(content)
            elif path.exists():
                path.unlink()
        print(f"{case.name}: exit {run.returncode}, {run.stdout.count(b'\n')} lines")


if __name__ == "__main__":
    main()
