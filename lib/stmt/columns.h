/* Pieces of SQL that several statements share: the columns a C reader
 * takes in order (user_json, group_facts_at, node_at...) and their joins.
 * Change a list of columns here and its reader together; the readers name
 * the list they read. Included by lib/stmt.c only. */
#ifndef PARVIS_STMT_COLUMNS_H
#define PARVIS_STMT_COLUMNS_H

/* Accounts. The columns user_json() reads, in order (USER_NCOLS), for
 * SELECTs on `users u`. */
/* The version of person `col`'s photo (sql/023_avatars.sql), NULL: none;
 * the "avatar_url" of a person in the API (docs/viewer.md) */
#define AVATAR_VERSION_OF(col) "(SELECT av.version FROM avatars av WHERE av.owner_kind = 'user' AND av.owner_id = " col ")"
#define USER_COLUMNS "u.id, u.email, u.display_name, u.role, u.status, u.locale," \
    " DATE_FORMAT(u.created_at, '%Y-%m-%dT%H:%i:%sZ'), u.job_title, u.department, u.site, u.phone, u.bio, u.comm_editor," \
    " u.kind, DATE_FORMAT(u.expires_at, '%Y-%m-%dT%H:%i:%sZ'), " AVATAR_VERSION_OF("u.id")

/* Groups. The columns group_facts_at() and group_json() read (GROUP_NCOLS):
 * a group, the asker's membership (m) and whether they asked to join. Two
 * parameters: the asker's id twice. The request is a subquery, not a join,
 * so that the directory can walk the name index in order and stop at its
 * page. */
#define GROUP_COLUMNS "g.id, g.name, g.description, g.visibility, g.posting, g.archived," \
    " g.is_default, g.member_count, DATE_FORMAT(g.created_at, '%Y-%m-%dT%H:%i:%sZ')," \
    " m.role, m.drive_manager, m.feed_moderator," \
    " EXISTS (SELECT 1 FROM group_requests q WHERE q.group_id = g.id AND q.user_id = ?)"
#define GROUP_FROM " FROM `groups` g" \
    " LEFT JOIN group_members m ON m.group_id = g.id AND m.user_id = ?"
/* member_json()'s columns */
#define MEMBER_COLUMNS USER_COLUMNS ", m.role, m.drive_manager, m.feed_moderator," \
    " DATE_FORMAT(m.joined_at, '%Y-%m-%dT%H:%i:%sZ')"
/* person u matches rule r (the collation ignores accents and case) */
#define RULE_MATCHES "((r.attribute = 'department' AND r.value = u.department)" \
                     " OR (r.attribute = 'site' AND r.value = u.site))"

/* Feed. A post's attachments as one JSON array column. */
#define ATTACHMENTS_COLUMN "(SELECT JSON_ARRAYAGG(JSON_OBJECT('id', an.id, 'name', an.name, 'size', an.size," \
    " 'mime', an.mime) ORDER BY pa.position) FROM post_attachments pa JOIN drive_nodes an ON an.id = pa.node_id" \
    " WHERE pa.post_id = p.id AND an.trashed_at IS NULL)"
/* What every reader sees of a post: the first POST_SHARED_NCOLS columns
 * of every post query (post_shared_json reads them). */
#define POST_SHARED_COLUMNS "p.id, p.group_id, p.author_id, ua.display_name, p.title, p.body, p.body_html," \
    " p.must_read, p.featured, p.pinned, p.comments_closed, p.comment_count," \
    " p.r_like, p.r_bravo, p.r_merci, p.r_idee, p.r_soutien," \
    " DATE_FORMAT(p.publish_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(p.unpublish_at, '%Y-%m-%dT%H:%i:%sZ')," \
    " DATE_FORMAT(p.edited_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(p.created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
    ATTACHMENTS_COLUMN ", ua.kind," \
    " (SELECT pl.id FROM polls pl WHERE pl.post_id = p.id)," \
    " (SELECT cv.id FROM convocations cv WHERE cv.post_id = p.id), " AVATAR_VERSION_OF("p.author_id")
/* (the post's poll id or NULL, docs/polls.md; its convocation's id or
 * NULL, docs/convocations.md) */
