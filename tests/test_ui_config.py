from __future__ import annotations

from pathlib import Path

from papertui.config import load_config, load_prefs, save_prefs, update_prefs


def test_missing_config_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config.keymap == {} and config.problems == ()


def test_keymap_and_theme(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\n[keys]\n"list.down" = "n, down"\n"app.quit" = ["ctrl+q"]\n"bad" = 3\n'
    )
    config = load_config(path)
    assert config.theme == "nord"
    assert config.keymap == {"list.down": "n,down", "app.quit": "ctrl+q"}
    assert any("bad" in p for p in config.problems)


def test_broken_config_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = ")
    assert load_config(path).problems


def test_prefs_round_trip_atomic(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "ui-state.json"
    save_prefs({"theme": "papertui-light"}, path)
    assert load_prefs(path) == {"theme": "papertui-light"}
    update_prefs(path, other=1)
    assert load_prefs(path) == {"theme": "papertui-light", "other": 1}
    assert [p.name for p in path.parent.iterdir()] == ["ui-state.json"]  # no temp left
    path.write_text("{broken")
    assert load_prefs(path) == {}


def test_an_invalid_key_and_unknown_settings_are_reported_and_defaults_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'them = "nord"\n[reader]\nmark_read_aftr = 2\n[keys]\n'
        '"list.down" = "j,notakey+++"\n"app.quit" = "ctrl+q"\n'
    )
    config = load_config(path)
    assert config.keymap == {"app.quit": "ctrl+q"}  # list.down keeps its default keys
    assert "[keys] list.down: 'notakey+++' is not a key" in config.problems[0]
    assert set(config.problems[1:]) == {
        "unknown setting 'them' (ignored)",
        "unknown setting 'reader.mark_read_aftr' (ignored)",
    }
