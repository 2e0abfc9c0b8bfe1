// The network, mocked at the fetch/XHR level (msw): the app's own modules run unchanged.
import { setupServer } from "msw/node";
import { http, HttpResponse } from "msw";
import { API, page } from "./fixtures";

// What every page asks for besides its own data; tests override them when they matter.
export const defaults = [
  http.get(`${API}/notifications`, () => HttpResponse.json(page([]))),
  http.get(`${API}/labels`, () => HttpResponse.json({ code: "not_found", message: "No such route." }, { status: 404 })),
];

export const server = setupServer(...defaults);
