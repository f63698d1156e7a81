/* Notifications: the list and the bell (h_notifications.c), following
 * groups, posts and folders (h_follow.c), e-mail choices
 * (h_notification_settings.c), the live channels' authorisation
 * (h_live.c), administrators' messages (h_admin_messages.c). */
#ifndef PARVIS_NOTIFY_HANDLERS_H
#define PARVIS_NOTIFY_HANDLERS_H
#include "core/req.h"

int h_notifications_list(req *r);
int h_notifications_unread(req *r);
int h_notifications_read(req *r);
int h_notification_settings_get(req *r);
int h_notification_settings_put(req *r);
int h_group_follow_get(req *r);
int h_group_follow_put(req *r);
int h_post_follow_get(req *r);
int h_post_follow_put(req *r);
int h_folder_follow_get(req *r);
int h_folder_follow_put(req *r);
int h_live_authorize(req *r);
int h_admin_messages_create(req *r);
#endif
