// qualcode span selector (Streamlit components v2, no iframe, no build step).
// The transcript HTML arrives escaped from Python: every piece of text is a
// <span data-u="UTF-16 offset" data-c="coding ids">. A mouse selection becomes
// UTF-16 offsets (Python converts them to character offsets); a code picker
// opens at the selection; clicking a highlight reports the codings under it.

function escapeText(node, text) {
  node.textContent = text; // never innerHTML for anything built here
  return node;
}

function pieceOf(node) {
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  return element ? element.closest("[data-u]") : null;
}

// The part of a range inside the transcript: a drag that overshoots the transcript's first or
// last line (into the page around it) still selects the transcript text it covered.
function clippedTo(root, range) {
  if (root.contains(range.commonAncestorContainer)) return range;
  if (!range.intersectsNode(root)) return null;
  const clipped = range.cloneRange();
  if (!root.contains(clipped.startContainer)) clipped.setStart(root, 0);
  if (!root.contains(clipped.endContainer)) clipped.setEnd(root, root.childNodes.length);
  return clipped;
}

function selectionOffsets(root) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = clippedTo(root, selection.getRangeAt(0));
  if (range === null) return null;
  const pieces = root.querySelectorAll("[data-u]");
  let first = null;
  let last = null;
  for (const piece of pieces) {
    if (range.intersectsNode(piece)) {
      if (first === null) first = piece;
      last = piece;
    }
  }
  if (first === null) return null;
  const start =
    pieceOf(range.startContainer) === first && range.startContainer.nodeType === Node.TEXT_NODE
      ? Number(first.dataset.u) + range.startOffset
      : Number(first.dataset.u);
  const end =
    pieceOf(range.endContainer) === last && range.endContainer.nodeType === Node.TEXT_NODE
      ? Number(last.dataset.u) + range.endOffset
      : Number(last.dataset.u) + last.textContent.length;
  if (end <= start) return null;
  return { start, end, text: range.toString(), range: range.cloneRange() };
}

// Fixed to the viewport: below the selection when it fits, else above it, always inside the
// window (a picker inside the scrolling transcript was clipped near a short transcript's end).
function placePicker(picker, range) {
  const rect = range.getBoundingClientRect();
  const margin = 6;
  const height = picker.offsetHeight;
  const width = picker.offsetWidth;
  const below = window.innerHeight - rect.bottom - margin;
  let top = below >= height ? rect.bottom + margin : rect.top - margin - height;
  top = Math.max(margin, Math.min(top, window.innerHeight - height - margin));
  const left = Math.max(margin, Math.min(rect.left, window.innerWidth - width - margin));
  picker.style.top = `${top}px`;
  picker.style.left = `${left}px`;
}

function rangeAt(root, start, end) {
  // A DOM range over UTF-16 offsets [start, end) of the transcript (to restore a selection).
  const pieces = Array.from(root.querySelectorAll("[data-u]"));
  const locate = (offset) => {
    for (const piece of pieces) {
      const from = Number(piece.dataset.u);
      const node = piece.firstChild;
      if (node && offset >= from && offset <= from + node.data.length) return [node, offset - from];
    }
    return null;
  };
  const a = locate(start);
  const b = locate(end);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(a[0], a[1]);
  range.setEnd(b[0], b[1]);
  return range;
}

