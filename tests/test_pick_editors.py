"""The README's editor integrations of `papertui pick`, run as written in real Vim and
Neovim and a real tmux popup: each must put the chosen citation into the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pick_terminal import Tmux, environment, picker_library, tool, wait_for
from test_ui_support import isolated  # noqa: F401

README = Path(__file__).parents[1] / "README.md"
CITE = "\\cite{diaz2022sparsegraphsspectra}"


def readme_block(language: str) -> str:
    """The one code block of `language` in the README's "Cite as you write" section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Cite as you write") :]
    section = section[: section.index("\n## ", 1)]
    (block,) = re.findall(rf"```{language}\n(.*?)\n```", section, re.DOTALL)
    return block


@pytest.fixture
def data(isolated: Path) -> Path:  # noqa: F811
    return picker_library(isolated)


@pytest.fixture
def servers() -> Iterator[list[Tmux]]:
    started: list[Tmux] = []
    yield started
    for server in started:
        server.kill()


def tmux_for(servers: list[Tmux], data: Path, config: Path | None = None) -> Tmux:
    server = Tmux(environment(data), config)
    servers.append(server)
    return server


def choose_sparse(screen: Callable[[], str], typed: Callable[[str], None]) -> None:
    """In the open picker: filter to the one sparse paper and accept it."""
    wait_for(lambda: "type to filter" in screen(), "the picker", screen)
    typed("sparse")
    wait_for(lambda: "1 matching “sparse”" in screen(), "the results", screen)
    typed("\r")


def pane_keys(tmux: Tmux) -> Callable[[str], None]:
    return lambda text: tmux.keys("Enter") if text == "\r" else tmux.keys("-l", text)


def saved(path: Path, text: str, tmux: Tmux) -> None:
    """Wait until the editor has written `text` to `path` (it may exist, empty, first)."""
    wait_for(lambda: path.exists() and path.read_text() == text, f"{path.name} saved", tmux.screen)
    assert path.read_text() == text


def test_the_vim_mapping(data: Path, tmp_path: Path, servers: list[Tmux]) -> None:
    (tmp_path / "vimrc").write_text(f"set nocompatible\n{readme_block('vim')}\n")
    tmux = tmux_for(servers, data)
    tmux.start(f"{tool('vim')} -N -n -u vimrc -i NONE text.tex", tmp_path)
    tmux.wait("text.tex", "vim")
    tmux.keys("i", "See ", "C-x", "C-b")
    choose_sparse(tmux.screen, pane_keys(tmux))
    tmux.wait(f"See {CITE}", "the citation in the text")
    tmux.keys("-l", " here")
    tmux.keys("Escape", ":wq", "Enter")
    saved(tmp_path / "text.tex", f"See {CITE} here\n", tmux)
    assert "@misc{diaz2022sparsegraphsspectra," in (tmp_path / "refs.bib").read_text()


def test_the_neovim_mapping(data: Path, tmp_path: Path, servers: list[Tmux]) -> None:
    (tmp_path / "init.lua").write_text(readme_block("lua") + "\n")
    tmux = tmux_for(servers, data)
    tmux.start(f"{tool('nvim')} --clean -n -u init.lua text.tex", tmp_path)
    tmux.wait("text.tex", "neovim")
    tmux.keys("i", "See  here", *["Left"] * 5, "C-x", "C-b")
    choose_sparse(tmux.screen, pane_keys(tmux))
    tmux.wait(f"See {CITE} here", "the citation in the text")
    tmux.keys("-l", "!")  # still in insert mode, after the citation
    tmux.keys("Escape", ":wq", "Enter")
    saved(tmp_path / "text.tex", f"See {CITE}! here\n", tmux)


def test_the_tmux_popup_binding(data: Path, tmp_path: Path, servers: list[Tmux]) -> None:
    config = tmp_path / "tmux.conf"
    config.write_text(readme_block("tmux") + "\n")
    tmux = tmux_for(servers, data, config)
    tmux.start("cat > typed.txt", tmp_path)
    client = tmux.attach()
    client.type("See ")
    tmux.wait("See", "the pane")
    client.type("\x02")  # the prefix, then the key: apart, or tmux takes them for a paste
    wait_for(lambda: tmux.run("display", "-p", "#{client_prefix}").strip() == "1", "the prefix",
             tmux.screen)  # fmt: skip
    client.type("C")
    choose_sparse(client.shown, client.type)
    tmux.wait(f"See {CITE}", "the citation typed into the pane")
    client.type("\r\x04")
    typed = tmp_path / "typed.txt"
    wait_for(lambda: typed.exists() and typed.read_text().endswith("\n"), "cat", tmux.screen)
    assert (tmp_path / "typed.txt").read_text() == f"See {CITE}\n"
