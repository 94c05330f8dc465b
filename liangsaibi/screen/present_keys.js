// 大屏演示: a presenter's clicker and keyboard. → PageDown space: next; ← PageUp: previous; p: pause or
// resume; b: black screen (b or any slide key again brings the slide back); Esc: leave the meeting screen.
// Each key presses the on-screen button, so keys and clicks go the same way through the app.
// st.html runs this again whenever the page is drawn anew: the listener is added once per browser tab,
// and does nothing on the other pages (it looks for the slide first).
(() => {
  document.body.classList.remove("present-black");  // a black screen does not outlast leaving the page
  if (window.liangsaibiPresentKeys) return;
  window.liangsaibiPresentKeys = true;
  const buttons = {ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "back", PageUp: "back",
                   p: "pause", P: "pause"};
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
      document.querySelector(`.st-key-present-${buttons[event.key]} button`)?.click();
    }
  }, true);
})();
