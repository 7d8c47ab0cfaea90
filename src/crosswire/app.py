"""The Python API: ``crosswire.open(path)`` returns a :class:`Crosswire` whose methods mirror the CLI."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import Article
from .embed import DEFAULT_EMBEDDER
from .errors import InputError
from .ingest import ReadOptions, read_paths
from .pipeline import Step, batched, run_steps
from .store import SQLiteStore

ProgressFn = Callable[[int], None]
NoticeFn = Callable[[str], None]
log = logging.getLogger("crosswire")


@dataclass
class IngestReport:
    """What one ingest did; ``ok`` is False when any input was refused."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    ids: list[str] = field(default_factory=list)
    link_summary: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def read(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "errors": [e.to_dict() for e in self.errors], "seconds": round(self.seconds, 3),
                "docs_per_second": round(self.read / self.seconds, 1) if self.seconds else None,
                "link": self.link_summary}


class Crosswire:
    """One database and the components that fill and read it."""

    def __init__(self, path: str | Path = "crosswire.db", *, embedder: str | None = DEFAULT_EMBEDDER,
                 read_only: bool = False) -> None:
        self.path = str(path)
        self.store = SQLiteStore(path, read_only=read_only)
        self.embedder_name = embedder

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Crosswire:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- components -----------------------------------------------------------------------
    def embedder(self) -> Any:
        from .embed import get_embedder

        if not self.embedder_name:
            return None
        # one instance per database handle: a search per query must not load the model again
        held = self.__dict__.get("_embedder")
        if held is None or held[0] != self.embedder_name:
            held = self.__dict__["_embedder"] = (self.embedder_name, get_embedder(self.embedder_name))
        return held[1]

    def analysis_steps(self, *, embed: bool = True) -> list[Step]:
        """The steps ``ingest`` and ``batch`` share, after reading."""
        from .text import Analyser

        steps: list[Step] = [Analyser()]
        embedder = self.embedder() if embed else None
        if embedder is not None:
            steps.append(embedder)
        return steps

    def _analysed(self, articles: Iterable[Article], *, embed: bool, link: bool,
                  workers: int | None) -> Iterator[Article]:
        """Text analysis (and the linker's signature) in worker processes: stateless, picklable
        steps; an embedder there too when it is cheap (``in_workers``), else here, one model in
        one process."""
        from .parallel import run_steps_parallel

        text_step, *model_steps = self.analysis_steps(embed=embed)
        process_steps: list[Step] = [text_step]
        if model_steps and getattr(model_steps[0], "in_workers", False):
            process_steps.append(model_steps.pop(0))
        if link:
            from .link.signature import Signer

            process_steps.append(Signer())
        return run_steps(run_steps_parallel(articles, process_steps, workers=workers), model_steps)

    def linker(self, notice: NoticeFn | None = None) -> Any:
        """The database's linker; ``notice`` hears when it waits for another process's."""
        from .link import Linker

        return Linker(self.store, embedder=self.embedder_name, notice=notice)

    # ---- ingest -----------------------------------------------------------------------------
    def ingest(self, paths: str | Path | Iterable[str | Path], *, embed: bool = True, link: bool = True,
               batch_size: int = 64, progress: ProgressFn | None = None, workers: int | None = None,
               notice: NoticeFn | None = None, allow_private: bool = False) -> IngestReport:
        """Read files/folders/JSONL/HTML, analyse, embed, store and link them; idempotent.

        ``workers``: processes that analyse text ahead of storing and linking (default: one
        per core beyond the first, at most 4; 0 analyses in this process). Other processes
        may write the same database meanwhile; ``notice`` hears when this one waits for them.
        ``allow_private`` lets URLs among ``paths`` reach loopback/LAN addresses."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        report = IngestReport()
        options = ReadOptions(on_error=lambda e: (report.errors.append(e), self.store.record_error(e)),
                              allow_private=allow_private)
        return self.ingest_articles(read_paths(paths, options), embed=embed, link=link, batch_size=batch_size,
                                    progress=progress, report=report, workers=workers, notice=notice)

    def ingest_articles(self, articles: Iterable[Article], *, embed: bool = True, link: bool = True,
                        batch_size: int = 64, progress: ProgressFn | None = None,
                        report: IngestReport | None = None, workers: int | None = None,
                        notice: NoticeFn | None = None) -> IngestReport:
        report = report or IngestReport()
        started = time.perf_counter()
        linker = self.linker(notice) if link else None
        stored: list[str] = []
        try:
            fresh = self._skip_unchanged(articles, report, progress)
            analysed = self._analysed(fresh, embed=embed, link=linker is not None, workers=workers)
            for batch in batched(analysed, batch_size):
                results = self.store.upsert(batch)
                changed = []
                for article, (article_id, status) in zip(batch, results):
                    setattr(report, status, getattr(report, status) + 1)
                    report.ids.append(article_id)
                    if status != "unchanged":
                        changed.append(article)
                        stored.append(article_id)
                if linker is not None and changed:
                    linker.add(changed)
                if embed and changed and self.embedder_name:
                    from .link.search_vectors import fill_title_vectors

                    fill_title_vectors(self.store, self.embedder(), [a.id for a in changed])
                if progress:
                    progress(len(batch))
            if linker is not None:
                report.link_summary = linker.finish()
        finally:
            if linker is not None:
                linker.close()  # the link lease goes back before alerts compare and send
        self.store.compact_after(len(stored))   # a bulk load only (store.sqlite.BULK_SHARE)
        self.notify_alerts(stored)
        report.seconds = time.perf_counter() - started
        return report

    def _skip_unchanged(self, articles: Iterable[Article], report: IngestReport,
                        progress: ProgressFn | None) -> Iterator[Article]:
        """Already-stored identical articles skip analysis and embedding entirely (fast re-runs)."""
        for article in articles:
            if self.store.status_of(article.id, article.content_hash) == "unchanged":
                report.unchanged += 1
                report.ids.append(article.id)
                if progress:
                    progress(1)
                continue
            yield article

    # ---- read ---------------------------------------------------------------------------------
    def articles(self, *, language: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int | None = None, offset: int = 0, outlet: str | None = None) -> list[Article]:
        """Articles by date; ``outlet`` keeps those whose outlet or wire name contains it (any case)."""
        return self.store.articles(language=language, since=since, until=until, limit=limit, offset=offset,
                                   outlet=outlet)

    def article(self, article_id: str) -> Article:
        return self.store.get(article_id)

    # ---- web sources ----------------------------------------------------------------------------
    def ingest_web(self, urls: str | Iterable[str], *, allow_private: bool = False, embed: bool = True,
                   link: bool = True) -> IngestReport:
        """Pages and feeds (every item's page) by URL; ``allow_private`` lets them reach loopback/LAN."""
        from .ingest.fetch import Fetcher, FetchOptions
        from .ingest.web import read_url

        report = IngestReport()

        def sink(error: InputError) -> None:
            report.errors.append(error)
            self.store.record_error(error)

        options = ReadOptions(on_error=sink)

        def read(fetcher: Fetcher) -> Iterator[Article]:
            for url in [urls] if isinstance(urls, str) else urls:
                try:
                    yield from read_url(url, options, fetcher=fetcher)
                except InputError as exc:
                    options.on_error(exc)

        with Fetcher(FetchOptions(allow_private=allow_private)) as fetcher:
            return self.ingest_articles(read(fetcher), embed=embed, link=link, report=report)

    def watcher(self, feeds: Iterable[str], *, allow_private: bool = False, **kwargs: Any) -> Any:
        """A :class:`crosswire.ingest.watch.Watcher`: ``.round()`` polls every feed once."""
        from .ingest.fetch import FetchOptions
        from .ingest.watch import Watcher

        kwargs.setdefault("fetch_options", FetchOptions(allow_private=allow_private))
        return Watcher(self, feeds, **kwargs)

    def feed_states(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.store.conn.execute("SELECT * FROM feed_state ORDER BY url")]

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        """Versions of the watched page ``article_id`` belongs to, oldest first ([] when not watched)."""
        from .ingest.watch import revisions_of

        return revisions_of(self.store.conn, article_id)

    # ---- link and stories -----------------------------------------------------------------------
    def stories(self, *, since: str | None = None, until: str | None = None, language: str | None = None,
                limit: int | None = None, offset: int = 0, outlet: str | None = None) -> list[dict[str, Any]]:
        """Stories, newest first: version groups that report one event, across languages; ``outlet``
        keeps those with a version from an outlet or wire whose name contains it."""
        from .link.views import stories

        return stories(self.store, since=since, until=until, language=language, limit=limit, offset=offset,
                       outlet=outlet)

    def story(self, story_id: str) -> dict[str, Any]:
        """One story (by story, version group or article id): versions by language, timeline,
        outlets, provenance and the relations with their evidence.  Raises NotFound."""
        from .link.views import story

        return story(self.store, story_id)

    def search(self, query: str, *, limit: int = 10, languages: list[str] | None = None,
               near: str | None = None) -> list[dict[str, Any]]:
        """Stories whose versions say what ``query`` says, in any language, best first; each
        result says which articles matched by vector or keyword, in which language.  Quoted
        phrases ("…") must be in a version; ``languages`` keeps articles in those only; ``near``
        (YYYY-MM-DD, when the text the query comes from appeared) ranks stories of that time
        first among equals.  Raises ValueError for a ``near`` that is no date."""
        from .link.search import search

        return search(self.store, query, embedder=self.embedder(), limit=limit, languages=languages, near=near)

    def link(self, a: str, b: str, *, level: str = "version", notice: NoticeFn | None = None) -> dict[str, Any]:
        """Must-link two articles (same version group, or same story with ``level='story'``); kept."""
        from .link.corrections import correct

        linker = self.linker(notice)
        try:
            return correct(linker, a, b, link=True, level=level)
        finally:
            linker.close()

    def unlink(self, a: str, b: str, *, level: str = "version", notice: NoticeFn | None = None) -> dict[str, Any]:
        """Cannot-link two articles; kept and respected by every later ingest."""
        from .link.corrections import correct

        linker = self.linker(notice)
        try:
            return correct(linker, a, b, link=False, level=level)
        finally:
            linker.close()

    # ---- alerts and pickup reports (issue 17) ------------------------------------------------------
    def notify_alerts(self, ids: list[str]) -> int:
        """After articles are stored and linked: enqueue the POSTs their alerts fire, then send
        what is due.  Every path that stores articles (ingest, watch, uploads, load) calls this."""
        from .alerts import deliver, has_active, notify_stored
        from .alerts.deliver import INLINE_BUDGET_SECONDS
        from .errors import MissingDependency

        if not has_active(self.store):
            return 0
        added = notify_stored(self.store, ids)
        deadline = time.monotonic() + INLINE_BUDGET_SECONDS
        try:
            while (left := deadline - time.monotonic()) > 0:  # a big ingest can fire more than one batch
                sent = deliver(self.store, budget=left)
                if not sent.sent or sent.failed:
                    break  # nothing more is due, or a hook is down: the rest waits for its next try
        except MissingDependency as exc:  # the outbox keeps the rows for a run that has httpx
            log.warning("alerts enqueued but not sent: %s", exc)
        return added

    def add_alert(self, webhook: str, *, query: str | None = None, story: str | None = None,
                  allow_private: bool = False) -> Any:
        """A webhook POSTed for every new article matching ``query`` or new version of ``story``."""
        from .alerts import add_alert

        return add_alert(self.store, webhook, query=query, story=story, allow_private=allow_private)

    def alerts(self, *, active_only: bool = False) -> list[Any]:
        from .alerts import list_alerts

        return list_alerts(self.store, active_only=active_only)

    def remove_alert(self, alert_id: int) -> dict[str, Any]:
        from .alerts import remove_alert

        return remove_alert(self.store, alert_id)

    def alert_deliveries(self, *, alert_id: int | None = None, status: str | None = None,
                         limit: int = 200) -> list[dict[str, Any]]:
        from .alerts import deliveries

        return deliveries(self.store, alert_id=alert_id, status=status, limit=limit)

    def alert_payload(self, delivery_id: int) -> dict[str, Any]:
        """The JSON body one outbox row POSTs (or POSTed)."""
        from .alerts import payload_of

        return payload_of(self.store, delivery_id)

    def deliver_alerts(self, *, force: bool = False) -> Any:
        """Check articles no run has checked yet, then send the outbox rows that are due
        (``force``: every pending one, backoff or not)."""
        from .alerts import deliver, notify_stored

        notify_stored(self.store, [])
        return deliver(self.store, force=force)

    def report(self, ident: str) -> dict[str, Any]:
        """Pickup report of an article (as the original) or a story: one row per version, totals."""
        from .report import pickup_report

        return pickup_report(self.store, ident)

    def export(self) -> list[dict[str, Any]]:
        """Every article: its input id, version group and story."""
        from .link.views import export

        return export(self.store)


def open(path: str | Path = "crosswire.db", **kwargs: Any) -> Crosswire:  # noqa: A001 - mirrors sqlite3.connect
    return Crosswire(path, **kwargs)
