/* Unit tests for lib/index_terms.c: the index's terms and scopes, which
 * the indexer writes, the workers query and the reconciliation compares
 * as strings (so their order and spelling are the contract). */
#include "index_terms.h"
#include "unit.h"

int main(void)
{
    char t[TERM_MAX], s[256];
    entity k;
    long long id;

    /* every kind by its name, and back */
    for (int i = 0; i < ENTITY__MAX; i++) {
        CHECK(entity_parse(entity_names[i], &k) == 0 && k == (entity)i);
    }
    CHECK(entity_parse("posts", &k) == -1);
    CHECK(entity_parse("", &k) == -1);
    CHECK(entity_parse(NULL, &k) == -1);

    CHECK_STR(term_unique(t, ENTITY_POST, 42), "Qpost:42");
    CHECK(term_unique_parse("Qcomment:7", &k, &id) == 0 && k == ENTITY_COMMENT && id == 7);
    CHECK(term_unique_parse("Qfile:12", &k, &id) == 0 && k == ENTITY_FILE && id == 12);
    /* not unique terms of documents */
    CHECK(term_unique_parse("Qfolder:3", &k, &id) == -1);
    CHECK(term_unique_parse("Qpost:", &k, &id) == -1);
    CHECK(term_unique_parse("Qpost:3x", &k, &id) == -1);
    CHECK(term_unique_parse("Qpost:0", &k, &id) == -1);
    CHECK(term_unique_parse("XKpost", &k, &id) == -1);
    CHECK(term_unique_parse("Qaveryveryverylongkindname:1", &k, &id) == -1);

    CHECK_STR(term_kind(t, ENTITY_PERSON), "XKperson");
    CHECK_STR(term_group(t, 9), "XG9");
    CHECK_STR(term_author(t, 3), "XA3");
    CHECK_STR(scope_members(t, 5), "G5");
    CHECK_STR(scope_person(t, 8), "U8");
    CHECK_STR(scope_conversation(t, 31), "C31");
    CHECK_STR(term_unique(t, ENTITY_MESSAGE, 77), "Qmessage:77");
    CHECK_STR(term_kind(t, ENTITY_MESSAGE), "XKmessage");
    CHECK_STR(term_kind_named(t, "message"), "XKmessage");
    CHECK(term_unique_parse("Qmessage:77", &k, &id) == 0 && k == ENTITY_MESSAGE && id == 77);

    /* scopes in byte order, as xap_wdb_scopes reads them back */
    CHECK(scopes_of_person(s, sizeof s) == 0);
    CHECK_STR(s, "I*");
    CHECK(scopes_of_group(12, 0, s, sizeof s) == 0);
    CHECK_STR(s, "I*");
    CHECK(scopes_of_group(12, 1, s, sizeof s) == 0);
    CHECK_STR(s, "A* G12");
    CHECK(scopes_of_content(0, NULL, s, sizeof s) == 0);
    CHECK_STR(s, "I*");
    CHECK(scopes_of_content(7, "private", s, sizeof s) == 0);
    CHECK_STR(s, "A* G7");
    CHECK(scopes_of_content(7, "secret", s, sizeof s) == 0);
    CHECK_STR(s, "A* G7");
    CHECK(scopes_of_content(7, "public", s, sizeof s) == 0);
    CHECK_STR(s, "A* G7 I*");
    /* a message: its conversation's participants only, never "A*" */
    CHECK(scopes_of_message(31, s, sizeof s) == 0);
    CHECK_STR(s, "C31");
    CHECK(scopes_of_message(31, s, 3) == -1);
    /* "U10" sorts before "U9"; the owner shared with again counts once */
    long long with[] = { 9, 10, 3, 9 };
    CHECK(scopes_of_personal_file(3, with, 4, s, sizeof s) == 0);
    CHECK_STR(s, "U10 U3 U9");
    CHECK(scopes_of_personal_file(3, NULL, 0, s, sizeof s) == 0);
    CHECK_STR(s, "U3");
    /* too long for the room given: refused, never cut */
    CHECK(scopes_of_personal_file(3, with, 4, s, 6) == -1);
    return UNIT_DONE();
}
