/* GDPR self-service (docs/gdpr.md): « Mes données » (the person's data
 * export) and « Données personnelles » (the register of what is kept). */
#ifndef PARVIS_PRIVACY_HANDLERS_H
#define PARVIS_PRIVACY_HANDLERS_H
#include "core/req.h"

int h_export_get(req *r);
int h_export_start(req *r);
int h_export_download(req *r);
int h_privacy(req *r);
#endif
