"""Coverage-guided fuzzing of the web parsers with atheris (optional: ``pip install atheris``).

    PYTHONPATH=src:tests python tests/webfixtures/atheris_fuzz.py feed -max_total_time=300
    PYTHONPATH=src:tests python tests/webfixtures/atheris_fuzz.py warc -max_total_time=300
    PYTHONPATH=src:tests python tests/webfixtures/atheris_fuzz.py page -max_total_time=300

Anything but InputError escaping a target is a crash, and libFuzzer saves the input that caused it.
"""
from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    import feedparser  # noqa: F401 - instrumented so coverage guides the search inside it
    import warcio  # noqa: F401

from crosswire.errors import InputError
from crosswire.ingest import ReadOptions
from crosswire.ingest.feeds import parse_feed
from crosswire.ingest.mime import decode_html
from crosswire.ingest.page import article_from_page
from crosswire.ingest.warc import read_warc

_WARC = os.path.join(tempfile.mkdtemp(prefix="cw-atheris-"), "f.warc")


def feed(data: bytes) -> None:
    try:
        parse_feed(data, "http://news.example/feed.xml")
    except InputError:
        pass


def warc(data: bytes) -> None:
    with open(_WARC, "wb") as fh:
        fh.write(data)
    try:
        for _ in read_warc(_WARC, ReadOptions()):
            pass
    except InputError:
        pass


def page(data: bytes) -> None:
    try:
        article_from_page(decode_html(data, None, "p"), "p")
    except InputError:
        pass


if __name__ == "__main__":
    target = {"feed": feed, "warc": warc, "page": page}[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
