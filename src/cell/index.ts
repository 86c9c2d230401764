/** Entry of the page script: registers the cell elements when the page has cells. */
if (document.querySelector('heapbook-cell')) {
  void import('./cell-element.ts');
  void import('./engine-bar.ts').then(({ mountEngineBar }) => mountEngineBar());
  void import('./warm-up.ts').then(({ warmUpEngines }) => warmUpEngines());
}
