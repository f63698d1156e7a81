#include "messages.h"
#include <ctype.h>
#include <string.h>

static const char *const catalogue[M_COUNT][2] = {
    [M_NOT_FOUND] = { "Cette ressource n'existe pas ou vous n'y avez pas accès.",
                      "This resource does not exist or you do not have access to it." },
    [M_ROUTE_NOT_FOUND] = { "Adresse inconnue : %s", "Unknown address: %s" },
    [M_METHOD_NOT_ALLOWED] = { "La méthode %s n'est pas permise ici (permises : %s).",
                               "Method %s is not allowed here (allowed: %s)." },
    [M_UNAUTHENTICATED] = { "Vous devez vous connecter.", "You need to sign in." },
    [M_CSRF] = { "Jeton de sécurité (X-CSRF-Token) absent ou invalide. Rechargez la page.",
                 "Missing or invalid security token (X-CSRF-Token). Reload the page." },
    [M_FORBIDDEN] = { "Vous n'avez pas le droit de faire cela.", "You are not allowed to do this." },
    [M_BAD_JSON] = { "Le corps de la requête n'est pas du JSON valide (%s).",
                     "The request body is not valid JSON (%s)." },
    [M_BODY_NOT_OBJECT] = { "Le corps de la requête doit être un objet JSON.",
                            "The request body must be a JSON object." },
    [M_BODY_TOO_LARGE] = { "Le corps de la requête est trop volumineux (%d Kio au plus).",
                           "The request body is too large (%d KiB at most)." },
    [M_CONTENT_TYPE] = { "Le corps doit être envoyé en application/json.",
                         "The body must be sent as application/json." },
    [M_FIELD_MISSING] = { "Le champ « %s » est obligatoire.", "The field \"%s\" is required." },
    [M_FIELD_UNKNOWN] = { "Le champ « %s » n'est pas connu ici.", "The field \"%s\" is not known here." },
    [M_FIELD_TYPE_STRING] = { "Le champ « %s » doit être un texte.", "The field \"%s\" must be a string." },
    [M_FIELD_TYPE_BOOL] = { "Le champ « %s » doit valoir true ou false.", "The field \"%s\" must be true or false." },
    [M_FIELD_EMPTY] = { "Le champ « %s » ne peut pas être vide.", "The field \"%s\" cannot be empty." },
    [M_FIELD_TOO_LONG] = { "Le champ « %s » est trop long (%d caractères au plus).",
                           "The field \"%s\" is too long (%d characters at most)." },
    [M_FIELD_CONTROL] = { "Le champ « %s » contient des caractères de contrôle.",
                          "The field \"%s\" contains control characters." },
    [M_FIELD_ENUM] = { "Le champ « %s » doit valoir : %s.", "The field \"%s\" must be one of: %s." },
    [M_BAD_QUERY] = { "Les paramètres de l'adresse sont mal encodés.",
                      "The address parameters are badly encoded." },
    [M_BAD_EMAIL] = { "« %s » n'est pas une adresse e-mail valide.", "\"%s\" is not a valid e-mail address." },
    [M_PASSWORD_SHORT] = { "Le mot de passe doit compter au moins %d caractères.",
                           "The password must have at least %d characters." },
    [M_BAD_CREDENTIALS] = { "Adresse e-mail ou mot de passe incorrect.", "Wrong e-mail address or password." },
    [M_ACCOUNT_DISABLED] = { "Ce compte est désactivé. Adressez-vous à un administrateur.",
                             "This account is disabled. Please contact an administrator." },
    [M_RATE_LIMITED] = { "Trop de tentatives de connexion. Réessayez dans %d minute(s).",
                         "Too many sign-in attempts. Try again in %d minute(s)." },
    [M_EMAIL_TAKEN] = { "Un compte utilise déjà l'adresse %s.", "An account already uses the address %s." },
    [M_SELF_DISABLE] = { "Vous ne pouvez pas désactiver votre propre compte.",
                         "You cannot disable your own account." },
    [M_LAST_ADMIN] = { "Il doit rester au moins un administrateur actif.",
                       "There must remain at least one active administrator." },
    [M_BAD_LIMIT] = { "Le paramètre « %s » doit être un nombre entre %d et %d.",
                      "The parameter \"%s\" must be a number from %d to %d." },
    [M_BAD_CURSOR] = { "Le curseur de pagination est invalide.", "The pagination cursor is invalid." },
    [M_INTERNAL] = { "Erreur interne. Réessayez ; si cela continue, prévenez un administrateur.",
                     "Internal error. Try again; if it goes on, tell an administrator." },
    [M_DB_DOWN] = { "La base de données ne répond pas. Réessayez dans un instant.",
                    "The database does not answer. Try again in a moment." },
    [M_INDEX_DOWN] = { "La recherche n'est pas disponible pour le moment. Réessayez dans un instant.",
                       "Search is not available right now. Try again in a moment." },
    [M_BAD_TYPE] = { "Le type « %s » n'existe pas (types : %s).", "The type \"%s\" does not exist (types: %s)." },
    [M_BAD_OFFSET] = { "Le paramètre « offset » doit être un nombre entre 0 et %d.",
                       "The parameter \"offset\" must be a number from 0 to %d." },
    [M_GROUP_NOT_FOUND] = { "Ce groupe n'existe pas ou vous n'y avez pas accès.",
                            "This group does not exist or you do not have access to it." },
    [M_GROUP_ARCHIVED] = { "Ce groupe est archivé : il est en lecture seule. Restaurez-le d'abord.",
                           "This group is archived: it is read-only. Restore it first." },
    [M_GROUP_NAME_TAKEN] = { "Un groupe s'appelle déjà « %s ».", "A group is already called \"%s\"." },
    [M_GROUP_CREATION_ADMINS] = { "Seuls les administrateurs peuvent créer des groupes.",
                                  "Only administrators may create groups." },
    [M_LAST_MANAGER] = { "Un groupe doit garder au moins un gestionnaire : nommez-en un autre d'abord.",
                         "A group must keep at least one manager: appoint another one first." },
    [M_USER_NOT_FOUND] = { "Cette personne n'existe pas ou son compte est désactivé.",
                           "This person does not exist or their account is disabled." },
    [M_NOT_MEMBER] = { "Cette personne n'est pas membre du groupe.", "This person is not a member of the group." },
    [M_NO_REQUEST] = { "Il n'y a pas de demande d'adhésion de cette personne.",
                       "There is no membership request from this person." },
    [M_SELF_DELETE] = { "Vous ne pouvez pas supprimer votre propre compte.",
                        "You cannot delete your own account." },
    [M_LAST_MANAGER_OF] = { "Cette personne est la dernière gestionnaire du groupe « %s » : nommez-en une autre d'abord.",
                            "This person is the last manager of the group \"%s\": appoint another one first." },
    [M_TOO_MANY_RULES] = { "Un groupe a au plus %d règles d'adhésion.", "A group has at most %d membership rules." },
    [M_BAD_RULE] = { "La règle n° %d est invalide : il faut « attribute » (department ou site) et « value » (1 à 100 caractères).",
                     "Rule number %d is invalid: it needs \"attribute\" (department or site) and \"value\" (1 to 100 characters)." },
    [M_POST_NOT_FOUND] = { "Cette publication n'existe pas ou vous n'y avez pas accès.",
                           "This post does not exist or you do not have access to it." },
    [M_COMMENTS_CLOSED] = { "Les commentaires sont fermés sur cette publication.",
                            "Comments are closed on this post." },
    [M_NEWS_EDITORS] = { "Seuls les administrateurs et les éditeurs de la communication publient dans les actualités.",
                         "Only administrators and communication editors publish in the news." },
    [M_PUBLISH_PAST] = { "La date de publication est passée : choisissez une date à venir, ou aucune pour publier maintenant.",
                         "The publication date is in the past: choose a future date, or none to publish now." },
    [M_BAD_DATE] = { "Le champ « %s » doit être une date UTC comme 2026-11-24T08:00:00Z.",
                     "The field \"%s\" must be a UTC date such as 2026-11-24T08:00:00Z." },
    [M_UNPUBLISH_BEFORE] = { "La date de retrait doit suivre la date de publication.",
                             "The unpublication date must come after the publication date." },
    [M_BAD_PARENT] = { "On ne répond qu'à un commentaire de cette publication, et sur un seul niveau.",
                       "Replies go to a comment of this post, one level deep only." },
    [M_NOT_MUST_READ] = { "Cette publication n'est pas à lire obligatoirement.", "This post is not a must-read." },
    [M_NO_REACTION] = { "Vous n'avez pas réagi à ceci.", "You have not reacted to this." },
    [M_BAD_LINK] = { "Le lien n° %d est invalide : il faut « title » (1 à 80 caractères) et « url » (http, https, mailto ou une adresse du site) ; %d liens au plus.",
                     "Link number %d is invalid: it needs \"title\" (1 to 80 characters) and \"url\" (http, https, mailto or an address of the site); %d links at most." },
    [M_BAD_FIELD] = { "Le paramètre « %s » est invalide.", "The parameter \"%s\" is invalid." },
};

const char *msg_format(lang l, msg_id m)
{
    if ((int)m < 0 || m >= M_COUNT || !catalogue[m][0]) return "?";
    return catalogue[m][l == LANG_EN ? 1 : 0];
}

lang lang_from_header(const char *h)
{
    /* the first tag naming fr or en wins; browsers list by preference */
    while (h && *h) {
        while (*h == ' ' || *h == ',') h++;
        if (tolower((unsigned char)h[0]) == 'e' && tolower((unsigned char)h[1]) == 'n'
            && (h[2] == 0 || h[2] == '-' || h[2] == ';' || h[2] == ',' || h[2] == ' '))
            return LANG_EN;
        if (tolower((unsigned char)h[0]) == 'f' && tolower((unsigned char)h[1]) == 'r'
            && (h[2] == 0 || h[2] == '-' || h[2] == ';' || h[2] == ',' || h[2] == ' '))
            return LANG_FR;
        h = strchr(h, ',');
    }
    return LANG_FR;
}
