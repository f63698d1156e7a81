/* Chat (docs/chat.md): conversations and their people (h_conversations.c,
 * h_participants.c), messages (h_messages.c), reactions, read marks and
 * « écrit… » (h_marks.c), files (h_chat_files.c), reports and closing
 * (h_chat_reports.c). */
#ifndef PARVIS_CHAT_HANDLERS_H
#define PARVIS_CHAT_HANDLERS_H
#include "core/req.h"

int h_conversations_create(req *r);
int h_conversations_list(req *r);
int h_conversations_unread(req *r);
int h_conversation_get(req *r);
int h_conversation_patch(req *r);
int h_participant_put(req *r);
int h_participant_delete(req *r);
int h_chat_messages_list(req *r);
int h_chat_messages_create(req *r);
int h_chat_message_patch(req *r);
int h_chat_message_delete(req *r);
int h_chat_meeting_create(req *r);
int h_chat_reaction_put(req *r);
int h_chat_reaction_delete(req *r);
int h_conversation_read(req *r);
int h_conversation_unread(req *r);
int h_conversation_typing(req *r);
int h_chat_file_upload(req *r);
int h_chat_attachment_create(req *r);
int h_chat_attachment_content(req *r);
int h_chat_attachment_preview(req *r);
int h_chat_attachment_pages(req *r);
int h_chat_attachment_page(req *r);
int h_conversation_report(req *r);
int h_chat_reports_list(req *r);
int h_conversation_close(req *r);
int h_conversation_reopen(req *r);
#endif
