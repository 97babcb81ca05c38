import type { PipelineRequest } from './api/types.js';
import { h } from './dom.js';
import { pipelineCode, type CodeFlavour } from './pipeline-code.js';

const FLAVOURS: readonly [CodeFlavour, string][] = [
  ['cli', 'CLI'],
  ['python', 'Python'],
  ['curl', 'curl'],
];

/**
 * The "pipelines this view ran" panel: for each pipeline, its title and the same pipeline as a command line,
 * Python and curl, each with a copy button. The code shown is exactly the request the view sent.
 */
export function pipelinesPanel(entries: readonly { title: string; pipeline: PipelineRequest }[]): HTMLElement {
  const panel = h('section', { class: 'pipelines', 'aria-label': 'Pipelines this view ran' }, h('h2', {}, 'Pipelines this view ran'));
  entries.forEach((entry, i) => {
    const body = h('div', { class: 'code' });
    const tabs = h('div', { class: 'tabs', role: 'group', 'aria-label': `Copy "${entry.title}" as` });
    const pre = h('pre', { tabindex: 0, 'aria-label': `${entry.title} code` });
    const show = (flavour: CodeFlavour): void => {
      pre.textContent = pipelineCode(entry.pipeline, flavour);
      pre.dataset.flavour = flavour;
      for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.flavour === flavour));
    };
    for (const [flavour, label] of FLAVOURS) {
      tabs.append(
        h('button', {
          type: 'button',
          'data-flavour': flavour,
          'aria-pressed': 'false',
          onclick: () => {
            show(flavour);
            void navigator.clipboard?.writeText(pre.textContent ?? '').then(() => {
              copied.textContent = `${label} copied`;
            }, () => {
              copied.textContent = 'Select the text to copy it';
            });
          },
        }, `Copy as ${label}`),
      );
    }
    const copied = h('span', { class: 'copied', role: 'status' });
    show('cli');
    body.append(tabs, copied, pre);
    panel.append(h('details', { ...(i === 0 ? { open: true } : {}), 'data-pipeline': entry.title }, h('summary', {}, entry.title), body));
  });
  return panel;
}