/* publish_at with its fraction: the keyset of feeds */
#define POST_KEY_COLUMN "DATE_FORMAT(p.publish_at, '%Y-%m-%d %H:%i:%s.%f')"
/* A post with its author, counts, the asker's reaction and receipt (the
 * POST_COL_... of posts_model.h after the shared columns). Two
 * parameters: the asker's id twice. The joins name their primary keys:
 * while a table is nearly empty the optimizer otherwise picks a join
 * buffer, and the page turns into a temporary table and a sort of every
 * candidate post (measured: 274 ms instead of 0.8 ms at 100,000 posts). */
#define POST_COLUMNS POST_SHARED_COLUMNS "," \
    " p.publish_at <= UTC_TIMESTAMP(3) AND (p.unpublish_at IS NULL OR p.unpublish_at > UTC_TIMESTAMP(3))," \
    " my.kind, rd.user_id IS NOT NULL, " POST_KEY_COLUMN ", DATE_FORMAT(rd.read_at, '%Y-%m-%dT%H:%i:%sZ')"
#define POST_FROM " FROM posts p JOIN users ua ON ua.id = p.author_id" \
    " LEFT JOIN reactions my FORCE INDEX (PRIMARY) ON my.target_type = 'post' AND my.target_id = p.id AND my.user_id = ?" \
    " LEFT JOIN post_reads rd FORCE INDEX (PRIMARY) ON rd.post_id = p.id AND rd.user_id = ?"
/* comment_json()'s columns; one parameter: the asker's id */
#define COMMENT_COLUMNS "c.id, c.post_id, c.parent_id, c.author_id, ua.display_name, c.body, c.body_html," \
    " c.r_like, c.r_bravo, c.r_merci, c.r_idee, c.r_soutien, DATE_FORMAT(c.edited_at, '%Y-%m-%dT%H:%i:%sZ')," \
    " DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%sZ'), my.kind, c.hidden_at IS NOT NULL, ua.kind, " AVATAR_VERSION_OF("c.author_id")
#define COMMENT_FROM " FROM comments c JOIN users ua ON ua.id = c.author_id" \
    " LEFT JOIN reactions my FORCE INDEX (PRIMARY) ON my.target_type = 'comment' AND my.target_id = c.id AND my.user_id = ?"
#define VISIBLE_NOW " p.publish_at <= UTC_TIMESTAMP(3) AND (p.unpublish_at IS NULL OR p.unpublish_at > UTC_TIMESTAMP(3))"
#define AFTER_CURSOR " AND (p.publish_at < ? OR (p.publish_at = ? AND p.id < ?))"
/* The home feed (h_feed.c: feed_rows): one group; or the news and/or the
 * person's groups; mentions of them; must-read not confirmed; featured.
 * Each walks the index given as `hint`. */
#define FEED_FILTERS \
    " AND ((? > 0 AND p.group_id = ?) OR (? = 0 AND ((p.group_id IS NULL AND ? = 0)" \
    "      OR (? = 0 AND FIND_IN_SET(p.group_id, ?)))))" \
    " AND (? = 0 OR EXISTS (SELECT 1 FROM mentions mm WHERE mm.post_id = p.id AND mm.user_id = ?))" \
    " AND (? = 0 OR (p.must_read = 1 AND rd.user_id IS NULL))" \
    " AND (? = 0 OR p.featured = 1)"
#define FEED_FROM(hint) "SELECT " POST_COLUMNS " FROM posts p " hint " JOIN users ua ON ua.id = p.author_id" \
    " LEFT JOIN reactions my FORCE INDEX (PRIMARY) ON my.target_type = 'post' AND my.target_id = p.id AND my.user_id = ?" \
    " LEFT JOIN post_reads rd FORCE INDEX (PRIMARY) ON rd.post_id = p.id AND rd.user_id = ?" \
    " WHERE" VISIBLE_NOW
#define OLDER(hint) FEED_FROM(hint) AFTER_CURSOR FEED_FILTERS " ORDER BY p.publish_at DESC, p.id DESC LIMIT ?"
#define NEWER(hint) FEED_FROM(hint) " AND (p.publish_at > ? OR (p.publish_at = ? AND p.id > ?))" FEED_FILTERS \
    " ORDER BY p.publish_at, p.id LIMIT ?"
