/* E-mail: the administrators' page « Messagerie » (the relay, the sender,
 * the quiet hours, a test mail, the queue and its « Réessayer ») and
 * unsubscribing from a mail's link without signing in (routes.c). */
#ifndef PARVIS_MAIL_HANDLERS_H
#define PARVIS_MAIL_HANDLERS_H
#include "core/req.h"

int h_mail_admin_get(req *r);
int h_mail_admin_put(req *r);
int h_mail_test(req *r);
int h_mail_queue(req *r);
int h_mail_retry(req *r);
int h_mail_digest(req *r);
int h_unsubscribe_get(req *r);
int h_unsubscribe_post(req *r);
#endif
