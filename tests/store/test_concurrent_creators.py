"""8 processes create the same new code and the same new coder at once (codings import
--create-missing-codes): one live code, one coder, every process succeeds, versions distinct."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlmodel import select

from qualcode.store import session_scope
from qualcode.store.models import Code, CodebookVersion, Coder, Coding
from tests.small_study import build_small_study

PROCESSES = 8
WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from click.testing import CliRunner
    from qualcode.cli import cli
    folder, n, url, csv = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    (folder / f"ready-{n}").touch()
    while not (folder / "go").exists():
        time.sleep(0.002)
    result = CliRunner().invoke(cli, ["codings", "import", csv, "--create-missing-codes", "--db", url])
    print(result.exit_code, result.output.strip().replace(chr(10), " | "))
    """
)


def _race(url: str, tmp_path: Path) -> list[str]:
    csv = tmp_path / "new.csv"
    csv.write_text("document,coder,code\nP1.txt,zoe,Brand new code\n", encoding="utf-8")
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path), str(n), url, str(csv)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for n in range(PROCESSES)
    ]
    deadline = time.monotonic() + 300
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES and time.monotonic() < deadline:
        time.sleep(0.05)
    (tmp_path / "go").touch()
    return [worker.communicate(timeout=300)[0].strip() for worker in workers]


def test_concurrent_imports_create_one_code_and_one_coder(any_url, tmp_path):
    build_small_study(any_url)
    outputs = _race(any_url, tmp_path)
    failures = [line for line in outputs if not line.startswith("0 Imported 1 codings")]
    assert not failures, failures
    with session_scope(any_url) as session:
        codes = session.exec(
            select(Code).where(Code.name == "Brand new code", Code.deleted_at.is_(None))
        ).all()
        coders = session.exec(select(Coder).where(Coder.name == "zoe")).all()
        assert len(codes) == 1 and len(coders) == 1
        codings = session.exec(select(Coding).where(Coding.code_id == codes[0].id)).all()
        assert len(codings) == PROCESSES
        assert {c.coder_id for c in codings} == {coders[0].id}
        versions = [v.version for v in session.exec(select(CodebookVersion))]
        assert len(versions) == len(set(versions))
