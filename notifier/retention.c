#include "retention.h"
#include "authgen.h"
#include "log.h"
#include "mail_compose.h"
#include "mail_queue.h"
#include "mail_settings.h"
#include "settings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int authgen_ready;

void retention_start(const config *c)
{
    char err[256];
    /* to end the sessions of an account disabled here in every worker */
    authgen_ready = authgen_open(c->authgen_file, err, sizeof err) == 0;
    if (!authgen_ready) log_error("retention: %s", err);
}

static long long setting_number(db *d, arena *a, const char *name, long long fallback)
{
    char value[32] = "";
    if (settings_get(d, a, name, value, sizeof value) || !*value) return fallback;
    char *end;
    long long n = strtoll(value, &end, 10);
    return end == value || n < 0 ? fallback : n;
}

/* The warning, in the person's language. 0, or -1. */
static int warn(db *d, arena *a, const config *c, long long id, const char *email, const char *name, int en,
                long long months)
{
    mail_settings s;
    if (mail_settings_load(d, a, NULL, &s)) return -1;
    const char *subject = en ? "Parvis: your account will be disabled in 14 days"
                             : "Parvis : votre compte sera désactivé dans 14 jours";
    const char *hello = arena_printf(a, en ? "Hello %s," : "Bonjour %s,", name);
    const char *why = en
        ? arena_printf(a, "Nobody has signed in to your Parvis account (%s) for almost %lld months. Unused accounts are disabled after %lld months.", email, months, months)
        : arena_printf(a, "Personne ne s'est connecté à votre compte Parvis (%s) depuis près de %lld mois. Les comptes inutilisés sont désactivés après %lld mois.", email, months, months);
    const char *keep = en ? "To keep it, simply sign in within 14 days:" : "Pour le garder, connectez-vous simplement dans les 14 jours :";
    const char *url = arena_printf(a, "%s/connexion", c->public_url);
    const char *text = arena_printf(a, "%s\n\n%s\n%s\n\n%s\n", hello, why, keep, url);
    char *hh = mail_html_escape(hello), *hw = mail_html_escape(why), *hk = mail_html_escape(keep), *hu = mail_html_escape(url);
    if (!hh || !hw || !hk || !hu) { free(hh); free(hw); free(hk); free(hu); return -1; }
    const char *html = arena_printf(a, "<p>%s</p><p>%s</p><p>%s <a href=\"%s\">%s</a></p>", hh, hw, hk, hu, hu);
    free(hh); free(hw); free(hk); free(hu);
    const char *footer = en ? "You receive this message because your organisation disables unused accounts."
                            : "Vous recevez ce message parce que votre organisation désactive les comptes inutilisés.";
    char from[300], mid[200];
    mail_sender(&s, c->public_url, from, sizeof from);
    mail_message_id(mid, sizeof mid, c->public_url);
    mail_parts m = { .from_address = from, .from_name = s.from_name, .to_address = email, .to_name = name,
                     .subject = subject, .text = text, .html = html, .footer_text = footer, .footer_html = footer,
                     .unsubscribe_url = NULL, .locale = en ? "en" : "fr" };
    char *msg = mail_compose(&m, mid, (long long)time(NULL));
    /* the warning and its mark together: a replay never mails twice */
    if (db_begin(d)) { free(msg); return -1; }
    if ((msg && mail_queue_add(d, id, "inactivity", email, subject, mid, msg, NULL))
        || db_exec(d, STMT_INACTIVE_WARNED, "i", id) < 0 || db_commit(d)) {
        free(msg);
        db_rollback(d);
        return -1;
    }
    free(msg);
    return 0;
}

static long inactive_accounts(db *d, arena *a, const config *c, long long months, volatile sig_atomic_t *stopping)
{
    long done = 0;
    arena_reset(a);
    db_rows *q = db_query(d, a, STMT_INACTIVE_TO_WARN, "iii", months, months, months);
    if (!q) return -1;
    for (int i = 0; i < q->nrows && !*stopping; i++) {
        if (warn(d, a, c, db_cell_int(q, i, 0), db_cell(q, i, 1), db_cell(q, i, 2),
                 strcmp(db_cell(q, i, 3), "en") == 0, months))
            return -1;
        done++;
    }
    if (q->nrows) log_info("retention: %d inactive accounts warned", q->nrows);
    arena_reset(a);
    q = db_query(d, a, STMT_INACTIVE_TO_DISABLE, "iii", months, months, months);
    if (!q) return -1;
    for (int i = 0; i < q->nrows && !*stopping; i++) {
        long long id = db_cell_int(q, i, 0);
        if (db_begin(d)) return -1;
        long long n = db_exec(d, STMT_INACTIVE_DISABLE, "i", id);
        if (n < 0 || (n > 0 && (db_exec(d, STMT_INACTIVE_SESSIONS_DELETE, "i", id) < 0
                                || db_exec(d, STMT_AUDIT_INACTIVE_DISABLE, "i", id) < 0)) || db_commit(d)) {
            db_rollback(d);
            return -1;
        }
        if (n > 0 && authgen_ready) authgen_bump(id);     /* after the commit: see authgen.h */
        if (n > 0) { done++; log_info("retention: account %lld disabled after %lld months without use", id, months); }
    }
    return done;
}

long retention_pass(db *d, arena *a, const config *c, volatile sig_atomic_t *stopping)
{
    arena_reset(a);
    long long audit_months = setting_number(d, a, "audit_retention_months", 12);
    long long inactive_months = setting_number(d, a, "inactive_disable_months", 0);
    long total = 0;
    long long n = 1000;
    while (audit_months > 0 && n == 1000 && !*stopping) {
        if ((n = db_exec(d, STMT_AUDIT_PURGE, "i", audit_months)) < 0) return -1;
        total += (long)n;
    }
    if (total) log_info("retention: %ld audit log rows older than %lld months deleted", total, audit_months);
    long mails = 0;
    n = 1000;
    while (n == 1000 && !*stopping) {
        if ((n = db_exec(d, STMT_MAIL_QUEUE_PURGE, "")) < 0) return -1;
        mails += (long)n;
    }
    if (mails) log_info("retention: %ld mails sent or failed over 30 days ago forgotten", mails);
    total += mails;
    long versions = 0;
    n = 1000;
    while (n == 1000 && !*stopping) {
        if ((n = db_exec(d, STMT_POST_VERSIONS_ORPHANS_PURGE, "")) < 0) return -1;
        versions += (long)n;
    }
    if (versions) log_info("retention: %ld earlier versions of deleted posts and comments forgotten", versions);
    total += versions;
    if (inactive_months > 0) {
        long k = inactive_accounts(d, a, c, inactive_months, stopping);
        if (k < 0) return -1;
        total += k;
    }
    return total;
}
