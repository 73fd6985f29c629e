// The page's only way to the controller: the JSON API on its own origin. The token lives in this
// tab's sessionStorage and travels only in the Authorization header, never in a URL.

const TOKEN_KEY = 'natflow.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/** Stores the token for this tab; a header can carry printable ASCII only, so anything else is refused. */
export function setToken(value) {
  const t = value.trim();
  if (!/^[\x21-\x7e]{1,512}$/.test(t)) {
    throw new ApiError(0, 'a token is 1 to 512 printable ASCII characters without spaces');
  }
  sessionStorage.setItem(TOKEN_KEY, t);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export async function request(method, path, body) {
  const headers = {'Accept': 'application/json'};
  const t = token();
  if (t) headers['Authorization'] = 'Bearer ' + t;
  const init = {method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'the controller does not answer (' + e.message + ')');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, message(response.status, data));
  return data;
}

/** The API's own words: {"code", "message"} or, for a body that fails validation (422), {"errors": [...]}. */
function message(status, data) {
  if (data && Array.isArray(data.errors)) return data.errors.map(String).join('; ');
  if (data && typeof data.message === 'string') return data.message;
  return 'HTTP ' + status;
}

export const get = (path) => request('GET', path);