function buildPicker(root, data, selection, apply, message) {
  const picker = document.createElement("div");
  picker.className = "qc-picker";
  picker.setAttribute("role", "dialog");
  const hint = escapeText(document.createElement("div"), data.picker_hint || "");
  hint.className = "qc-picker-hint";
  const input = document.createElement("input");
  input.type = "text";
  input.placeholder = "Type to filter codes, Enter to apply, Esc to close";
  input.className = "qc-picker-input";
  const list = document.createElement("div");
  list.className = "qc-picker-list";
  picker.append(input, hint, list);
  let active = 0;
  let shown = [];

  function render() {
    const wanted = input.value.trim().toLowerCase();
    shown = data.codes.filter(
      (c) => !wanted || c.name.toLowerCase().includes(wanted) || c.key.toLowerCase().includes(wanted)
    );
    active = Math.min(active, Math.max(shown.length - 1, 0));
    list.replaceChildren();
    shown.forEach((code, index) => {
      const row = document.createElement("div");
      row.className = "qc-picker-item" + (index === active ? " qc-active" : "");
      row.dataset.codeId = String(code.id);
      const swatch = document.createElement("span");
      swatch.className = "qc-swatch";
      swatch.style.background = code.color;
      const pin = code.pin ? escapeText(document.createElement("kbd"), String(code.pin)) : null;
      const name = escapeText(document.createElement("span"), code.name);
      const key = escapeText(document.createElement("span"), code.key);
      key.className = "qc-key";
      row.append(swatch, name, key);
      if (pin) row.append(pin);
      if (code.definition) row.title = code.definition;
      row.addEventListener("mousedown", (event) => {
        event.preventDefault();
        apply(code.id);
      });
      list.append(row);
    });
  }

  input.addEventListener("input", () => {
    active = 0;
    render();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      picker.remove();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      active = Math.min(active + 1, shown.length - 1);
      render();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      active = Math.max(active - 1, 0);
      render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (shown[active]) apply(shown[active].id);
    } else if (/^[1-9]$/.test(event.key) && input.value === "") {
      const pinned = data.codes.find((c) => c.pin === Number(event.key));
      if (pinned) {
        event.preventDefault();
        apply(pinned.id);
      }
    }
  });
  render();
  if (message) {
    const error = escapeText(document.createElement("div"), message);
    error.className = "qc-picker-error";
    error.setAttribute("role", "alert");
    picker.insertBefore(error, hint);
  }
  root.parentElement.append(picker);
  picker.__qcRange = selection.range;
  placePicker(picker, selection.range);
  input.focus({ preventScroll: true });
  return picker;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (parentElement.__qcAbort) parentElement.__qcAbort.abort();
  const controller = new AbortController();
  parentElement.__qcAbort = controller;
  const signal = controller.signal;

  let root = parentElement.querySelector(".qc-span-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "qc-span-root";
    parentElement.append(root);
  }
  // Python escaped every user text in this HTML (qualcode/ui/components/span_view.py).
  const previousScroll = root.scrollTop;
  root.innerHTML = data.html;
  root.dataset.ready = "1";

  root.dataset.document = String(data.document);
  root.dataset.render = String(Number(root.dataset.render || 0) + 1);

  let picker = parentElement.querySelector(".qc-picker");
  if (picker) picker.remove(); // a rerun rebuilds it from the pending selection, if any
  picker = null;
  const closePicker = () => {
    if (picker) picker.remove();
    picker = null;
  };

  const openPicker = (selection, message) => {
    closePicker();
    picker = buildPicker(
      root,
      data,
      selection,
      (codeId) => {
        const nonce = `${Date.now()}-${Math.random()}`;
        // kept until the server answers: a failed save reopens the picker on this selection
        parentElement.__qcPending = {
          start: selection.start, end: selection.end, text: selection.text, nonce,
          document: data.document,
        };
        setTriggerValue("apply", {
          start: selection.start,
          end: selection.end,
          code_id: codeId,
          text: selection.text,
          document: data.document,
          nonce,
        });
        if (picker) picker.classList.add("qc-saving");
      },
      message
    );
  };

  const pending = parentElement.__qcPending;
  const outcome = data.outcome;
  if (pending && outcome && outcome.nonce === pending.nonce) {
    parentElement.__qcPending = null;
    root.dataset.outcome = outcome.ok ? "ok" : "error";
    window.getSelection().removeAllRanges();
    if (!outcome.ok && pending.document === data.document) {
      const range = rangeAt(root, pending.start, pending.end);
      if (range) {
        window.getSelection().addRange(range);
        openPicker({ ...pending, range }, outcome.message);
      }
    }
  }

  // A drag that starts in the transcript may end outside it (past its last line): the mouse
  // release is heard on the whole page, and the transcript text it selected opens the picker.
  let pressedInside = false;
  root.addEventListener("mousedown", () => (pressedInside = true), { signal });
  document.addEventListener(
    "mouseup",
    (event) => {
      const target = event.target instanceof Element ? event.target : document.body;
      const inside = root.contains(target);
      const dragged = pressedInside;
      pressedInside = false;
      if (!(inside || dragged) || target.closest(".qc-picker")) return;
      setTimeout(() => {
        const selection = selectionOffsets(root);
        closePicker();
        if (selection) {
          openPicker(selection, "");
          return;
        }
        if (!inside) return;
        const piece = target.closest("[data-c]");
        if (piece && (piece.dataset.c || piece.dataset.s)) {
          const ids = (value) => (value ? value.split(" ").map(Number) : []);
          setTriggerValue("clicked", {
            ids: ids(piece.dataset.c),
            suggestions: ids(piece.dataset.s),
            at: Number(piece.dataset.u),
            document: data.document,
            nonce: Date.now(),
          });
        }
      }, 0);
    },
    { signal }
  );
  document.addEventListener(
    "mousedown",
    (event) => {
      if (picker && !picker.contains(event.target)) closePicker();
    },
    { signal }
  );
  const follow = () => {
    if (picker && picker.__qcRange) placePicker(picker, picker.__qcRange);
  };
  root.addEventListener("scroll", follow, { signal });
  window.addEventListener("scroll", follow, { signal, capture: true });
  window.addEventListener("resize", follow, { signal });

  const sameDocument = parentElement.__qcDocument === data.document;
  parentElement.__qcDocument = data.document;
  if (sameDocument) {
    root.scrollTop = previousScroll; // a rerun keeps the coder's place
  } else if (data.scroll_to !== null && data.scroll_to !== undefined) {
    // a document opened again returns to where the coder last worked
    const pieces = root.querySelectorAll("[data-u]");
    let target = null;
    for (const piece of pieces) {
      if (Number(piece.dataset.u) > data.scroll_to) break;
      target = piece;
    }
    if (target) {
      const box = root.getBoundingClientRect();
      root.scrollTop += target.getBoundingClientRect().top - box.top - 40;
    }
  }
  // A newly focused suggestion (after a decision, or a click) is scrolled into view.
  const focus = data.focus ?? null;
  root.dataset.focus = focus === null ? "" : String(focus);
  if (focus !== null && parentElement.__qcFocus !== focus) {
    const target = root.querySelector("[data-focus]");
    if (target) {
      const box = root.getBoundingClientRect();
      const at = target.getBoundingClientRect();
      if (at.top < box.top || at.bottom > box.bottom) root.scrollTop += at.top - box.top - 40;
    }
  }
  parentElement.__qcFocus = focus;
  return () => {
    controller.abort();
    closePicker();
  };
}
