"""The parsed CSS kept between starts: the next start parses nothing, and a file that
someone else could have written is never read (reading a pickle runs code)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from consent_app.css_cache import FILE_NAME, CssCache
from consent_app.textual_internals import ParseOnceStylesheet
from tests.support.first_frame import first_frame

CSS = "Label { color: red; }\n#cache-test { padding: 1 2; }"


def _parse_some_css() -> None:
    stylesheet = ParseOnceStylesheet(variables={})
    stylesheet.add_source(CSS, read_from=("test_css_cache.py", "CSS"))
    stylesheet.parse()


def _written(folder: Path) -> CssCache:
    _parse_some_css()
    cache = CssCache(folder)
    assert cache.save()
    return cache


def _rules_as_css() -> dict[tuple[object, ...], list[str]]:
    parsed = ParseOnceStylesheet.parsed()
    return {key: [rule.css for rule in rules] for key, rules in parsed.items()}


def _fresh_process_loads(folder: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """As a new process would: nothing parsed yet, then load."""
    monkeypatch.setattr(ParseOnceStylesheet, "_parsed", {})
    loaded = CssCache(folder).load()
    assert loaded == bool(ParseOnceStylesheet.parsed())
    return loaded


def test_the_next_start_parses_no_css_and_draws_the_same() -> None:
    first = first_frame(keep_css=True)
    assert "Button.DEFAULT_CSS" in " ".join(first.parsed)
    cache = Path(os.environ["XDG_CACHE_HOME"], "notes-client", FILE_NAME)
    assert cache.stat().st_mode & 0o777 == 0o600
    assert cache.parent.stat().st_mode & 0o777 == 0o700
    second = first_frame()
    assert second.parsed == {}
    # The same widgets (a repr lists classes in no fixed order).
    assert _kinds(second.styled) == _kinds(first.styled)


def _kinds(styled: list[tuple[str, int]]) -> list[str]:
    return [widget.split("(")[0] for widget, _ in styled]


def test_rules_read_back_are_the_rules_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written(tmp_path)
    before = _rules_as_css()
    assert _fresh_process_loads(tmp_path, monkeypatch)
    assert _rules_as_css() == before


def test_nothing_new_is_not_written_again(tmp_path: Path) -> None:
    cache = _written(tmp_path)
    assert not cache.save()


def test_a_file_others_may_write_to_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written(tmp_path)
    (tmp_path / FILE_NAME).chmod(0o620)
    assert not _fresh_process_loads(tmp_path, monkeypatch)


def test_a_folder_others_may_write_to_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written(tmp_path)
    tmp_path.chmod(0o777)
    assert not _fresh_process_loads(tmp_path, monkeypatch)
    assert not CssCache(tmp_path).save()  # nor written to


def test_a_file_of_another_user_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are this user's here; another uid for "this user" makes them someone else's."""
    _written(tmp_path)
    someone_else = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)
    assert not _fresh_process_loads(tmp_path, monkeypatch)


def test_links_are_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    _written(real)
    linked_folder = tmp_path / "linked-folder"
    linked_folder.symlink_to(real)
    assert not _fresh_process_loads(linked_folder, monkeypatch)
    linked_file = tmp_path / "linked-file"
    linked_file.mkdir(mode=0o700)
    (linked_file / FILE_NAME).symlink_to(real / FILE_NAME)
    assert not _fresh_process_loads(linked_file, monkeypatch)


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps(((0, "another Python", "0.1"), {})), pickle.dumps([1])],
)
def test_a_damaged_or_foreign_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    _written(tmp_path)
    (tmp_path / FILE_NAME).write_bytes(content)
    assert not _fresh_process_loads(tmp_path, monkeypatch)


def test_no_folder_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _fresh_process_loads(tmp_path / "missing", monkeypatch)


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    _parse_some_css()
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    cache = CssCache(not_a_folder)
    assert not cache.save()
    assert cache.saved.is_set()  # the app goes on as without a cache
