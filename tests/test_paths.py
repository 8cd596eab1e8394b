"""paths.read_regular: the one way the build opens a file of the tree, never through a link."""

from __future__ import annotations

import os

import pytest

from helpers import paths


def test_a_regular_file_is_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"1,114")
    assert (
        paths.read_regular(tmp_path / "a.txt") == b"1,114"
        and paths.file_kind(tmp_path / "a.txt") is None
    )


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda p: p.symlink_to("/etc/hostname"), "a symbolic link"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "a symbolic link"),
        (lambda p: p.mkdir(), "a folder"),
        (os.mkfifo, "a named pipe (FIFO)"),  # opening it to read would wait for a writer forever
    ],
)
def test_anything_but_a_regular_file_is_refused_before_it_is_opened(tmp_path, make, kind):
    path = tmp_path / "x"
    make(path)
    with pytest.raises(paths.NotAFile) as refused:
        paths.read_regular(path)
    assert refused.value.kind == kind == paths.file_kind(path)


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        paths.read_regular(tmp_path / "missing")
