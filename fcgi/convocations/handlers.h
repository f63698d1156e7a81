/* Convocations (docs/convocations.md): routes.c. */
#ifndef PARVIS_CONVOCATIONS_HANDLERS_H
#define PARVIS_CONVOCATIONS_HANDLERS_H
#include "core/req.h"

int h_group_convocations_create(req *r);
int h_convocations_get(req *r);
int h_convocations_put(req *r);
int h_convocation_receipts(req *r);
int h_convocation_confirm(req *r);
int h_convocation_receipt(req *r);
int h_convocation_remind(req *r);
#endif
