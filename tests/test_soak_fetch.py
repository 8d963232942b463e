"""Soak: the hostile-server matrix (issue 18, items 7-10). Runs with PAPERTUI_SOAK=1:

    PAPERTUI_SOAK=1 python -m pytest -q -s tests/test_soak_fetch.py

Every case is served from 127.0.0.1 and fetched ROUNDS times with the real client:
a 2 GiB gzip bomb (2 MB on the wire) at the default 64 MB cap, measured in a child
process for its peak memory; a `Link` to file:///etc/passwd and to another host; a
redirect to another host and to file:; a body dripped a byte every 20 ms against a
2 s deadline; a server that never answers, ended by the deadline and by cancel();
and random garbage bodies (plain and claiming gzip). Each must end in one FetchError
line with nothing imported. Figures go to stdout for README.md's RELIABILITY section.
The short version is test_fetch_hostile.py.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from collections import Counter
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from hostile_http import RawServer, drip, never_answer
from papertui.fetch import FetchError, fetch_hf
from papertui.fetch.errors import Cancelled, NetworkError, RefusedUrl
from papertui.fetch.http import HttpClient, RetryPolicy
from test_fetch_support import hf_page, make_fetcher, open_library

ROUNDS = int(os.environ.get("PAPERTUI_SOAK_ROUNDS", "10"))
DAILY = "/api/daily_papers"

pytestmark = pytest.mark.skipif(
    os.environ.get("PAPERTUI_SOAK") != "1", reason="soak: set PAPERTUI_SOAK=1"
)

BOMB_CHILD = textwrap.dedent(
    """
    import resource, sys
    from papertui.fetch.errors import NetworkError
    from papertui.fetch.http import HttpClient, RetryPolicy
    try:
        HttpClient(retry=RetryPolicy(attempts=1)).get(sys.argv[1])
        print("read")
    except NetworkError as exc:
        print(exc)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """
)


def gzip_bomb(size: int) -> bytes:
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    parts = [deflate.compress(zeros) for _ in range(size // len(zeros))]
    return b"".join([*parts, deflate.flush()])


def test_hostile_server_matrix(httpserver: HTTPServer, tmp_path: Path) -> None:
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()

    bomb = gzip_bomb(2 * 1024**3)
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    peaks = []
    for _ in range(max(ROUNDS // 5, 1)):
        child = subprocess.run(
            [sys.executable, "-c", BOMB_CHILD, httpserver.url_for("/bomb")],
            capture_output=True,
            text=True,
            check=True,
        )
        message, peak = child.stdout.splitlines()
        assert "larger than 64 MB once decompressed" in message
        peaks.append(int(peak))
        outcomes["gzip bomb refused"] += 1

    other = "127.0.0.1" if httpserver.host == "localhost" else "localhost"
    targets = {
        "file Link": "file:///etc/passwd",
        "other-host Link": f"http://{other}:{httpserver.port}{DAILY}?p=1",
    }
    for name, target in targets.items():
        httpserver.clear()
        httpserver.expect_request(DAILY).respond_with_data(
            hf_page(0, 3), headers={"Link": f'<{target}>; rel="next"'}
        )
        for n in range(ROUNDS):
            with open_library(tmp_path / f"{name}-{n}") as library:
                with pytest.raises(RefusedUrl):
                    fetch_hf(library, fetcher=make_fetcher(httpserver, tmp_path / "cache"))
                assert library.count() == 0
            outcomes[f"{name} refused"] += 1

    for name, target in {
        "other-host redirect": f"http://{other}:{httpserver.port}/x",
        "file redirect": "file:///etc/passwd",
    }.items():
        httpserver.clear()
        httpserver.expect_request("/moved").respond_with_data(
            "", status=302, headers={"Location": target}
        )
        for _ in range(ROUNDS):
            with pytest.raises(RefusedUrl):
                HttpClient().get(httpserver.url_for("/moved"))
            outcomes[f"{name} refused"] += 1

    with RawServer(drip(0.02)) as server:
        took = []
        for _ in range(max(ROUNDS // 2, 1)):
            begin = time.perf_counter()
            with pytest.raises(NetworkError, match="did not finish answering within 2 s"):
                HttpClient(timeout=1, deadline=2, retry=RetryPolicy(attempts=1)).get(server.url())
            took.append(time.perf_counter() - begin)
            outcomes["slow drip stopped at the deadline"] += 1

    with RawServer(never_answer) as server:
        for _ in range(ROUNDS):
            client = HttpClient(timeout=600, retry=RetryPolicy(attempts=1))
            errors: list[BaseException] = []
            done = threading.Event()

            def fetch(
                client: HttpClient = client, errors: list = errors, done: threading.Event = done
            ) -> None:
                try:
                    client.get(server.url())
                except FetchError as exc:
                    errors.append(exc)
                finally:
                    done.set()

            server.connected.clear()
            threading.Thread(target=fetch, daemon=True).start()
            assert server.connected.wait(60)
            client.cancel()
            assert done.wait(60) and isinstance(errors[0], Cancelled)
            outcomes["never-answering server cancelled"] += 1

    rng = random.Random(18)
    httpserver.clear()
    for n in range(ROUNDS * 5):
        body = rng.randbytes(rng.randint(0, 4096))
        headers = {"Content-Encoding": "gzip"} if n % 2 else {}
        httpserver.expect_oneshot_request(DAILY).respond_with_data(body, headers=headers)
        with open_library(tmp_path / f"garbage-{n}") as library:
            with pytest.raises(FetchError) as info:
                fetch_hf(library, fetcher=make_fetcher(httpserver, tmp_path / "c", attempts=1))
            assert "\n" not in str(info.value)
            assert library.count() == 0
        outcomes[f"garbage body ({'gzip' if n % 2 else 'plain'}) refused"] += 1

    print(
        "\nhostile-server matrix: "
        + json.dumps(dict(outcomes))
        + f"; gzip bomb (2 GiB in {len(bomb) / 1e6:.1f} MB): child peak RSS "
        f"{min(peaks)}-{max(peaks)} MB; drip stopped after {min(took):.2f}-{max(took):.2f} s; "
        f"{time.perf_counter() - started:.0f} s in all"
    )
