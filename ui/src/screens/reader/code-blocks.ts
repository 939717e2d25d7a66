// Code blocks in rendered HTML get a language label and a Copy button.

import { h } from '../../lib/dom';

export function enhanceCodeBlocks(root: HTMLElement): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const code = pre.querySelector('code');
    const lang = /language-([\w+#.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    const btn = h('button.copy-btn', {
      text: 'Copy',
      attrs: { type: 'button', 'aria-label': `Copy ${lang || 'code'} to clipboard` },
    });
    btn.addEventListener('click', async () => {
      const text = (code ?? pre).textContent ?? '';
      try {
        await navigator.clipboard.writeText(text.replace(/\n$/, ''));
        flash(btn, 'Copied', 'ok');
      } catch {
        flash(btn, 'Copy failed', 'fail');
      }
    });
    const wrap = h('div.code-block', { dataset: { lang } }, [
      h('div.code-bar', null, [h('span.code-lang', { text: lang }), btn]),
    ]);
    pre.replaceWith(wrap);
    wrap.append(pre);
  }
}

function flash(btn: HTMLButtonElement, text: string, cls: string): void {
  btn.textContent = text;
  btn.classList.add(cls);
  setTimeout(() => {
    btn.textContent = 'Copy';
    btn.classList.remove(cls);
  }, 1400);
}
