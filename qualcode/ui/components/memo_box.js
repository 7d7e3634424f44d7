// qualcode memo box (Streamlit components v2): a text area that never loses what was typed.
// With autosave the text goes to the server as the coder types (debounced), on blur and on
// Ctrl+Enter; with a save button it goes with the button's click (text and click in one
// message, so the server never saves a stale draft). Until the server confirms, the text is also
// kept in this browser's localStorage so a reload restores it.

const DEBOUNCE_MS = 700;

function draftKey(data) {
  return `qualcode-memo-draft:${data.draft_key}`;
}

export default function (component) {
  const { data, parentElement } = component;
  const state = parentElement.__qcMemo ||
    (parentElement.__qcMemo = { timer: null, sent: null, confirmed: null });
  state.component = component; // the latest setters (a rerun hands new ones)

  let box = parentElement.querySelector(".qc-memo");
  if (!box) {
    box = document.createElement("div");
    box.className = "qc-memo";
    const label = document.createElement("label");
    label.className = "qc-memo-label";
    const area = document.createElement("textarea");
    area.className = "qc-memo-area";
    area.id = `qc-memo-${Math.random().toString(36).slice(2)}`;
    label.htmlFor = area.id;
    const status = document.createElement("div");
    status.className = "qc-memo-status";
    status.setAttribute("aria-live", "polite");
    box.append(label, area, status);
    parentElement.append(box);

    const button = document.createElement("button");
    button.type = "button";
    button.className = "qc-memo-save";
    box.append(button);

    const trigger = () => {
      state.sent = area.value;
      state.component.setTriggerValue("save", {
        text: area.value, nonce: `${Date.now()}-${Math.random()}`,
      });
      status.textContent = "Saving…";
    };
    const send = () => {
      clearTimeout(state.timer);
      state.timer = null;
      if (!state.autosave || area.value === (state.sent ?? state.confirmed)) return;
      trigger();
    };
    state.trigger = trigger;
    button.addEventListener("click", () => {
      clearTimeout(state.timer);
      state.timer = null;
      trigger();
    });
    area.addEventListener("input", () => {
      try {
        localStorage.setItem(draftKey(state.data), area.value);
      } catch (error) {
        // storage may be off: the debounced save still reaches the server
      }
      status.textContent = state.autosave ? "Unsaved changes…" : "Not saved yet";
      if (state.autosave) {
        clearTimeout(state.timer);
        state.timer = setTimeout(send, DEBOUNCE_MS);
      }
    });
    area.addEventListener("blur", send);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (state.autosave) send();
        else if (!area.disabled) trigger();
      }
    });
    state.send = send;
  }
  state.data = data;
  state.autosave = Boolean(data.autosave);
  const label = box.querySelector(".qc-memo-label");
  const area = box.querySelector(".qc-memo-area");
  const status = box.querySelector(".qc-memo-status");
  const button = box.querySelector(".qc-memo-save");
  button.hidden = !data.save_label;
  button.textContent = data.save_label || "";
  button.disabled = Boolean(data.disabled);
  if (state.box_key !== data.box_key) {
    state.box_key = data.box_key; // a new box in the same place starts afresh
    state.mounted = false;
    state.sent = null;
    state.confirmed = null;
  }
  label.textContent = data.label || "Memo"; // text only, never HTML
  area.setAttribute("aria-label", data.label || "Memo");
  area.placeholder = data.placeholder || "";
  area.disabled = Boolean(data.disabled);
  area.rows = data.rows || 4;

  const server = data.text || "";
  let draft = null;
  try {
    draft = localStorage.getItem(draftKey(data));
  } catch (error) {
    draft = null;
  }
  if (draft !== null && (draft === server || data.discard_draft)) {
    localStorage.removeItem(draftKey(data)); // the server holds it now
    draft = null;
  }
  // The box adopts the server's text only when it holds nothing the server has not confirmed:
  // a render that started before the latest save was stored must not roll the text back.
  if (state.sent !== null && server === state.sent) {
    state.sent = null; // the server has what was sent
    state.confirmed = server;
  }
  const pending = state.timer !== null;
  const typing = document.activeElement === area || pending;
  if (!state.mounted) {
    state.mounted = true;
    area.value = server;
    state.confirmed = server;
    if (draft !== null && !data.disabled) {
      area.value = draft; // a reload before the save reached the server
      if (state.autosave) {
        status.textContent = "Restored your unsaved text…";
        state.timer = setTimeout(state.send, 0);
      } else {
        status.textContent = "Restored your unsaved text: not saved yet";
      }
      box.dataset.saved = "0";
      return;
    }
  } else if (!typing && state.sent === null && area.value === state.confirmed) {
    area.value = server; // changed elsewhere (another tab), nothing local to keep
    state.confirmed = server;
  }
  if (!pending && area.value === server && data.status) status.textContent = data.status;
  box.dataset.saved = server === area.value ? "1" : "0";
}