/* the workers' timelines: a time as microseconds since 1970 */
#define KEY_US "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', "

/* Drives. The columns node_at() reads (NODE_NCOLS), and their FROM, for
 * lists of nodes. */
#define NODE_COLUMNS "n.id, n.drive_id, COALESCE(n.parent_id, 0), n.kind = 'folder', n.name, n.version, n.size," \
    " n.mime, DATE_FORMAT(n.created_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(n.updated_at, '%Y-%m-%dT%H:%i:%sZ')," \
    " COALESCE(n.updated_by, 0), uu.display_name, DATE_FORMAT(n.trashed_at, '%Y-%m-%dT%H:%i:%sZ')," \
    " COALESCE(n.trashed_by, 0), n.trash_root"
#define NODE_FROM " FROM drive_nodes n LEFT JOIN users uu ON uu.id = n.updated_by"
/* drive_at()'s columns */
#define DRIVE_COLUMNS "d.id, COALESCE(d.owner_id, 0), COALESCE(d.group_id, 0), COALESCE(d.root_id, 0)," \
    " d.quota_bytes, d.used_bytes, COALESCE(ou.display_name, g.name, '')"
#define DRIVE_FROM " FROM drives d LEFT JOIN users ou ON ou.id = d.owner_id LEFT JOIN `groups` g ON g.id = d.group_id"
/* node_from_row()'s: a node, then its drive */
#define NODE_AND_DRIVE "SELECT " NODE_COLUMNS ", " DRIVE_COLUMNS NODE_FROM " JOIN drives d ON d.id = n.drive_id" \
    " LEFT JOIN users ou ON ou.id = d.owner_id LEFT JOIN `groups` g ON g.id = d.group_id"
/* ids given as a JSON array text (node_subtree_json) */
#define IDS_IN_JSON " IN (SELECT j.id FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j)"
/* The files of a folder sorted by `key` either way, by keyset: the cursor
 * is the last file's sort key (`shown`) and id. */
#define FILE_PAGE(key, shown, cmp, ord) "SELECT " NODE_COLUMNS ", " shown NODE_FROM \
    " WHERE n.parent_id = ? AND n.kind = 'file' AND n.trashed_at IS NULL" \
    " AND (? = 0 OR " key " " cmp " ? OR (" key " = ? AND n.id " cmp " ?))" \
    " ORDER BY " key " " ord ", n.id " ord " LIMIT ?"
#define DATE_KEY "DATE_FORMAT(n.updated_at, '%Y-%m-%d %H:%i:%s.%f')"
/* share_json()'s columns */
#define SHARE_SELECT "SELECT s.user_id, u.display_name, s.can_edit, DATE_FORMAT(s.created_at, '%Y-%m-%dT%H:%i:%sZ')" \
    " FROM drive_shares s JOIN users u ON u.id = s.user_id"
/* Notifications. */
/* A recipient (notifier/recipients.c's recipient_at, RECIPIENT_NCOLS): the
 * person, their membership of the group in question, their level there,
 * their state on the post in question and their e-mail choice for the
 * kind in question. Parameters, before the statement's own: the group
 * (twice), the post, the kind. */
#define RECIPIENT_COLUMNS "SELECT u.id, u.role, u.locale, u.email, u.display_name," \
    " m.role, m.drive_manager, m.feed_moderator," \
    " COALESCE(gf.level, g.follow_default, 'all'), pf.state, np.email, u.kind"
#define RECIPIENT_JOINS \
    " LEFT JOIN group_members m ON m.user_id = u.id AND m.group_id = ?" \
    " LEFT JOIN `groups` g ON g.id = ?" \
    " LEFT JOIN group_follows gf ON gf.user_id = u.id AND gf.group_id = g.id" \
    " LEFT JOIN post_follows pf ON pf.user_id = u.id AND pf.post_id = ?" \
    " LEFT JOIN notification_prefs np ON np.user_id = u.id AND np.kind = ?"
