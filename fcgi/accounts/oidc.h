/* Single sign-on with OpenID Connect: the settings, the provider's
 * discovery document and key set (cached by each worker), the checks of an
 * ID token, and whether a person may use a local password (docs/sso.md). */
#ifndef PARVIS_OIDC_H
#define PARVIS_OIDC_H
#include "core/req.h"
#include <jansson.h>

#define OIDC_STATE_SECONDS 600      /* a sign-in started must end within it */
#define OIDC_SKEW 60                /* clock skew allowed on exp and iat, seconds */
#define OIDC_CACHE_SECONDS 3600     /* discovery document and key set */

typedef struct {
    int enabled;
    char label[101], issuer[501], client_id[256], client_secret[256], client_auth[24], scopes[256];
    int secret_set;
    char claim_email[64], claim_name[128], claim_department[64], claim_site[64];
    int create_accounts, match_email;
    char acr_values[256], claims[1001], userinfo[8];
    int logout;
    int passwords_off;
    char breakglass_email[255];
} oidc_settings;

/* The worker's copy of the settings (the client secret opened), current
 * while no administrator changed them. NULL on a database error. */
const oidc_settings *oidc_settings_get(req *r);
/* 1 when sign-in through the provider is switched on and configured. */
int oidc_ready(const oidc_settings *s);

/* The provider's discovery document (cached OIDC_CACHE_SECONDS), fetched
 * from <issuer>/.well-known/openid-configuration; its "issuer" must be the
 * configured one. NULL with a reason in `why` (256 bytes). */
const json_t *oidc_discovery(req *r, const oidc_settings *s, char *why);

/* What the checks of a token found wrong: each has its own message. */
typedef enum {
    OIDC_TOKEN_OK = 0, OIDC_TOKEN_MALFORMED, OIDC_TOKEN_ALG, OIDC_TOKEN_NO_KEY, OIDC_TOKEN_SIGNATURE,
    OIDC_TOKEN_ISSUER, OIDC_TOKEN_AUDIENCE, OIDC_TOKEN_EXPIRED, OIDC_TOKEN_IAT, OIDC_TOKEN_NONCE,
    OIDC_TOKEN_NO_SUBJECT, OIDC_TOKEN_JWKS,
} oidc_token_result;

/* The signature of a JWT checked against the provider's key set (an
 * unknown kid fetches the set again, once: keys rotate), then, when
 * `nonce` is not NULL, the claims of an ID token: iss, aud (and azp), exp
 * and iat with OIDC_SKEW, nonce, sub. For a signed userinfo answer (nonce
 * NULL): iss and aud when present. *claims: the caller's reference.
 * `why` (256 bytes) says more for the log. */
oidc_token_result oidc_check_jwt(req *r, const oidc_settings *s, const json_t *disco, const char *jwt,
                                 const char *nonce, json_t **claims, char *why);
const char *oidc_token_result_name(oidc_token_result t);
msg_id oidc_token_message(oidc_token_result t);

/* Whether account `user_id` (e-mail `email`) may sign in with a password,
 * change or reset it: 1 yes, 0 no (passwords are switched off and it is
 * not the break-glass account), -1 on a database error. */
int oidc_password_allowed(req *r, const char *email);
/* The same for a handler: 0 when allowed; otherwise the answer is sent
 * (403 passwords_off with message m, or 503) and 1 returned. */
int oidc_password_gate(req *r, const char *email, msg_id m);
#endif
