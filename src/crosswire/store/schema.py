"""SQLite schema and its migrations.

The database file is part of crosswire's interface: users open it with sqlite3,
datasette or pandas, so table and column names are chosen to read well there.
Each entry of MIGRATIONS moves the schema one version up; never edit a shipped one,
append a new one.
"""
from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles and what text analysis found in them
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        source TEXT,
        url TEXT,
        outlet TEXT,
        title TEXT,
        text TEXT NOT NULL,
        published TEXT,                 -- ISO cut to its precision: '2022-11', '2022-11-11'
        date_precision TEXT CHECK (date_precision IN ('year', 'month', 'day', 'time')),
        published_start TEXT,           -- earliest instant the published value allows
        published_end TEXT,             -- latest instant it allows ('2022-11' -> '2022-11-30T23:59:59')
        language TEXT,
        language_confidence REAL,
        dateline TEXT,                  -- JSON
        metadata TEXT NOT NULL DEFAULT '{}',
        ingested_at TEXT NOT NULL,
        seq INTEGER NOT NULL            -- ingestion order, for streaming consumers
    );
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_published ON articles(published_start);
    CREATE INDEX articles_language ON articles(language);
    CREATE UNIQUE INDEX articles_seq ON articles(seq);
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE boilerplate (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE embeddings (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,           -- float32, little endian, L2-normalised
        PRIMARY KEY (article_id, model)
    ) WITHOUT ROWID;
    CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        line INTEGER,
        field TEXT,
        error TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (source, line, field, error)
    );
    """,
    # web sources (crosswire.ingest.watch): feed polling state, pages seen, page revisions.
    # No foreign keys to articles: an 'updated' upsert deletes and re-inserts the row, which
    # would cascade away the history this keeps.
    """
    CREATE TABLE feed_state (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_fetch TEXT,                -- UTC ISO, when it was last asked
        last_success TEXT,
        last_status INTEGER,            -- HTTP status of the last answer (304 = not modified)
        last_error TEXT,
        errors INTEGER NOT NULL DEFAULT 0,  -- consecutive failures; reset by a success
        not_before TEXT,                -- backing off after failures: skip until then
        fetches INTEGER NOT NULL DEFAULT 0,
        items INTEGER NOT NULL DEFAULT 0    -- items in the last feed read
    );
    CREATE TABLE web_pages (
        url TEXT PRIMARY KEY,           -- the item link as the feed gives it
        feed_url TEXT,
        article_id TEXT NOT NULL,       -- latest version
        first_id TEXT NOT NULL,         -- first version; later ones are first_id-r2, -r3, ...
        revision INTEGER NOT NULL DEFAULT 1,
        content_hash TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        first_seen TEXT NOT NULL,
        last_checked TEXT NOT NULL,
        last_changed TEXT NOT NULL
    );
    CREATE INDEX web_pages_feed ON web_pages(feed_url, first_seen);
    CREATE TABLE article_revisions (
        article_id TEXT PRIMARY KEY,    -- the new version
        revision_of TEXT NOT NULL,      -- the version it replaces
        url TEXT,
        revision INTEGER NOT NULL,
        detected_at TEXT NOT NULL
    );
    CREATE INDEX article_revisions_of ON article_revisions(revision_of);
    """,
    # crosswire.link: version groups, stories, relations with evidence, user corrections,
    # keyword search, and what the linker needs to resume (signatures, candidate edges).
    """
    CREATE TABLE version_groups (
        id TEXT PRIMARY KEY,
        story TEXT,
        original TEXT,                  -- article id of the earliest version (provenance root)
        size INTEGER NOT NULL,
        languages TEXT NOT NULL,        -- JSON list
        first_seen TEXT,                -- earliest published_start of a member
        last_seen TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX version_groups_story ON version_groups(story);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,                     -- title of the earliest original
        groups INTEGER NOT NULL,
        size INTEGER NOT NULL,
        languages TEXT NOT NULL,        -- JSON list
        first_seen TEXT,
        last_seen TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_first_seen ON stories(first_seen);
    CREATE TABLE memberships (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version_group TEXT NOT NULL,
        story TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX memberships_group ON memberships(version_group);
    CREATE INDEX memberships_story ON memberships(story);
    CREATE TABLE relations (
        a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        type TEXT NOT NULL CHECK (type IN ('exact', 'near_duplicate', 'translation', 'same_story')),
        score REAL NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}',   -- JSON: shared figures, names, dates, urls, coverage...
        created_at TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX relations_b ON relations(b);
    CREATE TABLE corrections (
        a TEXT NOT NULL,                -- no foreign key: a correction outlives re-ingestion
        b TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'unlink')),
        level TEXT NOT NULL CHECK (level IN ('version', 'story')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (a, b, level)
    ) WITHOUT ROWID;
    CREATE TABLE link_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        day TEXT,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL              -- JSON signature: features, sentence hashes
    ) WITHOUT ROWID;
    CREATE INDEX link_signatures_day ON link_signatures(day, seq);
    CREATE TABLE link_edges (
        a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,             -- translation | story: candidates, kept to re-cluster
        score REAL NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX link_edges_b ON link_edges(b);
    CREATE TABLE link_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    -- keyed by seq, not rowid: seq never changes for a stored row, rowids may after VACUUM
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, seq ON articles BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO article_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    INSERT INTO article_fts(article_fts) VALUES ('rebuild');
    """,
    # 4: a watched page's later version (article_revisions) is a relation too, type 'revision':
    # the same text, edited by its own source, so it belongs to the same version group.
    # SQLite cannot change a CHECK in place: the table is rebuilt, rows kept, and the
    # revisions already recorded are added.
    """
    CREATE TABLE relations_v4 (
        a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        type TEXT NOT NULL CHECK (type IN ('exact', 'near_duplicate', 'translation', 'same_story', 'revision')),
        score REAL NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    INSERT INTO relations_v4 (a, b, type, score, evidence, created_at)
        SELECT a, b, type, score, evidence, created_at FROM relations;
    DROP TABLE relations;
    ALTER TABLE relations_v4 RENAME TO relations;
    CREATE INDEX relations_b ON relations(b);
    INSERT OR IGNORE INTO relations (a, b, type, score, evidence, created_at)
        SELECT r.revision_of, r.article_id, 'revision', 1.0,
               json_object('revision', r.revision, 'url', r.url), r.detected_at
        FROM article_revisions r
        WHERE EXISTS (SELECT 1 FROM articles WHERE id = r.revision_of)
          AND EXISTS (SELECT 1 FROM articles WHERE id = r.article_id)
          AND NOT EXISTS (SELECT 1 FROM relations x WHERE x.a = r.article_id AND x.b = r.revision_of);
    """,
    # issue 13: many writers on one database. One process at a time extends the link state;
    # this row names it (crosswire.store.lease). The link state's change counter, 'epoch' in
    # link_state, tells a linker that another process linked since it last looked.
    """
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,          -- what the lease is for: 'link'
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started TEXT NOT NULL,          -- the pid's start time: a recycled pid is someone else
        heartbeat REAL NOT NULL         -- unix time of the holder's last write
    );
    """,
    # issue 18: a headline matches headlines: search scores the query against each article's
    # title vector beside its title+lead vector (releases-dev, headline queries: hit@1 0.80 on
    # lead vectors, 0.95 on title vectors).  Kept apart from ``embeddings`` so that nothing
    # reading article vectors by model sees them.  Filled at ingest and, for older rows, on the
    # first search.
    """
    CREATE TABLE title_vectors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,           -- int8 + float32 scale (store.compact.pack_vector)
        PRIMARY KEY (article_id, model)
    ) WITHOUT ROWID;
    """,
    # issue 17: alerts (webhooks for a query or a story) and their outbox. One outbox row per
    # (alert, article, content): re-ingesting the same text enqueues nothing, and a row is claimed
    # by one deliverer at a time (status 'sending' with a lease), so nothing is sent twice.
    # No foreign key to articles: an 'updated' upsert deletes and re-inserts the article row, and
    # a delivery record must outlive that.
    """
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        webhook TEXT NOT NULL,
        query TEXT,                     -- words that must all occur (title or text), or NULL
        story TEXT,                     -- the story id, version group or article id the user gave
        anchor TEXT,                    -- an article of that story: stories merge and get new ids, an
                                        -- article's current story (memberships) is what a story alert follows
        allow_private INTEGER NOT NULL DEFAULT 0,   -- the webhook may be on loopback / a private network
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        CHECK ((query IS NULL) <> (story IS NULL))
    );
    CREATE TABLE alert_outbox (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        payload TEXT NOT NULL,          -- JSON body of the POST, built when the article was stored
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try TEXT NOT NULL,         -- UTC ISO: not retried before then (exponential backoff)
        lease_until TEXT,               -- while 'sending': after this a crashed sender's claim lapses
        last_status INTEGER,            -- HTTP status of the last answer
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        UNIQUE (alert_id, article_id, content_hash)
    );
    CREATE INDEX alert_outbox_due ON alert_outbox(status, next_try);
    -- 'scanned_seq': articles up to this seq were checked against the alerts; a run that stored
    -- articles and died before checking them is caught up by the next one
    CREATE TABLE alert_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    """,
    # issue 15: nothing stored twice, compact vectors and signatures.  On pickups-dev the
    # database was 6.9x its input: sentence and boilerplate texts repeated articles.text (now
    # offsets only, per article, and views of the old names slice the text back out); float32
    # vectors and JSON signatures in WITHOUT ROWID tables spilled past the ~1,000-byte local
    # limit onto overflow pages, mostly empty (now int8 vectors, zlib signatures in a rowid
    # table).  cw_pack_vector / cw_pack_json are registered by crosswire.store.compact.
    """
    CREATE TABLE article_spans (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        sentences TEXT NOT NULL,        -- JSON [[start, end, paragraph], ...] into articles.text
        boilerplate TEXT                -- JSON [[start, end, kind], ...]; NULL when none
    );
    INSERT INTO article_spans (article_id, sentences, boilerplate)
        SELECT a.id,
               COALESCE((SELECT json_group_array(json_array(s.start, s."end", s.paragraph))
                         FROM (SELECT * FROM sentences WHERE article_id = a.id ORDER BY idx) s), '[]'),
               (SELECT json_group_array(json_array(b.start, b."end", b.kind))
                FROM (SELECT * FROM boilerplate WHERE article_id = a.id ORDER BY idx) b
                HAVING COUNT(*) > 0)
        FROM articles a;
    DROP TABLE sentences;
    DROP TABLE boilerplate;
    CREATE VIEW sentences AS
        SELECT s.article_id, CAST(j.key AS INTEGER) AS idx,
               substr(a.text, json_extract(j.value, '$[0]') + 1,
                      json_extract(j.value, '$[1]') - json_extract(j.value, '$[0]')) AS text,
               json_extract(j.value, '$[0]') AS start, json_extract(j.value, '$[1]') AS "end",
               json_extract(j.value, '$[2]') AS paragraph
        FROM article_spans s JOIN articles a ON a.id = s.article_id, json_each(s.sentences) j;
    CREATE VIEW boilerplate AS
        SELECT s.article_id, CAST(j.key AS INTEGER) AS idx,
               substr(a.text, json_extract(j.value, '$[0]') + 1,
                      json_extract(j.value, '$[1]') - json_extract(j.value, '$[0]')) AS text,
               json_extract(j.value, '$[0]') AS start, json_extract(j.value, '$[1]') AS "end",
               json_extract(j.value, '$[2]') AS kind
        FROM article_spans s JOIN articles a ON a.id = s.article_id, json_each(s.boilerplate) j
        WHERE s.boilerplate IS NOT NULL;
    UPDATE embeddings SET vector = cw_pack_vector(vector, dim);   -- int8 + scale (store.compact)
    CREATE TABLE link_signatures_v5 (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        day TEXT,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL              -- zlib-compressed JSON signature (store.compact.unpack_json)
    );
    INSERT INTO link_signatures_v5 (article_id, day, seq, data)
        SELECT article_id, day, seq, cw_pack_json(data) FROM link_signatures;
    DROP TABLE link_signatures;
    ALTER TABLE link_signatures_v5 RENAME TO link_signatures;
    CREATE INDEX link_signatures_day ON link_signatures(day, seq);
    """,
    # issue 15, second part: nothing stored twice, nothing kept that no query reads.  On
    # pickups-dev (default embedder) the database was 87.5 MB = 3.05x its input.  A signature's
    # title and lead words repeat articles.title and the opening of articles.text (a third of
    # link_signatures' bytes): rows now leave them out and the linker reads them from the
    # article (crosswire.link.store, Signature.to_row(text=False)).  No query looks articles up
    # by content_hash (the skip check goes by id), so its index goes.  'optimize' merges the
    # full-text index's segments into one, which drops the term lists repeated across them
    # (15.3 -> 14.6 MB).  The file keeps its size until VACUUM (freed pages are reused first):
    # 87.5 MB migrated and vacuumed is 80.1 MB.  Not done after each ingest: the merged
    # segment is written before the old ones are freed, and a fresh file grew by 4 MB.
    """
    DROP INDEX IF EXISTS articles_content_hash;
    UPDATE link_signatures SET data = cw_pack_json(json_remove(cw_unpack_json(data), '$.title', '$.lead'))
        WHERE EXISTS (SELECT 1 FROM articles a WHERE a.id = link_signatures.article_id);
    INSERT INTO article_fts(article_fts) VALUES ('optimize');
    """,
]
