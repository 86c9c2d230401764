/** The root of a picture drawn by hand (byte layout, heap model): one size, font and text colour. */
import { h, type ViewChild, type ViewNode } from '../view-node.ts';

export function drawing(width: number, height: number, className: string, label: string, ...children: ViewChild[]): ViewNode {
  return h(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      width: String(width),
      class: className,
      role: 'img',
      'aria-label': label,
      'font-family': 'system-ui, sans-serif',
      fill: '#18181b',
    },
    ...children,
  );
}
