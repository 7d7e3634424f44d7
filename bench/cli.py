"""How fast the `qualcode` command starts: `--help`, `--version`, `status` and the import of one
.txt transcript, each against `python -c "import click"` timed in the same run (the floor any click
program pays).

Targets (median of RUNS): `--help`, `--version` and `status` at most 3x the click import; the
import of one transcript is reported (it loads the ingest stack and writes to the database).
Run: .venv/bin/python bench/cli.py [--runs N]   (a fresh SQLite file holding the sample study)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS, BUDGET = 9, 3.0
TRANSCRIPT = "Interviewer: Which model did you pick?\nP7: The smallest one that passed our tests.\n"


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    runs = parser.parse_args().runs
    qualcode = [sys.executable, "-m", "qualcode.cli"]
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"QUALCODE_DB": f"sqlite:///{Path(folder) / 'bench.db'}"}
        subprocess.run([*qualcode, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        commands = {
            "import click": [sys.executable, "-c", "import click"],
            "--help": [*qualcode, "--help"],
            "--version": [*qualcode, "--version"],
            "status": [*qualcode, "status"],
        }
        samples: dict[str, list[float]] = {name: [] for name in [*commands, "import .txt"]}
        for run in range(runs):  # interleaved, so a busy moment hits every command alike
            for name, command in commands.items():
                samples[name].append(seconds(command, env))
            transcript = Path(folder) / f"interview_{run}.txt"
            transcript.write_text(TRANSCRIPT.replace("P7", f"P{run + 10}"), encoding="utf-8")
            samples["import .txt"].append(
                seconds([*qualcode, "import", "transcripts", str(transcript)], env)
            )
    floor = statistics.median(samples["import click"])
    print(f"{'command':<14}{'median s':>10}{'x click':>9}  budget")
    failed = False
    for name, values in samples.items():
        median = statistics.median(values)
        ratio = median / floor
        budgeted = name in ("--help", "--version", "status")
        failed |= budgeted and ratio > BUDGET
        verdict = (f"<= {BUDGET:g}x " + ("ok" if ratio <= BUDGET else "OVER")) if budgeted else ""
        print(f"{name:<14}{median:>10.3f}{ratio:>9.2f}  {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
