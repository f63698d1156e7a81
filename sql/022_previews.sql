-- Previews (docs/previews.md): made by parvis-previewer from an outbox,
-- once per blob content, whatever the number of files that share it.
--
-- A preview row per blob and page: page 0 is the thumbnails (small, a
-- 256 px box, and large, a 1600 px box), page n >= 1 is page n of a PDF or
-- of an office document converted to PDF, made on demand. The images are
-- under var/previews/ab/cd/<sha256>-small.webp, -large.webp, -p<n>.webp
-- (and <sha256>.pdf, an office document's conversion); rows and files go
-- with the blob.
CREATE TABLE previews (
  sha256          CHAR(64) NOT NULL,
  page            INT UNSIGNED NOT NULL,
  status          ENUM('ready','failed') NOT NULL,
  reason          VARCHAR(255) CHARACTER SET utf8mb4 NULL,   -- why it failed
  kind            VARCHAR(16) NOT NULL DEFAULT '',           -- image, pdf, video, text, office
  pages           INT UNSIGNED NOT NULL DEFAULT 0,           -- a document's pages (page 0's row)
  ms              INT UNSIGNED NOT NULL DEFAULT 0,           -- how long it took
  made_at         DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (sha256, page),
  CONSTRAINT previews_blob_fk FOREIGN KEY (sha256) REFERENCES blobs (sha256) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The outbox: a row written in the same transaction as a new file version
-- (thumbnails), or by a request for a preview not made yet (priority 1).
-- One row per blob and page at a time; the previewer deletes it once the
-- preview's row is committed, so a replay finds the row and does nothing.
CREATE TABLE preview_queue (
  seq             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  sha256          CHAR(64) NOT NULL,
  page            INT UNSIGNED NOT NULL DEFAULT 0,
  priority        TINYINT UNSIGNED NOT NULL DEFAULT 0,
  attempts        TINYINT UNSIGNED NOT NULL DEFAULT 0,       -- started, for a file that kills the previewer
  queued_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY preview_queue_what (sha256, page),
  KEY preview_queue_order (priority, seq),
  CONSTRAINT preview_queue_blob_fk FOREIGN KEY (sha256) REFERENCES blobs (sha256) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
