/* The platform: its health and its settings (routes.c). */
#ifndef PARVIS_PLATFORM_HANDLERS_H
#define PARVIS_PLATFORM_HANDLERS_H
#include "core/req.h"

int h_health(req *r);
int h_settings_get(req *r);
int h_settings_patch(req *r);
int h_manifest(req *r);
#endif
