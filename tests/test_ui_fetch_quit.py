"""`q` during a fetch the server never answers quits at once (issue 18, item 10).

The reader runs in a child process driven by Pilot; `asyncio.run` (as in `App.run`)
waits for worker threads when it ends, so a fetch blocked on the network kept the
process (and the terminal) alive until the socket timed out. The server here never
answers and the fetch timeout is 10 minutes: only cancelling the request lets the
child exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from hostile_http import RawServer, never_answer
from test_ui_support import make_library, paper

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from papertui.config import Config
    from papertui.ui.app import make_app

    async def main() -> None:
        app = make_app(sys.argv[1], config=Config(mark_read_after=0))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("F")
            print("fetching", flush=True)
            sys.stdin.readline()  # the test says when the server holds the request
            await pilot.press("q")
        print("quit", flush=True)

    asyncio.run(main())
    print("exited", flush=True)
    """
)


def test_q_during_a_fetch_that_never_answers_exits_promptly(tmp_path: Path) -> None:
    data = make_library(tmp_path / "data", [paper(n) for n in range(1, 4)])
    config = tmp_path / "config.toml"
    config.write_text("[fetch]\ntimeout = 600\n", encoding="utf-8")
    with RawServer(never_answer) as server:
        env = {
            **os.environ,
            "PAPERTUI_DATA_DIR": str(data),
            "PAPERTUI_CONFIG": str(config),
            "PAPERTUI_CACHE_DIR": str(tmp_path / "cache"),
            "PAPERTUI_HF_URL": server.url("").rstrip("/"),
        }
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None and child.stdin is not None
            assert child.stdout.readline().strip() == "fetching"
            assert server.connected.wait(60), "the fetch never reached the server"
            child.stdin.write("\n")
            child.stdin.flush()
            out, _ = child.communicate(timeout=60)  # a stuck fetch would hold it 600 s
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert out.split() == ["quit", "exited"]
        assert child.returncode == 0
        assert server.closed.wait(60), "the request's connection was left open"
