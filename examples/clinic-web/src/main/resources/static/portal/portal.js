// The patient's portal: plain JavaScript on portal-spring-web's API (/portal/api), with the cookie session and its
// CSRF token. No build step.
'use strict';
(() => {
  const API = '/portal/api';
  const ZONE = 'Europe/Budapest';
  const TEXTS = {
    en: {
      title: 'Patient portal', clinic: 'Demo Clinic', skip: 'Skip to content', language: 'Language', logout: 'Sign out',
      'login.title': 'Sign in', 'login.method': 'How do you sign in?', 'login.emailPhone': 'E-mail and phone',
      'login.tajPhone': 'TAJ and phone', email: 'E-mail', taj: 'TAJ number (9 digits)', phone: 'Mobile phone',
      'login.send': 'Send my code', 'login.codeHint': 'We sent you a code. Type it below.',
      'login.codesHint': 'We sent you two codes, one by e-mail and one by SMS. Type both below.',
      'code.email': 'Code from the e-mail', 'code.sms': 'Code from the SMS',
      'resend.email': 'Send the e-mail code again', 'resend.sms': 'Send the SMS code again',
      'login.verify': 'Sign in', 'login.restart': 'Start again', 'login.inbox': 'Demo: the codes are in the',
      inbox: 'dev inbox', resent: 'A new code is on its way.', verified: 'Code accepted.',
      hello: 'Hello, {name}', appointments: 'Your appointments', noAppointments: 'No upcoming appointments.',
      book: 'Book an appointment', bookTitle: 'Pick a free time', moveTitle: 'Pick a new time',
      service: 'Service', 'service.any': 'Any service', 'service.GP': 'GP consultation', 'service.LAB': 'Blood test',
      'service.ULTRASOUND': 'Ultrasound scan', noSlots: 'No free times.', confirm: 'Confirm', close: 'Close',
      confirmBook: 'Book {service} on {time}?', confirmMove: 'Move your appointment to {time}?',
      booked: 'Booked: {service}, {time}.', moved: 'Moved to {time}.', cancelled: 'Cancelled.',
      modify: 'Change time', cancel: 'Cancel appointment', cancelAsk: 'Cancel this appointment?',
      documents: 'Documents', noDocuments: 'No documents.', download: 'Download',
      'type.LAB_RESULT': 'Lab result', 'type.DISCHARGE': 'Discharge summary', 'type.PRESCRIPTION': 'Prescription',
      'type.IMAGING': 'Imaging report',
      profile: 'Personal data', 'profile.hint': "As the clinic's records hold them; ask the front desk to correct anything.",
      name: 'Name', birthDate: 'Date of birth', address: 'Address',
      history: 'History', noHistory: 'No past appointments.',
      'status.BOOKED': 'Booked', 'status.CANCELLED': 'Cancelled', 'status.COMPLETED': 'Attended', 'status.NO_SHOW': 'Missed',
      'err.required': 'Fill in every field.', 'err.wrongCode': 'Wrong code. Attempts left: {n}.',
      'err.wait': 'Too many tries. Wait {s} seconds, then try again.', 'err.expired': 'This sign-in has expired. Start again.',
      'err.session': 'Your session ended. Sign in again.', 'err.generic': 'That did not work:',
      'err.network': 'The portal could not be reached.'
    },
    es: {
      title: 'Portal del paciente', clinic: 'Clínica Demo', skip: 'Saltar al contenido', language: 'Idioma', logout: 'Salir',
      'login.title': 'Entrar', 'login.method': '¿Cómo quiere entrar?', 'login.emailPhone': 'Correo y teléfono',
      'login.tajPhone': 'TAJ y teléfono', email: 'Correo electrónico', taj: 'Número TAJ (9 cifras)', phone: 'Teléfono móvil',
      'login.send': 'Enviarme el código', 'login.codeHint': 'Le enviamos un código. Escríbalo abajo.',
      'login.codesHint': 'Le enviamos dos códigos, uno por correo y otro por SMS. Escriba ambos abajo.',
      'code.email': 'Código del correo', 'code.sms': 'Código del SMS',
      'resend.email': 'Reenviar el código por correo', 'resend.sms': 'Reenviar el código por SMS',
      'login.verify': 'Entrar', 'login.restart': 'Empezar de nuevo', 'login.inbox': 'Demo: los códigos están en el',
      inbox: 'buzón de pruebas', resent: 'Un nuevo código está en camino.', verified: 'Código aceptado.',
      hello: 'Hola, {name}', appointments: 'Sus citas', noAppointments: 'No tiene citas próximas.',
      book: 'Pedir cita', bookTitle: 'Elija una hora libre', moveTitle: 'Elija una nueva hora',
      service: 'Servicio', 'service.any': 'Cualquier servicio', 'service.GP': 'Consulta de medicina general',
      'service.LAB': 'Análisis de sangre', 'service.ULTRASOUND': 'Ecografía', noSlots: 'No hay horas libres.',
      confirm: 'Confirmar', close: 'Cerrar',
      confirmBook: '¿Reservar {service} el {time}?', confirmMove: '¿Mover su cita al {time}?',
      booked: 'Reservado: {service}, {time}.', moved: 'Cambiada al {time}.', cancelled: 'Anulada.',
      modify: 'Cambiar hora', cancel: 'Anular cita', cancelAsk: '¿Anular esta cita?',
      documents: 'Documentos', noDocuments: 'No hay documentos.', download: 'Descargar',
      'type.LAB_RESULT': 'Resultado de laboratorio', 'type.DISCHARGE': 'Informe de alta', 'type.PRESCRIPTION': 'Receta',
      'type.IMAGING': 'Informe de imagen',
      profile: 'Datos personales', 'profile.hint': 'Tal como constan en la clínica; pida en recepción que corrijan lo que haga falta.',
      name: 'Nombre', birthDate: 'Fecha de nacimiento', address: 'Dirección',
      history: 'Historial', noHistory: 'No hay citas pasadas.',
      'status.BOOKED': 'Reservada', 'status.CANCELLED': 'Anulada', 'status.COMPLETED': 'Realizada', 'status.NO_SHOW': 'No acudió',
      'err.required': 'Rellene todos los campos.', 'err.wrongCode': 'Código incorrecto. Intentos restantes: {n}.',
      'err.wait': 'Demasiados intentos. Espere {s} segundos y vuelva a intentarlo.',
      'err.expired': 'Este acceso ha caducado. Empiece de nuevo.', 'err.session': 'Su sesión terminó. Entre de nuevo.',
      'err.generic': 'No se pudo:', 'err.network': 'No se pudo contactar con el portal.'
    },
    hu: {
      title: 'Betegportál', clinic: 'Demó Klinika', skip: 'Ugrás a tartalomra', language: 'Nyelv', logout: 'Kilépés',
      'login.title': 'Belépés', 'login.method': 'Hogyan lép be?', 'login.emailPhone': 'E-mail és telefon',
      'login.tajPhone': 'TAJ és telefon', email: 'E-mail-cím', taj: 'TAJ-szám (9 számjegy)', phone: 'Mobiltelefon',
      'login.send': 'Kérem a kódot', 'login.codeHint': 'Küldtünk egy kódot. Írja be alább.',
      'login.codesHint': 'Két kódot küldtünk, egyet e-mailben és egyet SMS-ben. Írja be mindkettőt.',
      'code.email': 'Az e-mailben kapott kód', 'code.sms': 'Az SMS-ben kapott kód',
      'resend.email': 'E-mail-kód újraküldése', 'resend.sms': 'SMS-kód újraküldése',
      'login.verify': 'Belépés', 'login.restart': 'Újrakezdés', 'login.inbox': 'Demó: a kódok itt vannak:',
      inbox: 'fejlesztői postafiók', resent: 'Új kód úton van.', verified: 'Kód elfogadva.',
      hello: 'Üdvözöljük, {name}', appointments: 'Időpontjai', noAppointments: 'Nincs közelgő időpontja.',
      book: 'Időpontfoglalás', bookTitle: 'Válasszon szabad időpontot', moveTitle: 'Válasszon új időpontot',
      service: 'Szolgáltatás', 'service.any': 'Bármely szolgáltatás', 'service.GP': 'Háziorvosi vizsgálat',
      'service.LAB': 'Vérvétel', 'service.ULTRASOUND': 'Ultrahang', noSlots: 'Nincs szabad időpont.',
      confirm: 'Megerősítés', close: 'Bezárás',
      confirmBook: 'Lefoglalja: {service}, {time}?', confirmMove: 'Áthelyezi az időpontot erre: {time}?',
      booked: 'Lefoglalva: {service}, {time}.', moved: 'Áthelyezve: {time}.', cancelled: 'Lemondva.',
      modify: 'Időpont módosítása', cancel: 'Lemondás', cancelAsk: 'Lemondja ezt az időpontot?',
      documents: 'Dokumentumok', noDocuments: 'Nincs dokumentum.', download: 'Letöltés',
      'type.LAB_RESULT': 'Laborlelet', 'type.DISCHARGE': 'Zárójelentés', 'type.PRESCRIPTION': 'Recept',
      'type.IMAGING': 'Képalkotó lelet',
      profile: 'Személyes adatok', 'profile.hint': 'Ahogy a klinika nyilvántartja; javítást a recepción kérhet.',
      name: 'Név', birthDate: 'Születési dátum', address: 'Cím',
      history: 'Előzmények', noHistory: 'Nincs korábbi időpont.',
      'status.BOOKED': 'Foglalt', 'status.CANCELLED': 'Lemondva', 'status.COMPLETED': 'Megtörtént', 'status.NO_SHOW': 'Elmaradt',
      'err.required': 'Töltsön ki minden mezőt.', 'err.wrongCode': 'Hibás kód. Hátralévő próbálkozások: {n}.',
      'err.wait': 'Túl sok próbálkozás. Várjon {s} másodpercet, aztán próbálja újra.',
      'err.expired': 'Ez a belépés lejárt. Kezdje újra.', 'err.session': 'A munkamenet véget ért. Lépjen be újra.',
      'err.generic': 'Nem sikerült:', 'err.network': 'A portál nem érhető el.'
    }
  };

  const $ = (id) => document.getElementById(id);
  let lang = initialLanguage();
  let csrf = null;
  let challenge = null;
  let picking = null; // {mode: 'book'} or {mode: 'move', reservation}
  let chosen = null;

  function initialLanguage() {
    const m = document.cookie.match(/(?:^|; )lang=(en|es|hu)/);
    if (m) return m[1];
    const nav = (navigator.language || 'en').slice(0, 2);
    return TEXTS[nav] ? nav : 'en';
  }

  function t(key, values) {
    let s = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.en[key] || key;
    for (const [k, v] of Object.entries(values || {})) s = s.replace('{' + k + '}', v);
    return s;
  }

  function applyTexts() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
    document.title = t('title') + ' · ' + t('clinic');
    $('lang').value = lang;
  }

  function when(iso) {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE }).format(new Date(iso));
  }

  function day(iso) {
    return new Intl.DateTimeFormat(lang, { weekday: 'long', month: 'long', day: 'numeric', timeZone: ZONE }).format(new Date(iso));
  }

  function hour(iso) {
    return new Intl.DateTimeFormat(lang, { timeStyle: 'short', timeZone: ZONE }).format(new Date(iso));
  }

  function service(code) { return t('service.' + code); }

  class ApiError extends Error {
    constructor(status, problem, retryAfter) {
      super(problem.detail || ('HTTP ' + status));
      this.status = status;
      this.problem = problem;
      this.retryAfter = retryAfter;
    }
  }

  async function api(method, path, body, headers) {
    const h = Object.assign({ 'Accept': 'application/json', 'Accept-Language': lang }, headers || {});
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
    let res;
    try {
      res = await fetch(API + path, {
        method, headers: h, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch (e) {
      throw new ApiError(0, { detail: t('err.network') }, null);
    }
    const type = res.headers.get('Content-Type') || '';
    const data = res.status === 204 ? null : (type.includes('json') ? await res.json() : null);
    if (!res.ok) throw new ApiError(res.status, data || {}, res.headers.get('Retry-After'));
    return data;
  }

  /** A problem as a sentence: ours for the cases a patient acts on, the server's detail always. */
  function explain(e) {
    const p = e.problem || {};
    if (e.status === 429) {
      const s = e.retryAfter || p.retryAfterSeconds || 60;
      return { text: t('err.wait', { s }) + ' (' + (p.detail || '') + ')', wait: String(s) };
    }
    if (p.reason === 'WRONG_CODE') return { text: t('err.wrongCode', { n: p.attemptsLeft }) + ' ' + (p.detail || '') };
    if (p.reason === 'EXPIRED' || p.reason === 'CONSUMED' || p.reason === 'UNKNOWN_CHALLENGE' || p.reason === 'LOCKED') {
      return { text: t('err.expired') + ' ' + (p.detail || '') };
    }
    return { text: t('err.generic') + ' ' + (p.detail || e.message) };
  }

  function showError(el, e) {
    const x = explain(e);
    el.textContent = x.text;
    if (x.wait) el.dataset.retryAfter = x.wait; else delete el.dataset.retryAfter;
  }

  function notice(text) { $('notice').textContent = text; }

  // ---- login

  function method() { return $('login-method-taj').checked ? 'taj' : 'email'; }

  function showMethod() {
    $('email-field').hidden = method() !== 'email';
    $('taj-field').hidden = method() !== 'taj';
  }

  function showLogin() {
    $('home-view').hidden = true;
    $('login-view').hidden = false;
    $('logout').hidden = true;
    $('start-form').hidden = false;
    $('code-form').hidden = true;
    challenge = null;
    showMethod();
  }

  async function start(event) {
    event.preventDefault();
    $('login-error').textContent = '';
    notice('');
    const phone = $('login-phone').value.trim();
    const email = $('login-email').value.trim();
    const taj = $('login-taj').value.replace(/[\s-]/g, '');
    if (!phone || (method() === 'email' ? !email : !taj)) {
      $('login-error').textContent = t('err.required');
      return;
    }
    try {
      challenge = method() === 'email'
        ? await api('POST', '/login/email-phone', { email, phone })
        : await api('POST', '/login/taj-phone', { taj, phone });
    } catch (e) {
      showError($('login-error'), e);
      return;
    }
    $('start-form').hidden = true;
    $('code-form').hidden = false;
    challenge.pending = challenge.factors.slice();
    for (const f of ['EMAIL', 'SMS']) {
      $('code-' + f + '-field').hidden = !challenge.factors.includes(f);
      $('code-' + f).value = '';
    }
    $('code-hint').textContent = t(challenge.factors.length > 1 ? 'login.codesHint' : 'login.codeHint');
    $('code-' + challenge.factors[0]).focus();
  }

  async function verify(event) {
    event.preventDefault();
    $('login-error').textContent = '';
    if (!challenge) return;
    for (const f of challenge.pending.slice()) {
      const code = $('code-' + f).value.replace(/\s/g, '');
      if (!code) {
        $('login-error').textContent = t('err.required');
        $('code-' + f).focus();
        return;
      }
      let result;
      try {
        result = await api('POST', '/login/challenges/' + encodeURIComponent(challenge.challengeId) + '/verify',
          { factor: f, code });
      } catch (e) {
        showError($('login-error'), e);
        $('code-' + f).focus();
        $('code-' + f).select();
        return;
      }
      challenge.pending = result.remaining;
      $('code-' + f + '-field').hidden = true;
      if (result.complete) {
        csrf = result.session && result.session.csrfToken;
        await showHome();
        return;
      }
      notice(t('verified'));
    }
  }

  async function resend(factor) {
    $('login-error').textContent = '';
    try {
      challenge = Object.assign(challenge, await api('POST',
        '/login/challenges/' + encodeURIComponent(challenge.challengeId) + '/resend', { factor }));
      notice(t('resent'));
    } catch (e) {
      showError($('login-error'), e);
    }
  }

  async function logout() {
    try { await api('POST', '/logout'); } catch (e) { /* the session is over either way */ }
    csrf = null;
    notice('');
    showLogin();
    $('login-title').focus();
  }

  // ---- home

  async function showHome() {
    $('login-view').hidden = true;
    $('home-view').hidden = false;
    $('logout').hidden = false;
    $('home-error').textContent = '';
    closePicker();
    await refresh();
    $('hello').focus();
  }

  async function refresh() {
    try {
      const [me, reservations, documents, history] = await Promise.all([
        api('GET', '/me'), api('GET', '/reservations'), api('GET', '/documents?limit=100'), api('GET', '/history')
      ]);
      renderProfile(me);
      renderReservations(reservations);
      renderDocuments(documents.items);
      renderHistory(history);
    } catch (e) {
      if (e.status === 401) { showLogin(); $('login-error').textContent = t('err.session'); return; }
      showError($('home-error'), e);
    }
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  function renderProfile(me) {
    $('hello').textContent = t('hello', { name: me.givenName });
    $('hello').setAttribute('tabindex', '-1');
    const rows = [
      [t('name'), me.givenName + ' ' + me.familyName], [t('birthDate'), me.birthDate || '—'],
      [t('email'), me.email || '—'], [t('phone'), me.phone || '—'], [t('taj'), me.taj || '—'],
      [t('address'), me.address || '—']
    ];
    $('profile').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function renderReservations(list) {
    list.sort((a, b) => a.start.localeCompare(b.start));
    $('no-reservations').hidden = list.length > 0;
    $('reservations').replaceChildren(...list.map((r) => el('li', { 'data-reservation': r.id, 'data-service': r.serviceType },
      el('span', {}, el('strong', {}, service(r.serviceType)), ' · ', when(r.start)),
      el('span', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary modify', onclick: () => openPicker({ mode: 'move', reservation: r }) }, t('modify')),
        el('button', { type: 'button', class: 'danger cancel', onclick: () => cancel(r) }, t('cancel'))))));
  }

  function renderDocuments(items) {
    $('no-documents').hidden = items.length > 0;
    $('documents').replaceChildren(...items.map((d) => el('li', { 'data-document': d.id },
      el('span', {}, el('strong', {}, t('type.' + d.type)), ' · ', when(d.createdAt)),
      el('a', { href: API + '/documents/' + encodeURIComponent(d.id) + '/content', download: d.fileName,
        'aria-label': t('download') + ' ' + d.fileName }, d.fileName))));
  }

  function renderHistory(list) {
    list.sort((a, b) => b.start.localeCompare(a.start));
    $('no-history').hidden = list.length > 0;
    $('history').replaceChildren(...list.map((r) => el('li', { 'data-reservation': r.id, 'data-status': r.status },
      el('span', {}, el('strong', {}, service(r.serviceType)), ' · ', when(r.start)),
      el('span', { class: 'muted' }, t('status.' + r.status)))));
  }

  // ---- booking, rescheduling, cancelling

  async function openPicker(what) {
    picking = what;
    chosen = null;
    $('slots').replaceChildren();
    $('picker').dataset.mode = what.mode;
    $('picker').hidden = false;
    $('confirm').hidden = true;
    $('home-error').textContent = '';
    $('picker-title').textContent = t(what.mode === 'move' ? 'moveTitle' : 'bookTitle');
    $('service-filter').disabled = what.mode === 'move';
    $('service-filter').value = what.mode === 'move' ? what.reservation.serviceType : $('service-filter').value;
    await loadSlots();
    $('picker-title').focus();
  }

  function closePicker() {
    picking = null;
    chosen = null;
    $('picker').hidden = true;
  }

  async function loadSlots() {
    const serviceType = picking && picking.mode === 'move' ? picking.reservation.serviceType : $('service-filter').value;
    const from = new Date();
    const to = new Date(from.getTime() + 30 * 24 * 3600 * 1000);
    let slots;
    try {
      slots = await api('GET', '/slots?limit=200&from=' + from.toISOString() + '&to=' + to.toISOString()
        + (serviceType ? '&serviceType=' + encodeURIComponent(serviceType) : ''));
    } catch (e) {
      showError($('home-error'), e);
      return;
    }
    $('no-slots').hidden = slots.length > 0;
    const groups = new Map();
    for (const s of slots) {
      const d = day(s.start);
      if (!groups.has(d)) groups.set(d, []);
      groups.get(d).push(s);
    }
    const parts = [];
    for (const [d, list] of groups) {
      parts.push(el('p', { class: 'day' }, d));
      parts.push(el('div', { class: 'slots' }, ...list.map((s) => el('button', {
        type: 'button', class: 'slot', 'data-slot': s.id, 'data-service': s.serviceType, 'aria-pressed': 'false',
        onclick: (ev) => choose(s, ev.currentTarget)
      }, hour(s.start) + ' · ' + service(s.serviceType)))));
    }
    $('slots').replaceChildren(...parts);
  }

  function choose(slot, button) {
    chosen = slot;
    document.querySelectorAll('#slots .slot').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    $('confirm-text').textContent = picking.mode === 'move'
      ? t('confirmMove', { time: when(slot.start) })
      : t('confirmBook', { service: service(slot.serviceType), time: when(slot.start) });
    $('confirm').hidden = false;
    $('confirm-submit').focus();
  }

  async function confirmChoice() {
    if (!chosen || !picking) return;
    const slot = chosen;
    try {
      if (picking.mode === 'move') {
        await api('POST', '/reservations/' + encodeURIComponent(picking.reservation.id) + '/reschedule', { slotId: slot.id });
        notice(t('moved', { time: when(slot.start) }));
      } else {
        await api('POST', '/reservations', { slotId: slot.id }, { 'Idempotency-Key': crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(36).slice(2) });
        notice(t('booked', { service: service(slot.serviceType), time: when(slot.start) }));
      }
    } catch (e) {
      showError($('home-error'), e);
      return;
    }
    closePicker();
    await refresh();
    $('book-start').focus();
  }

  async function cancel(r) {
    if (!window.confirm(t('cancelAsk'))) return;
    try {
      await api('DELETE', '/reservations/' + encodeURIComponent(r.id));
      notice(t('cancelled'));
    } catch (e) {
      showError($('home-error'), e);
      return;
    }
    await refresh();
  }

  // ---- start

  async function boot() {
    applyTexts();
    $('lang').addEventListener('change', async () => {
      lang = $('lang').value;
      document.cookie = 'lang=' + lang + '; path=/; max-age=31536000; SameSite=Lax';
      applyTexts();
      if (!$('home-view').hidden) await refresh();
    });
    $('login-method-email').addEventListener('change', showMethod);
    $('login-method-taj').addEventListener('change', showMethod);
    $('start-form').addEventListener('submit', start);
    $('code-form').addEventListener('submit', verify);
    $('resend-EMAIL').addEventListener('click', () => resend('EMAIL'));
    $('resend-SMS').addEventListener('click', () => resend('SMS'));
    $('restart').addEventListener('click', () => { showLogin(); $('login-error').textContent = ''; });
    $('logout').addEventListener('click', logout);
    $('book-start').addEventListener('click', () => openPicker({ mode: 'book' }));
    $('service-filter').addEventListener('change', loadSlots);
    $('confirm-submit').addEventListener('click', confirmChoice);
    $('picker-close').addEventListener('click', () => { closePicker(); $('book-start').focus(); });
    try {
      const s = await api('GET', '/session');
      csrf = s.csrfToken;
      await showHome();
    } catch (e) {
      showLogin();
    }
    document.body.dataset.ready = 'true';
  }

  boot();
})();
