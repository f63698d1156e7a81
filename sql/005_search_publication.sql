-- Search leaves posts that are not published now (scheduled, withdrawn)
-- and their comments out of hits, counts and facets alike; their documents
-- now carry their publication times, and the news the term its editors
-- see them by. The posts this concerns, and their comments, are indexed
-- again (the indexer takes them like any change).
INSERT INTO index_queue (entity_type, entity_id)
  SELECT 'post', id FROM posts WHERE publish_at > UTC_TIMESTAMP(3) OR unpublish_at IS NOT NULL OR group_id IS NULL;
INSERT INTO index_queue (entity_type, entity_id)
  SELECT 'comment', c.id FROM comments c JOIN posts p ON p.id = c.post_id
  WHERE p.publish_at > UTC_TIMESTAMP(3) OR p.unpublish_at IS NOT NULL OR p.group_id IS NULL;
