// Printing keeps the page's layout as on screen, scaled to the sheet: charts and tables are drawn for the
// screen's width, which is wider than A4, so the page would be cut at the sheet's right edge. Just before
// printing, the content's screen width and the zoom that fits it to A4 are handed to print.css.
if (!window.liangsaibiPrintFit) {
  window.liangsaibiPrintFit = () => {
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main || window.matchMedia("print").matches) return;
    const style = getComputedStyle(main);
    const width = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const sheet = 190 * 96 / 25.4;  // A4 portrait less 10 mm margins, in CSS pixels
    document.documentElement.style.setProperty("--print-width", `${width}px`);
    document.documentElement.style.setProperty("--print-zoom", Math.min(1, sheet / width).toFixed(4));
  };
  window.addEventListener("beforeprint", window.liangsaibiPrintFit);
}
