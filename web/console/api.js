// The signed-in key and every call to the Affinity API.
//
// The console works with a SECRET key, so the key lives in sessionStorage only: it
// survives a reload of this tab, is gone when the tab closes, and is never written to
// localStorage, a cookie or a URL (query strings end up in logs and browser history).

const KEY_NAME = "affinity.console.key";

export const session = {
  get key() {
    return sessionStorage.getItem(KEY_NAME);
  },
  save(key) {
    sessionStorage.setItem(KEY_NAME, key);
  },
  clear() {
    sessionStorage.removeItem(KEY_NAME);
  },
};

/** A non-2xx answer (or no answer): `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(status, body, requestId) {
    const error = (body && body.error) || {};
    super(error.message || (status ? `the server answered ${status}` : "the server could not be reached"));
    this.status = status;
    this.code = error.code || "";
    this.body = body;
    this.requestId = requestId || "";
  }
}

let unauthorized = () => {};

/** Called when the stored key stops working (revoked, server restarted with other keys). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * Calls the API with `Authorization: Bearer <key>` and answers the parsed JSON.
 * `key` defaults to the stored one; the sign-in form passes the candidate key instead.
 */
export async function api(path, { method = "GET", body, key = session.key } = {}) {
  const headers = { Authorization: `Bearer ${key}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", // admin answers are live data; never show a cached one
      credentials: "omit", // the bearer key is the only credential
    });
  } catch (error) {
    throw new ApiError(0, { error: { code: "network", message: `the server could not be reached (${error.message})` } });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null; // an HTML or empty error page: ApiError falls back to the status
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data, response.headers.get("X-Request-Id"));
    // A 401 for the stored key signs the console out (a wrong key typed into the form
    // does not); a 403 is about one request, so it is shown where it happened.
    if (response.status === 401 && key === session.key) unauthorized(error);
    throw error;
  }
  return data;
}

/** `/v1/...?a=1&b=2` from a path and the parameters that have a value. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
