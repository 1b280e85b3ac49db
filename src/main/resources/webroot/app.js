// The account pages of Tidings: sign in, register, and the pages mailed links open
// (#/verify?token=..., #/reset?token=...). Tokens stay in this tab's sessionStorage.
'use strict';

const api = '/api/v1';
const pages = ['sign-in', 'register', 'forgot', 'reset', 'account'];
const $ = (id) => document.getElementById(id);

function notice(text, isError) {
  $('notice').textContent = text;
  $('notice').className = isError ? 'error' : '';
}

function show(page) {
  pages.forEach((p) => { $(p).hidden = p !== page; });
}

async function call(method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(api + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(data && data.message ? data.message : response.statusText);
  return data;
}

function formData(form) {
  const values = {};
  new FormData(form).forEach((value, key) => { if (value !== '') values[key] = value; });
  return values;
}

function hashQuery() {
  const at = location.hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : location.hash.slice(at + 1));
}

async function showAccount() {
  const token = sessionStorage.getItem('accessToken');
  try {
    const me = await call('GET', '/me', null, token);
    const sessions = await call('GET', '/auth/sessions', null, token);
    $('me-name').textContent = me.displayName;
    $('me-email').textContent = me.email;
    $('sessions').replaceChildren(...sessions.map((s) => {
      const item = document.createElement('li');
      item.textContent = (s.current ? 'This device' : (s.userAgent || 'Unknown device')) + ' — ' + s.ip
        + ', last seen ' + new Date(s.lastSeenAt).toLocaleString();
      return item;
    }));
    show('account');
  } catch (e) {
    sessionStorage.clear();
    show('sign-in');
  }
}

async function route() {
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/';
  if (path === '/verify') {
    show('sign-in');
    try {
      await call('POST', '/auth/verify', { token: hashQuery().get('token') || '' });
      notice('Your address is confirmed. You can sign in now.');
    } catch (e) {
      notice('This confirmation link is unknown, used or expired.', true);
    }
  } else if (path === '/reset') {
    show('reset');
  } else if (path === '/register') {
    show('register');
  } else if (path === '/forgot') {
    show('forgot');
  } else if (sessionStorage.getItem('accessToken')) {
    await showAccount();
  } else {
    show('sign-in');
  }
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const pair = await call('POST', '/auth/login', formData(event.target));
    sessionStorage.setItem('accessToken', pair.accessToken);
    notice('');
    await showAccount();
  } catch (e) {
    notice(e.message, true);
  }
});

$('register-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await call('POST', '/auth/register', formData(event.target));
    notice('Almost there: open the link we mailed you to confirm your address.');
    show('sign-in');
  } catch (e) {
    notice(e.message, true);
  }
});

$('forgot-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await call('POST', '/auth/password/forgot', formData(event.target));
    notice('If an account uses this address, a reset link is on its way.');
  } catch (e) {
    notice(e.message, true);
  }
});

$('reset-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await call('POST', '/auth/password/reset', { token: hashQuery().get('token') || '', ...formData(event.target) });
    notice('Your password is changed, and every device was signed out. Sign in again.');
    location.hash = '#/';
  } catch (e) {
    notice(e.message, true);
  }
});

$('sign-out').addEventListener('click', async () => {
  await call('POST', '/auth/logout', null, sessionStorage.getItem('accessToken')).catch(() => null);
  sessionStorage.clear();
  notice('Signed out.');
  show('sign-in');
});

window.addEventListener('hashchange', route);
route();
