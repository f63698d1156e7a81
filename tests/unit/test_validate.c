/* Validators: JSON fields, e-mail addresses, languages, log escaping. */
#include "log.h"
#include "core/messages.h"
#include "core/validate.h"
#include "unit.h"

static const field_spec specs[] = {
    { "email", F_STRING, 1, 20, NULL },
    { "bio", F_TEXT, 0, 10, NULL },
    { "password", F_SECRET, 0, 0, NULL },
    { "role", F_STRING, 0, 0, "user|admin" },
    { "flag", F_BOOL, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

static msg_id check(arena *a, const char *json, validation_error *e)
{
    json_t *j = json_loads(json, 0, NULL);
    if (!j) return M_COUNT;
    int rc = validate_fields(j, specs, a, e);
    json_decref(j);
    return rc == 0 ? (msg_id)-1 : e->msg;
}

int main(void)
{
    arena *a = arena_new(4096);
    validation_error e;

    CHECK(check(a, "{\"email\":\"a@b.c\"}", &e) == (msg_id)-1);
    CHECK(check(a, "{\"email\":\"a@b.c\",\"bio\":\"l1\\nl2\",\"flag\":true,\"role\":\"admin\"}", &e) == (msg_id)-1);
    CHECK(check(a, "{\"email\":\"a@b.c\",\"role\":null}", &e) == (msg_id)-1);
    CHECK(check(a, "{}", &e) == M_FIELD_MISSING);
    CHECK_STR(e.field, "email");
    CHECK(check(a, "{\"email\":null}", &e) == M_FIELD_MISSING);
    CHECK(check(a, "{\"email\":\"x\",\"other\":1}", &e) == M_FIELD_UNKNOWN);
    CHECK_STR(e.field, "other");
    CHECK(check(a, "{\"email\":5}", &e) == M_FIELD_TYPE_STRING);
    CHECK(check(a, "{\"email\":\"x\",\"flag\":\"yes\"}", &e) == M_FIELD_TYPE_BOOL);
    CHECK(check(a, "{\"email\":\"x\",\"role\":\"root\"}", &e) == M_FIELD_ENUM);
    CHECK_STR(e.allowed, "user, admin");
    /* lengths count characters, not bytes: 20 "é" is fine, 21 is not */
    CHECK(check(a, "{\"email\":\"éééééééééééééééééééé\"}", &e) == (msg_id)-1);
    CHECK(check(a, "{\"email\":\"ééééééééééééééééééééé\"}", &e) == M_FIELD_TOO_LONG);
    CHECK(e.limit == 20);
    CHECK(check(a, "{\"email\":\"a\\u0001b\"}", &e) == M_FIELD_CONTROL);
    CHECK(check(a, "{\"email\":\"a\\nb\"}", &e) == M_FIELD_CONTROL);
    CHECK(check(a, "{\"email\":\"a\\u0085b\"}", &e) == M_FIELD_CONTROL);
    CHECK(check(a, "{\"email\":\"x\",\"bio\":\"a\\u0007\"}", &e) == M_FIELD_CONTROL);
    CHECK(check(a, "{\"email\":\"x\",\"password\":\"\\u0007 any\\ttext\"}", &e) == (msg_id)-1);

    CHECK_STR(email_normalize(a, "Helene.Dupont@Mairie-Limoges.FR"), "helene.dupont@mairie-limoges.fr");
    CHECK(email_normalize(a, "no-at-sign") == NULL);
    CHECK(email_normalize(a, "@example.org") == NULL);
    CHECK(email_normalize(a, "a@") == NULL);
    CHECK(email_normalize(a, "a@b@c") == NULL);
    CHECK(email_normalize(a, "a b@c.fr") == NULL);
    CHECK(email_normalize(a, "a@exa_mple.org") == NULL);
    CHECK(email_normalize(a, "a@.org") == NULL);
    CHECK(email_normalize(a, "a@b..org") == NULL);
    CHECK(email_normalize(a, "<a>@b.org") == NULL);

    CHECK(utf8_chars("Hélène") == 6);
    CHECK(lang_from_header(NULL) == LANG_FR);
    CHECK(lang_from_header("en-US,en;q=0.9") == LANG_EN);
    CHECK(lang_from_header("de-DE, en;q=0.5") == LANG_EN);
    CHECK(lang_from_header("fr-FR,en;q=0.5") == LANG_FR);
    CHECK(lang_from_header("eng") == LANG_FR);
    CHECK(lang_from_header("") == LANG_FR);
    CHECK_STR(msg_format(LANG_EN, M_UNAUTHENTICATED), "You need to sign in.");
    int all_translated = 1;   /* every message has its French and English text */
    for (int m = 0; m < M_COUNT; m++)
        all_translated &= strcmp(msg_format(LANG_FR, (msg_id)m), "?") != 0 && strcmp(msg_format(LANG_EN, (msg_id)m), "?") != 0;
    CHECK(all_translated);

    char out[64];
    log_escape(out, sizeof out, "a\"b\\c\nd\x01");
    CHECK_STR(out, "a\\\"b\\\\c\\x0ad\\x01");
    log_escape(out, 8, "0123456789");
    CHECK(strlen(out) < 8);
    arena_free(a);
    return UNIT_DONE();
}
