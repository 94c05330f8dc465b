// 大屏演示: a presenter's clicker and keyboard. → PageDown space: next; ← PageUp: previous; p: pause or
// resume; b: black screen (b or any slide key again brings the slide back); Esc: leave the meeting screen.
// Each key presses the on-screen button, so keys and clicks go the same way through the app.
// st.html runs this again whenever the page is drawn anew: the listener is added once per browser tab,
// and does nothing on the other pages (it looks for the slide first).
(() => {
  document.body.classList.remove("present-black");  // a black screen does not outlast leaving the page
  if (window.liangsaibiPresentKeys) return;
  window.liangsaibiPresentKeys = true;
  // Charts are drawn for a 1920×1080 screen (plotly's type is in px, plotly takes no vh): on another screen
  // their type, legends, markers, lines and margins are scaled by its height (or its width, if narrower than
  // 16:9), as the slides' HTML is by vh. Each drawing of a chart is scaled once, from the figure as sent.
  const scaled = (value, zoom, key = "") => {
    if (ArrayBuffer.isView(value)) return value;  // numbers of the data, never sizes
    if (Array.isArray(value)) return value.map((item) => scaled(item, zoom, key));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, scaled(item, zoom, name)]));
    }
    const sized = ["size", "minsize", "width", "t", "l", "r", "b", "pad", "standoff"].includes(key);
    return typeof value === "number" && sized ? value * zoom : value;
  };
  const fit = () => {
    const zoom = Math.min(innerHeight / 1080, innerWidth / 1920);
    for (const plot of document.querySelectorAll(".st-key-present-slide .js-plotly-plot")) {
      if (!plot.layout || !window.Plotly || plot.liangsaibiZoom === zoom && plot.liangsaibiSent === plot.data) continue;
      if (plot.liangsaibiSent !== plot.data) plot.liangsaibiFigure = {data: plot.data, layout: plot.layout};
      const {data, layout} = plot.liangsaibiFigure;
      const sized = {...scaled(layout, zoom), width: undefined, height: undefined, autosize: true};
      plot.liangsaibiZoom = zoom;
      plot.liangsaibiSent = data.map((trace) => ({...scaled(trace, zoom), x: trace.x, y: trace.y, z: trace.z}));
      window.Plotly.react(plot, plot.liangsaibiSent, sized).then(() => window.Plotly.Plots.resize(plot));  // margins anew
    }
  };
  new MutationObserver(fit).observe(document.body, {childList: true, subtree: true});
  addEventListener("resize", fit);
  const buttons = {ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "back", PageUp: "back",
                   p: "pause", P: "pause"};
  // Streamlit draws the buttons a moment after the slide: a key pressed in between waits for its button
  // (up to 2 s) rather than being lost.
  const press = (name, tries = 20) => {
    const button = document.querySelector(`.st-key-present-${name} button`);
    if (button) button.click();
    else if (tries) setTimeout(() => press(name, tries - 1), 100);
  };
  document.addEventListener("keydown", (event) => {
    // The slides, or the 现场评分 screen alone (its keys move the room from unit to unit).
    if (!document.querySelector(".st-key-present-slide, .st-key-live-screen") || event.ctrlKey || event.altKey
        || event.metaKey) return;
    const black = event.key === "b" || event.key === "B";
    if (!black && !(event.key in buttons) && event.key !== "Escape") return;
    // A focused button would also take space or Enter as its own click: the key is ours alone.
    event.preventDefault();
    event.stopPropagation();
    if (event.repeat) return;
    if (black) {
      document.body.classList.toggle("present-black");
      return;
    }
    document.body.classList.remove("present-black");
    if (event.key === "Escape") {
      document.querySelector(".st-key-present-controls a")?.click();
    } else {
      press(buttons[event.key]);
    }
  }, true);
})();
