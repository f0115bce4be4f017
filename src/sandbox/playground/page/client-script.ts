/**
 * The page's only script, small enough to need no build step. The server renders both panes; this
 * script sends what the user does to the playground API and swaps in fresh panes when something changed.
 *
 * Changes are fetched by short polling (a tiny request that answers 204 while nothing changed) rather than
 * a held-open stream: an open stream would keep Haven's HTTP server from closing on Ctrl-C.
 */
export const CLIENT_SCRIPT = `
(() => {
  'use strict';
  const POLL_MS = 400;
  const $ = (id) => document.getElementById(id);
  const state = {
    version: Number(document.body.dataset.version),
    chatId: Number(document.body.dataset.chatId),
    phoneHtml: null,
    keyboardHtml: null,
    inboxHtml: null,
    peopleKey: '',
  };

  function notice(text) {
    const box = $('notice');
    box.textContent = text || '';
    box.className = 'pg-notice' + (text ? ' pg-error' : '');
  }

  async function post(path, body) {
    const response = await fetch('/playground/api/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || 'HTTP ' + response.status);
    return data;
  }

  async function act(path, body) {
    try {
      const data = await post(path, body);
      notice(data.notice || '');
    } catch (error) {
      notice(error.message);
    }
    await refresh();
  }

  /** Typed-in replies and the focused field survive a pane being swapped. */
  function keepInputs(container) {
    const values = {};
    let focused = null;
    for (const field of container.querySelectorAll('[data-keep]')) {
      if (field.type === 'checkbox') values[field.dataset.keep] = field.checked;
      else if (field.value) values[field.dataset.keep] = field.value;
      if (field === document.activeElement) {
        focused = { key: field.dataset.keep, start: field.selectionStart, end: field.selectionEnd };
      }
    }
    return () => {
      for (const field of container.querySelectorAll('[data-keep]')) {
        const value = values[field.dataset.keep];
        if (field.type === 'checkbox') {
          if (value !== undefined) field.checked = value;
        } else if (value !== undefined) field.value = value;
        if (focused && focused.key === field.dataset.keep) {
          field.focus();
          if (field.setSelectionRange && focused.start !== null) field.setSelectionRange(focused.start, focused.end);
        }
      }
    };
  }

  function swap(container, key, markup) {
    if (state[key] === markup) return false;
    const restore = keepInputs(container);
    container.innerHTML = markup;
    restore();
    state[key] = markup;
    return true;
  }

  function showPeople(view) {
    const key = JSON.stringify([view.people, view.activeChatId]);
    if (key === state.peopleKey) return;
    state.peopleKey = key;
    const select = $('person-select');
    select.textContent = '';
    for (const person of view.people) {
      const option = document.createElement('option');
      option.value = String(person.chatId);
      option.textContent = person.firstName + ' (' + person.languageCode + ')';
      select.appendChild(option);
    }
    select.value = String(view.activeChatId);
    const active = view.people.find((p) => p.chatId === view.activeChatId);
    if (active) {
      $('language-select').value = active.languageCode;
      $('phone-person').textContent = 'chat with ' + active.firstName + ' · language_code ' + active.languageCode;
    }
  }

  function showRun(run) {
    const box = $('run-status');
    if (!run) {
      box.textContent = '';
      return;
    }
    const head = run.title + ' — ';
    const text =
      run.state === 'running'
        ? '▶ ' + head + 'step ' + run.step + ' of ' + run.total + (run.note ? ': ' + run.note : '')
        : run.state === 'finished'
          ? '✔ ' + head + 'finished'
          : run.state === 'stopped'
            ? '■ ' + head + 'stopped at step ' + run.step
            : '✖ ' + head + 'failed at ' + run.error;
    box.textContent = text;
    box.className = 'pg-status' + (run.state === 'failed' ? ' pg-failed' : '');
  }

  function apply(view) {
    if (view.version < state.version) return;
    state.version = view.version;
    const chatChanged = state.chatId !== view.activeChatId;
    state.chatId = view.activeChatId;
    showPeople(view);
    showRun(view.run);
    const phone = $('phone-messages');
    const nearBottom = phone.scrollHeight - phone.scrollTop - phone.clientHeight < 120;
    if (swap(phone, 'phoneHtml', view.phoneHtml) && (nearBottom || chatChanged)) {
      phone.scrollTop = phone.scrollHeight;
    }
    swap($('reply-keyboard'), 'keyboardHtml', view.replyKeyboardHtml);
    const inbox = $('inbox');
    const inboxNearBottom = inbox.scrollHeight - inbox.scrollTop - inbox.clientHeight < 120;
    const inboxChanged = swap(inbox, 'inboxHtml', view.inboxHtml);
    const activeThreads = inbox.querySelectorAll('.sl-thread-active');
    const activeThread = activeThreads[activeThreads.length - 1];
    if (chatChanged && activeThread) activeThread.scrollIntoView({ block: 'nearest' });
    else if (inboxChanged && inboxNearBottom) inbox.scrollTop = inbox.scrollHeight;
  }

  let offline = false;
  async function refresh() {
    try {
      const response = await fetch('/playground/api/view?since=' + state.version);
      if (response.status === 200) apply(await response.json());
      if (offline) notice('');
      offline = false;
    } catch {
      offline = true;
      notice('Haven is not answering. Is it still running?');
    }
  }

  async function poll() {
    await refresh();
    setTimeout(poll, POLL_MS);
  }

  // The person's side -----------------------------------------------------------------------------------
  const composer = $('composer');
  const composerText = $('composer-text');
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = composerText.value;
    if (!text.trim()) return;
    composerText.value = '';
    act('person/message', { chatId: state.chatId, text });
  });
  composerText.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  $('send-photo').addEventListener('click', () => {
    const caption = composerText.value;
    composerText.value = '';
    act('person/photo', { chatId: state.chatId, caption });
  });

  document.addEventListener('click', (event) => {
    const target = event.target.closest('button[data-action]');
    if (!target || target.disabled) return;
    const data = target.dataset;
    if (data.action === 'tap') {
      act('person/tap', { chatId: state.chatId, messageId: Number(data.messageId), callbackData: data.callback });
    } else if (data.action === 'say') {
      act('person/message', { chatId: state.chatId, text: data.text });
    } else if (data.action === 'press') {
      act('inbox/press', { channel: data.channel, ts: data.ts, actionId: data.actionId });
    } else if (data.action === 'dialog-press') {
      act('inbox/dialog/press', { viewId: data.viewId, actionId: data.actionId });
    } else if (data.action === 'dialog-close') {
      act('inbox/dialog/close', { viewId: data.viewId });
    }
  });

  /** A card's "⋯" menu: choosing an option is the click; the menu shows "⋯" again. */
  document.addEventListener('change', (event) => {
    const menu = event.target;
    if (!(menu instanceof HTMLSelectElement) || menu.dataset.action !== 'choose' || !menu.value) return;
    const value = menu.value;
    menu.value = '';
    act('inbox/choose', { channel: menu.dataset.channel, ts: menu.dataset.ts, actionId: menu.dataset.actionId, value });
  });

  /** A dialog's fields, as Slack reports a modal's state: block_id → action_id → the element's state. */
  function dialogValues(form) {
    const values = {};
    for (const field of form.querySelectorAll('[data-kind]')) {
      const block = (values[field.dataset.blockId] = values[field.dataset.blockId] || {});
      const kind = field.dataset.kind;
      if (kind === 'plain_text_input') {
        block[field.dataset.actionId] = { type: kind, value: field.value || null };
      } else if (kind === 'checkboxes') {
        const state = (block[field.dataset.actionId] = block[field.dataset.actionId] || { type: kind, selected_options: [] });
        if (field.checked) {
          state.selected_options.push({ value: field.value, text: { type: 'plain_text', text: field.dataset.label } });
        }
      }
    }
    return values;
  }

  // The caseworker's side -------------------------------------------------------------------------------
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.action === 'dialog') {
      event.preventDefault();
      act('inbox/dialog/submit', { viewId: form.dataset.viewId, values: dialogValues(form) });
      return;
    }
    if (!(form instanceof HTMLFormElement) || form.dataset.action !== 'reply') return;
    event.preventDefault();
    const field = form.elements.namedItem('text');
    const toPerson = form.elements.namedItem('toPerson').checked;
    const text = field.value;
    if (!text.trim()) return;
    field.value = '';
    act('inbox/reply', { channel: form.dataset.channel, threadTs: form.dataset.threadTs, text, toPerson });
  });

  // The bar ---------------------------------------------------------------------------------------------
  $('person-select').addEventListener('change', (event) => {
    act('person/select', { chatId: Number(event.target.value) });
  });
  $('new-person').addEventListener('click', () => {
    act('person/new', { languageCode: $('language-select').value });
  });
  $('language-select').addEventListener('change', (event) => {
    act('person/language', { chatId: state.chatId, languageCode: event.target.value });
  });
  $('play').addEventListener('click', () => {
    const id = $('scenario-select').value;
    act('scenarios/' + encodeURIComponent(id) + '/play', { stepDelayMs: Number($('step-delay').value) || 0 });
  });
  $('stop').addEventListener('click', () => act('scenarios/stop'));
  $('reset').addEventListener('click', () => act('reset'));

  $('phone-messages').scrollTop = $('phone-messages').scrollHeight;
  poll();
})();
`;
