/* The delivery record of a convocation as the PDF « Accusés de réception »
 * (lib/receipts_pdf.c; docs/convocations_ui.md): what
 * GET /convocations/{id}/receipts?format=pdf answers. Written by convui
 * for h_conv_read.c to call. */
#ifndef PARVIS_RECEIPTS_PDF_OUT_H
#define PARVIS_RECEIPTS_PDF_OUT_H
#include "convocations/conv_model.h"

/* `q`: the rows of STMT_CONV_RECEIPTS_OF for `version`. Labels in the
 * asker's language, times in the meeting's zone. Answers 200
 * application/pdf (an attachment), 503 when MariaDB fails, 500 when cairo does.
 * Returns 0. */
int conv_receipts_pdf(req *r, const conv *c, long long version, const db_rows *q);
#endif
