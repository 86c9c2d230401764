/**
 * The "On this page" lists, desktop (`starlight-toc`) and phone (`mobile-starlight-toc`), marking the section
 * being read with aria-current="true" (and, on a phone, its name in the summary's `.display-current`).
 *
 * Why not Starlight's own script (starlight-toc.ts, 0.42.4): to learn which section is on screen it matches
 * `:has()` selectors over the whole of `main` and observes every block of the page, one 50-60 ms task per list
 * on our long chapters, run on idle just when a reader reaches for Run. This one looks up only the headings its
 * links point to (by the links' hashes) and observes them with one area that reaches from far above the page
 * down to the reading line (toc-current.ts): the current entry is the last heading above the line. Its start costs well under
 * a millisecond; it runs on idle or at the first scroll, whichever comes first. A list hidden at this width
 * (the phone list on a desktop, and the other way round) observes nothing until a resize shows it.
 */
import { currentIndex, headingId, readingLine, rootMarginAbove } from './toc-current.ts';

const RESIZE_SETTLE_MS = 200;

const onIdle = (run: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run);
  else setTimeout(run, 1);
};

class HeapbookTOC extends HTMLElement {
  #current: HTMLAnchorElement | null = null;
  #entries: { heading: HTMLElement; link: HTMLAnchorElement }[] = [];
  #above = new Set<Element>();
  #observer: IntersectionObserver | undefined;
  #started = false;
  #resizeTimer: ReturnType<typeof setTimeout> | undefined;

  set current(link: HTMLAnchorElement) {
    if (link === this.#current) return;
    this.#current?.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this.#current = link;
  }

  // Module scripts run after the page is parsed, so the list is complete when the element upgrades.
  constructor() {
    super();
    this.#current = this.querySelector('a[aria-current="true"]');
    window.addEventListener('scroll', this.#start, { passive: true, once: true });
    onIdle(this.#start);
  }

  #start = (): void => {
    if (this.#started) return;
    this.#started = true;
    window.removeEventListener('scroll', this.#start);
    for (const link of this.querySelectorAll('a')) {
      const heading = document.getElementById(headingId(link.hash));
      if (heading) this.#entries.push({ heading, link });
    }
    this.#observe();
    window.addEventListener('resize', () => {
      this.#observer?.disconnect();
      this.#observer = undefined;
      clearTimeout(this.#resizeTimer);
      this.#resizeTimer = setTimeout(() => onIdle(this.#observe), RESIZE_SETTLE_MS);
    });
    // The bars can change height without a resize (the engine bar sets the page's scroll padding once it is
    // laid out, and wraps on a phone): after each scroll, one style read says whether the line moved.
    window.addEventListener('scrollend', () => {
      if (this.#observer && this.#rootMargin() !== this.#observer.rootMargin) this.#observe();
    });
  };

  /** The observer's margin for the reading line now (see toc-current.ts), as the observer spells it back. */
  #rootMargin(): string {
    // The bars stuck to the top (the site header, and on a phone this list's own summary) hide what is under them.
    const bars =
      (document.querySelector('header')?.getBoundingClientRect().height ?? 0) +
      (this.querySelector('summary')?.getBoundingClientRect().height ?? 0);
    const root = document.documentElement;
    return rootMarginAbove(readingLine(bars, parseFloat(getComputedStyle(root).scrollPaddingTop)), root.clientHeight);
  }

  #observe = (): void => {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#above.clear();
    if (!this.#entries.length || !this.checkVisibility()) return;
    this.#observer = new IntersectionObserver(this.#update, { rootMargin: this.#rootMargin() });
    for (const { heading } of this.#entries) this.#observer.observe(heading);
  };

  #update = (changes: IntersectionObserverEntry[]): void => {
    for (const { isIntersecting, target } of changes) {
      if (isIntersecting) this.#above.add(target);
      else this.#above.delete(target);
    }
    const entry = this.#entries[currentIndex(this.#entries.map(({ heading }) => this.#above.has(heading)))];
    if (entry) this.current = entry.link;
  };
}

/** The phone list: also names the current section in its summary, and closes on a link, outside click or Escape. */
class HeapbookMobileTOC extends HeapbookTOC {
  override set current(link: HTMLAnchorElement) {
    super.current = link;
    const display = this.querySelector('.display-current');
    if (display) display.textContent = link.textContent;
  }

  constructor() {
    super();
    const details = this.querySelector('details');
    if (!details) return;
    const close = (): void => {
      details.open = false;
    };
    for (const a of details.querySelectorAll('a')) a.addEventListener('click', close);
    window.addEventListener('click', (event) => {
      if (!details.contains(event.target as Node)) close();
    });
    window.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !details.open) return;
      const hadFocus = details.contains(document.activeElement);
      close();
      if (hadFocus) details.querySelector('summary')?.focus();
    });
  }
}

if (!customElements.get('starlight-toc')) customElements.define('starlight-toc', HeapbookTOC);
if (!customElements.get('mobile-starlight-toc')) customElements.define('mobile-starlight-toc', HeapbookMobileTOC);