/* Chat (notifier/chat_facts.c): a person who may be told of a
 * conversation's events: CHAT_RECIPIENT_COLUMNS over users u and their
 * participant row cm, then their role in a room's group (NULL: none). */
#define CHAT_RECIPIENT_COLUMNS "SELECT u.id, u.display_name, u.role, u.status, COALESCE(cm.muted, 0)," \
    " COALESCE(cm.last_read_seq, 0), COALESCE(cm.participant, 0), COALESCE(cm.joined_seq, 0)"
/* A chat notification's facts, last of the list's and the mails' columns:
 * its conversation (0: none), its latest message, the conversation's name
 * (a room's: its group's; "" for a direct one), kind, group, whether it is
 * on and closed, and whether the person has a participant row (a room's
 * people are its group's members: the reader adds their membership), for
 * acl_conversation. */
#define CHAT_NOTE_COLUMNS "COALESCE(n.conversation_id, 0), COALESCE(n.chat_message_id, 0)," \
    " COALESCE(cv.name, cg.name, ''), cv.kind, COALESCE(cv.group_id, 0), cv.enabled, cv.closed_at IS NOT NULL," \
    " EXISTS (SELECT 1 FROM conversation_members ccm WHERE ccm.conversation_id = n.conversation_id" \
    "  AND ccm.user_id = n.user_id AND ccm.participant = 1)"
#define CHAT_NOTE_JOINS " LEFT JOIN conversations cv ON cv.id = n.conversation_id" \
    " LEFT JOIN `groups` cg ON cg.id = cv.group_id"
/* What a new event does to a person's notification of the same key: the
 * actors since it was last read, newest first, ten at most, as strings so
 * that JSON_SEARCH finds the one who acts again; it is unread again.
 * MariaDB evaluates the assignments in order, so read_at is cleared after
 * what reads it (NOTIFICATION_UPSERT, CHAT_NOTIFICATION_UPSERT). */
#define NOTIFICATION_UPSERT_UPDATE " ON DUPLICATE KEY UPDATE" \
    " actor_count = IF(read_at IS NOT NULL, JSON_LENGTH(VALUES(actors))," \
    "   actor_count + IF(JSON_CONTAINS(actors, VALUES(actors)), 0, JSON_LENGTH(VALUES(actors))))," \
    " actors = IF(read_at IS NOT NULL, VALUES(actors), JSON_REMOVE(JSON_MERGE_PRESERVE(VALUES(actors)," \
    "   COALESCE(JSON_REMOVE(actors, JSON_UNQUOTE(JSON_SEARCH(actors, 'one'," \
    "     JSON_UNQUOTE(JSON_EXTRACT(VALUES(actors), '$[0]'))))), actors)), '$[10]'))," \
    " event_count = IF(read_at IS NOT NULL, 1, event_count + 1)," \
    " detail = VALUES(detail), target_id = VALUES(target_id), post_id = VALUES(post_id)," \
    " node_id = VALUES(node_id)," \
    " mail_state = IF(read_at IS NOT NULL OR mail_state <> 'sent', VALUES(mail_state), mail_state)," \
    " created_at = IF(read_at IS NOT NULL, UTC_TIMESTAMP(3), created_at)," \
    " updated_at = UTC_TIMESTAMP(3)," \
    " read_at = NULL"
/* The list (fcgi/notify/, NOTIFICATION_NCOLS): newest first by the time of
 * the last event, with what the text names (a post's title, or an event's),
 * and a convocation's id (its notification leads to the convocation). Parameters: user, cursor time
 * and id (NULL: from the top), unread only (0/1), limit. Times come as
 * MariaDB writes them ("2026-12-02 13:18:43.123"), turned into ISO 8601 by
 * the reader (DATE_FORMAT cost a tenth of the list's time). */
