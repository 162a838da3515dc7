"""Hostile files against the whole command line (issue 20): random, deep, huge and malformed
JSON as a session file and as a bundle, then ``lijst``, ``open``, ``export``, ``bundel`` and
``import`` in-process. Never a traceback, never a changed file, the healthy session always
listed: a bad file is "beschadigd" like any other, with one Dutch line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kaart_tui.bundle import read_bundle
from kaart_tui.cli import main
from kaart_tui.domain.model import Card, SessionInfo
from kaart_tui.store import DataFolder
from tests.conftest import DEMO_BUNDLE

DEMO_BUNDLE_BYTES = DEMO_BUNDLE.read_bytes()


def _demo_session_bytes() -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        with DataFolder(Path(folder)).create(read_bundle(DEMO_BUNDLE)) as store:
            return store.path.read_bytes()


DEMO_SESSION_BYTES = _demo_session_bytes()


# -- hostile JSON -----------------------------------------------------------------------------
def deep(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_object(depth: int = 100_000) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def in_session(value: bytes) -> bytes:
    """A session file whose schema version is ``value``."""
    return b'{"meta": {"1": {"schema_version": ' + value + b'}}, "session": {}}'


def in_bundle(value: bytes) -> bytes:
    return b'{"format": "kaart-bundle", "version": ' + value + b"}"


def replace_first(seed: bytes, old: bytes, new: bytes) -> bytes:
    return seed.replace(old, new, 1)


HUGE_INT = b"9" * 5_000
FIXED: dict[str, tuple[bytes, bytes]] = {
    # name: (as a session file, as a bundle)
    "diep-lijst": (deep(), deep()),
    "diep-object": (deep_object(), deep_object()),
    "diep-in-sessie": (in_session(deep()), in_bundle(deep())),
    "groot-getal": (in_session(HUGE_INT), in_bundle(HUGE_INT)),
    "groot-getal-in-tekst": (replace_first(DEMO_SESSION_BYTES, b'"schema_version":2',
                                           b'"schema_version":2, "x": ' + HUGE_INT),
                             replace_first(DEMO_BUNDLE_BYTES, b'"version": 2',
                                           b'"version": 2, "x": ' + HUGE_INT)),
    "infinity": (in_session(b"Infinity"), in_bundle(b"Infinity")),
    "nan": (in_session(b"NaN"), in_bundle(b"-Infinity")),
    "lange-tekst": (b'{"meta": "' + b"x" * 10_000_000 + b'"}',
                    b'{"format": "' + b"x" * 10_000_000 + b'"}'),
    "bom": (b"\xef\xbb\xbf" + DEMO_SESSION_BYTES, b"\xef\xbb\xbf" + DEMO_BUNDLE_BYTES),
    "afgebroken": (DEMO_SESSION_BYTES[: len(DEMO_SESSION_BYTES) // 2],
                   DEMO_BUNDLE_BYTES[: len(DEMO_BUNDLE_BYTES) // 2]),
    "leeg": (b"", b""),
    "geen-utf8": (b'{"meta": "\xff\xfe"}', b'{"format": "\xff\xfe"}'),
}


def with_surrogate(seed: bytes, position: int) -> bytes:
    """The seed with one of its string values replaced by an escaped lone surrogate."""
    text = seed.decode("utf-8")
    quotes = [i for i, c in enumerate(text) if c == '"']
    # Values follow '": "'; pick one of them by position.
    starts = [i for i in quotes if text[i - 2: i] == ": " or text[i - 1: i] == ":"]
    if not starts:
        return seed
    start = starts[position % len(starts)]
    end = text.index('"', start + 1)
    return (text[: start + 1] + "\\ud800" + text[start + 1: end] + text[end:]).encode()


def with_surrogate_in_text(seed: bytes, position: int) -> bytes:
    """The seed with a lone surrogate escaped into one free text (an entry, a title): a
    file that is valid JSON and a valid session or bundle, apart from that character."""
    text = seed.decode("utf-8")
    starts = [m.end() for m in re.finditer(r'"(text|title|name)": ?"', text)]
    start = starts[position % len(starts)]
    return (text[:start] + "\\ud800" + text[start:]).encode()


def random_json() -> st.SearchStrategy[bytes]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | \
        st.text(max_size=20)
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) |
                          st.dictionaries(st.text(max_size=10), inner, max_size=4),
                          max_leaves=20)
    return values.map(lambda v: json.dumps(v).encode())


def mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    size = len(seed)
    return st.one_of(
        st.integers(0, size - 1).map(lambda n: seed[:n]),  # truncated
        st.integers(0, 10_000).map(lambda n: with_surrogate(seed, n)),
        st.integers(0, 10_000).map(lambda n: with_surrogate_in_text(seed, n)),
        st.tuples(st.integers(0, size - 1), st.binary(min_size=1, max_size=4))
        .map(lambda t: seed[: t[0]] + t[1] + seed[t[0] + len(t[1]):]),  # bytes flipped
        st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e999", HUGE_INT])
        .map(lambda bad: seed.replace(b"2", bad, 1)),
        random_json(),
    )


# -- running the command line -----------------------------------------------------------------
class _NoApp:
    """Stands in for the Textual app: ``kaart open`` opens and loads the session as usual
    (a refusal is a message on the terminal before any screen), then returns at once."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def run(self) -> None:
        pass


