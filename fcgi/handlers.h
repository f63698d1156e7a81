/* One file per resource; the route table is in routes.c. */
#ifndef PARVIS_HANDLERS_H
#define PARVIS_HANDLERS_H
#include "db.h"
#include "req.h"

int h_health(req *r);
int h_session_create(req *r);
int h_session_delete(req *r);
int h_me(req *r);
int h_users_list(req *r);
int h_users_create(req *r);
int h_users_get(req *r);
int h_users_patch(req *r);
int h_users_delete(req *r);
int h_directory_attributes(req *r);
int h_search(req *r);
int h_search_status(req *r);
int h_search_reconcile(req *r);
int h_settings_get(req *r);
int h_settings_patch(req *r);
/* The platform settings as the API shows them (a reference to the
 * worker's copy: read, never change); NULL on a database error. */
json_t *settings_json(req *r);
/* The portal's header {"name","logo_url"} and quick links [...], as JSON
 * text in the request's arena. 0, or -1 on a database error. */
int settings_portal_json(req *r, const char **organisation, const char **links);
int h_portal(req *r);
/* drives (h_drive.c, h_files.c, h_trash.c, h_shares.c) */
int h_drive_mine(req *r);
int h_drive_recent(req *r);
int h_drive_shared(req *r);
int h_group_drive(req *r);
int h_drive_patch(req *r);
int h_folder_create(req *r);
int h_folder_get(req *r);
int h_folder_patch(req *r);
int h_folder_delete(req *r);
int h_file_upload(req *r);
int h_file_get(req *r);
int h_file_patch(req *r);
int h_file_delete(req *r);
int h_file_content(req *r);
int h_post_attachment_content(req *r);
int h_file_entries(req *r);
int h_folder_zip(req *r);
int h_file_version_restore(req *r);
int h_trash_list(req *r);
/* Between requests: empties what stayed in any trash past trash_days. */
void drive_trash_expire(arena *a);
int h_trash_empty(req *r);
int h_trash_restore(req *r);
int h_trash_purge(req *r);
int h_shares_list(req *r);
int h_share_put(req *r);
int h_share_delete(req *r);
int h_feed_new(req *r);
int h_groups_create(req *r);
int h_groups_list(req *r);
int h_groups_get(req *r);
int h_groups_patch(req *r);
int h_groups_delete(req *r);
int h_groups_join(req *r);
int h_members_list(req *r);
int h_members_put(req *r);
int h_members_delete(req *r);
int h_requests_list(req *r);
int h_requests_approve(req *r);
int h_requests_delete(req *r);
int h_rules_get(req *r);
int h_rules_put(req *r);
int h_group_posts_create(req *r);
int h_news_create(req *r);
int h_group_posts(req *r);
int h_feed(req *r);
int h_tag_posts(req *r);
int h_posts_get(req *r);
int h_posts_patch(req *r);
int h_posts_delete(req *r);
int h_posts_ack(req *r);
int h_posts_reads(req *r);
int h_comments_create(req *r);
int h_comments_list(req *r);
int h_comments_patch(req *r);
int h_comments_delete(req *r);
int h_post_reaction_put(req *r);
int h_post_reaction_delete(req *r);
int h_post_reactions_list(req *r);
int h_comment_reaction_put(req *r);
int h_comment_reaction_delete(req *r);
int h_comment_reactions_list(req *r);
int h_posts_versions(req *r);

/* The columns user_json() reads, in order, for SELECTs on `users u`. */
#define USER_NCOLS 13
json_t *user_json(const db_rows *q, int row);
/* The same from columns starting at `col` (USER_COLUMNS inside a longer
 * SELECT). */
json_t *user_json_at(const db_rows *q, int row, int col);
json_t *auth_user_json(const auth_user *u);
/* 503 when the database is down, 500 otherwise; logs the cause. */
int resp_db_error(req *r);
/* Reads ?limit= (default dflt, 1..max) and answers 400 when invalid. */
int req_limit(req *r, int dflt, int max, int *out);
#endif