#define NOTIFICATION_COLUMNS "SELECT n.id, n.kind, n.target_type, n.target_id, COALESCE(n.post_id, 0)," \
    " COALESCE(n.group_id, 0), COALESCE(n.node_id, 0), COALESCE(n.message_id, 0), n.detail, n.actors," \
    " n.actor_count, n.event_count, n.read_at IS NOT NULL," \
    " n.created_at, n.updated_at, n.updated_at, COALESCE(p.title, ev.title), g.name, dn.name, am.title, p.author_id," \
    " n.user_id, n.mail_state, am.body, p.id IS NOT NULL, COALESCE(p.group_id, 0)," \
    " p.publish_at <= UTC_TIMESTAMP(3) AND (p.unpublish_at IS NULL OR p.unpublish_at > UTC_TIMESTAMP(3))," \
    " p.comments_closed, " CHAT_NOTE_COLUMNS ", LEFT(p.body, 600)," \
    " n.kind = 'request' AND NOT EXISTS (SELECT 1 FROM group_requests gr JOIN users gu ON gu.id = gr.user_id" \
    "  AND gu.status = 'active' WHERE gr.group_id = n.group_id), COALESCE(cvc.id, 0)" \
    " FROM notifications n LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN `groups` g ON g.id = n.group_id" \
    " LEFT JOIN drive_nodes dn ON dn.id = n.node_id LEFT JOIN admin_messages am ON am.id = n.message_id" \
    " LEFT JOIN events ev ON n.target_type = 'event' AND ev.id = n.target_id" \
    " LEFT JOIN convocations cvc ON n.kind = 'convocation' AND cvc.post_id = n.post_id" \
    CHAT_NOTE_JOINS
/* A notification to mail (notifier/mail_notify.c's columns, in order):
 * itself, what its sentence names, its reader. */
#define MAIL_NOTE_COLUMNS "SELECT n.id, n.user_id, n.kind, n.target_type, n.target_id, COALESCE(n.post_id, 0)," \
    " COALESCE(n.group_id, 0), COALESCE(n.node_id, 0), n.detail, n.actors, n.actor_count, n.event_count," \
    " COALESCE(p.title, ev.title), g.name, dn.name, am.title, p.author_id, u.email, u.locale, u.display_name, am.body," \
    " n.mail_state, COALESCE(dn.parent_id, 0), dn.kind, " CHAT_NOTE_COLUMNS ", LEFT(p.body, 600)" \
    " FROM notifications n JOIN users u ON u.id = n.user_id AND u.status = 'active'" \
    " LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN `groups` g ON g.id = n.group_id" \
    " LEFT JOIN drive_nodes dn ON dn.id = n.node_id LEFT JOIN admin_messages am ON am.id = n.message_id" \
    " LEFT JOIN events ev ON n.target_type = 'event' AND ev.id = n.target_id" \
    CHAT_NOTE_JOINS

/* Invitations (invitation_json()): the row, who invited, its groups. */
#define INVITATION_COLUMNS "i.id, i.email," \
    " IF(i.status = 'pending' AND i.expires_at <= UTC_TIMESTAMP(), 'expired', i.status), i.role, i.guest," \
    " DATE_FORMAT(i.account_expires, '%Y-%m-%d'), i.locale, i.invited_by, u.display_name," \
    " DATE_FORMAT(i.created_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(i.sent_at, '%Y-%m-%dT%H:%i:%sZ')," \
    " DATE_FORMAT(i.expires_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(i.accepted_at, '%Y-%m-%dT%H:%i:%sZ'), i.user_id," \
    " (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', g.id, 'name', g.name)) FROM invitation_groups ig" \
    " JOIN `groups` g ON g.id = ig.group_id WHERE ig.invitation_id = i.id)"
/* The journal (stats.def): an audit row, its actor's name and e-mail, the
 * name of the person or group acted on, and the keyset's `at`. */
#define AUDIT_COLUMNS "a.id, DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%sZ'), a.actor_id, ua.display_name," \
    " ua.email, a.action, a.target_type, a.target_id, a.detail, COALESCE(tu.display_name, tg.name)," \
    " DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s.%f')"
#define AUDIT_FROM " FROM audit_log a LEFT JOIN users ua ON ua.id = a.actor_id" \
    " LEFT JOIN users tu ON a.target_type = 'user' AND tu.id = a.target_id" \
    " LEFT JOIN `groups` tg ON a.target_type = 'group' AND tg.id = a.target_id"

