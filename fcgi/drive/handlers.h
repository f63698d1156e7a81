/* Drives: folders, files, versions, the trash, shares, archives (routes.c). */
#ifndef PARVIS_DRIVE_HANDLERS_H
#define PARVIS_DRIVE_HANDLERS_H
#include "core/req.h"

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
int h_file_entries(req *r);
int h_folder_zip(req *r);
int h_file_version_restore(req *r);
int h_trash_list(req *r);
int h_trash_empty(req *r);
int h_trash_restore(req *r);
int h_trash_purge(req *r);
int h_shares_list(req *r);
int h_share_put(req *r);
int h_share_delete(req *r);
/* previews (h_preview.c, docs/previews.md) */
int h_file_preview(req *r);
int h_file_pages(req *r);
int h_file_page(req *r);
int h_post_attachment_preview(req *r);
int h_post_attachment_pages(req *r);
int h_post_attachment_page(req *r);
#endif
