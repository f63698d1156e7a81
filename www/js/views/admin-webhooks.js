// /admin/webhooks — « Administration › Webhooks »: the organisation's
// outgoing webhooks (www/js/webhooks-panel.js, docs/webhooks.md).

import { t } from '../i18n.js';
import { alertBox } from '../ui.js';
import { adminHeader } from '../admin-nav.js';
import { webhooksSection } from '../webhooks-panel.js';

export const adminWebhooks = {
  title: () => `${t('webhooks.title')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/webhooks', 'webhooks.title'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    main.append(webhooksSection({ signal }));
  },
};
