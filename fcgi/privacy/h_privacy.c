/* GET /privacy: « Données personnelles », the register of what Parvis
 * keeps about people, why and for how long (docs/gdpr.md), in the asker's
 * language, with the durations of the current retention settings. Every
 * signed-in person may read it. */
#include "core/respond.h"
#include "core/worker.h"
#include "platform/settings_view.h"
#include "privacy/handlers.h"
#include <stdio.h>
#include <string.h>

typedef struct { const char *key, *name[2], *data[2], *purpose[2]; } entry;

static const entry entries[] = {
    { "accounts", { "Comptes et profils", "Accounts and profiles" },
      { "adresse e-mail, nom, fonction, service, site, téléphone, présentation, rôle, langue, mot de passe (haché avec argon2id), date de la dernière connexion",
        "e-mail address, name, job title, department, site, phone, bio, role, language, password (argon2id hash), last sign-in" },
      { "vous identifier, vous connecter, l'annuaire de l'organisation", "identifying you, signing in, the organisation's directory" } },
    { "sessions", { "Sessions", "Sessions" },
      { "un jeton (haché), l'adresse IP, les dates de début et de dernière activité", "a token (hashed), the IP address, when it began and was last used" },
      { "vous garder connecté·e, la sécurité", "keeping you signed in, security" } },
    { "audit", { "Journal d'audit", "Audit log" },
      { "les actions d'administration, les connexions et échecs de connexion, les exports : qui, quoi, quand", "administrative actions, sign-ins and failed sign-ins, exports: who, what, when" },
      { "la sécurité et la traçabilité (intérêt légitime)", "security and accountability (legitimate interest)" } },
    { "content", { "Publications, commentaires, réactions, lectures confirmées", "Posts, comments, reactions, confirmed readings" },
      { "ce que vous écrivez et quand, vos réactions, les publications « à lire » que vous avez confirmées", "what you write and when, your reactions, the must-read posts you confirmed" },
      { "la communication interne", "internal communication" } },
    { "files", { "Fichiers", "Files" },
      { "vos fichiers et leurs versions, qui les a ajoutés et quand", "your files and their versions, who added them and when" },
      { "le partage de documents", "sharing documents" } },
    { "chat", { "Messagerie", "Chat" },
      { "vos messages, réactions et pièces jointes", "your messages, reactions and attachments" },
      { "les échanges entre collègues", "conversations between colleagues" } },
    { "notifications", { "Notifications", "Notifications" },
      { "ce qui vous a été signalé, lu ou non, et vos réglages", "what you were told of, read or not, and your settings" },
      { "vous tenir informé·e", "keeping you informed" } },
    { "mail", { "File des e-mails", "Mail queue" },
      { "les e-mails envoyés par la plateforme (destinataire, sujet, contenu)", "the e-mails the platform sends (recipient, subject, content)" },
      { "vous écrire, et vérifier qu'un e-mail est bien parti", "writing to you, and checking that a mail went out" } },
    { "search", { "Index de recherche", "Search index" },
      { "les mots de ce que vous pouvez lire (publications, fichiers, messages, personnes)", "the words of what you may read (posts, files, messages, people)" },
      { "la recherche", "search" } },
    { "statistics", { "Statistiques", "Statistics" },
      { "des totaux par jour (connexions, publications, recherches...) ; aucun suivi par personne", "daily totals (sign-ins, posts, searches...); no tracking of individuals" },
      { "mesurer l'usage de la plateforme", "measuring the platform's use" } },
    { "exports", { "Exports « Mes données »", "« My data » exports" },
      { "le fichier zip de vos données, quand vous le demandez", "the zip file of your data, when you ask for it" },
      { "votre droit d'accès et à la portabilité (RGPD, articles 15 et 20)", "your right of access and to portability (GDPR, articles 15 and 20)" } },
};

static long long setting(json_t *s, const char *name, long long fallback)
{
    json_t *v = s ? json_object_get(s, name) : NULL;
    return json_is_integer(v) ? (long long)json_integer_value(v) : fallback;
}