@pytest.fixture
def no_app(monkeypatch):
    import kaart_tui.app

    monkeypatch.setattr(kaart_tui.app, "KaartApp", _NoApp)
    monkeypatch.setattr(kaart_tui.app, "tune_collector", lambda: None)


def kaart(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code == 0:
        return code, out
    assert code == 1, (args, code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaart: "), (args, err)
    return code, out


def check_every_command(root: Path, session: bytes, bundle: bytes, capsys) -> None:
    """A healthy session and a hostile one side by side; every command on both files."""
    with DataFolder(root).create(Card(SessionInfo.create("Gezond", "Team"))):
        pass
    hostile = root / "sessions" / "vijand.json"
    hostile.write_bytes(session)
    bundle_file = root / "vijand-bundle.json"
    bundle_file.write_bytes(bundle)
    out_dir = root / "uit"
    out_dir.mkdir()

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAART_DATA_DIR", str(root))
        code, out = kaart(capsys, "lijst")
        assert code == 0 and "gezond" in out and "vijand" in out
        kaart(capsys, "open", "vijand")
        kaart(capsys, "export", "vijand", "-o", f"{out_dir}/")
        kaart(capsys, "bundel", "vijand", "-o", str(out_dir))
        kaart(capsys, "import", str(bundle_file))
        code, out = kaart(capsys, "lijst")
        assert code == 0 and "gezond" in out and "vijand" in out

    assert hostile.read_bytes() == session
    assert bundle_file.read_bytes() == bundle


@pytest.mark.parametrize("name", list(FIXED))
def test_a_fixed_hostile_file_breaks_no_command(name: str, tmp_path: Path, capsys,
                                                no_app) -> None:
    session, bundle = FIXED[name]
    check_every_command(tmp_path, session, bundle, capsys)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(session=mutations(DEMO_SESSION_BYTES), bundle=mutations(DEMO_BUNDLE_BYTES))
@example(session=DEMO_SESSION_BYTES, bundle=DEMO_BUNDLE_BYTES)  # every command succeeds
@example(session=with_surrogate_in_text(DEMO_SESSION_BYTES, 3),
         bundle=with_surrogate_in_text(DEMO_BUNDLE_BYTES, 3))
def test_a_random_hostile_file_breaks_no_command(session: bytes, bundle: bytes,
                                                 tmp_path_factory, capsys, no_app) -> None:
    check_every_command(tmp_path_factory.mktemp("fuzz"), session, bundle, capsys)


@pytest.mark.parametrize("position", [0, 3, 40])
def test_a_lone_surrogate_in_a_text_is_cleaned_and_every_command_works(
        position: int, tmp_path: Path, capsys, no_app) -> None:
    session = with_surrogate_in_text(DEMO_SESSION_BYTES, position)
    bundle = with_surrogate_in_text(DEMO_BUNDLE_BYTES, position)
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "vijand.json").write_bytes(session)
    (tmp_path / "b.json").write_bytes(bundle)
    out_dir = tmp_path / "uit"
    out_dir.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAART_DATA_DIR", str(tmp_path))
        for args in (["open", "vijand"], ["export", "vijand", "-o", f"{out_dir}/"],
                     ["bundel", "vijand", "-o", str(out_dir)], ["import", str(tmp_path / "b.json")],
                     ["lijst"]):
            assert kaart(capsys, *args)[0] == 0, args
    assert (tmp_path / "sessions" / "vijand.json").read_bytes() == session
    written = [out_dir / "vijand.json", *(tmp_path / "sessions").glob("uitvoeringsteam*.json")]
    assert len(written) == 2
    for path in written:
        assert b"\\ud800" not in path.read_bytes(), path
