// The FR / EN switch (on the sign-in page and in the user menu). Signed
// in, the choice is saved on the person's account (session.saveLang, PATCH /me) and
// follows them to every device; before sign-in, it is this browser's.

import { h } from './dom.js';
import { LANGS, getLang, setLang, rememberLang, t } from './i18n.js';
import { saveLang } from './session.js';

export function langSwitch() {
  const current = getLang();
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.group') },
    LANGS.map((lang) => h('button', {
      type: 'button',
      class: 'lang-btn',
      lang,
      title: t(`lang.${lang}`),
      'aria-pressed': String(lang === current),
      dataset: { lang },
      onclick: () => {
        saveLang(lang);
        if (lang === getLang()) {
          rememberLang(lang);
        } else {
          setLang(lang, { remember: true }).then(() => {
            // the page is rebuilt in the new language: keep focus on the switch
            const again = document.querySelector(`.lang-btn[data-lang="${lang}"]`);
            if (again) again.focus();
          });
        }
      },
    }, lang.toUpperCase())));
}