/* Polls (lib/stmt/polls.def, fcgi/feed/polls_model.c reads them in order): the poll, whether it is closed now, and its post */
#define POLL_COLUMNS "pl.id, pl.post_id, pl.question, pl.max_choices, pl.allow_other, pl.anonymous, pl.results," \
    " DATE_FORMAT(pl.closes_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(pl.closed_at, '%Y-%m-%dT%H:%i:%sZ')," \
    " pl.closed_at IS NOT NULL OR (pl.closes_at IS NOT NULL AND pl.closes_at <= UTC_TIMESTAMP()), pl.voters, pl.other_count"
/* Events (fcgi/events/events_model.h, EV_COL_...): the event, its group's
 * facts for the asker, the asker's invitation and answer. Three
 * parameters, the asker's id each time: EVENT_COLUMNS (one) then
 * EVENT_FROM (two). */
#define EVENT_COLUMNS "e.id, e.group_id, g.name, e.title, e.description, e.description_html, e.all_day, e.tz," \
    " DATE_FORMAT(e.start_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(e.end_at, '%Y-%m-%d %H:%i:%s')," \
    " DATE_FORMAT(e.start_date, '%Y-%m-%d'), DATE_FORMAT(e.end_date, '%Y-%m-%d'), e.rrule, e.place, e.url," \
    " e.capacity, DATE_FORMAT(e.deadline, '%Y-%m-%d %H:%i:%s'), e.status, e.sequence, e.reminder_minutes," \
    " e.invite_group, e.yes_count, e.no_count, e.maybe_count, e.waiting_count, e.organizer_id, uo.display_name," \
    " (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', an.id, 'name', an.name, 'size', an.size, 'mime', an.mime)" \
    "   ORDER BY ea.position) FROM event_attachments ea JOIN drive_nodes an ON an.id = ea.node_id" \
    "   WHERE ea.event_id = e.id AND an.trashed_at IS NULL)," \
    " g.visibility, g.posting, g.archived, m.role, m.drive_manager, m.feed_moderator," \
    " EXISTS (SELECT 1 FROM event_invitees iv WHERE iv.event_id = e.id AND iv.user_id = ?)," \
    " my.answer, my.comment, my.waiting," \
    " IF(e.invite_group, IF(e.group_id IS NULL," \
    "   (SELECT COUNT(*) FROM users su WHERE su.status = 'active' AND su.kind = 'staff'), g.member_count), 0)" \
    " + (SELECT COUNT(*) FROM event_invitees xi WHERE xi.event_id = e.id AND NOT (e.invite_group AND" \
    "   (e.group_id IS NULL OR EXISTS (SELECT 1 FROM group_members xm WHERE xm.group_id = e.group_id" \
    "    AND xm.user_id = xi.user_id))))," \
    " DATE_FORMAT(e.updated_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i:%s'), uo.email"
#define EVENT_FROM " FROM events e JOIN users uo ON uo.id = e.organizer_id" \
    " LEFT JOIN `groups` g ON g.id = e.group_id" \
    " LEFT JOIN group_members m ON m.group_id = e.group_id AND m.user_id = ?" \
    " LEFT JOIN event_answers my ON my.event_id = e.id AND my.user_id = ?"
#define EVENT_WINDOW " e.last_end_at > ? AND e.start_at < ?"

/* The agenda and the subscription (fcgi/events/h_agenda.c, h_calendar.c):
 * the positions of EVENT_COLUMNS (EV_COL_...), only what choosing and
 * placing the events needs (the facts, the time, a summary), NULL in the
 * others; no subquery per row. EVENT_FROM_LIGHT: two parameters, the
 * asker's id each time. EVENT_COLUMNS_ICS adds what a VEVENT writes, and
 * e.last_end_at after the last position (EV_NCOLS). */
#define EVENT_COLUMNS_LIGHT_TIME "e.id, e.group_id, g.name, e.title, NULL, NULL, e.all_day, e.tz," \
    " DATE_FORMAT(e.start_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(e.end_at, '%Y-%m-%d %H:%i:%s')," \
    " DATE_FORMAT(e.start_date, '%Y-%m-%d'), DATE_FORMAT(e.end_date, '%Y-%m-%d'), e.rrule, e.place,"
