// Streamlit's own widgets speak English ("Upload", "Choose options", the tables' toolbar, aria-labels) and
// Streamlit offers no other language (its issue 13500). This rewrites those words where they appear, as
// Streamlit draws and redraws its widgets: exact texts and a few patterns, given by widget_words.py.
if (!window.liangsaibiChinese) {
  window.liangsaibiChinese = true;
  const words = new Map(Object.entries(WORDS));
  const patterns = PATTERNS.map(([pattern, replacement]) => [new RegExp(pattern), replacement]);
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title", "alt"];
  // Text that people wrote (Markdown, our HTML, charts' SVG) is theirs even when it is a word like "Open"; a
  // button's Markdown is Streamlit's own where it says "Upload".
  const THEIRS = '[data-testid="stMarkdownContainer"], [data-testid="stHtml"], [data-testid="stText"], svg, code, pre';
  const said = text => {
    const trimmed = text.trim();
    if (!trimmed || !/[A-Za-z]/.test(trimmed)) return null;
    if (words.has(trimmed)) return text.replace(trimmed, words.get(trimmed));
    for (const [pattern, replacement] of patterns) if (pattern.test(trimmed)) return text.replace(pattern, replacement);
    return null;
  };
  const fixText = node => {
    const theirs = node.parentElement?.closest(THEIRS);
    if (theirs && !theirs.closest("button")) return;
    const chinese = said(node.nodeValue);
    if (chinese !== null && chinese !== node.nodeValue) node.nodeValue = chinese;
  };
  const fixAttributes = element => {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      const chinese = value && said(value);
      if (chinese && chinese !== value) element.setAttribute(name, chinese);
    }
  };
  const fix = root => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) fixText(node);
    fixAttributes(root);
    root.querySelectorAll(ATTRIBUTES.map(name => `[${name}]`).join(",")).forEach(fixAttributes);
  };
  fix(document.body);
  new MutationObserver(changes => {
    for (const change of changes) {
      if (change.type === "childList") change.addedNodes.forEach(fix);
      else if (change.type === "characterData") fixText(change.target);
      else fixAttributes(change.target);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
}
