/* The message catalogue: every text a person may read in an API answer,
 * in French (default) and English. Messages may take printf arguments. */
#ifndef PARVIS_MESSAGES_H
#define PARVIS_MESSAGES_H

typedef enum { LANG_FR = 0, LANG_EN = 1 } lang;

typedef enum {
    M_NOT_FOUND,
    M_ROUTE_NOT_FOUND,
    M_METHOD_NOT_ALLOWED,
    M_UNAUTHENTICATED,
    M_CSRF,
    M_FORBIDDEN,
    M_BAD_JSON,
    M_BODY_NOT_OBJECT,
    M_BODY_TOO_LARGE,
    M_CONTENT_TYPE,
    M_FIELD_MISSING,
    M_FIELD_UNKNOWN,
    M_FIELD_TYPE_STRING,
    M_FIELD_TYPE_BOOL,
    M_FIELD_EMPTY,
    M_FIELD_TOO_LONG,
    M_FIELD_CONTROL,
    M_FIELD_ENUM,
    M_BAD_QUERY,
    M_BAD_EMAIL,
    M_PASSWORD_SHORT,
    M_BAD_CREDENTIALS,
    M_ACCOUNT_DISABLED,
    M_RATE_LIMITED,
    M_EMAIL_TAKEN,
    M_SELF_DISABLE,
    M_LAST_ADMIN,
    M_BAD_LIMIT,
    M_BAD_CURSOR,
    M_INTERNAL,
    M_DB_DOWN,
    M_INDEX_DOWN,
    M_BAD_TYPE,
    M_BAD_OFFSET,
    M_GROUP_NOT_FOUND,
    M_GROUP_ARCHIVED,
    M_GROUP_NAME_TAKEN,
    M_GROUP_CREATION_ADMINS,
    M_LAST_MANAGER,
    M_USER_NOT_FOUND,
    M_NOT_MEMBER,
    M_NO_REQUEST,
    M_SELF_DELETE,
    M_LAST_MANAGER_OF,
    M_TOO_MANY_RULES,
    M_BAD_RULE,
    M_BAD_FIELD,
    M_POST_NOT_FOUND,
    M_COMMENTS_CLOSED,
    M_NEWS_EDITORS,
    M_PUBLISH_PAST,
    M_BAD_DATE,
    M_UNPUBLISH_BEFORE,
    M_BAD_PARENT,
    M_NOT_MUST_READ,
    M_NO_REACTION,
    M_BAD_LINK,
    M_COUNT
} msg_id;

const char *msg_format(lang l, msg_id m);
/* Picks fr or en from an Accept-Language value (fr when neither is asked). */
lang lang_from_header(const char *accept_language);
#endif
