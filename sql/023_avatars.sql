-- People's photos and groups' images (docs/viewer.md « Avatars »): one row
-- per person or group that has one. The two sizes (64 and 256 px, square,
-- JPEG, metadata stripped) are blobs of the blob store, counted in
-- blobs.refs like file versions, removed with the account or the group.
-- `version`: the first characters of the large size's SHA-256, in the
-- URL (?v=) so that a browser may keep an image for a year.
CREATE TABLE avatars (
  owner_kind      ENUM('user','group') NOT NULL,
  owner_id        BIGINT UNSIGNED NOT NULL,
  version         CHAR(12) NOT NULL,
  sha_small       CHAR(64) NOT NULL,
  sha_large       CHAR(64) NOT NULL,
  mime            VARCHAR(32) NOT NULL,
  updated_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (owner_kind, owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