#define EVENT_COLUMNS_LIGHT_FACTS " e.invite_group, NULL, NULL, NULL, NULL, e.organizer_id, NULL, NULL," \
    " g.visibility, g.posting, g.archived, m.role, m.drive_manager, m.feed_moderator, iv.user_id IS NOT NULL," \
    " NULL, NULL, NULL, NULL,"
#define EVENT_COLUMNS_LIGHT EVENT_COLUMNS_LIGHT_TIME " NULL, NULL, NULL, e.status, NULL, NULL," \
    EVENT_COLUMNS_LIGHT_FACTS " NULL, NULL, NULL"
#define EVENT_COLUMNS_ICS EVENT_COLUMNS_LIGHT_TIME " e.url, NULL, NULL, e.status, e.sequence, NULL," \
    EVENT_COLUMNS_LIGHT_FACTS " DATE_FORMAT(e.updated_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i:%s')," \
    " NULL, DATE_FORMAT(e.last_end_at, '%Y-%m-%d %H:%i:%s')"
#define EVENT_FROM_LIGHT " FROM events e LEFT JOIN `groups` g ON g.id = e.group_id" \
    " LEFT JOIN group_members m ON m.group_id = e.group_id AND m.user_id = ?" \
    " LEFT JOIN event_invitees iv ON iv.event_id = e.id AND iv.user_id = ?"
/* The full event of a list (h_agenda.c, after the light query): the
 * positions of EVENT_COLUMNS without its subqueries per row: the
 * attachments are NULL and the invited total leaves out the people
 * invited by name outside the invited group (both read for the whole list
 * by EVENTS_ATTACHMENTS_OF and EVENTS_INVITED_EXTRA_OF). No parameter;
 * EVENT_FROM_LIST: three, the asker's id each time. */
#define EVENT_COLUMNS_LIST "e.id, e.group_id, g.name, e.title, e.description, e.description_html, e.all_day, e.tz," \
    " DATE_FORMAT(e.start_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(e.end_at, '%Y-%m-%d %H:%i:%s')," \
    " DATE_FORMAT(e.start_date, '%Y-%m-%d'), DATE_FORMAT(e.end_date, '%Y-%m-%d'), e.rrule, e.place, e.url," \
    " e.capacity, DATE_FORMAT(e.deadline, '%Y-%m-%d %H:%i:%s'), e.status, e.sequence, e.reminder_minutes," \
    " e.invite_group, e.yes_count, e.no_count, e.maybe_count, e.waiting_count, e.organizer_id, uo.display_name, NULL," \
    " g.visibility, g.posting, g.archived, m.role, m.drive_manager, m.feed_moderator, iv.user_id IS NOT NULL," \
    " my.answer, my.comment, my.waiting," \
    " IF(e.invite_group, IF(e.group_id IS NULL," \
    "   (SELECT COUNT(*) FROM users su WHERE su.status = 'active' AND su.kind = 'staff'), g.member_count), 0)," \
    " DATE_FORMAT(e.updated_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i:%s'), uo.email"
#define EVENT_FROM_LIST " FROM events e JOIN users uo ON uo.id = e.organizer_id" \
    " LEFT JOIN `groups` g ON g.id = e.group_id" \
    " LEFT JOIN group_members m ON m.group_id = e.group_id AND m.user_id = ?" \
    " LEFT JOIN event_answers my ON my.event_id = e.id AND my.user_id = ?" \
    " LEFT JOIN event_invitees iv ON iv.event_id = e.id AND iv.user_id = ?"

/* FEED_COLUMNS (lib/stmt/feeds.def): a group's RSS/Atom feed and its state */
enum {
    FEED_COL_ID, FEED_COL_URL, FEED_COL_TITLE, FEED_COL_SITE, FEED_COL_LAST_FETCH, FEED_COL_LAST_OK,
    FEED_COL_STATUS, FEED_COL_ERROR, FEED_COL_FAILURES, FEED_COL_NEXT, FEED_COL_PUBLISHED, FEED_COL_CREATED,
    FEED_COL_ADDED_BY, FEED_COL_PRIMED
};

#endif