/* How long, in words, for each entry. */
static const char *how_long(req *r, const char *key, json_t *s)
{
    int en = r->lang == LANG_EN;
    arena *a = r->a;
    long long audit = setting(s, "audit_retention_months", 12), inactive = setting(s, "inactive_disable_months", 0);
    long long trash = setting(s, "trash_days", 30), chat = setting(s, "chat_retention_days", 0);
    if (strcmp(key, "accounts") == 0)
        return inactive > 0
            ? arena_printf(a, en ? "while the account exists; an account unused for %lld months is disabled (after an e-mail warning 14 days before; administrators excepted); an administrator erases accounts"
                                 : "tant que le compte existe ; un compte inutilisé depuis %lld mois est désactivé (après un avertissement par e-mail 14 jours avant ; sauf les administrateurs) ; un administrateur efface les comptes", inactive)
            : (en ? "while the account exists (an administrator disables or erases it)"
                  : "tant que le compte existe (un administrateur le désactive ou l'efface)");
    if (strcmp(key, "sessions") == 0)
        return arena_printf(a, en ? "until you sign out, after %d hours without activity, %d days at most"
                                  : "jusqu'à la déconnexion, après %d heures sans activité, %d jours au plus",
                            W.cfg.session_idle / 3600, W.cfg.session_lifetime / 86400);
    if (strcmp(key, "audit") == 0)
        return audit > 0 ? arena_printf(a, en ? "%lld months" : "%lld mois", audit)
                         : (en ? "without limit (setting audit_retention_months: 0)" : "sans limite (réglage audit_retention_months : 0)");
    if (strcmp(key, "content") == 0)
        return en ? "until deleted by their author or a moderator (deleted at once)"
                  : "jusqu'à leur suppression par l'auteur ou un modérateur (effacement immédiat)";
    if (strcmp(key, "files") == 0)
        return arena_printf(a, en ? "until deleted; the trash is emptied after %lld days"
                                  : "jusqu'à leur suppression ; la corbeille est vidée après %lld jours", trash);
    if (strcmp(key, "chat") == 0)
        return chat > 0 ? arena_printf(a, en ? "%lld days, then deleted" : "%lld jours, puis effacés", chat)
                        : (en ? "until deleted (no time limit set)" : "jusqu'à leur suppression (pas de durée fixée)");
    if (strcmp(key, "notifications") == 0)
        return en ? "while the account exists; gone with what they point to" : "tant que le compte existe ; effacées avec ce qu'elles désignent";
    if (strcmp(key, "mail") == 0)
        return en ? "30 days after sending" : "30 jours après l'envoi";
    if (strcmp(key, "search") == 0)
        return en ? "follows the content: removed within seconds of its deletion" : "suit le contenu : retiré quelques secondes après sa suppression";
    if (strcmp(key, "statistics") == 0)
        return en ? "daily totals, kept without limit (they name nobody)" : "totaux quotidiens, gardés sans limite (ils ne nomment personne)";
    if (strcmp(key, "exports") == 0)
        return en ? "7 days, then deleted" : "7 jours, puis effacé";
    return "";
}

int h_privacy(req *r)
{
    json_t *s = settings_json(r);
    if (!s) return resp_db_error(r);
    int en = r->lang == LANG_EN;
    json_t *items = json_array();
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:s}", "key", entries[i].key,
                                               "name", entries[i].name[en], "data", entries[i].data[en],
                                               "purpose", entries[i].purpose[en],
                                               "retention", how_long(r, entries[i].key, s)));
    json_t *settings = json_pack("{s:I,s:I,s:I,s:I,s:I}",
                                 "audit_retention_months", (json_int_t)setting(s, "audit_retention_months", 12),
                                 "inactive_disable_months", (json_int_t)setting(s, "inactive_disable_months", 0),
                                 "trash_days", (json_int_t)setting(s, "trash_days", 30),
                                 "chat_retention_days", (json_int_t)setting(s, "chat_retention_days", 0),
                                 "export_days", (json_int_t)7);
    json_t *organisation = json_object_get(s, "organisation_name");
    json_t *o = json_pack("{s:O,s:o,s:o}", "organisation", organisation ? organisation : json_null(), "items", items,
                          "settings", settings);
    json_decref(s);
    return o ? resp_json(r, 200, o) : resp_db_error(r);
}
