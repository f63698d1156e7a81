/* /admin/sso: single sign-on's settings (Administration › Réglages ›
 * Connexion unique): the provider, the client, the claims' mapping, how
 * accounts are found, ProConnect's options, passwords switched off but
 * for a break-glass administrator. Administrators only; the client secret
 * is stored sealed with the server's secret and never shown again. */
#include "accounts/handlers.h"
#include "accounts/oidc.h"
#include "authgen.h"
#include "core/acl.h"
#include "core/respond.h"
#include "core/validate.h"
#include "core/worker.h"
#include "log.h"
#include "mail_settings.h"
#include "settings.h"
#include <stdio.h>
#include <string.h>

int h_sso_admin_get(req *r)
{
    if (!acl_can_manage_sso(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    const oidc_settings *s = oidc_settings_get(r);
    if (!s) return resp_db_error(r);
    json_t *o = json_pack("{s:b,s:s,s:s,s:s,s:b,s:s,s:s,s:{s:s,s:s,s:s,s:s},s:b,s:b,s:s,s:s,s:s,s:b,s:b,s:s,s:s}",
        "enabled", s->enabled, "label", s->label, "issuer", s->issuer, "client_id", s->client_id,
        "client_secret_set", s->secret_set, "client_auth", s->client_auth, "scopes", s->scopes,
        "claims_mapping", "email", s->claim_email, "name", s->claim_name, "department", s->claim_department,
        "site", s->claim_site, "create_accounts", s->create_accounts, "match_email", s->match_email,
        "acr_values", s->acr_values, "claims", s->claims, "userinfo", s->userinfo, "logout", s->logout,
        "passwords_off", s->passwords_off, "breakglass_email", s->breakglass_email,
        "redirect_uri", arena_printf(r->a, "%s/api/v1/auth/oidc/callback", W.cfg.public_url));
    if (o) json_object_set_new(o, "post_logout_redirect_uri", json_string(arena_printf(r->a, "%s/", W.cfg.public_url)));
    return resp_json(r, 200, o);
}

static const field_spec put_fields[] = {
    { "enabled", F_BOOL, 0, 0, NULL },
    { "label", F_STRING, 0, 100, NULL },
    { "issuer", F_STRING, 0, 500, NULL },
    { "client_id", F_STRING, 0, 255, NULL },
    { "client_secret", F_SECRET, 0, 0, NULL },
    { "client_auth", F_STRING, 0, 0, "client_secret_basic|client_secret_post" },
    { "scopes", F_STRING, 0, 255, NULL },
    { "create_accounts", F_BOOL, 0, 0, NULL },
    { "match_email", F_BOOL, 0, 0, NULL },
    { "acr_values", F_STRING, 0, 255, NULL },
    { "claims", F_STRING, 0, 1000, NULL },
    { "userinfo", F_STRING, 0, 0, "none|json|jwt" },
    { "logout", F_BOOL, 0, 0, NULL },
    { "passwords_off", F_BOOL, 0, 0, NULL },
    { "breakglass_email", F_STRING, 0, 254, NULL },
    { NULL, 0, 0, 0, NULL },
};

static const field_spec mapping_fields[] = {
    { "email", F_STRING, 0, 63, NULL },
    { "name", F_STRING, 0, 127, NULL },
    { "department", F_STRING, 0, 63, NULL },
    { "site", F_STRING, 0, 63, NULL },
    { NULL, 0, 0, 0, NULL },
};

static int issuer_ok(const char *s)
{
    if (strncmp(s, "https://", 8) == 0) return strlen(s) > 8 && !strpbrk(s, " \"<>?#");
    /* a provider on the same machine (tests, a local Keycloak) */
    return (strncmp(s, "http://127.0.0.1", 16) == 0 || strncmp(s, "http://localhost", 16) == 0)
        && (s[16] == 0 || s[16] == ':' || s[16] == '/') && !strpbrk(s, " \"<>?#");
}

/* PUT /admin/sso: the fields given replace the stored ones (absent ones
 * are kept; "client_secret": "" removes the secret). */
int h_sso_admin_put(req *r)
{
    if (!acl_can_manage_sso(r->user)) return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    if (req_read_json(r)) return 0;
    json_t *mapping = json_incref(json_object_get(r->body, "claims_mapping"));
    json_object_del(r->body, "claims_mapping");
    validation_error e;
    if (mapping && (!json_is_object(mapping) || validate_fields(mapping, mapping_fields, r->a, &e))) {
        json_decref(mapping);
        return resp_error(r, 400, "bad_request", M_BAD_FIELD, "claims_mapping");
    }
    if (validate_body(r, put_fields)) { json_decref(mapping); return 0; }
    const oidc_settings *cur = oidc_settings_get(r);
    if (!cur) { json_decref(mapping); return resp_db_error(r); }
    oidc_settings n = *cur;                /* what it will be */
    const char *issuer = body_str(r, "issuer"), *client_id = body_str(r, "client_id");
    const char *secret = body_str(r, "client_secret"), *claims = body_str(r, "claims");
    const char *bg = body_str(r, "breakglass_email");
    if (issuer) {
        issuer = trim_spaces(r->a, issuer);
        if (!issuer) issuer = "";
        if (*issuer && !issuer_ok(issuer)) { json_decref(mapping); return resp_error(r, 400, "bad_request", M_SSO_BAD_ISSUER); }
        snprintf(n.issuer, sizeof n.issuer, "%s", issuer);
    }
    if (client_id) snprintf(n.client_id, sizeof n.client_id, "%s", client_id);
    const char *scopes = body_str(r, "scopes");
    if (scopes) {                          /* OpenID Connect needs the scope "openid" */
        int openid = 0;
        char *list = arena_strdup(r->a, scopes);
        for (char *save = NULL, *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save))
            openid |= strcmp(w, "openid") == 0;
        if (!openid) { json_decref(mapping); return resp_error(r, 400, "bad_request", M_BAD_FIELD, "scopes"); }
    }
    if (claims && *claims) {
        json_t *c = json_loads(claims, 0, NULL);
        int ok = json_is_object(c);
        json_decref(c);
        if (!ok) { json_decref(mapping); return resp_error(r, 400, "bad_request", M_SSO_BAD_CLAIMS); }
    }
    if (bg && *bg) {
        char *norm = email_normalize(r->a, bg);
        db_rows *q = norm ? db_query(worker_db(), r->a, STMT_OIDC_ACTIVE_ADMIN_BY_EMAIL, "s", norm) : NULL;
        if (norm && !q) { json_decref(mapping); return resp_db_error(r); }
        if (!norm || !q->nrows) { json_decref(mapping); return resp_error(r, 400, "bad_request", M_SSO_BREAKGLASS, bg); }
        bg = norm;
    }
    if (bg) snprintf(n.breakglass_email, sizeof n.breakglass_email, "%s", bg);
    int enabled = body_bool(r, "enabled", -1), off = body_bool(r, "passwords_off", -1);
    if (enabled >= 0) n.enabled = enabled;
    if (off >= 0) n.passwords_off = off;
    if (n.enabled && (!*n.issuer || !*n.client_id)) { json_decref(mapping); return resp_error(r, 400, "bad_request", M_SSO_INCOMPLETE); }
    if (n.passwords_off && (!n.enabled || !*n.breakglass_email)) {
        json_decref(mapping);
        return resp_error(r, 400, "bad_request", M_SSO_PASSWORDS_OFF_NEEDS);
    }
    char sealed[512] = "";
    if (secret && *secret) {
        if (strlen(secret) > MAIL_PASSWORD_MAX) {
            json_decref(mapping);
            return resp_error(r, 400, "bad_request", M_FIELD_TOO_LONG, "client_secret", MAIL_PASSWORD_MAX);
        }
        if (mail_password_seal(W.secret, secret, sealed, sizeof sealed)) { json_decref(mapping); return resp_error(r, 500, "internal", M_INTERNAL); }
    }
    static const char *const texts[] = { "label", "client_auth", "scopes", "acr_values", "userinfo" };
    static const char *const bools[] = { "enabled", "create_accounts", "match_email", "logout" };
    static const char *const maps[] = { "email", "name", "department", "site" };
    db *d = worker_db();
    if (!d || db_begin(d)) { json_decref(mapping); return resp_db_error(r); }
    int bad = 0;
    for (size_t i = 0; !bad && i < sizeof texts / sizeof *texts; i++) {
        const char *v = body_str(r, texts[i]);
        if (v) bad = settings_set(d, arena_printf(r->a, "oidc_%s", texts[i]), v) != 0;
    }
    for (size_t i = 0; !bad && i < sizeof bools / sizeof *bools; i++) {
        int v = body_bool(r, bools[i], -1);
        if (v >= 0) bad = settings_set(d, arena_printf(r->a, "oidc_%s", bools[i]), v ? "1" : "0") != 0;
    }
    for (size_t i = 0; !bad && mapping && i < sizeof maps / sizeof *maps; i++) {
        const char *v = json_string_value(json_object_get(mapping, maps[i]));
        if (v) bad = settings_set(d, arena_printf(r->a, "oidc_claim_%s", maps[i]), v) != 0;
    }
    json_decref(mapping);
    if (bad
        || (issuer && settings_set(d, "oidc_issuer", issuer))
        || (client_id && settings_set(d, "oidc_client_id", client_id))
        || (secret && settings_set(d, "oidc_client_secret", sealed))
        || (claims && settings_set(d, "oidc_claims", claims))
        || (off >= 0 && settings_set(d, "passwords_off", off ? "1" : "0"))
        || (bg && settings_set(d, "breakglass_email", bg))
        || db_exec(d, STMT_AUDIT_SETTINGS_UPDATE, "is", r->user->id,
                   arena_printf(r->a, "sso enabled=%s issuer=%s client_secret=%s passwords_off=%s breakglass=%s",
                                enabled < 0 ? "-" : enabled ? "yes" : "no", issuer ? issuer : "-",
                                secret ? (*secret ? "changed" : "removed") : "-",
                                off < 0 ? "-" : off ? "yes" : "no", bg ? bg : "-")) < 0) {
        db_rollback(d);
        return resp_db_error(r);
    }
    if (db_commit(d)) return resp_db_error(r);
    authgen_global_bump(AUTHGEN_SETTINGS);
    log_info("sso settings changed by user=%lld", r->user->id);
    return h_sso_admin_get(r);
}
